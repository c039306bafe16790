package planfile

import "bytes"

// valuesWalk reads a values representation (planned_values, or prior_state.values) that no
// policy reads, for masking alone, in one pass over its bytes. It keeps as much as
// masker.values looks at: the outputs, and for each resource its address, whether it is
// deposed, and where its values and sensitive_values are. Once the changes have been parsed,
// resolve decodes the values masking would record something from: those whose
// sensitive_values, or whose change's marks (plans before sensitive_values), mark anything.
type valuesWalk struct {
	data    []byte
	pending []pendingResource
}

type pendingResource struct {
	r          map[string]any // the reduced resource, as masker.module reads it
	values     span           // end 0: none
	sensitive  span
	address    string
	hasAddress bool
	deposed    bool
}

// keys tracks the members of one object that the walk reads, by their index in names. A
// repeated one is left to encoding/json, which keeps the last (the walk would have used both):
// seen reports -2 for it. Other members give -1.
type keys struct {
	names []string
	seen  uint
}

func (ks *keys) index(key []byte, esc bool) int {
	k := string(key) // no allocation: only compared
	if esc {
		var ok bool
		if k, ok = unquote(key, esc); !ok {
			return -2
		}
	}
	for i, n := range ks.names {
		if k == n {
			if ks.seen&(1<<i) != 0 {
				return -2
			}
			ks.seen |= 1 << i
			return i
		}
	}
	return -1
}

var (
	stateKeys    = []string{"values"}
	valuesKeys   = []string{"outputs", "root_module"}
	moduleKeys   = []string{"resources", "child_modules"}
	resourceKeys = []string{"address", "deposed_key", "values", "sensitive_values"}
)

// state walks prior_state at data[i] == '{'.
func (w *valuesWalk) state(i int) (map[string]any, int) {
	out := map[string]any{}
	ks := keys{names: stateKeys}
	end := walkMembers(w.data, i, func(key []byte, esc bool, v int) int {
		k := ks.index(key, esc)
		if k == -2 {
			return -1
		}
		if k == 0 && v < len(w.data) && w.data[v] == '{' {
			vals, end := w.values(v)
			out["values"] = vals
			return end
		}
		return skipValue(w.data, v)
	})
	return out, end
}

// values walks a values representation at data[i] == '{'.
func (w *valuesWalk) values(i int) (map[string]any, int) {
	out := map[string]any{}
	ks := keys{names: valuesKeys}
	end := walkMembers(w.data, i, func(key []byte, esc bool, v int) int {
		k := ks.index(key, esc)
		switch {
		case k == -2:
			return -1
		case k == 0: // outputs
			end := skipValue(w.data, v)
			if end < 0 {
				return -1
			}
			o, err := decodeSpan(w.data, span{v, end})
			if err != nil {
				return -1
			}
			out["outputs"] = o
			return end
		case k == 1 && v < len(w.data) && w.data[v] == '{': // root_module
			mod, end := w.module(v, 0)
			out["root_module"] = mod
			return end
		}
		return skipValue(w.data, v)
	})
	return out, end
}

// module walks a module at data[i] == '{'.
func (w *valuesWalk) module(i, depth int) (map[string]any, int) {
	if depth > MaxDepth {
		return nil, -1
	}
	out := map[string]any{}
	ks := keys{names: moduleKeys}
	end := walkMembers(w.data, i, func(key []byte, esc bool, v int) int {
		k := ks.index(key, esc)
		if k == -2 {
			return -1
		}
		if k < 0 || v >= len(w.data) || w.data[v] != '[' {
			return skipValue(w.data, v)
		}
		list := []any{}
		end := walkElems(w.data, v, func(e int) int {
			if e >= len(w.data) || w.data[e] != '{' {
				return skipValue(w.data, e) // masker.module ignores what is not an object
			}
			var item map[string]any
			var end int
			if k == 0 {
				item, end = w.resource(e)
			} else {
				item, end = w.module(e, depth+1)
			}
			list = append(list, item)
			return end
		})
		out[moduleKeys[k]] = list
		return end
	})
	return out, end
}

// resource walks a resource at data[i] == '{' and leaves it pending.
func (w *valuesWalk) resource(i int) (map[string]any, int) {
	pr := pendingResource{r: map[string]any{}}
	ks := keys{names: resourceKeys}
	end := walkMembers(w.data, i, func(key []byte, esc bool, v int) int {
		k := ks.index(key, esc)
		if k == -2 {
			return -1
		}
		end := skipValue(w.data, v)
		if end < 0 {
			return -1
		}
		sp := span{v, end}
		switch k {
		case 0: // address
			if w.data[v] == '"' {
				s, ok := unquote(w.data[v+1:end-1], bytes.IndexByte(w.data[v:end], '\\') >= 0)
				if !ok {
					return -1
				}
				pr.address, pr.hasAddress = s, true
				pr.r["address"] = s
			} else {
				pr.r["address"] = nil // not a string: masker.module does not use it
			}
		case 1: // deposed_key
			pr.deposed = true
			pr.r["deposed_key"] = true
		case 2: // values
			pr.values = sp
		case 3: // sensitive_values
			pr.sensitive = sp
		}
		return end
	})
	if end >= 0 {
		w.pending = append(w.pending, pr)
	}
	return pr.r, end
}

// resolve adds, to each pending resource that masking records something from, its values and
// sensitive_values. marks are masker.changes' marks by address.
func (w *valuesWalk) resolve(marks map[string][]any) error {
	for _, pr := range w.pending {
		if pr.values.end == 0 {
			continue
		}
		// A shape without the word true marks nothing; with it (even inside a key), decode.
		need := pr.sensitive.end > 0 && bytes.Contains(w.data[pr.sensitive.start:pr.sensitive.end], []byte("true"))
		if !need && pr.hasAddress && !pr.deposed {
			for _, s := range marks[pr.address] {
				need = need || anyHasTrue(s)
			}
		}
		if !need {
			continue
		}
		v, err := decodeSpan(w.data, pr.values)
		if err != nil {
			return err
		}
		pr.r["values"] = v
		if pr.sensitive.end > 0 {
			s, err := decodeSpan(w.data, pr.sensitive)
			if err != nil {
				return err
			}
			pr.r["sensitive_values"] = s
		}
	}
	return nil
}
