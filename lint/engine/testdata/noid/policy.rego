# METADATA
# title: No id
package opex.rules.noid

deny contains {"msg": "x"} if true
