# Shared helpers over the plan's resource changes. Everything here is a complete rule (computed
# once per evaluation and cached) or a cheap function of one resource change, so that rules can
# look resources up by type instead of scanning the plan once per resource.
package opex.lib

# Actions that do not change infrastructure. Any other action (create, update, delete, forget and
# whatever future Terraform versions add) counts as a change.
unchanged_actions := {"no-op", "read"}

# changed(rc) holds when the resource change changes something.
changed(rc) if {
	some a in rc.change.actions
	not a in unchanged_actions
}

# Every resource change whose actions change something, in plan order.
changes := [rc | some rc in input.resource_changes; changed(rc)]

# Every managed resource instance that exists after the apply (no-op included): what the plan
# leaves in place, used to find companions such as alarms, versioning or schedules.
present := [rc |
	some rc in input.resource_changes
	object.get(rc, "mode", "managed") == "managed"
	is_object(rc.change.after)
]

# Changes and present resources grouped by type. The inner comprehension is indexed by OPA on
# `t`, so each grouping is built in one pass instead of once per type.
changes_by_type := {t: rcs |
	some rc in changes
	t := rc.type
	rcs := [x | some x in changes; x.type = t]
}

present_by_type := {t: rcs |
	some rc in present
	t := rc.type
	rcs := [x | some x in present; x.type = t]
}

# changes_of(types) lists the changes whose type is in types (an array or set of type names).
changes_of(types) := [rc | some t in types; some rc in object.get(changes_by_type, t, [])]

# present_of(types) lists the present resources whose type is in types.
present_of(types) := [rc | some t in types; some rc in object.get(present_by_type, t, [])]

# is_replace(rc): the change replaces the object (either order).
is_replace(rc) if {
	"delete" in rc.change.actions
	"create" in rc.change.actions
}

# replace_order(rc) is "destroy-before-create" (Terraform's default) or "create-before-destroy".
replace_order(rc) := "destroy-before-create" if rc.change.actions == ["delete", "create"]

replace_order(rc) := "create-before-destroy" if rc.change.actions == ["create", "delete"]

# deletes(rc): the change destroys the current object (delete, or replace in either order).
deletes(rc) if "delete" in rc.change.actions

# creates(rc): the change creates a new object (create, or replace in either order).
creates(rc) if "create" in rc.change.actions

# keeps(rc): the object exists after the change (create, update or replace).
keeps(rc) if {
	changed(rc)
	is_object(rc.change.after)
}

# action(rc): one word for the change: create, update, delete, replace, forget, ...
action(rc) := "replace" if is_replace(rc)

action(rc) := rc.change.actions[0] if {
	not is_replace(rc)
	count(rc.change.actions) == 1
}

action(rc) := concat("-", rc.change.actions) if {
	not is_replace(rc)
	count(rc.change.actions) != 1
}

# describe(rc): the action as a phrase for messages.
describe(rc) := sprintf("replaced (%s)", [replace_order(rc)]) if is_replace(rc)

describe(rc) := {"create": "created", "update": "updated", "delete": "deleted", "forget": "forgotten"}[action(rc)] if {
	not is_replace(rc)
}

describe(rc) := sprintf("changed (%s)", [action(rc)]) if {
	not is_replace(rc)
	not action(rc) in {"create", "update", "delete", "forget"}
}

# after(rc) / before(rc): the planned and prior values, {} when absent (delete / create).
after(rc) := rc.change.after if is_object(rc.change.after)

else := {}

before(rc) := rc.change.before if is_object(rc.change.before)

else := {}

# value(rc): the planned value when the object survives the change, else the prior value (what is
# being destroyed).
value(rc) := after(rc) if is_object(rc.change.after)

else := before(rc)

# unknown(rc, path): the planned value at path (an array of keys and indexes) is "known after
# apply", either itself or because an enclosing value is.
# This is the hottest helper, so short paths get direct lookups.
unknown(rc, _) if rc.change.after_unknown == true

unknown(rc, path) if rc.change.after_unknown[path[0]] == true

unknown(rc, path) if {
	count(path) > 1
	rc.change.after_unknown[path[0]][path[1]] == true
}

unknown(rc, path) if {
	count(path) > 2
	some n in numbers.range(3, count(path))
	object.get(rc.change.after_unknown, array.slice(path, 0, n), null) == true
}

# known(rc, path) is the planned value at path when Terraform knows it (undefined otherwise,
# including when the value is null).
known(rc, path) := v if {
	not unknown(rc, path)
	v := object.get(after(rc), path, null)
	v != null
}

# is_true / is_false / equals: the planned value at path is known and equal to the value. Rules
# negate these (`not lib.is_true(rc, path)`) rather than `not lib.known(rc, path) == true`: OPA
# evaluates a call nested in a negated comparison outside the negation, so an undefined result
# would make the whole body fail instead of succeed.
is_true(rc, path) if known(rc, path) == true

is_false(rc, path) if known(rc, path) == false

equals(rc, path, v) if known(rc, path) == v

# sensitive(rc, path): Terraform marks the planned value at path (or an enclosing value) sensitive.
# Messages must not show such values.
sensitive(rc, _) if rc.change.after_sensitive == true

sensitive(rc, path) if {
	some n in numbers.range(1, count(path))
	object.get(rc.change.after_sensitive, array.slice(path, 0, n), false) == true
}

# shown(rc, path): the known planned value at path for a message, or "(sensitive)".
shown(rc, path) := "(sensitive)" if {
	sensitive(rc, path)
} else := v if {
	v := known(rc, path)
}

# unset(rc, path): the planned value at path is null or absent and not unknown.
unset(rc, path) if {
	not unknown(rc, path)
	object.get(after(rc), path, null) == null
}

# blocks(obj, name): the nested blocks called name, as a list. Plan JSON shows list and set blocks
# as arrays and single nested blocks (and HCL-mode literals) as objects.
blocks(obj, name) := obj[name] if is_array(obj[name])

blocks(obj, name) := [obj[name]] if is_object(obj[name])

blocks(obj, name) := [] if {
	v := object.get(obj, name, null)
	not is_array(v)
	not is_object(v)
}

# module_path(address): the instance keys of module calls and resources removed from an address:
# module.a["x"].module.b[0].aws_x.y["k"] -> module.a.module.b.aws_x.y. Quoted keys may contain
# brackets and escaped quotes.
strip_keys(address) := regex.replace(address, `\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]`, "")

# config_address(rc): the configuration address of a resource change (module path without
# instance keys + type.name, data. prefix for data sources).
config_address(rc) := strip_keys(rc.address)

# module_prefix(rc): the module part of the configuration address ("" in the root module).
module_prefix(rc) := strip_keys(rc.module_address) if is_string(rc.module_address)

else := ""

# name_of(rc) is the resource address for messages.
name_of(rc) := rc.address
