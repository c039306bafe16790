# Builders for plan-shaped test inputs, shared by the library's and the rules' tests.
package opex.fixtures

# rc(address, type, actions, before, after): a resource change as `terraform show -json` writes
# it. The module address and index are derived from the address.
rc(address, type, actions, before, after) := object.union(
	{
		"address": address,
		"mode": _mode(address),
		"type": type,
		"name": _name(address, type),
		"provider_name": "registry.terraform.io/hashicorp/test",
		"change": {
			"actions": actions,
			"before": before,
			"after": after,
			"after_unknown": {},
			"before_sensitive": {},
			"after_sensitive": {},
		},
	},
	_module(address),
)

create(address, type, after) := rc(address, type, ["create"], null, after)

update(address, type, before, after) := rc(address, type, ["update"], before, after)

delete(address, type, before) := rc(address, type, ["delete"], before, null)

# replace: Terraform's default order, destroy before create.
replace(address, type, before, after) := rc(address, type, ["delete", "create"], before, after)

# replace_cbd: create_before_destroy.
replace_cbd(address, type, before, after) := rc(address, type, ["create", "delete"], before, after)

noop(address, type, value) := rc(address, type, ["no-op"], value, value)

read(address, type, value) := rc(address, type, ["read"], null, value)

forget(address, type, before) := rc(address, type, ["forget"], before, null)

# unknown(rc, u): the same change with after_unknown set to u.
unknown(c, u) := object.union(c, {"change": object.union(c.change, {"after_unknown": u})})

# sensitive(rc, s): the same change with after_sensitive set to s.
sensitive(c, s) := object.union(c, {"change": object.union(c.change, {"after_sensitive": s})})

plan(rcs) := {"format_version": "1.2", "resource_changes": rcs}

# plan_env(rcs, env): a plan linted by opexlint with --environment env.
plan_env(rcs, env) := object.union(plan(rcs), {"opex": {"mode": "plan", "environment": env}})

# opex_environment(address, stage, controls, schedule): an environment resource planned for
# creation (controls/schedule null when absent).
opex_environment(address, stage, controls, schedule) := create(address, "opex_environment", {
	"name": address,
	"stage": stage,
	"controls": controls,
	"schedule": schedule,
})

_mode(address) := "data" if regex.match(`(^|\.)data\.[^.]+\.[^.]+(\[[^\]]*\])?$`, address)

else := "managed"

_name(address, type) := trim_prefix(regex.replace(address, `\[[^\]]*\]$`, ""), concat("", [_module_prefix(address), _data(address), type, "."]))

_data(address) := "data." if _mode(address) == "data"

else := ""

_module_prefix(address) := concat("", [m, "."]) if m := _module(address).module_address

else := ""

_module(address) := {"module_address": trim_suffix(m[0][1], ".")} if {
	m := regex.find_all_string_submatch_n(`^((?:module\.[A-Za-z0-9_-]+(?:\[(?:"[^"]*"|[0-9]+)\])?\.)+)`, address, 1)
	count(m) == 1
} else := {}
