package opex.params

# Library defaults for every rule parameter (filled in by the library).
defaults := {}
