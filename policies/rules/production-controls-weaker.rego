# METADATA
# title: Production controls weaker than a lower stage
# description: |
#   "Increase controls as environments approach production": production should need at least as
#   many approvals, allow batches no larger, and require rollback plans, readiness reviews and a
#   change window whenever a lower stage does. Fires when the plan creates or changes an
#   `opex_environment` so that one at a production stage has weaker `controls` than one at a lower
#   stage in the same plan. Unknown controls are not compared.
# custom:
#   id: production-controls-weaker
#   severity: high
#   principle: small-reversible-changes
#   focus_area: prepare
#   remediation: |
#     Raise the production environment's controls to at least those of every lower stage (or lower
#     the stricter stage's if it is over-controlled), so controls increase toward production.
#   requires_plan: false
#   params:
#     production_stages: Stage names that mean production.
#   example: |
#     resource "opex_environment" "staging" {
#       stage    = "staging"
#       controls { required_approvals = 2 }
#     }
#     resource "opex_environment" "prod" {
#       stage    = "production"
#       controls { required_approvals = 1 }
#     }
package opex.rules.production_controls_weaker

import data.opex.lib

deny contains {"msg": msg, "address": address} if {
	some prod in lib.opex_environments
	lib.is_production_name(lib.after(prod).stage)
	some lower in lib.opex_environments
	stage := lib.after(lower).stage
	is_string(stage)
	not lib.is_production_name(stage)
	_either_changed(prod, lower)
	some weaker in _weaker(prod, lower)
	address := _reported(prod, lower)
	msg := sprintf("%s (production) %s than %s (%s)", [prod.address, weaker, lower.address, lib.after(lower).stage])
}

_either_changed(a, _) if lib.changed(a)

_either_changed(_, b) if lib.changed(b)

# The finding goes on the production environment unless only the lower one changes.
_reported(prod, _) := prod.address if lib.changed(prod)

_reported(prod, lower) := lower.address if not lib.changed(prod)

# _weaker(prod, lower): every way the production controls are looser than the lower stage's.
_weaker(prod, lower) := ((({w | w := _approvals(prod, lower)} | {w | w := _batch(prod, lower)}) | {w | w := _unlimited(prod, lower)}) | {w |
	some name in ["require_rollback_plan", "require_readiness_review"]
	w := _required(prod, lower, name)
}) | {w | w := _window(prod, lower)}

# _control(rc, name): a control's planned value, when known.
_control(rc, name) := v if {
	path := _path(lib.after(rc), name)
	v := lib.known(rc, path)
}

# Controls may be an object (single nested block) or a list block (only its first element counts,
# so a malformed plan cannot give a control two values).
_path(after, name) := ["controls", name] if is_object(after.controls)

_path(after, name) := ["controls", 0, name] if is_array(after.controls)

_approvals(prod, lower) := sprintf("requires %d approval(s), fewer", [p]) if {
	p := _control(prod, "required_approvals")
	l := _control(lower, "required_approvals")
	p < l
}

_batch(prod, lower) := sprintf("allows batches of %d changes, more", [p]) if {
	p := _control(prod, "max_batch_size")
	l := _control(lower, "max_batch_size")
	l > 0
	p > l
}

_unlimited(prod, lower) := "sets no max_batch_size, looser" if {
	not _limits_batch(prod)
	not _unknown_control(prod, "max_batch_size")
	_control(lower, "max_batch_size") > 0
}

_required(prod, lower, name) := sprintf("does not set %s, looser", [name]) if {
	_control(lower, name) == true
	not _control_true(prod, name)
	not _unknown_control(prod, name)
}

_window(prod, lower) := "has no change_window, looser" if {
	w := _control(lower, "change_window")
	w != ""
	not _control(prod, "change_window")
	not _unknown_control(prod, "change_window")
}

_control_true(rc, name) if _control(rc, name) == true

_limits_batch(rc) if _control(rc, "max_batch_size") > 0

_unknown_control(rc, _) if lib.unknown(rc, ["controls"])

_unknown_control(rc, name) if lib.unknown(rc, ["controls", name])

_unknown_control(rc, name) if lib.unknown(rc, ["controls", 0, name])
