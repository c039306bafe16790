package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// LoadInput is Load for evaluation: the plan is decoded straight into OPA's value type
// (Plan.Input), keeping only the top-level keys in keys (every key when keys is nil), and
// Plan.Doc is left nil. Masking, Plan.Sensitive and every error are those of Load.
//
// It is the fast path for large plans. Decoding into map[string]any and converting that to
// OPA's values built the plan twice; sections no policy reads (prior_state and planned_values
// are half a plan) were built only to be thrown away. Here the raw bytes are scanned once,
// resource changes are parsed into OPA values on every core, other sections are decoded only
// when read or needed for masking, and the values representations are only walked for the
// sensitive values they mark. Anything unusual (invalid JSON, duplicate keys, a wrong shape)
// goes through Load's decoder, so errors and odd documents are handled exactly as before.
func LoadInput(path string, opts Options, keys []string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: readError(err)}
	}
	decode := func(data []byte) (*Plan, error) { return decodeInput(data, path, keys) }
	if bytes.HasPrefix(data, zipMagic) {
		return loadBinary(path, data, opts, decode)
	}
	return decode(data)
}

// DecodeInput is LoadInput for plan JSON read from memory.
func DecodeInput(data []byte, source string, keys []string) (*Plan, error) {
	return decodeInput(data, source, keys)
}

func decodeInput(data []byte, source string, keys []string) (*Plan, error) {
	data, err := prepare(data, source)
	if err != nil {
		return nil, err
	}
	p, err := fastDecode(data, source, keys)
	if !errors.Is(err, errSlowPath) {
		return p, err
	}
	if p, err = decodeBytes(data, source); err != nil {
		return nil, err
	}
	want := wanted(keys)
	kvs := make([][2]*ast.Term, 0, len(p.Doc))
	for _, k := range slices.Sorted(maps.Keys(p.Doc)) { // sorted: the first error is always the same
		if !want(k) {
			continue
		}
		val, err := ast.InterfaceToValue(p.Doc[k])
		if err != nil {
			return nil, &InputError{File: source, Msg: k + ": " + err.Error()}
		}
		kvs = append(kvs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(val)})
	}
	p.Input = ast.NewObject(kvs...)
	p.Actions = docActions(p.Doc)
	p.Doc = nil
	return p, nil
}

func wanted(keys []string) func(string) bool {
	if keys == nil {
		return func(string) bool { return true }
	}
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	return func(k string) bool { return set[k] }
}

// docActions lists change.actions of each resource_changes entry of a decoded plan.
func docActions(doc map[string]any) [][]string {
	rcs := list(doc["resource_changes"])
	out := make([][]string, len(rcs))
	for i, item := range rcs {
		for _, a := range list(obj(obj(item)["change"])["actions"]) {
			if s, ok := a.(string); ok {
				out[i] = append(out[i], s)
			}
		}
	}
	return out
}

// fastDecode decodes data (through prepare) or returns errSlowPath.
func fastDecode(data []byte, source string, keys []string) (*Plan, error) {
	start := skipWS(data, 0)
	if start >= len(data) || data[start] != '{' {
		return nil, errSlowPath
	}
	// One pass over the document: each top-level value's span, validated, and the values
	// representations no policy reads walked for masking on the way.
	want := wanted(keys)
	walk := &valuesWalk{data: data}
	reduced := map[string]any{}
	top := map[string]span{}
	end := walkMembers(data, start, func(key []byte, esc bool, v int) int {
		k, ok := unquote(key, esc)
		if _, dup := top[k]; !ok || dup {
			return -1 // a repeated key: encoding/json keeps the last
		}
		var end int
		switch {
		case k == "planned_values" && !want(k) && v < len(data) && data[v] == '{':
			reduced[k], end = walk.values(v)
		case k == "prior_state" && !want(k) && v < len(data) && data[v] == '{':
			reduced[k], end = walk.state(v)
		default:
			end = skipValue(data, v)
		}
		if end >= 0 {
			top[k] = span{v, end}
		}
		return end
	})
	if end < 0 || skipWS(data, end) != len(data) {
		return nil, errSlowPath
	}
	kind := func(key string) byte {
		if sp, ok := top[key]; ok {
			return data[sp.start]
		}
		return 0
	}

	// checkShape's checks; its messages come from the slow path.
	fv, ok := top["format_version"]
	if !ok || data[fv.start] != '"' {
		return nil, errSlowPath
	}
	raw, esc := skipString(data, fv.start)
	if raw < 0 {
		return nil, errSlowPath
	}
	version, ok := unquote(data[fv.start+1:raw-1], esc)
	if !ok {
		return nil, errSlowPath
	}
	major, _, found := strings.Cut(version, ".")
	if n, err := strconv.Atoi(major); !found || err != nil || n < 0 || n >= 2 {
		return nil, errSlowPath
	}
	for _, key := range []string{"planned_values", "prior_state", "configuration", "variables", "output_changes"} {
		if c := kind(key); c != 0 && c != '{' && c != 'n' {
			return nil, errSlowPath
		}
	}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		if c := kind(key); c != 0 && c != '[' && c != 'n' {
			return nil, errSlowPath
		}
	}

	p := &Plan{Source: source, FormatVersion: version}
	m := newMasker()
	rcs, actions, marks, err := parseChanges(data, top["resource_changes"], true, m)
	if err != nil {
		return nil, err
	}
	drift, _, _, err := parseChanges(data, top["resource_drift"], false, m)
	if err != nil {
		return nil, err
	}
	p.Actions = actions

	// The sections masking reads, decoded as Load decodes them, except the values
	// representations no policy reads: those were only walked for what they mark.
	if err := walk.resolve(marks); err != nil {
		return nil, err
	}
	doc := map[string]any{}
	for _, key := range []string{"variables", "configuration", "output_changes", "planned_values", "prior_state"} {
		sp, ok := top[key]
		if !ok {
			continue
		}
		if r, ok := reduced[key]; ok {
			doc[key] = r
			continue
		}
		v, err := decodeSpan(data, sp)
		if err != nil {
			return nil, err
		}
		doc[key] = v
	}
	m.rest(doc, marks)
	p.Sensitive = m.sorted()

	kvs := make([][2]*ast.Term, 0, len(top))
	for key, sp := range top {
		if !want(key) {
			continue
		}
		var v ast.Value
		switch key {
		case "resource_changes":
			v = rcs
		case "resource_drift":
			v = drift
		default:
			if d, decoded := doc[key]; decoded {
				v, err = ast.InterfaceToValue(d)
			} else {
				v, _, err = newParser(data).value(sp.start)
			}
			if err != nil {
				return nil, errSlowPath
			}
		}
		kvs = append(kvs, [2]*ast.Term{ast.StringTerm(key), ast.NewTerm(v)})
	}
	p.Input = ast.NewObject(kvs...)
	return p, nil
}

// decodeSpan decodes one value with encoding/json, numbers as json.Number.
func decodeSpan(data []byte, sp span) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data[sp.start:sp.end]))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errSlowPath
	}
	return v, nil
}

// parallelMin is the number of changes from which they are parsed on several cores.
const parallelMin = 256

// parseChanges parses resource_changes (rc: true) or resource_drift at sp into an OPA array,
// masked. For resource_changes it also returns the actions of each entry and the sensitivity
// marks by address (as masker.changes). A missing section is nil, a null one ast.Null.
func parseChanges(data []byte, sp span, rc bool, m *masker) (ast.Value, [][]string, map[string][]any, error) {
	marks := map[string][]any{}
	if sp.end == 0 {
		return nil, nil, marks, nil
	}
	if data[sp.start] == 'n' {
		return ast.NullValue, nil, marks, nil
	}
	var elems []span
	if eachElem(data, sp.start, func(v span) bool { elems = append(elems, v); return true }) != sp.end {
		return nil, nil, nil, errSlowPath
	}

	type result struct {
		m     *masker
		marks map[string][]any
		err   error
	}
	terms := make([]*ast.Term, len(elems))
	var actions [][]string
	if rc {
		actions = make([][]string, len(elems))
	}
	work := func(lo, hi int, r *result) {
		ps := newParser(data)
		for i := lo; i < hi; i++ {
			v, _, err := ps.value(elems[i].start)
			if err != nil {
				r.err = err
				return
			}
			entry, ok := v.(ast.Object)
			if !ok {
				r.err = errSlowPath
				return
			}
			entry, ch := r.m.astChange(entry)
			acts, addr, hasAddr, deposed, err := changeShape(entry, ch)
			if err != nil {
				r.err = err
				return
			}
			terms[i] = ast.NewTerm(entry)
			if !rc {
				continue
			}
			actions[i] = acts
			if ch != nil && hasAddr && !deposed {
				r.marks[addr] = sensitivityMarks(ch)
			}
		}
	}

	workers := runtime.GOMAXPROCS(0)
	if len(elems) < parallelMin || workers < 2 {
		workers = 1
	}
	results := make([]result, workers)
	chunk := (len(elems) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range results {
		results[w] = result{m: newMasker(), marks: map[string][]any{}}
		lo, hi := w*chunk, min((w+1)*chunk, len(elems))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(lo, hi, &results[w])
		}()
	}
	wg.Wait()
	for _, r := range results { // in order: a later entry for an address wins, as in masker.changes
		if r.err != nil {
			return nil, nil, nil, r.err
		}
		for s := range r.m.seen {
			m.seen[s] = struct{}{}
		}
		for addr, mk := range r.marks {
			marks[addr] = mk
		}
	}
	return ast.NewArray(terms...), actions, marks, nil
}

// changeShape checks an entry as checkShape does (errSlowPath when it would complain) and
// returns its actions, its address and whether it has one, and whether it is a deposed object.
func changeShape(entry, ch ast.Object) (acts []string, addr string, hasAddr, deposed bool, err error) {
	if a := entry.Get(ast.InternedTerm("address")); a != nil {
		s, ok := a.Value.(ast.String)
		if !ok {
			return nil, "", false, false, errSlowPath
		}
		addr, hasAddr = string(s), true
	}
	deposed = entry.Get(ast.InternedTerm("deposed")) != nil
	if c := entry.Get(ast.InternedTerm("change")); c != nil && ch == nil {
		return nil, "", false, false, errSlowPath // a change that is not an object
	}
	if ch == nil {
		return nil, addr, hasAddr, deposed, nil
	}
	at := ch.Get(ast.InternedTerm("actions"))
	if at == nil {
		return nil, addr, hasAddr, deposed, nil
	}
	arr, ok := at.Value.(*ast.Array)
	if !ok {
		return nil, "", false, false, errSlowPath
	}
	acts = make([]string, arr.Len())
	for i := range acts {
		s, ok := arr.Elem(i).Value.(ast.String)
		if !ok {
			return nil, "", false, false, errSlowPath
		}
		acts[i] = string(s)
	}
	return acts, addr, hasAddr, deposed, nil
}

// sensitivityMarks is masker.changes' entry for a change: its before_sensitive and
// after_sensitive as decoded JSON, or nil when neither marks anything (shaping by them would
// change nothing).
func sensitivityMarks(ch ast.Object) []any {
	var out []any
	for _, k := range []string{"before_sensitive", "after_sensitive"} {
		t := ch.Get(ast.InternedTerm(k))
		if t == nil || !hasTrue(t.Value) {
			out = append(out, nil)
			continue
		}
		v, err := ast.JSON(t.Value)
		if err != nil {
			v = nil
		}
		out = append(out, v)
	}
	if out[0] == nil && out[1] == nil {
		return nil
	}
	return out
}
