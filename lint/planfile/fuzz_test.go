package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzDecode: any input gives a plan or a one-line *InputError, never a
// panic; a decoded plan re-marshals and has no masked value left unmasked
// where Terraform marked it.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(secretPlan))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["forget"]}}]}`))
	f.Add([]byte(`{"format_version":"0.1","planned_values":{"root_module":{"resources":[{"address":"a.b","values":{"x":"y"}}]}},"resource_changes":[{"address":"a.b","change":{"after":{"x":"y"},"after_sensitive":{"x":true}}}]}`))
	f.Add([]byte(`[{"format_version":"2.0"}]`))
	f.Add([]byte("{\"a\": \"\xff\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode(bytes.NewReader(data), "f.json")
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T: %v", err, err)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		out, err := json.Marshal(p.Doc)
		if err != nil {
			t.Fatalf("re-marshal: %v", err)
		}
		// Masking is idempotent: decoding the masked document finds nothing
		// new that is sensitive, except the mask text itself.
		q, err := Decode(bytes.NewReader(out), "again.json")
		if err != nil {
			t.Fatalf("masked plan does not decode: %v", err)
		}
		if len(q.Sensitive) != 0 {
			t.Fatalf("values still marked sensitive after masking: %q", q.Sensitive)
		}
	})
}
