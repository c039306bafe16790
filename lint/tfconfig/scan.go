package tfconfig

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
)

// fastDepthLimit is the deepest nesting scanComments vouches for; deeper
// files go to the HCL lexer, which finds the exact position lexFile reports.
// The margin below maxHCLDepth costs nothing on real configurations.
const fastDepthLimit = maxHCLDepth / 2

// scanComments is lexFile for the common case without running the HCL lexer
// (which hclsyntax.ParseConfig runs again, and which took a quarter of Load):
// one pass over the bytes that follows the lexer's rules for what can hide a
// "#", a bracket or a quote — quoted templates with escapes and ${ } / %{ }
// sequences, # and // comments. ok is false whenever the file holds something
// it does not model (heredocs, /* */ comments, a newline inside a quoted
// string, carriage returns, control or non-ASCII bytes outside strings and
// comments, a byte order mark, unbalanced or unterminated constructs, nesting
// beyond fastDepthLimit); the caller then uses lexFile. When ok, the comments
// are exactly lexFile's and its nesting never passes maxHCLDepth.
func scanComments(src []byte) (out []comment, ok bool) {
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return nil, false
	}
	// The lexer's own bookkeeping: braces counts open braces and template
	// sequences; retBraces holds the brace level at which each open template
	// sequence ends (where "}" returns to the quoted string).
	var (
		braces    int
		retBraces []int
		inString  bool // inside a quoted template, outside its sequences
		quotes    int  // open quoted templates
		depth     int  // lexFile's nesting count
		line      = 1
		prevEnd   = 0 // line of the last significant byte (lexFile's prevEnd)
	)
	open := func() bool {
		depth++
		return depth <= fastDepthLimit
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			switch {
			case c == '\n' || c == '\r':
				return nil, false
			case c == '\\':
				i++ // the escaped character; a newline there is the lexer's error case
				if i < len(src) && (src[i] == '\n' || src[i] == '\r') {
					return nil, false
				}
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				// ${ or %{ opens a sequence: back to configuration syntax.
				if !open() {
					return nil, false
				}
				braces++
				retBraces = append(retBraces, braces)
				inString = false
				i++
			case (c == '$' || c == '%') && i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
				i += 2 // $${ and %%{ are literal
			case c == '"':
				depth--
				quotes--
				inString = false
			}
			prevEnd = line
			continue
		}
		switch c {
		case ' ', '\t':
			continue
		case '\n':
			line++
			continue
		case '#', '/':
			if c == '/' && i+1 < len(src) && src[i+1] == '*' {
				return nil, false
			}
			if c == '#' || (i+1 < len(src) && src[i+1] == '/') {
				// The comment token runs to the end of the line, newline included.
				stop := len(src)
				if n := bytes.IndexByte(src[i:], '\n'); n >= 0 {
					stop = i + n + 1
				}
				out = append(out, comment{text: string(src[i:stop]), line: line, lastLine: line, firstOnLine: line > prevEnd})
				prevEnd = line
				if src[stop-1] == '\n' {
					line++
				}
				i = stop - 1
				continue
			}
		case '<':
			if i+1 < len(src) && src[i+1] == '<' {
				return nil, false // a heredoc, or two operators nobody writes
			}
		case '"':
			if !open() {
				return nil, false
			}
			quotes++
			inString = true
		case '{', '[', '(':
			if !open() {
				return nil, false
			}
			if c == '{' {
				braces++
			}
		case ']', ')':
			depth--
		case '~', '}':
			if c == '~' && (i+1 >= len(src) || src[i+1] != '}') {
				break
			}
			if c == '~' {
				i++
			}
			// "}" and "~}" close a sequence when the brace level is the one the
			// sequence opened at, else a brace; either way lexFile counts one
			// level less.
			depth--
			if n := len(retBraces); n > 0 && retBraces[n-1] == braces {
				retBraces = retBraces[:n-1]
				inString = true
			}
			braces--
		default:
			if c < 0x20 || c >= 0x7f {
				return nil, false
			}
		}
		prevEnd = line
	}
	if inString || quotes != 0 || len(retBraces) != 0 || depth != 0 {
		return nil, false
	}
	return out, true
}

// commentsAndDepth returns a native-syntax file's comments and where its
// nesting first passes maxHCLDepth, by the fast scan when it applies and by
// the HCL lexer otherwise.
func commentsAndDepth(src []byte, filename string) ([]comment, *hcl.Pos) {
	if out, ok := scanComments(src); ok {
		return out, nil
	}
	return lexFile(src, filename)
}
