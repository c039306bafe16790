# METADATA
# title: Unprotected data
# description: A terraform_data resource without prevent_destroy.
# custom:
#   id: unprotected-data
#   severity: medium
#   principle: anticipate-failure
#   focus_area: operate
#   remediation: Add lifecycle { prevent_destroy = true }.
package opex.rules.unprotected_data

import data.opex.lib

deny contains {"msg": sprintf("%s can be destroyed (note: %v)", [rc.address, lib.param("note")]), "address": rc.address} if {
	some rc in lib.changed
	rc.type == "terraform_data"
	not lib.protected(rc)
}
