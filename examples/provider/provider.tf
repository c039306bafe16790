terraform {
  required_providers {
    opex = {
      source = "opexhq/opex"
    }
  }
}

# The provider has no settings: opex resources live in Terraform state only.
provider "opex" {}
