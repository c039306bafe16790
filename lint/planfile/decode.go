package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Decode decodes plan JSON from r. source names the input in errors.
func Decode(r io.Reader, source string) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: source, Msg: "cannot read: " + err.Error()}
	}
	return decodeBytes(data, source)
}

// prepare checks the raw bytes before any decoder sees them: encoding, emptiness, UTF-8 and
// nesting depth. It returns data without a UTF-8 byte order mark.
func prepare(data []byte, source string) ([]byte, error) {
	// Windows PowerShell's ">" writes UTF-16 with a byte order mark, and
	// some editors add a UTF-8 one: say so, or skip it.
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, &InputError{File: source, Msg: "the file is UTF-16 encoded (PowerShell redirection?); write it as UTF-8, e.g. `terraform show -json plan | Out-File -Encoding utf8 plan.json`"}
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &InputError{File: source, Msg: "empty file, expected plan JSON from `terraform show -json`"}
	}
	if err := precheck(data, source); err != nil {
		return nil, err
	}
	return data, nil
}

// decodeBytes decodes plan JSON with encoding/json into Plan.Doc.
func decodeBytes(data []byte, source string) (*Plan, error) {
	data, err := prepare(data, source)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(data, source, err)
	}
	// Anything but whitespace after the value is an error: Decode alone
	// would accept "{}{}" or "{} junk".
	if off := dec.InputOffset(); off < int64(len(data)) {
		if rest := data[off:]; len(bytes.TrimSpace(rest)) > 0 {
			skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
			line, col := position(data, int(off)+skip)
			return nil, &InputError{File: source, Line: line, Column: col, Msg: "not valid JSON: unexpected data after the top-level value"}
		}
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, &InputError{File: source, Msg: fmt.Sprintf("not a plan: the top-level JSON value is %s, expected an object (output of `terraform show -json`)", kindOf(v))}
	}
	p := &Plan{Doc: doc, Source: source}
	if err := p.checkShape(); err != nil {
		return nil, err
	}
	p.Sensitive = mask(doc)
	return p, nil
}

// precheck validates UTF-8 and bounds the nesting depth in one pass over the
// raw bytes, before the decoder recurses. encoding/json silently replaces
// invalid UTF-8 with U+FFFD and only stops at depth 10000.
func precheck(data []byte, source string) error {
	validUTF8 := utf8.Valid(data)
	if validUTF8 && shallow(data) {
		return nil
	}
	depth := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch {
			case c == '\\':
				i++
			case c == '"':
				inString = false
			case c >= 0x80 && !validUTF8:
				r, size := utf8.DecodeRune(data[i:])
				if r == utf8.RuneError && size <= 1 {
					line, col := position(data, i)
					return &InputError{File: source, Line: line, Column: col, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", c)}
				}
				i += size - 1
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > MaxDepth {
				line, col := position(data, i)
				return &InputError{File: source, Line: line, Column: col, Msg: fmt.Sprintf("JSON nested deeper than %d levels", MaxDepth)}
			}
		case '}', ']':
			depth--
		default:
			if c >= 0x80 && !validUTF8 {
				r, size := utf8.DecodeRune(data[i:])
				if r == utf8.RuneError && size <= 1 {
					line, col := position(data, i)
					return &InputError{File: source, Line: line, Column: col, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", c)}
				}
				i += size - 1
			}
		}
	}
	return nil
}

// shallow reports whether data nests at most MaxDepth levels, quickly: string contents are
// skipped with IndexByte. On false, precheck's byte loop finds where.
func shallow(data []byte) bool {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			for {
				j := bytes.IndexByte(data[i+1:], '"')
				if j < 0 {
					return true // unterminated: the decoder reports it
				}
				i += 1 + j
				// The quote ends the string unless an odd number of backslashes precede it.
				n := 0
				for k := i - 1; k >= 0 && data[k] == '\\'; k-- {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
		case '{', '[':
			depth++
			if depth > MaxDepth {
				return false
			}
		case '}', ']':
			depth--
		}
	}
	return true
}

// syntaxError turns a decoder error into an InputError located at the
// offending byte.
func syntaxError(data []byte, source string, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off := int(se.Offset) - 1 // Offset counts the bytes read, including the bad one
		if off < 0 {
			off = 0
		}
		line, col := position(data, off)
		return &InputError{File: source, Line: line, Column: col, Msg: "not valid JSON: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		end := len(bytes.TrimRight(data, " \t\r\n"))
		line, col := position(data, end)
		return &InputError{File: source, Line: line, Column: col, Msg: "truncated JSON: unexpected end of input"}
	default:
		return &InputError{File: source, Msg: "not valid JSON: " + err.Error()}
	}
}

// position converts a byte offset into a 1-based line and column (counted in
// characters, as editors do).
func position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[lineStart:])
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}

// The top-level sections whose type checkShape (and the fast decoder) enforce: objects, and
// arrays of resource changes. null is accepted for either.
var (
	objectSections = []string{"planned_values", "prior_state", "configuration", "variables", "output_changes"}
	listSections   = []string{"resource_changes", "resource_drift"}
)

// formatMajor returns the major number of a "major.minor" format_version, and false when the
// version has no such form.
func formatMajor(v string) (int, bool) {
	major, _, found := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	return n, found && err == nil && n >= 0
}

// checkShape validates format_version and the types of the sections opexlint
// and the policies walk, so that a wrong type is one clear error instead of
// rules silently seeing nothing. Unknown fields and unknown action names are
// accepted: minor format versions add them.
func (p *Plan) checkShape() error {
	bad := func(path, msg string) error {
		return &InputError{File: p.Source, Msg: path + ": " + msg}
	}
	fv, present := p.Doc["format_version"]
	if !present {
		if _, enc := p.Doc["encrypted_data"]; enc {
			// OpenTofu writes encrypted plans as a JSON envelope.
			return &InputError{File: p.Source, Msg: "an encrypted OpenTofu plan: pass the output of `tofu show -json` instead"}
		}
		return &InputError{File: p.Source, Msg: "not a plan: no format_version (expected the output of `terraform show -json`)"}
	}
	s, ok := fv.(string)
	if !ok {
		return bad("format_version", "expected a string, got "+kindOf(fv))
	}
	n, ok := formatMajor(s)
	if !ok {
		return bad("format_version", fmt.Sprintf("invalid version %q, expected major.minor", s))
	}
	if n >= 2 {
		return &InputError{File: p.Source, Msg: fmt.Sprintf("unsupported plan format_version %q: opexlint reads format versions 0.x and 1.x", s)}
	}
	p.FormatVersion = s

	for _, key := range objectSections {
		if v, ok := p.Doc[key]; ok && v != nil {
			if _, isObj := v.(map[string]any); !isObj {
				return bad(key, "expected an object, got "+kindOf(v))
			}
		}
	}
	for _, key := range listSections {
		v, ok := p.Doc[key]
		if !ok || v == nil {
			continue
		}
		list, isList := v.([]any)
		if !isList {
			return bad(key, "expected an array, got "+kindOf(v))
		}
		for i, item := range list {
			at := fmt.Sprintf("%s[%d]", key, i)
			rc, isObj := item.(map[string]any)
			if !isObj {
				return bad(at, "expected an object, got "+kindOf(item))
			}
			if a, ok := rc["address"]; ok {
				if _, isStr := a.(string); !isStr {
					return bad(at+".address", "expected a string, got "+kindOf(a))
				}
			}
			ch, ok := rc["change"]
			if !ok {
				continue
			}
			change, isObj := ch.(map[string]any)
			if !isObj {
				return bad(at+".change", "expected an object, got "+kindOf(ch))
			}
			acts, ok := change["actions"]
			if !ok {
				continue
			}
			actions, isList := acts.([]any)
			if !isList {
				return bad(at+".change.actions", "expected an array of strings, got "+kindOf(acts))
			}
			for j, a := range actions {
				if _, isStr := a.(string); !isStr {
					return bad(fmt.Sprintf("%s.change.actions[%d]", at, j), "expected a string, got "+kindOf(a))
				}
			}
		}
	}
	return nil
}
