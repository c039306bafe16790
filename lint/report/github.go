package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// GitHub Actions workflow commands (https://docs.github.com/actions/reference/workflow-commands-for-github-actions),
// escaped as @actions/core does: data escapes %, CR and LF; property values also ':' and ','.
var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// githubCommand maps a severity onto an annotation command.
func githubCommand(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "low":
		return "notice"
	}
	return "warning"
}

func writeGitHub(buf *bytes.Buffer, r *Report, _ Options) error {
	for _, f := range r.Findings {
		cmd := githubCommand(f.Severity)
		title := f.RuleID
		if f.Title != "" {
			title += ": " + f.Title
		}
		msg := nonEmpty(f.Message, f.Title, f.RuleID)
		if f.Address != "" {
			msg = f.Address + ": " + msg
		}
		if f.Waived {
			// Waived findings stay visible but never as an error or warning on the diff.
			cmd = "notice"
			title = "waived: " + title
			msg += "\nwaived: " + waiverText(f)
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+githubPropertyEscaper.Replace(f.File))
			if f.Line > 0 {
				props = append(props, "line="+strconv.Itoa(f.Line))
			}
		}
		props = append(props, "title="+githubPropertyEscaper.Replace(title))
		fmt.Fprintf(buf, "::%s %s::%s\n", cmd, strings.Join(props, ","), githubDataEscaper.Replace(msg))
	}
	// The summary is a plain log line: it cannot start with "::", and line breaks are removed so
	// that nothing in it is read as a workflow command.
	for _, line := range append([]string{"opexlint " + textSummary(r, func(_, s string) string { return s })}, skippedLines(r)...) {
		buf.WriteString(strings.NewReplacer("\r", " ", "\n", " ").Replace(line) + "\n")
	}
	return nil
}
