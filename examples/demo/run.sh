#!/usr/bin/env bash
# make demo: builds nothing itself (the Makefile does), plans examples/demo with the real terraform
# and the local provider (dev_overrides), then lints the plan with opexlint.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/bin"
out="$root/build/demo"
tf="${TERRAFORM:-$bin/terraform}"
rm -rf "$out" && mkdir -p "$out/work"
cp "$root"/examples/demo/*.tf "$out/work/"

# A throwaway CLI config that points Terraform at the provider built into bin/.
cat > "$out/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "opexhq/opex" = "$bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$out/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

echo "==> terraform plan of examples/demo (payments workload + terraform_data stand-ins)"
cd "$out/work"
# No `terraform init`: dev_overrides providers and the built-in terraform_data need none (init
# would try to reach the registry for opexhq/opex).
"$tf" plan -input=false -no-color -out="$out/plan.tfplan" >"$out/plan.log" 2>&1 || { cat "$out/plan.log"; exit 1; }
"$tf" show -json "$out/plan.tfplan" >"$out/plan.json"
grep -E '^Plan:|review_overdue|passed|score' "$out/plan.log" | sed 's/^/    /' | head -20

echo
echo "==> opexlint check --environment production --dir examples/demo (text; exit 1 means findings at or above --fail-on high)"
status=0
"$bin/opexlint" check --environment production --dir "$out/work" "$out/plan.json" || status=$?
"$bin/opexlint" check --environment production --dir "$out/work" --format markdown --output "$out/report.md" "$out/plan.json" || true
"$bin/opexlint" check --environment production --dir "$out/work" --format sarif --output "$out/report.sarif" "$out/plan.json" || true
echo
echo "What this shows: the readiness gate for production fails (no telemetry, no rollback plan,"
echo "an overdue runbook review), and the change is a large batch for production, whose"
echo "opex_environment declares max_batch_size = 10. Reports: $out/report.md, $out/report.sarif"
echo "(opexlint exit status $status)"
[ "$status" -le 1 ]
