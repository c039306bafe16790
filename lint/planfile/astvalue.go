package planfile

import (
	"encoding/json"
	"errors"

	"github.com/open-policy-agent/opa/v1/ast"
)

// errSlowPath says the fast decoder met something it leaves to encoding/json: invalid JSON, a
// duplicate key, a shape checkShape rejects. The caller decodes the plan the ordinary way,
// which reports the error (or handles the oddity) exactly as before.
var errSlowPath = errors.New("planfile: decode with encoding/json")

// Limits of a parser's term cache: strings and numbers up to maxCachedLen bytes, objects and
// arrays up to maxSharedLen, at most maxCached terms. Object keys and short values (types,
// actions, regions, tag names) repeat across thousands of resource changes; sharing one term
// for each saves most of the allocations and memory of parsing them.
const (
	maxCachedLen = 48
	maxSharedLen = 160
	maxCached    = 1 << 15
)

// parser builds OPA values from JSON bytes. The result equals ast.InterfaceToValue of what
// encoding/json (with UseNumber) decodes: scalars go through InterfaceToValue itself, so
// numbers and interned values are the same. Equal short values share one term: OPA never
// changes a term of the input (its own interned terms, the empty object among them, are
// shared the same way). A parser is not safe for concurrent use.
type parser struct {
	data  []byte
	terms map[string]*ast.Term // short strings by their raw JSON text, quotes included
	kvs   [][2]*ast.Term       // scratch stack of the objects being built
	elems []*ast.Term          // scratch stack of the arrays being built
}

func newParser(data []byte) *parser {
	return &parser{data: data, terms: map[string]*ast.Term{}}
}

// term returns the value at data[i:] as a term, and its end.
func (p *parser) term(i int) (*ast.Term, int, error) {
	data := p.data
	if i >= len(data) {
		return nil, 0, errSlowPath
	}
	switch c := data[i]; {
	case c == '"':
		end, esc := skipString(data, i)
		if end < 0 {
			return nil, 0, errSlowPath
		}
		raw := data[i:end]
		if t, ok := p.terms[string(raw)]; ok {
			return t, end, nil
		}
		s, ok := unquote(data[i+1:end-1], esc)
		if !ok {
			return nil, 0, errSlowPath
		}
		v, _ := ast.InterfaceToValue(s)
		return p.remember(raw, ast.NewTerm(v)), end, nil
	case c == '{', c == '[':
		// Small objects and arrays repeat too (empty ones, tag sets, action lists, the
		// after_unknown of a type): a short scan finds whether this one is small, and then
		// whether it was seen before.
		small := data[i:min(len(data), i+maxSharedLen+1)]
		end := skipValue(small, 0)
		if end > 0 {
			if t, ok := p.terms[string(small[:end])]; ok {
				return t, i + end, nil
			}
		}
		var v ast.Value
		var vend int
		var err error
		if c == '{' {
			v, vend, err = p.object(i)
		} else {
			v, vend, err = p.array(i)
		}
		if err != nil {
			return nil, 0, err
		}
		t := ast.NewTerm(v)
		if end > 0 && len(p.terms) < maxCached {
			p.terms[string(small[:end])] = t
		}
		return t, vend, nil
	case c == 't', c == 'f', c == 'n':
		end := skipValue(data, i)
		if end < 0 {
			return nil, 0, errSlowPath
		}
		switch c {
		case 't':
			return ast.InternedTerm(true), end, nil
		case 'f':
			return ast.InternedTerm(false), end, nil
		}
		return ast.InternedNullTerm, end, nil
	case c == '-' || c >= '0' && c <= '9':
		end := skipNumber(data, i)
		if end < 0 {
			return nil, 0, errSlowPath
		}
		raw := data[i:end]
		if t, ok := p.terms[string(raw)]; ok {
			return t, end, nil
		}
		v, err := ast.InterfaceToValue(json.Number(raw))
		if err != nil {
			return nil, 0, errSlowPath
		}
		return p.remember(raw, ast.NewTerm(v)), end, nil
	}
	return nil, 0, errSlowPath
}

func (p *parser) remember(raw []byte, t *ast.Term) *ast.Term {
	if len(raw) <= maxCachedLen && len(p.terms) < maxCached {
		p.terms[string(raw)] = t
	}
	return t
}

// value is term for callers that want the value.
func (p *parser) value(i int) (ast.Value, int, error) {
	t, end, err := p.term(i)
	if err != nil {
		return nil, 0, err
	}
	return t.Value, end, nil
}

// object parses the object at data[i] == '{'. It does its own member loop rather than
// eachMember's, which would scan every value once to find its end and again to build it.
func (p *parser) object(i int) (ast.Value, int, error) {
	data := p.data
	base := len(p.kvs)
	defer func() { p.kvs = p.kvs[:base] }()
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		return ast.NewObject(), i + 1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return nil, 0, errSlowPath
		}
		k, kend, err := p.term(i)
		if err != nil {
			return nil, 0, err
		}
		i = skipWS(data, kend)
		if i >= len(data) || data[i] != ':' {
			return nil, 0, errSlowPath
		}
		v, vend, err := p.term(skipWS(data, i+1))
		if err != nil {
			return nil, 0, err
		}
		p.kvs = append(p.kvs, [2]*ast.Term{k, v})
		i = skipWS(data, vend)
		if i >= len(data) {
			return nil, 0, errSlowPath
		}
		switch data[i] {
		case ',':
			i = skipWS(data, i+1)
			continue
		case '}':
		default:
			return nil, 0, errSlowPath
		}
		kvs := p.kvs[base:]
		if hasDuplicate(kvs) {
			// encoding/json keeps the last one; leave that to it.
			return nil, 0, errSlowPath
		}
		return ast.NewObject(kvs...), i + 1, nil
	}
}

// array parses the array at data[i] == '['.
func (p *parser) array(i int) (ast.Value, int, error) {
	data := p.data
	base := len(p.elems)
	defer func() { p.elems = p.elems[:base] }()
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == ']' {
		return ast.NewArray(), i + 1, nil
	}
	for {
		t, end, err := p.term(i)
		if err != nil {
			return nil, 0, err
		}
		p.elems = append(p.elems, t)
		i = skipWS(data, end)
		if i >= len(data) {
			return nil, 0, errSlowPath
		}
		switch data[i] {
		case ',':
			i = skipWS(data, i+1)
		case ']':
			// NewArray keeps the slice it is given: copy it off the scratch stack.
			return ast.NewArray(append([]*ast.Term(nil), p.elems[base:]...)...), i + 1, nil
		default:
			return nil, 0, errSlowPath
		}
	}
}

// hasDuplicate reports whether two members have the same key (ast.NewObject would keep both).
func hasDuplicate(kvs [][2]*ast.Term) bool {
	if len(kvs) <= 16 {
		for i := 1; i < len(kvs); i++ {
			for j := 0; j < i; j++ {
				if kvs[i][0] == kvs[j][0] || kvs[i][0].Value.(ast.String) == kvs[j][0].Value.(ast.String) {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[ast.String]struct{}, len(kvs))
	for _, kv := range kvs {
		k := kv[0].Value.(ast.String)
		if _, dup := seen[k]; dup {
			return true
		}
		seen[k] = struct{}{}
	}
	return false
}
