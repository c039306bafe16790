# The environment a resource deploys to, and parameters with their precedence.
package opex.lib

# --- parameters ------------------------------------------------------------------------------

# param(name): input.opex.params (flags and .opexlint.hcl) > what opex_environment resources in
# the plan declare > the library default in data.opex.params.defaults.
param(name) := v if {
	v := _coerce(input.opex.params[name], data.opex.params.defaults[name])
} else := v if {
	v := input.opex.params[name]
	not name in object.keys(data.opex.params.defaults)
} else := v if {
	v := environment_params[name]
} else := data.opex.params.defaults[name]

# Overrides may arrive as strings (KEY=VALUE flags): give them the default's type, a number or a
# comma-separated list. A string that is not a number falls back to the next source.
_coerce(raw, def) := to_number(trim_space(raw)) if {
	is_number(def)
	is_string(raw)

	# Checked first so that no builtin error is raised (opa eval --strict-builtin-errors).
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, raw)
}

_coerce(raw, def) := [trim_space(s) | some s in split(raw, ",")] if {
	is_array(def)
	is_string(raw)
}

_coerce(raw, def) := raw if not _converted(raw, def)

_converted(raw, def) if {
	is_string(raw)
	is_number(def)
}

_converted(raw, def) if {
	is_string(raw)
	is_array(def)
}

# Parameters that opex_environment controls declare. When the plan holds several environments,
# those matching the target environment (input.opex.environment) apply; otherwise the strictest
# value across all of them does, since the plan may deploy to any of them.
environment_params["max_changes"] := min(sizes) if {
	sizes := {n |
		some rc in _param_environments
		some c in blocks(after(rc), "controls")
		n := c.max_batch_size
		is_number(n)
		n > 0
	}
	count(sizes) > 0
}

_param_environments := envs if {
	envs := [rc | some rc in opex_environments; _targets(rc)]
	count(envs) > 0
} else := opex_environments

_targets(rc) if lower(after(rc).stage) == lower(input.opex.environment)

_targets(rc) if lower(after(rc).name) == lower(input.opex.environment)

# Sets built once from parameter lists.
stateful_types := {t | some t in param("stateful_types")}

network_identity_types := {t | some t in param("network_identity_types")}

production_stages := {lower(s) | some s in param("production_stages")}

nonproduction_stages := {lower(s) | some s in param("nonproduction_stages")}

# --- environments --------------------------------------------------------------------------

# The opex_environment resources the plan leaves in place (unchanged ones included).
opex_environments := object.get(present_by_type, "opex_environment", [])

# The stage of the single opex_environment in the plan.
plan_stage := s if {
	count(opex_environments) == 1
	s := opex_environments[0].change.after.stage
	is_string(s)
	s != ""
}

# environment(rc): the name of the environment a resource deploys to: input.opex.environment,
# else an environment tag or label on the resource, else the stage of the single opex_environment.
environment(rc) := e if {
	e := input.opex.environment
	is_string(e)
	e != ""
} else := e if {
	e := tag_environment(rc)
} else := plan_stage

# The first environment tag, by the order of the environment_tags parameter, then planned values
# before prior ones.
tag_environment(rc) := candidates[0] if {
	candidates := [v |
		some k in _environment_tags
		some m in tag_maps(rc)
		v := m[k]
		is_string(v)
		v != ""
	]
	count(candidates) > 0
}

# tag_maps(rc): the tag and label maps of a resource, planned values first.
tag_maps(rc) := array.concat(tag_maps_of(after(rc)), tag_maps_of(before(rc)))

# tag_maps_of(values): the tag maps of one object value: `tags`, `tags_all` and `labels` maps,
# and Auto Scaling groups' `tag` blocks (and legacy `tags` lists) of {key, value} as a map.
tag_maps_of(values) := array.concat(
	[m | some attr in ["tags", "tags_all", "labels"]; m := values[attr]; is_object(m)],
	[_block_map(l) | some attr in ["tag", "tags"]; l := values[attr]; is_array(l); count(l) > 0],
)

# A list of {key, value} blocks as a map; the first value of a repeated key wins.
_block_map(l) := {k: vals[0] |
	some t in l
	k := t.key
	is_string(k)
	vals := [v | some u in l; u.key == k; v := u.value]
}

# Parameter values used per resource, evaluated once (functions are not cached, rules are).
_environment_tags := param("environment_tags")

# is_production_name(name): a stage or environment name that means production.
is_production_name(name) if lower(trim_space(name)) in production_stages

# production(rc): the resource deploys to production.
production(rc) if is_production_name(environment(rc))

# non_production(rc): the resource's environment is known and is a non-production stage.
non_production(rc) if lower(trim_space(environment(rc))) in nonproduction_stages
