package tfconfig

import "strings"

// ConfigAddress strips instance keys from a plan address, giving the
// configuration address that Facts and InlineWaiver.Target use:
// `module.a["k"].module.b[0].aws_x.y[2]` → `module.a.module.b.aws_x.y`.
func ConfigAddress(address string) string { return configAddress(address) }

// configAddress strips instance keys from a plan address:
// `module.a["k"].module.b[0].aws_x.y[2]` → `module.a.module.b.aws_x.y`.
// Keys may be quoted strings holding dots, brackets and escaped quotes.
func configAddress(addr string) string {
	var b strings.Builder
	b.Grow(len(addr))
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		if c != '[' {
			b.WriteByte(c)
			continue
		}
		// Skip to the matching ']' outside of a quoted key.
		inQuote := false
		for i++; i < len(addr); i++ {
			switch c := addr[i]; {
			case inQuote && c == '\\':
				i++
			case c == '"':
				inQuote = !inQuote
			case !inQuote && c == ']':
				goto closed
			}
		}
	closed:
	}
	return b.String()
}

// splitAddress splits a configuration address into its dot-separated steps.
func splitAddress(addr string) []string {
	if addr == "" {
		return nil
	}
	return strings.Split(addr, ".")
}
