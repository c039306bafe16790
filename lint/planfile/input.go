package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
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
func LoadInput(path string, opts Options, keys []string) (p *Plan, err error) {
	data, release, drop, err := readPlan(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: readError(err)}
	}
	defer release()
	// A mapped file that shrinks while it is read faults instead of ending early: say so
	// rather than crash. Each goroutine reading the bytes does the same (startChanges).
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer catchFault(&err, &InputError{File: path, Msg: errFault.Error()})
	if bytes.HasPrefix(data, zipMagic) {
		return loadBinary(path, data, opts, func(data []byte) (*Plan, error) { return decodeInput(data, path, keys, nil) })
	}
	return decodeInput(data, path, keys, drop)
}

// DecodeInput is LoadInput for plan JSON read from memory.
func DecodeInput(data []byte, source string, keys []string) (*Plan, error) {
	return decodeInput(data, source, keys, nil)
}

// errFault is a memory fault reading a mapped plan file (it was truncated meanwhile).
var errFault = errors.New("the file changed while it was being read")

// isFault reports whether a recovered value is a memory fault turned into a panic by
// debug.SetPanicOnFault.
func isFault(r any) bool {
	_, ok := r.(interface{ Addr() uintptr })
	return ok
}

// catchFault, deferred in a goroutine that set debug.SetPanicOnFault, turns a memory fault
// into *err = as; any other panic goes on.
func catchFault(err *error, as error) {
	if r := recover(); r != nil {
		if !isFault(r) {
			panic(r)
		}
		*err = as
	}
}

// decodeInput decodes data; drop, when not nil, gives back pages of data that the decoder is
// done with (readPlan).
func decodeInput(data []byte, source string, keys []string, drop func(start, end int)) (*Plan, error) {
	in, err := prepare(data, source)
	if err != nil {
		return nil, err
	}
	if drop != nil && len(in) < len(data) {
		// prepare dropped a byte order mark: offsets into in are 3 bytes off data's.
		off := len(data) - len(in)
		mapped := drop
		drop = func(start, end int) { mapped(start+off, end+off) }
	}
	if drop == nil {
		drop = func(int, int) {}
	}
	data = in
	p, err := fastDecode(data, source, keys, drop)
	if errors.Is(err, errFault) {
		return nil, &InputError{File: source, Msg: errFault.Error()}
	}
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
func fastDecode(data []byte, source string, keys []string, drop func(start, end int)) (*Plan, error) {
	start := skipWS(data, 0)
	if start >= len(data) || data[start] != '{' {
		return nil, errSlowPath
	}
	// One pass over the document: each top-level value's span, validated, and the values
	// representations no policy reads walked for masking on the way.
	// Resource changes are parsed in the background as soon as they are found, while the walk
	// goes on.
	want := wanted(keys)
	walk := &valuesWalk{data: data}
	reduced := map[string]any{}
	top := map[string]span{}
	jobs := map[string]*changesJob{}
	defer func() {
		for _, j := range jobs {
			if j != nil {
				j.wg.Wait() // no worker outlives the call, whatever it returns
			}
		}
	}()
	end := walkMembers(data, start, func(key []byte, esc bool, v int) int {
		k, ok := unquote(key, esc)
		if _, dup := top[k]; !ok || dup {
			return -1 // a repeated key: encoding/json keeps the last
		}
		var end int
		switch {
		case k == "planned_values" && !want(k) && v < len(data) && data[v] == '{':
			reduced[k], end = walk.values(v)
			drop(v, end) // resolve reads the few values it needs again
		case k == "prior_state" && !want(k) && v < len(data) && data[v] == '{':
			reduced[k], end = walk.state(v)
			drop(v, end)
		case (k == "resource_changes" || k == "resource_drift") && v < len(data) && data[v] == '[':
			jobs[k], end = startChanges(data, v, k == "resource_changes")
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
	if n, ok := formatMajor(version); !ok || n >= 2 {
		return nil, errSlowPath
	}
	for _, key := range objectSections {
		if c := kind(key); c != 0 && c != '{' && c != 'n' {
			return nil, errSlowPath
		}
	}
	for _, key := range listSections {
		if c := kind(key); c != 0 && c != '[' && c != 'n' {
			return nil, errSlowPath
		}
	}

	p := &Plan{Source: source, FormatVersion: version}
	m := newMasker()
	rcs, actions, marks, err := jobs["resource_changes"].wait(m)
	if err != nil {
		return nil, err
	}
	drift, _, _, err := jobs["resource_drift"].wait(m)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"resource_changes", "resource_drift"} {
		if sp, ok := top[k]; ok {
			drop(sp.start, sp.end)
		}
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
		switch {
		case data[sp.start] == 'n':
			v = ast.NullValue
		case key == "resource_changes":
			v = rcs
		case key == "resource_drift":
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

// changesJob parses resource_changes or resource_drift into an OPA array, masked, on every
// core, while the caller goes on scanning the rest of the plan.
type changesJob struct {
	rc      bool // resource_changes: also actions and marks
	terms   []*ast.Term
	actions [][]string
	workers []changesWorker
	wg      sync.WaitGroup
}

type changesWorker struct {
	m     *masker
	marks map[string][]any
	err   error
}

// parallelMin is the number of changes from which they are parsed on several cores.
const parallelMin = 256

// startChanges scans the array at data[i] == '[' into its elements, checking it is valid
// JSON, and starts parsing them. It returns the array's end (-1 when it is not valid).
func startChanges(data []byte, i int, rc bool) (*changesJob, int) {
	var elems []span
	end := eachElem(data, i, func(v span) bool { elems = append(elems, v); return true })
	if end < 0 {
		return nil, -1
	}
	j := &changesJob{rc: rc}
	terms := make([]*ast.Term, len(elems))
	if rc {
		j.actions = make([][]string, len(elems))
	}
	n := runtime.GOMAXPROCS(0)
	if len(elems) < parallelMin {
		n = 1
	}
	j.workers = make([]changesWorker, n)
	chunk := (len(elems) + n - 1) / n
	for w := range j.workers {
		j.workers[w] = changesWorker{m: newMasker(), marks: map[string][]any{}}
		lo, hi := w*chunk, min((w+1)*chunk, len(elems))
		if lo >= hi {
			continue
		}
		j.wg.Add(1)
		go func() {
			defer j.wg.Done()
			wk := &j.workers[w]
			debug.SetPanicOnFault(true)
			defer catchFault(&wk.err, errFault)
			wk.err = j.parse(data, elems[lo:hi], terms[lo:hi], lo, wk)
		}()
	}
	j.terms = terms
	return j, end
}

// parse parses elems into terms, with w's masker and marks; first is the index of elems[0].
func (j *changesJob) parse(data []byte, elems []span, terms []*ast.Term, first int, w *changesWorker) error {
	ps := newParser(data)
	for i, e := range elems {
		v, _, err := ps.value(e.start)
		if err != nil {
			return err
		}
		entry, ok := v.(ast.Object)
		if !ok {
			return errSlowPath
		}
		entry, ch := w.m.astChange(entry)
		acts, addr, hasAddr, deposed, err := changeShape(entry, ch)
		if err != nil {
			return err
		}
		terms[i] = ast.NewTerm(entry)
		if !j.rc {
			continue
		}
		j.actions[first+i] = acts
		if ch != nil && hasAddr && !deposed {
			w.marks[addr] = sensitivityMarks(ch)
		}
	}
	return nil
}

// wait waits for the workers and merges their sensitive values into m and their marks, in
// order: a later entry for an address wins, as in masker.changes.
func (j *changesJob) wait(m *masker) (ast.Value, [][]string, map[string][]any, error) {
	marks := map[string][]any{}
	if j == nil {
		return nil, nil, marks, nil
	}
	j.wg.Wait()
	for _, w := range j.workers {
		if w.err != nil {
			return nil, nil, nil, w.err
		}
		for s := range w.m.seen {
			m.seen[s] = struct{}{}
		}
		for addr, mk := range w.marks {
			marks[addr] = mk
		}
	}
	return ast.NewArray(j.terms...), j.actions, marks, nil
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
