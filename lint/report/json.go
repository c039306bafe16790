package report

import (
	"bytes"
	"encoding/json"
)

// jsonDocument is the JSON report (DESIGN.md "JSON report") plus schema_version. Its own
// types, rather than Report, fix the key order, including by_severity's (critical → low).
type jsonDocument struct {
	SchemaVersion string      `json:"schema_version"`
	Tool          Tool        `json:"tool"`
	Summary       jsonSummary `json:"summary"`
	Findings      []Finding   `json:"findings"`
}

type jsonSummary struct {
	ResourceChanges int            `json:"resource_changes"`
	Actions         Actions        `json:"actions"`
	BlastRadius     float64        `json:"blast_radius"`
	Findings        int            `json:"findings"`
	BySeverity      jsonBySeverity `json:"by_severity"`
	Waived          int            `json:"waived"`
}

type jsonBySeverity struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
}

func writeJSON(buf *bytes.Buffer, r *Report, _ Options) error {
	s := r.Summary
	doc := jsonDocument{
		SchemaVersion: SchemaVersion,
		Tool:          r.Tool,
		Summary: jsonSummary{
			ResourceChanges: s.ResourceChanges,
			Actions:         s.Actions,
			BlastRadius:     s.BlastRadius,
			Findings:        s.Findings,
			BySeverity: jsonBySeverity{
				Critical: s.BySeverity["critical"],
				High:     s.BySeverity["high"],
				Medium:   s.BySeverity["medium"],
				Low:      s.BySeverity["low"],
			},
			Waived: s.Waived,
		},
		Findings: r.Findings,
	}
	if doc.Findings == nil {
		doc.Findings = []Finding{} // consumers iterate it: [] never null
	}
	return encodeIndented(buf, doc)
}

// encodeIndented appends v to buf as JSON indented by two spaces, with a trailing newline and
// without HTML escaping (the documents are not embedded in HTML; messages stay readable). The
// bytes are those of an Encoder with SetIndent, which indents into a buffer grown by doubling:
// for a report of tens of thousands of findings, copying and zeroing those buffers took longer
// than encoding. json.Indent sizes its output once.
func encodeIndented(buf *bytes.Buffer, v any) error {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // Encode ends with the trailing newline
		return err
	}
	return json.Indent(buf, compact.Bytes(), "", "  ")
}
