package planfile

import "github.com/open-policy-agent/opa/v1/ast"

// The masker's counterparts for OPA values, used by the fast decoder on resource changes. They
// build new values instead of changing the old ones in place: an OPA object caches the hash of
// its members, and a parent built before the change would keep a stale one.

var maskValue = ast.String(Mask)

// astAll masks every leaf of v, as masker.all does.
func (m *masker) astAll(v ast.Value) ast.Value {
	switch t := v.(type) {
	case ast.Null:
		return t
	case ast.String:
		m.record(string(t))
	case ast.Number:
		m.record(string(t))
	case ast.Object:
		kvs := make([][2]*ast.Term, 0, t.Len())
		t.Foreach(func(k, e *ast.Term) {
			kvs = append(kvs, [2]*ast.Term{k, ast.NewTerm(m.astAll(e.Value))})
		})
		return ast.NewObject(kvs...)
	case *ast.Array:
		elems := make([]*ast.Term, t.Len())
		for i := range elems {
			elems[i] = ast.NewTerm(m.astAll(t.Elem(i).Value))
		}
		return ast.NewArray(elems...)
	}
	return maskValue
}

// astShaped masks the parts of v that the sensitivity shape sens marks true, as masker.shaped
// does. Values the shape leaves alone are returned as they are.
func (m *masker) astShaped(v, sens ast.Value) ast.Value {
	if !hasTrue(sens) {
		return v
	}
	switch s := sens.(type) {
	case ast.Boolean:
		return m.astAll(v)
	case ast.Object:
		o, ok := v.(ast.Object)
		if !ok {
			return v
		}
		kvs := make([][2]*ast.Term, 0, o.Len())
		o.Foreach(func(k, e *ast.Term) {
			if ks := s.Get(k); ks != nil {
				e = ast.NewTerm(m.astShaped(e.Value, ks.Value))
			}
			kvs = append(kvs, [2]*ast.Term{k, e})
		})
		return ast.NewObject(kvs...)
	case *ast.Array:
		a, ok := v.(*ast.Array)
		if !ok {
			return v
		}
		elems := make([]*ast.Term, a.Len())
		for i := range elems {
			elems[i] = a.Elem(i)
			if i < s.Len() {
				elems[i] = ast.NewTerm(m.astShaped(elems[i].Value, s.Elem(i).Value))
			}
		}
		return ast.NewArray(elems...)
	}
	return v
}

// hasTrue reports whether a sensitivity shape marks anything sensitive.
func hasTrue(sens ast.Value) bool {
	switch s := sens.(type) {
	case ast.Boolean:
		return bool(s)
	case ast.Object:
		return s.Until(func(_, v *ast.Term) bool { return hasTrue(v.Value) })
	case *ast.Array:
		return s.Until(func(v *ast.Term) bool { return hasTrue(v.Value) })
	}
	return false
}

// anyHasTrue is hasTrue for decoded JSON.
func anyHasTrue(sens any) bool {
	switch s := sens.(type) {
	case bool:
		return s
	case map[string]any:
		for _, v := range s {
			if anyHasTrue(v) {
				return true
			}
		}
	case []any:
		for _, v := range s {
			if anyHasTrue(v) {
				return true
			}
		}
	}
	return false
}

// astChange masks a resource change entry (an element of resource_changes or resource_drift):
// change.before and change.after by before_sensitive and after_sensitive. It returns the entry,
// rebuilt when something was masked, and the change object (nil when there is none).
func (m *masker) astChange(rc ast.Object) (ast.Object, ast.Object) {
	cht := rc.Get(ast.InternedTerm("change"))
	if cht == nil {
		return rc, nil
	}
	ch, ok := cht.Value.(ast.Object)
	if !ok {
		return rc, nil
	}
	changed := false
	kvs := make([][2]*ast.Term, 0, ch.Len())
	ch.Foreach(func(k, v *ast.Term) {
		var sensKey string
		switch k.Value {
		case ast.String("before"):
			sensKey = "before_sensitive"
		case ast.String("after"):
			sensKey = "after_sensitive"
		}
		if sensKey != "" {
			if s := ch.Get(ast.InternedTerm(sensKey)); s != nil && hasTrue(s.Value) {
				v = ast.NewTerm(m.astShaped(v.Value, s.Value))
				changed = true
			}
		}
		kvs = append(kvs, [2]*ast.Term{k, v})
	})
	if !changed {
		return rc, ch
	}
	ch = ast.NewObject(kvs...)
	out := make([][2]*ast.Term, 0, rc.Len())
	rc.Foreach(func(k, v *ast.Term) {
		if k.Value.Compare(ast.String("change")) == 0 {
			v = ast.NewTerm(ch)
		}
		out = append(out, [2]*ast.Term{k, v})
	})
	return ast.NewObject(out...), ch
}
