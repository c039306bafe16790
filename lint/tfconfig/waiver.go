package tfconfig

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// comment is one comment token of a native-syntax file.
type comment struct {
	text        string
	line        int  // first line
	lastLine    int  // line of the comment's last character
	firstOnLine bool // nothing but whitespace before it on its line
}

// maxHCLDepth bounds the bracket nesting of a .tf file. The HCL parser
// recurses per level and a Go stack overflow cannot be recovered, so files
// nested deeper than any real configuration are not parsed at all.
const maxHCLDepth = 256

// lexFile extracts comment tokens with the HCL lexer, which knows where
// strings and heredocs are (a "#" inside a string is not a comment), and
// reports where the bracket nesting first exceeds maxHCLDepth, if it does.
func lexFile(src []byte, filename string) (out []comment, tooDeep *hcl.Pos) {
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	prevEnd := 0 // line on which the previous significant token ended
	depth := 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			depth++
			if depth > maxHCLDepth && tooDeep == nil {
				pos := t.Range.Start
				tooDeep = &pos
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			depth--
		}
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenComment:
			text := string(t.Bytes)
			last := t.Range.End.Line
			if strings.HasSuffix(text, "\n") && t.Range.End.Column == 1 {
				last-- // "#" and "//" comments include their newline
			}
			out = append(out, comment{
				text:        text,
				line:        t.Range.Start.Line,
				lastLine:    last,
				firstOnLine: t.Range.Start.Line > prevEnd,
			})
			prevEnd = last
		default:
			prevEnd = t.Range.End.Line
		}
	}
	return out, tooDeep
}

const waiverMarker = "opex:ignore"

// attachWaivers records the waivers in the comments directly above blk
// (a contiguous run of whole-line comments ending on the line before it) and
// inside its braces.
func (l *loader) attachWaivers(pf *parsedFile, blk *hcl.Block, target string) {
	if len(pf.comments) == 0 {
		return
	}
	start := blk.DefRange.Start.Line
	var picked []comment
	// Comments above, walking upwards while they stay contiguous.
	byLast := map[int]comment{}
	for _, cm := range pf.comments {
		if cm.firstOnLine && cm.lastLine < start {
			byLast[cm.lastLine] = cm
		}
	}
	for line := start - 1; line > 0; {
		cm, ok := byLast[line]
		if !ok {
			break
		}
		picked = append(picked, cm)
		line = cm.line - 1
	}
	// Comments inside the block.
	if nb := nativeBody(blk.Body); nb != nil {
		r := nb.SrcRange
		for _, cm := range pf.comments {
			if cm.line >= r.Start.Line && cm.line <= r.End.Line && cm.line >= start {
				picked = append(picked, cm)
			}
		}
	}
	for _, cm := range picked {
		w, isWaiver, err := parseWaiver(cm.text)
		if !isWaiver {
			continue
		}
		if err != nil {
			l.errs = append(l.errs, &InputError{File: pf.rel, Line: cm.line, Msg: err.Error()})
			continue
		}
		w.File, w.Line, w.Target = pf.rel, cm.line, target
		l.cfg.waivers = append(l.cfg.waivers, w)
	}
}

var ruleIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// parseWaiver parses one comment. isWaiver is false when the comment does not
// start with opex:ignore; err describes a malformed waiver.
//
//	# opex:ignore rule-a,rule-b until=2026-01-31 reason="tracked in OPS-12"
func parseWaiver(raw string) (w InlineWaiver, isWaiver bool, err error) {
	text := strings.TrimSpace(raw)
	switch {
	case strings.HasPrefix(text, "#"):
		text = text[1:]
	case strings.HasPrefix(text, "//"):
		text = text[2:]
	case strings.HasPrefix(text, "/*"):
		text = strings.TrimSuffix(text[2:], "*/")
	default:
		return w, false, nil
	}
	text = strings.TrimSpace(text)
	rest, found := strings.CutPrefix(text, waiverMarker)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return w, false, nil
	}
	rest = strings.TrimSpace(strings.ReplaceAll(rest, "\n", " "))
	fail := func(format string, args ...any) (InlineWaiver, bool, error) {
		return InlineWaiver{}, true, fmt.Errorf("malformed "+waiverMarker+": "+format, args...)
	}

	// Rule ids: "a,b", also "a, b".
	for {
		if rest == "" || strings.Contains(firstWord(rest), "=") {
			if len(w.Rules) == 0 {
				return fail("no rule id (expected `%s <rule-id>[,<rule-id>…] [until=YYYY-MM-DD] [reason=\"…\"]`)", waiverMarker)
			}
			return fail("empty rule id in the list")
		}
		word := firstWord(rest)
		rest = strings.TrimSpace(rest[len(word):])
		more := strings.HasSuffix(word, ",")
		for _, id := range strings.Split(strings.TrimSuffix(word, ","), ",") {
			if id == "" {
				return fail("empty rule id in the list")
			}
			if !ruleIDPattern.MatchString(id) {
				return fail("invalid rule id %q", id)
			}
			w.Rules = append(w.Rules, id)
		}
		if !more {
			break
		}
	}

	seen := map[string]bool{}
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok || strings.ContainsAny(key, " \t\r\n\v\f") {
			return fail("unexpected %q (expected until=YYYY-MM-DD or reason=\"…\")", firstWord(rest))
		}
		if seen[key] {
			return fail("%s given twice", key)
		}
		seen[key] = true
		var val string
		if strings.HasPrefix(after, `"`) {
			v, n, qerr := unquote(after)
			if qerr != nil {
				return fail("%s: %v", key, qerr)
			}
			val, rest = v, after[n:]
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				return fail("unexpected %q after %s", firstWord(rest), key)
			}
		} else {
			val = firstWord(after)
			rest = after[len(val):]
		}
		rest = strings.TrimSpace(rest)
		switch key {
		case "until":
			if _, perr := time.Parse("2006-01-02", val); perr != nil {
				return fail("until=%q is not a date (expected YYYY-MM-DD)", val)
			}
			w.Until = val
		case "reason":
			if strings.TrimSpace(val) == "" {
				return fail("empty reason")
			}
			w.Reason = val
		default:
			return fail("unknown option %q (expected until or reason)", key)
		}
	}
	return w, true, nil
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// unquote reads a double-quoted string at the start of s with \" and \\
// escapes, returning the value and the bytes consumed.
func unquote(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
				continue
			}
			b.WriteByte(c)
		case '"':
			return b.String(), i + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("unterminated quoted string")
}
