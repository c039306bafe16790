package report

import (
	"os"
	"path/filepath"
	"testing"
)

// planReport is a hand-built plan-mode report exercising every rendering path: several rules
// and severities, a plan-wide finding, a finding without a file, waivers from a .tf comment and
// from .opexlint.hcl, a rule without a descriptor (expired-waiver), a passing and a disabled
// rule, and a message carrying %, \n, |, <script>, ',' and ':'.
func planReport() *Report {
	return &Report{
		Tool: Tool{Name: "opexlint", Version: "1.2.3"},
		Summary: Summary{
			ResourceChanges: 14,
			Actions:         Actions{Create: 5, Update: 4, Delete: 2, Replace: 3},
			BlastRadius:     23.5,
			Findings:        8,
			BySeverity:      map[string]int{"critical": 1, "high": 3, "medium": 3, "low": 1},
			Waived:          2,
		},
		Findings: []Finding{
			{RuleID: "stateful-destroy", Severity: "critical", Title: "Stateful resource destroyed",
				Message:   "aws_db_instance.main is deleted and holds data; set lifecycle.prevent_destroy",
				Principle: "anticipate-failure", FocusArea: "prepare",
				Address: "module.db.aws_db_instance.main", File: "modules/db/main.tf", Line: 12},
			{RuleID: "large-batch", Severity: "high", Title: "Large batch change",
				Message:   "34 resources change in one plan (limit 20): split the change | stage it",
				Principle: "small-reversible-changes", FocusArea: "prepare"},
			{RuleID: "no-rollback", Severity: "high", Title: "No rollback path",
				Message:   "100% of traffic shifts at once,\nno rollback: alias `live` <script>alert(1)</script> | see main.tf:40",
				Principle: "small-reversible-changes", FocusArea: "prepare",
				Address: `aws_lambda_function.api["eu-west-1"]`, File: "app/api gateway.tf", Line: 40},
			{RuleID: "missing-alarm", Severity: "medium", Title: "Missing alarm",
				Message:   "queue jobs has no CloudWatch alarm on ApproximateAgeOfOldestMessage",
				Principle: "anticipate-failure", FocusArea: "operate", Address: "aws_sqs_queue.jobs"},
			{RuleID: "missing-alarm", Severity: "medium", Title: "Missing alarm",
				Message:   "queue jobs has no dead-letter queue alarm",
				Principle: "anticipate-failure", FocusArea: "operate", Address: "aws_sqs_queue.jobs"},
			{RuleID: "expired-waiver", Severity: "medium", Title: "Expired waiver",
				Message:   "waiver for missing-alarm on aws_sqs_queue.jobs expired on 2026-01-31",
				Principle: "refine-procedures", FocusArea: "evolve", File: ".opexlint.hcl", Line: 14},
			{RuleID: "missing-tags", Severity: "low", Title: "Missing ownership tags",
				Message:   "aws_s3_bucket.logs has no owner tag",
				Principle: "operations-as-code", FocusArea: "organization",
				Address: "aws_s3_bucket.logs", File: "storage/s3.tf", Line: 7,
				Waived: true, WaiverReason: "tagged by the organisation's tag policy", WaiverUntil: "2027-01-31",
				WaiverSource: ".opexlint.hcl:9"},
			{RuleID: "stateful-destroy", Severity: "critical", Title: "Stateful resource destroyed",
				Message:   "aws_db_instance.replica[0] is deleted and holds data; set lifecycle.prevent_destroy",
				Principle: "anticipate-failure", FocusArea: "prepare",
				Address: "module.db.aws_db_instance.replica[0]", File: "modules/db/main.tf", Line: 30,
				Waived: true, WaiverReason: "replicas are rebuilt nightly", WaiverSource: "modules/db/main.tf:28"},
		},
		Mode: "plan",
		Rules: []Rule{
			{ID: "stateful-destroy", Title: "Stateful resource destroyed", Severity: "critical",
				Description: "Deleting or replacing a stateful resource (database, volume, bucket) loses data and cannot be rolled back.",
				Principle:   "anticipate-failure", FocusArea: "prepare", RequiresPlan: true, Enabled: true,
				Remediation: "Add `lifecycle { prevent_destroy = true }` or migrate the data first."},
			{ID: "large-batch", Title: "Large batch change", Severity: "high",
				Description: "A plan that changes many resources at once is hard to review and to roll back.",
				Principle:   "small-reversible-changes", FocusArea: "prepare", RequiresPlan: true, Enabled: true,
				Remediation: "Split the change into smaller plans."},
			{ID: "no-rollback", Title: "No rollback path", Severity: "high",
				Description: "Traffic moves to a new version with no way back.",
				Principle:   "small-reversible-changes", FocusArea: "prepare", RequiresPlan: true, Enabled: true,
				Remediation: "Use weighted aliases or a deployment configuration with automatic rollback."},
			{ID: "missing-alarm", Title: "Missing alarm", Severity: "medium",
				Description: "A workload component without an alarm fails silently.",
				Principle:   "anticipate-failure", FocusArea: "operate", Enabled: true,
				Remediation: "Add a CloudWatch alarm on the component's health metric."},
			{ID: "missing-tags", Title: "Missing ownership tags", Severity: "low",
				Description: "Resources without an owner tag have no one to page.",
				Principle:   "operations-as-code", FocusArea: "organization", Enabled: true,
				Remediation: "Tag the resource with owner and service."},
			{ID: "runbook-required", Title: "Production without runbook", Severity: "high",
				Description: "A production workload needs a runbook.",
				Principle:   "refine-procedures", FocusArea: "operate", Enabled: true,
				Remediation: "Declare an opex_runbook for the workload."},
			{ID: "off-hours-schedule", Title: "Non-production runs around the clock", Severity: "low",
				Description: "Environments that are not used at night should be turned off.",
				Principle:   "operations-as-code", FocusArea: "prepare", Enabled: false,
				Remediation: "Add a schedule that stops the environment outside working hours."},
		},
		FailOn: "high",
		Failed: true,
	}
}

// hclReport is a configuration-only run: plan rules skipped, nothing at or above fail-on.
func hclReport() *Report {
	r := &Report{
		Tool:    Tool{Name: "opexlint", Version: "1.2.3"},
		Summary: Summary{Findings: 2, BySeverity: map[string]int{"medium": 1, "low": 1}},
		Findings: []Finding{
			{RuleID: "missing-tags", Severity: "low", Title: "Missing ownership tags",
				Message: "aws_s3_bucket.logs has no owner tag", Principle: "operations-as-code",
				FocusArea: "organization", Address: "aws_s3_bucket.logs", File: "storage/s3.tf", Line: 7},
			{RuleID: "missing-alarm", Severity: "medium", Title: "Missing alarm",
				Message: "queue jobs has no CloudWatch alarm", Principle: "anticipate-failure",
				FocusArea: "operate", Address: "aws_sqs_queue.jobs", File: "queues.tf", Line: 3},
		},
		Mode: "hcl",
		Skipped: []SkippedRule{
			{ID: "stateful-destroy", Reason: "requires a plan"},
			{ID: "large-batch", Reason: "requires a plan"},
			{ID: "no-rollback", Reason: "requires a plan"},
		},
		FailOn: "high",
	}
	for _, rule := range planReport().Rules {
		if rule.ID != "off-hours-schedule" {
			r.Rules = append(r.Rules, rule)
		}
	}
	return r
}

// emptyReport is a clean plan: no findings at all.
func emptyReport() *Report {
	return &Report{
		Tool:    Tool{Name: "opexlint", Version: "1.2.3"},
		Summary: Summary{ResourceChanges: 1, Actions: Actions{Update: 1}, BlastRadius: 1},
		Mode:    "plan",
		Rules:   planReport().Rules[:2],
		FailOn:  "high",
	}
}

var fixtures = []struct {
	name   string
	report func() *Report
}{
	{"plan", planReport},
	{"hcl", hclReport},
	{"empty", emptyReport},
}

// sarifSchemaPath is the OASIS schema in the shared folder next to the repository, or "" when
// it is absent.
func sarifSchemaPath(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
