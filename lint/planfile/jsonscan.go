package planfile

import "encoding/json"

// jsonscan is a validating JSON scanner over raw bytes that finds where values start and end
// without building them. The fast decoder (input.go) uses it to split a plan into sections and
// array elements, to skip sections no policy reads, and to decode only what it needs. It is at
// least as strict as encoding/json: whatever it accepts, encoding/json accepts with the same
// meaning, so that on anything else the caller can fall back to encoding/json and its errors.
// It assumes precheck ran: the input is valid UTF-8 and nested at most MaxDepth levels.

// span is a JSON value's bytes: data[start:end].
type span struct{ start, end int }

// strSafe marks the bytes that may appear in a JSON string without ending it or starting an
// escape: everything but '"', '\\' and control characters.
var strSafe = func() (t [256]bool) {
	for i := 0x20; i < 256; i++ {
		t[i] = i != '"' && i != '\\'
	}
	return t
}()

func skipWS(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipValue returns the end of the value starting at data[i] (no leading whitespace), or -1
// when it is not valid JSON.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch c := data[i]; {
	case c == '"':
		end, _ := skipString(data, i)
		return end
	case c == '{':
		return eachMember(data, i, nil)
	case c == '[':
		return eachElem(data, i, nil)
	case c == 't':
		return literal(data, i, "true")
	case c == 'f':
		return literal(data, i, "false")
	case c == 'n':
		return literal(data, i, "null")
	case c == '-' || c >= '0' && c <= '9':
		return skipNumber(data, i)
	}
	return -1
}

func literal(data []byte, i int, word string) int {
	if len(data)-i >= len(word) && string(data[i:i+len(word)]) == word {
		return i + len(word)
	}
	return -1
}

// skipString returns the end of the string starting at data[i] == '"' and whether it holds
// escapes, or -1.
func skipString(data []byte, i int) (int, bool) {
	esc := false
	for i++; i < len(data); i++ {
		c := data[i]
		if strSafe[c] {
			continue
		}
		switch c {
		case '"':
			return i + 1, esc
		case '\\':
			esc = true
			i++
			if i >= len(data) {
				return -1, esc
			}
			switch data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(data)-i < 5 || !isHex(data[i+1]) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) {
					return -1, esc
				}
				i += 4
			default:
				return -1, esc
			}
		default: // a control character
			return -1, esc
		}
	}
	return -1, esc
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipNumber follows the JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(data []byte, i int) int {
	if data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return -1
	case data[i] == '0':
		i++
	case isDigit(data[i]):
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		return -1
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return -1
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return -1
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	return i
}

// walkMembers scans the object starting at data[i] == '{' and calls fn with each member's raw
// key (without quotes), whether the key holds escapes, and where its value starts; fn consumes
// the value and returns its end, or -1. walkMembers returns the end of the object, or -1 when
// the object is not valid JSON or fn returned -1.
func walkMembers(data []byte, i int, fn func(key []byte, esc bool, vstart int) int) int {
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return -1
		}
		kend, esc := skipString(data, i)
		if kend < 0 {
			return -1
		}
		key := data[i+1 : kend-1]
		i = skipWS(data, kend)
		if i >= len(data) || data[i] != ':' {
			return -1
		}
		vend := fn(key, esc, skipWS(data, i+1))
		if vend < 0 {
			return -1
		}
		i = skipWS(data, vend)
		if i >= len(data) {
			return -1
		}
		switch data[i] {
		case ',':
			i = skipWS(data, i+1)
		case '}':
			return i + 1
		default:
			return -1
		}
	}
}

// walkElems is walkMembers for arrays.
func walkElems(data []byte, i int, fn func(start int) int) int {
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == ']' {
		return i + 1
	}
	for {
		vend := fn(i)
		if vend < 0 {
			return -1
		}
		i = skipWS(data, vend)
		if i >= len(data) {
			return -1
		}
		switch data[i] {
		case ',':
			i = skipWS(data, i+1)
		case ']':
			return i + 1
		default:
			return -1
		}
	}
}

// eachMember is walkMembers with the values skipped: fn (when not nil) gets each value's span
// and returns false to stop with -1.
func eachMember(data []byte, i int, fn func(key []byte, esc bool, v span) bool) int {
	return walkMembers(data, i, func(key []byte, esc bool, vstart int) int {
		vend := skipValue(data, vstart)
		if vend < 0 || fn != nil && !fn(key, esc, span{vstart, vend}) {
			return -1
		}
		return vend
	})
}

// eachElem is eachMember for arrays.
func eachElem(data []byte, i int, fn func(v span) bool) int {
	return walkElems(data, i, func(start int) int {
		vend := skipValue(data, start)
		if vend < 0 || fn != nil && !fn(span{start, vend}) {
			return -1
		}
		return vend
	})
}

// unquote decodes a raw string body (between the quotes) as encoding/json does: escapes, and
// lone surrogates replaced by U+FFFD.
func unquote(raw []byte, esc bool) (string, bool) {
	if !esc {
		return string(raw), true
	}
	// The common escapes (JSON documents embedded in strings: IAM policies, container
	// definitions) are decoded here; \u, with its surrogate rules, is left to encoding/json.
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(raw) {
			return "", false
		}
		i++
		switch raw[i] {
		case '"', '\\', '/':
			out = append(out, raw[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			return unquoteJSON(raw)
		}
	}
	return string(out), true
}

func unquoteJSON(raw []byte) (string, bool) {
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return "", false
	}
	return s, true
}
