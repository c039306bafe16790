# METADATA
# title: Imperative provisioner
# description: |
#   Operations as code means declarative, repeatable definitions. `local-exec` and `remote-exec`
#   provisioners run commands once, at create (or destroy) time, outside Terraform's plan: their
#   effect is not shown, not tracked in state and not repeated on drift. Fires for each instance
#   the plan creates or destroys whose resource block has such a provisioner (read from the plan's
#   `configuration`, which opexlint also synthesises in HCL mode, or from opexlint's HCL facts).
# custom:
#   id: imperative-provisioner
#   severity: low
#   principle: operations-as-code
#   focus_area: prepare
#   remediation: |
#     Use a resource or data source that manages the thing declaratively, cloud-init/user data, a
#     configuration-management tool or an image build; keep provisioners for last-resort bootstrap.
#   requires_plan: false
#   example: |
#     resource "aws_instance" "web" {
#       ami           = var.ami
#       instance_type = "t3.micro"
#       provisioner "local-exec" {
#         command = "./register.sh ${self.private_ip}"
#       }
#     }
package opex.rules.imperative_provisioner

import data.opex.lib

_imperative := {"local-exec", "remote-exec"}

# Configuration addresses of resource blocks with imperative provisioners, built once.
_provisioned[addr] contains p if {
	some addr, c in lib.config_resources
	some prov in c.resource.provisioners
	p := prov.type
	p in _imperative
}

_provisioned[addr] contains p if {
	some addr, facts in input.opex.config.resources
	some p in facts.provisioners
	p in _imperative
}

# Provisioners run when an object is created (or destroyed, for when = destroy).
deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes
	lib.creates(rc)
	kinds := _provisioned[lib.config_address(rc)]
	msg := sprintf("%s (%s) runs a %s provisioner: imperative steps outside the plan", [rc.address, rc.type, concat(" and ", sort(kinds))])
}

deny contains {"msg": msg, "address": rc.address} if {
	some rc in lib.changes
	not lib.creates(rc)
	lib.deletes(rc)
	kinds := _provisioned[lib.config_address(rc)]
	msg := sprintf("%s (%s) is destroyed by a plan whose configuration holds a %s provisioner for it: imperative steps outside the plan", [rc.address, rc.type, concat(" and ", sort(kinds))])
}
