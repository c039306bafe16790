# A small stand-in for the opex library, so engine tests do not depend on the real rules.
package opex.lib

changed contains rc if {
	some rc in input.resource_changes
	not rc.change.actions in {["no-op"], ["read"]}
}

# Parameter precedence: input.opex.params > opex_environment controls in the plan > defaults.
param(name) := input.opex.params[name]

param(name) := v if {
	not input.opex.params[name]
	v := env_controls[name]
}

param(name) := data.opex.params.defaults[name] if {
	not input.opex.params[name]
	not env_controls[name]
}

env_controls[name] := v if {
	some rc in input.resource_changes
	rc.type == "opex_environment"
	v := rc.change.after.controls[name]
}

blast_radius := count(changed)

# Configuration address of a resource change: module path (instance keys kept as given) + type.name.
config_address(rc) := concat(".", [rc.module_address, rc.type, rc.name]) if rc.module_address

config_address(rc) := concat(".", [rc.type, rc.name]) if not rc.module_address

protected(rc) if input.opex.config.resources[config_address(rc)].prevent_destroy
