package provider

import (
	"maps"
	"testing"
)

func TestSilenceDiscardedLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_OPEX": "off"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"terraform discards provider logs", map[string]string{}, off},
		{"TF_LOG_CORE alone leaves provider logs off in Terraform", map[string]string{"TF_LOG_CORE": "trace"},
			merge(map[string]string{"TF_LOG_CORE": "trace"}, off)},
		{"a more specific SDK level is still discarded", map[string]string{"TF_LOG_SDK_FRAMEWORK": "trace"}, off},
		{"TF_LOG shows them", map[string]string{"TF_LOG": "debug"}, map[string]string{"TF_LOG": "debug"}},
		{"TF_LOG_PROVIDER shows them", map[string]string{"TF_LOG_PROVIDER": "trace", "TF_LOG_SDK_PROTO": "warn"},
			map[string]string{"TF_LOG_PROVIDER": "trace", "TF_LOG_SDK_PROTO": "warn"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := maps.Clone(tc.env)
			SilenceDiscardedLogs(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if !maps.Equal(env, tc.want) {
				t.Errorf("environment = %v, want %v", env, tc.want)
			}
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}
