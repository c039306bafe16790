package config

import (
	"fmt"
	"strings"
)

// Address globs (waiver "address"). An address is split into segments at the dots that are not
// inside an instance key (`module.a["x.y"].aws_s3_bucket.b[0]` has four segments). In a pattern:
//
//   - `**` as a whole segment matches zero or more segments;
//   - `*` inside a segment matches any run of characters within that one segment;
//   - everything else, `[`, `]` and quotes included, matches itself.
//
// A pattern matches a finding when it matches the finding's address or that address with its
// instance keys removed, so `aws_s3_bucket.logs` covers every instance of the resource and
// `module.net.**` everything inside the module.

// ValidateGlob reports a malformed address pattern.
func ValidateGlob(pattern string) error {
	if pattern == "" {
		return nil
	}
	segs, ok := SplitAddress(pattern)
	if !ok {
		return fmt.Errorf("address %q has an unbalanced [ or quote", pattern)
	}
	for _, s := range segs {
		if s == "" {
			return fmt.Errorf("address %q has an empty segment", pattern)
		}
		if strings.Contains(s, "**") && s != "**" {
			return fmt.Errorf("address %q: ** must be a whole segment (between dots)", pattern)
		}
	}
	return nil
}

// MatchGlob reports whether pattern matches address (see the package comment for the syntax).
func MatchGlob(pattern, address string) bool {
	ps, ok := SplitAddress(pattern)
	if !ok {
		return false
	}
	as, ok := SplitAddress(address)
	if !ok {
		return false
	}
	if matchSegs(ps, as) {
		return true
	}
	stripped := make([]string, len(as))
	changed := false
	for i, s := range as {
		stripped[i] = StripKey(s)
		changed = changed || stripped[i] != s
	}
	return changed && matchSegs(ps, stripped)
}

func matchSegs(ps, as []string) bool {
	if len(ps) == 0 {
		return len(as) == 0
	}
	if ps[0] == "**" {
		for i := 0; i <= len(as); i++ {
			if matchSegs(ps[1:], as[i:]) {
				return true
			}
		}
		return false
	}
	if len(as) == 0 || !matchSeg(ps[0], as[0]) {
		return false
	}
	return matchSegs(ps[1:], as[1:])
}

// matchSeg matches one segment with `*` wildcards (iterative, no backtracking blow-up).
func matchSeg(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && p[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// SplitAddress splits a Terraform address at the dots outside instance keys. ok is false when a
// bracket or quote is not closed.
func SplitAddress(addr string) (segs []string, ok bool) {
	depth := 0
	inQuote := false
	start := 0
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inQuote:
			if c == '\\' {
				i++
			} else if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			depth++
		case c == ']':
			if depth == 0 {
				return nil, false
			}
			depth--
		case c == '.' && depth == 0:
			segs = append(segs, addr[start:i])
			start = i + 1
		}
	}
	if depth != 0 || inQuote {
		return nil, false
	}
	return append(segs, addr[start:]), true
}

// StripKey removes the instance key from one address segment: `b["k"]` → `b`.
func StripKey(seg string) string {
	if i := strings.IndexByte(seg, '['); i > 0 {
		return seg[:i]
	}
	return seg
}

// ConfigAddress removes every instance key from an address:
// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`.
func ConfigAddress(addr string) string {
	segs, ok := SplitAddress(addr)
	if !ok {
		return addr
	}
	for i, s := range segs {
		segs[i] = StripKey(s)
	}
	return strings.Join(segs, ".")
}
