# The plan's `configuration` section (also synthesised by opexlint in HCL mode): resource blocks
# indexed by configuration address, and what their expressions reference. Used to link companions
# (alarms, versioning, schedules, attachments) to the resources they point at when the planned
# values are not known yet.
package opex.lib

_root := input.configuration.root_module

# Module configurations by module path (no instance keys). Rego has no recursion, so nesting is
# followed to a fixed depth, deeper than real configurations go.
config_modules[""] := _root

config_modules[p] := m if {
	some n1, c1 in _root.module_calls
	p := sprintf("module.%s", [n1])
	m := c1.module
}

config_modules[p] := m if {
	some n1, c1 in _root.module_calls
	some n2, c2 in c1.module.module_calls
	p := sprintf("module.%s.module.%s", [n1, n2])
	m := c2.module
}

config_modules[p] := m if {
	some n1, c1 in _root.module_calls
	some n2, c2 in c1.module.module_calls
	some n3, c3 in c2.module.module_calls
	p := sprintf("module.%s.module.%s.module.%s", [n1, n2, n3])
	m := c3.module
}

config_modules[p] := m if {
	some n1, c1 in _root.module_calls
	some n2, c2 in c1.module.module_calls
	some n3, c3 in c2.module.module_calls
	some n4, c4 in c3.module.module_calls
	p := sprintf("module.%s.module.%s.module.%s.module.%s", [n1, n2, n3, n4])
	m := c4.module
}

config_modules[p] := m if {
	some n1, c1 in _root.module_calls
	some n2, c2 in c1.module.module_calls
	some n3, c3 in c2.module.module_calls
	some n4, c4 in c3.module.module_calls
	some n5, c5 in c4.module.module_calls
	p := sprintf("module.%s.module.%s.module.%s.module.%s.module.%s", [n1, n2, n3, n4, n5])
	m := c5.module
}

# join_address(prefix, addr): addr inside the module at prefix.
join_address(prefix, addr) := addr if prefix == ""

join_address(prefix, addr) := sprintf("%s.%s", [prefix, addr]) if prefix != ""

# Resource blocks by configuration address, each with the module prefix it lives in. A complete
# object built in one pass: as a partial rule, every config_resources[addr] lookup with a new
# address re-ran the body over all resource blocks (OPA cannot index a computed key).
config_resources := {addr: {"module": prefix, "resource": r} |
	some prefix, m in config_modules
	some r in m.resources
	addr := join_address(prefix, r.address)
}

# references(x): every reference string in an expressions object (nested blocks included).
references(x) := {ref |
	walk(x, [path, refs])
	path[count(path) - 1] == "references"
	is_array(refs)
	some ref in refs
	is_string(ref)
}

# ref_target(prefix, ref): the configuration address of the resource a reference points at, in the
# module at prefix (aws_s3_bucket.b[0].id -> aws_s3_bucket.b). References to variables, locals,
# modules and other non-resource objects have no target.
ref_target(prefix, ref) := join_address(prefix, sprintf("data.%s.%s", [parts[1], parts[2]])) if {
	parts := split(strip_keys(ref), ".")
	parts[0] == "data"
	count(parts) >= 3
}

ref_target(prefix, ref) := join_address(prefix, sprintf("%s.%s", [parts[0], parts[1]])) if {
	parts := split(strip_keys(ref), ".")
	count(parts) >= 2
	not parts[0] in _non_resource_refs
}

_non_resource_refs := {"data", "var", "local", "module", "each", "count", "path", "terraform", "self"}

# module_refs(prefix, ref): the module path a reference to a module output points at
# (module.m.out -> module.m, inside prefix).
module_ref(prefix, ref) := join_address(prefix, sprintf("module.%s", [parts[1]])) if {
	parts := split(strip_keys(ref), ".")
	parts[0] == "module"
	count(parts) >= 2
}

# attr_targets(addr, attrs): the resources that the given attributes of the resource block at addr
# reference (all attributes when attrs is empty).
attr_targets(addr, attrs) := {t |
	c := config_resources[addr]
	some name, expr in c.resource.expressions
	_selected(name, attrs)
	some ref in references(expr)
	t := ref_target(c.module, ref)
}

_selected(_, attrs) if count(attrs) == 0

_selected(name, attrs) if name in attrs

# attr_module_targets(addr, attrs): the modules whose outputs those attributes reference.
attr_module_targets(addr, attrs) := {t |
	c := config_resources[addr]
	some name, expr in c.resource.expressions
	_selected(name, attrs)
	some ref in references(expr)
	t := module_ref(c.module, ref)
}

# references_config(addr, attrs): the given attributes of the resource block at addr are set by an
# expression that references something (so their value comes from another object).
references_config(addr, attrs) if {
	c := config_resources[addr]
	some name in attrs
	count(references(c.resource.expressions[name])) > 0
}

# in_module(addr, module): the configuration address lies inside the module path.
in_module(addr, module) if startswith(addr, concat("", [module, "."]))

# address_prefixes(addr): every m such that addr starts with m + "." (module.a.aws_x.y ->
# module, module.a, module.a.aws_x), so that in_module can be answered by set membership.
address_prefixes(addr) := [concat(".", array.slice(parts, 0, i)) |
	parts := split(addr, ".")
	some i in numbers.range(1, count(parts) - 1)
	i > 0 # numbers.range(1, 0) counts down: [1, 0]
	i < count(parts)
]
