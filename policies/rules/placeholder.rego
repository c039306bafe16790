# METADATA
# title: placeholder
package opex.rules.placeholder
