package planfile

import (
	"bytes"
	"fmt"
	"testing"
)

// bigPlan builds a plan of n resource changes with nested values and
// sensitive attributes, about 1 KB per change.
func bigPlan(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"format_version":"1.2","resource_changes":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"address":"module.m[%d].aws_instance.web[%d]","mode":"managed","type":"aws_instance","name":"web",`+
			`"change":{"actions":["update"],"before":{"ami":"ami-%d","password":"pw-%d","tags":{"env":"prod","team":"a"},"ebs":[{"size":100,"type":"gp3"},{"size":200,"type":"io2"}]},`+
			`"after":{"ami":"ami-%d","password":"pw-%d-new","tags":{"env":"prod","team":"b"},"ebs":[{"size":100,"type":"gp3"},{"size":300,"type":"io2"}]},`+
			`"after_unknown":{"id":true},"before_sensitive":{"password":true},"after_sensitive":{"password":true,"ebs":[{},{"size":true}]}}}`,
			i, i, i, i, i, i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	data := bigPlan(20000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Decode(bytes.NewReader(data), "big.json"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeInput is BenchmarkDecode through the fast path (straight into OPA values).
func BenchmarkDecodeInput(b *testing.B) {
	data := bigPlan(20000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeInput(data, "big.json", nil); err != nil {
			b.Fatal(err)
		}
	}
}
