package planfile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The plan below plants a distinct secret in every place Terraform marks
// sensitive; "visible-*" values are not sensitive and must survive.
const secretPlan = `{
  "format_version": "1.2",
  "variables": {
    "db_password": {"value": "S3CRET-var-password"},
    "region": {"value": "visible-region"}
  },
  "configuration": {"root_module": {
    "variables": {
      "db_password": {"sensitive": true, "default": "S3CRET-var-default"},
      "region": {}
    },
    "outputs": {"token": {"sensitive": true, "expression": {"constant_value": "S3CRET-output-literal"}}},
    "module_calls": {"db": {"source": "./db",
      "expressions": {"pw": {"constant_value": "S3CRET-module-arg"}, "size": {"constant_value": "visible-size"}},
      "module": {"variables": {"pw": {"sensitive": true, "default": "S3CRET-module-default"}, "size": {}}}}},
    "resources": [{"address": "aws_db_instance.main", "expressions": {
      "password": {"constant_value": "S3CRET-literal-in-config"},
      "engine": {"constant_value": "visible-engine"}
    }}]
  }},
  "resource_changes": [
    {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
     "change": {
       "actions": ["update"],
       "before": {"password": "S3CRET-before-pw", "engine": "visible-engine", "port": 5432,
                  "nested": [{"token": "S3CRET-before-nested", "name": "visible-nested"}]},
       "after": {"password": "S3CRET-literal-in-config", "engine": "visible-engine", "port": 31337,
                 "nested": [{"token": "S3CRET-after-nested", "name": "visible-nested"}],
                 "whole": {"a": "S3CRET-whole-a", "b": ["S3CRET-whole-b"], "c": true, "d": null}},
       "before_sensitive": {"password": true, "nested": [{"token": true}]},
       "after_sensitive": {"password": true, "port": true, "nested": [{"token": true}], "whole": true}
     }},
    {"address": "random_password.p", "mode": "managed", "type": "random_password", "name": "p",
     "change": {"actions": ["create"], "before": null, "after": "S3CRET-whole-after",
                "after_sensitive": true, "before_sensitive": false}}
  ],
  "resource_drift": [
    {"address": "aws_db_instance.main", "change": {"actions": ["update"],
      "before": {"password": "S3CRET-drift-before"}, "after": {"password": "S3CRET-drift-after"},
      "before_sensitive": {"password": true}, "after_sensitive": {"password": true}}}
  ],
  "output_changes": {
    "conn": {"actions": ["create"], "before": null, "after": "S3CRET-output-after",
             "before_sensitive": false, "after_sensitive": true},
    "obj": {"actions": ["update"], "before": {"k": "S3CRET-output-obj-before", "v": "visible-out"},
            "after": {"k": "S3CRET-output-obj-after", "v": "visible-out"},
            "before_sensitive": {"k": true}, "after_sensitive": {"k": true}},
    "plain": {"actions": ["create"], "after": "visible-output", "after_sensitive": false},
    "old_style": {"actions": ["create"], "before": null, "after": "S3CRET-unmarked-output-change"}
  },
  "planned_values": {
    "outputs": {"conn": {"sensitive": true, "value": "S3CRET-planned-output"},
                "old_style": {"sensitive": true},
                "plain": {"sensitive": false, "value": "visible-output"}},
    "root_module": {
      "resources": [
        {"address": "aws_db_instance.main", "values": {"password": "S3CRET-literal-in-config", "engine": "visible-engine"},
         "sensitive_values": {"password": true}},
        {"address": "random_password.p", "values": {"result": "S3CRET-old-format-result"}}
      ],
      "child_modules": [{"address": "module.m", "resources": [
        {"address": "module.m.aws_secret.s", "values": {"secret_string": "S3CRET-child-module", "name": "visible-child"},
         "sensitive_values": {"secret_string": true}}
      ]}]
    }
  },
  "prior_state": {"values": {
    "outputs": {"conn": {"sensitive": true, "value": "S3CRET-prior-output"}},
    "root_module": {"resources": [
      {"address": "aws_db_instance.main", "values": {"password": "S3CRET-before-pw", "nested": [{"token": "S3CRET-prior-nested"}]},
       "sensitive_values": {"nested": [{"token": true}]}}
    ]}
  }}
}`

func TestMaskSensitive(t *testing.T) {
	p, err := Decode(strings.NewReader(secretPlan), "secret.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(p.Doc)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "S3CRET") || strings.Contains(string(out), "31337") {
		t.Errorf("a sensitive value survived masking:\n%s", out)
	}
	for _, keep := range []string{"visible-region", "visible-engine", "visible-nested", "visible-out", "visible-output", "visible-child", "visible-size", `"port":5432`} {
		if !strings.Contains(string(out), keep) {
			t.Errorf("non-sensitive %s was masked", keep)
		}
	}
	want := []string{
		"31337",
		"S3CRET-after-nested", "S3CRET-before-nested", "S3CRET-before-pw", "S3CRET-child-module",
		"S3CRET-drift-after", "S3CRET-drift-before", "S3CRET-literal-in-config",
		"S3CRET-module-arg", "S3CRET-module-default", "S3CRET-old-format-result", "S3CRET-output-after",
		"S3CRET-output-literal", "S3CRET-output-obj-after",
		"S3CRET-output-obj-before", "S3CRET-planned-output", "S3CRET-prior-nested",
		"S3CRET-prior-output", "S3CRET-unmarked-output-change", "S3CRET-var-default", "S3CRET-var-password",
		"S3CRET-whole-a", "S3CRET-whole-after", "S3CRET-whole-b",
	}
	if !reflect.DeepEqual(p.Sensitive, want) {
		t.Errorf("Sensitive\n got %q\nwant %q", p.Sensitive, want)
	}

	// Shape: a wholly sensitive object keeps its keys, leaves become Mask,
	// null stays null.
	rc := p.Doc["resource_changes"].([]any)[0].(map[string]any)
	whole := rc["change"].(map[string]any)["after"].(map[string]any)["whole"]
	wantWhole := map[string]any{"a": Mask, "b": []any{Mask}, "c": Mask, "d": nil}
	if !reflect.DeepEqual(whole, wantWhole) {
		t.Errorf("whole = %#v", whole)
	}
	after := rc["change"].(map[string]any)["after"].(map[string]any)
	if after["port"] != Mask {
		t.Errorf("sensitive number = %#v", after["port"])
	}
}

func TestMaskSkipsEmptyAndPremasked(t *testing.T) {
	in := `{"format_version":"1.1","resource_changes":[{"address":"a.b","change":{"actions":["update"],
	  "before":{"k":"","m":"(sensitive value)","f":false},"after":{"k":"","m":"x-secret-x","f":true},
	  "before_sensitive":{"k":true,"m":true,"f":true},"after_sensitive":{"k":true,"m":true,"f":true}}}]}`
	p, err := Decode(strings.NewReader(in), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Sensitive, []string{"x-secret-x"}) {
		t.Errorf("Sensitive = %q", p.Sensitive)
	}
	after := p.Doc["resource_changes"].([]any)[0].(map[string]any)["change"].(map[string]any)["after"].(map[string]any)
	if after["k"] != Mask || after["f"] != Mask || after["m"] != Mask {
		t.Errorf("after = %#v", after)
	}
}

// Sensitivity shapes that disagree with the value (hand-edited or truncated
// plans) must not panic or mask the wrong thing.
func TestMaskMismatchedShapes(t *testing.T) {
	in := `{"format_version":"1.2","resource_changes":[
	  {"address":"a.b","change":{"actions":["update"],"after":"plain","after_sensitive":{"x":true}}},
	  {"address":"a.c","change":{"actions":["update"],"after":{"x":"v"},"after_sensitive":[true]}},
	  {"address":"a.d","change":{"actions":["update"],"after":["v1"],"after_sensitive":[false,true]}},
	  {"address":"a.e","change":{"actions":["update"],"after":{"x":"v"},"after_sensitive":"yes"}}],
	  "output_changes":{"o":"not an object"},
	  "planned_values":{"outputs":{"o":[1]},"root_module":{"resources":[7,{"values":1,"sensitive_values":true}],"child_modules":"x"}},
	  "configuration":{"root_module":{"variables":{"v":{"sensitive":"yes"}}}}}`
	p, err := Decode(strings.NewReader(in), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Sensitive, []string{"1"}) {
		t.Errorf("Sensitive = %q", p.Sensitive)
	}
}
