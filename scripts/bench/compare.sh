#!/usr/bin/env bash
# Whole-process performance comparison of issue 6 (run by `make bench`).
#
# In one run on one machine it generates plans of each size (plan JSON plus
# the matching .tf tree) with opexplangen and times, as medians of BENCH_RUNS
# runs (hyperfine when installed, else a loop; commands compared by a target
# are timed in turns, see rounds):
#   floor     scripts/bench/floor: encoding/json decode into map[string]any
#   opexlint  bin/opexlint check --format json --fail-on none PLAN   (and --dir TREE)
#   conftest  bin/conftest test --all-namespaces -p policies PLAN
#   opa       bin/opa eval -d policies -i PLAN data.opex.rules
# plus opexlint's HCL-only mode on a generated tree of 2,000+ files against
# scripts/bench/hclfloor (hcl/v2 parsing alone), and `terraform plan` of
# BENCH_PROVIDER_COUNT opex_improvement resources against as many terraform_data.
# Peak RSS comes from one extra run of each command under /usr/bin/time.
# It writes build/bench/results.md and exits 1 when a target below is missed
# (2 when something needed is missing or a tool fails).
#
# Environment: BENCH_SIZES (default "1000 10000 100000"), BENCH_RUNS (5),
# BENCH_SEED (1), BENCH_HCL_MODULES (400), BENCH_PROVIDER_COUNT (500),
# BENCH_SKIP ("" or words among: conftest opa hcl provider), BENCH_CAP (300:
# seconds after which a conftest or opa run is stopped; its time is then
# recorded as a lower bound, shown as ">= CAP"), OPEXLINT (the
# binary to measure, default bin/opexlint), BENCH_BIN (directory holding
# opexlint, terraform-provider-opex, terraform, conftest and opa; default bin/).
set -euo pipefail

# Targets of issue 6 (ratios of medians of >= 5 runs).
T_FLOOR=2.0      # opexlint at 10k <= 2x the floor
T_CONFTEST=5.0   # conftest at 10k >= 5x opexlint's time
T_SCALE=12.0     # opexlint at 100k <= 12x its time at 10k
T_RSS=4.0        # opexlint peak RSS at 100k <= 4x the plan file size
T_DIR=1.10       # --dir (locating in the .tf tree) adds <= 10% (every size >= 10k)
T_HCL=3.0        # HCL-only mode <= 3x hcl/v2 parsing of the same files
T_PROVIDER=1.5   # terraform plan of opex resources <= 1.5x terraform_data

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${BENCH_BIN:-$ROOT/bin}
OUT=$ROOT/build/bench
TOOLS=$OUT/bin
SIZES=${BENCH_SIZES:-1000 10000 100000}
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
HCL_MODULES=${BENCH_HCL_MODULES:-400}
PROVIDER_COUNT=${BENCH_PROVIDER_COUNT:-500}
SKIP=" ${BENCH_SKIP:-} "
CAP=${BENCH_CAP:-300}
CONFTEST_VERSION=v0.71.1
OPA_VERSION=v1.22.3
GO=${GO:-go}

die() { echo "bench: $*" >&2; exit 2; }
note() { echo "bench: $*" >&2; }
skipped() { [[ $SKIP == *" $1 "* ]]; }

[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || die "BENCH_RUNS must be a positive integer, got '$RUNS'"
[[ $CAP =~ ^[0-9]+$ && $CAP -ge 1 ]] || die "BENCH_CAP must be a positive number of seconds, got '$CAP'"
for n in $SIZES; do [[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || die "BENCH_SIZES holds '$n', not a positive integer"; done
command -v jq >/dev/null || die "jq is required (apt-get install -y jq)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is required for peak RSS (apt-get install -y time)"
OPEXLINT=${OPEXLINT:-$BIN/opexlint}
[[ -x $OPEXLINT ]] || die "$OPEXLINT is missing: run 'make build' first (opexlint is what this benchmark measures)"
if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=loop; note "hyperfine not installed: timing with a loop (apt-get install -y hyperfine)"; fi

mkdir -p "$OUT" "$TOOLS"
cd "$ROOT"

# Helper programs, always rebuilt (cheap) so they match the tree.
$GO build -o "$TOOLS/opexplangen" ./lint/cmd/opexplangen
$GO build -o "$TOOLS/floor" ./scripts/bench/floor
$GO build -o "$TOOLS/hclfloor" ./scripts/bench/hclfloor
# The plugin floor is installed as terraform-provider-opex, in a directory of its own.
$GO build -o "$TOOLS/pluginfloor/terraform-provider-opex" ./scripts/bench/pluginfloor

# conftest and opa are built once from the Go module proxy into bin/.
if ! skipped conftest && [[ ! -x $BIN/conftest ]]; then
  note "building conftest $CONFTEST_VERSION into bin/ (once; slow)"
  GOBIN=$BIN $GO install github.com/open-policy-agent/conftest@$CONFTEST_VERSION
fi
if ! skipped opa && [[ ! -x $BIN/opa ]]; then
  note "building opa $OPA_VERSION into bin/ (once)"
  GOBIN=$BIN $GO install github.com/open-policy-agent/opa@$OPA_VERSION
fi

# generate DIR plan|tree ARGS...: the plan and its tree (or the tree only),
# reused when the generator and the arguments are unchanged.
generate() {
  local dir=$1 what=$2; shift 2
  local stamp out=()
  stamp="$(sha256sum "$TOOLS/opexplangen" | cut -d' ' -f1) $what $*"
  if [[ -f $dir/stamp && $(cat "$dir/stamp") == "$stamp" ]]; then
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [[ $what == plan ]] && out=(-out "$dir/plan.json")
  "$TOOLS/opexplangen" "$@" "${out[@]}" -tf-dir "$dir/tree" -stats >"$dir/stats.json"
  echo "$stamp" >"$dir/stamp"
}

# measure NAME OKCODES CMD...: median wall seconds into $OUT/m/NAME.time and
# peak RSS (KiB) into NAME.rss. OKCODES lists accepted exit codes ("0" or "0 1").
# A first run checks them: a failing tool is recorded (NAME.failed, listed in
# results.md, exit 2 at the end) and not timed, and the benchmark goes on.
# With MEASURE_CAP=SECONDS in the environment, a first run that takes longer is
# stopped: NAME.time then holds the cap, a lower bound (NAME.capped), and the
# timed runs are skipped (conftest needs many minutes on large plans).
# With MEASURE_LATER=1 the timed runs are left to a later `rounds` call (below).
FAILED=()
declare -A LATER
measure() {
  local name=$1 ok=$2; shift 2
  local m=$OUT/m
  mkdir -p "$m"
  local rc=0
  if [[ -n ${MEASURE_CAP:-} ]]; then
    /usr/bin/time -f %M -o "$m/$name.rss" timeout -s KILL "$MEASURE_CAP" "$@" >"$m/$name.out" 2>"$m/$name.err" || rc=$?
    if ((rc == 137)); then
      rm -f "$m/$name.rss" # what /usr/bin/time saw is timeout's, not the tool's
      echo "$MEASURE_CAP" >"$m/$name.time"
      touch "$m/$name.capped"
      printf 'bench: %-28s >= %6d s  (stopped at the cap)\n' "$name" "$MEASURE_CAP" >&2
      return 0
    fi
  else
    /usr/bin/time -f %M -o "$m/$name.rss" "$@" >"$m/$name.out" 2>"$m/$name.err" || rc=$?
  fi
  if [[ " $ok " != *" $rc "* ]]; then
    note "$name: exited $rc (accepted: $ok): $(grep -v -e '^Command exited' -e '^[0-9]*$' "$m/$name.err" | head -1)"
    echo "$rc" >"$m/$name.failed"
    rm -f "$m/$name.rss"
    FAILED+=("$name: \`$*\` exited $rc: $(grep -v -e '^Command exited' -e '^[0-9]*$' "$m/$name.err" | head -1)")
    return 1
  fi
  # /usr/bin/time appends its own note when the command fails; keep the number.
  grep -E '^[0-9]+$' "$m/$name.rss" | tail -1 >"$m/$name.rss.tmp" && mv "$m/$name.rss.tmp" "$m/$name.rss"
  LATER[$name]=$(printf '%q ' "$@")
  [[ -n ${MEASURE_LATER:-} ]] && return 0
  if [[ $TIMER == hyperfine ]]; then
    local ignore=()
    [[ $ok != "0" ]] && ignore=(--ignore-failure)
    hyperfine --style none --runs "$RUNS" --shell=none "${ignore[@]}" --export-json "$m/$name.json" \
      -- "${LATER[$name]}" >/dev/null 2>"$m/$name.hyperfine"
    jq -r '.results[0].median' "$m/$name.json" >"$m/$name.time"
    timed "$name"
  else
    rounds "$name"
  fi
}

# timed NAME [NOTE]: the line a timed command prints.
timed() {
  printf 'bench: %-28s %9.3f s  %8.1f MiB%s\n' "$1" "$(cat "$OUT/m/$1.time")" "$(awk '{print $1/1024}' "$OUT/m/$1.rss")" "${2:-}" >&2
}

# rounds NAME...: the BENCH_RUNS timed runs of measured commands (the loop timer),
# taken in turns (A B C, A B C, ...) rather than one command's runs after the
# other's: the targets compare these commands with each other, and on a shared
# host the load drifts over minutes, which would otherwise fall on one side of a
# ratio. hyperfine cannot interleave commands, so this is always the loop.
rounds() {
  local names=() n i s e with=
  for n in "$@"; do [[ -n ${LATER[$n]:-} ]] && names+=("$n"); done
  ((${#names[@]} > 0)) || return 0
  ((${#names[@]} > 1)) && with="  (in turns with: ${names[*]})"
  for n in "${names[@]}"; do : >"$OUT/m/$n.samples"; done
  for ((i = 0; i < RUNS; i++)); do
    for n in "${names[@]}"; do
      s=$(date +%s%N)
      eval "${LATER[$n]}" >/dev/null 2>&1 || true
      e=$(date +%s%N)
      echo "$(((e - s) / 1000))" >>"$OUT/m/$n.samples"
    done
  done
  for n in "${names[@]}"; do
    sort -n "$OUT/m/$n.samples" | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.6f\n", m/1e6}' >"$OUT/m/$n.time"
    timed "$n" "$with"
  done
}

# t NAME: median seconds; rss NAME: peak RSS in MB (empty when not measured);
# lb NAME: ">= " when NAME's time is a lower bound (stopped at the cap).
t() { [[ -f $OUT/m/$1.time ]] && awk '{ printf "%.3f", $1 }' "$OUT/m/$1.time" || true; }
lb() { [[ -f $OUT/m/$1.capped ]] && printf '>= ' || true; }
rss() { [[ -f $OUT/m/$1.rss ]] && awk '{ printf "%.1f", $1 / 1024 }' "$OUT/m/$1.rss" || true; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print ""; else printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a <= b) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a >= b) }'; }

rm -rf "$OUT/m"
declare -A PLANMB
for n in $SIZES; do
  dir=$OUT/plan-$n
  note "generating $n changes (seed $SEED)"
  generate "$dir" plan -n "$n" -seed "$SEED"
  plan=$dir/plan.json tree=$dir/tree
  PLANMB[$n]=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN { printf "%.1f", b / 1048576 }')

  MEASURE_LATER=1 measure "floor-$n" 0 "$TOOLS/floor" "$plan" || die "the floor cannot read $plan"
  [[ $(cat "$OUT/m/floor-$n.out") == "$n" ]] || die "floor read $(cat "$OUT/m/floor-$n.out") changes from $plan, want $n"

  MEASURE_LATER=1 measure "opexlint-$n" 0 "$OPEXLINT" check --format json --fail-on none "$plan" || true
  MEASURE_LATER=1 measure "opexlint-dir-$n" 0 "$OPEXLINT" check --format json --fail-on none --dir "$tree" "$plan" || true
  rounds "floor-$n" "opexlint-$n" "opexlint-dir-$n"
  for f in "opexlint-$n" "opexlint-dir-$n"; do
    [[ -f $OUT/m/$f.failed ]] && continue
    jq -e '.findings | type == "array"' "$OUT/m/$f.out" >/dev/null || die "$f: the report is not the documented JSON (see $OUT/m/$f.out)"
    # The generated plans plant values marked sensitive; no report may show one.
    if grep -q "SECRET-" "$OUT/m/$f.out"; then die "$f: the report leaks a sensitive value (SECRET-… in $OUT/m/$f.out)"; fi
  done
  if [[ ! -f $OUT/m/opexlint-dir-$n.failed ]]; then
    unlocated=$(jq '[.findings[] | select((.address // "") != "" and (.file // "") == "")] | length' "$OUT/m/opexlint-dir-$n.out")
    [[ $unlocated == 0 ]] || note "opexlint-dir-$n: $unlocated findings with an address have no file"
  fi

  if ! skipped conftest; then
    # conftest exits 1 when a policy denies, which the generated plans make it do.
    MEASURE_CAP=$CAP measure "conftest-$n" "0 1" "$BIN/conftest" test --all-namespaces --no-color -p policies "$plan" || true
  fi
  if ! skipped opa; then
    MEASURE_CAP=$CAP measure "opa-$n" 0 "$BIN/opa" eval -d policies -i "$plan" data.opex.rules || true
  fi
done

if ! skipped hcl; then
  dir=$OUT/hcl
  note "generating the HCL-only tree ($HCL_MODULES modules)"
  generate "$dir" tree -n $((HCL_MODULES * 50)) -modules "$HCL_MODULES" -seed "$SEED"
  files=$(find "$dir/tree" -name '*.tf' | wc -l)
  [[ $files -ge 2000 ]] || note "the HCL tree has $files files (< 2000): raise BENCH_HCL_MODULES"
  MEASURE_LATER=1 measure hclfloor 0 "$TOOLS/hclfloor" "$dir/tree" || die "hcl/v2 cannot parse $dir/tree"
  MEASURE_LATER=1 measure opexlint-hcl 0 "$OPEXLINT" check --format json --fail-on none "$dir/tree" || true
  rounds hclfloor opexlint-hcl
fi

if ! skipped provider; then
  [[ -x $BIN/terraform ]] || die "bin/terraform is missing: run 'make tools'"
  [[ -x $BIN/terraform-provider-opex ]] || die "bin/terraform-provider-opex is missing: run 'make build'"
  dir=$OUT/provider
  rm -rf "$dir"
  mkdir -p "$dir/opex" "$dir/data"
  cat >"$dir/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "opexhq/opex" = "$BIN"
  }
  direct {}
}
EOF
  sed "s#\"$BIN\"#\"$TOOLS/pluginfloor\"#" "$dir/cli.tfrc" >"$dir/cli-floor.tfrc"
  cat >"$dir/opex/main.tf" <<EOF
terraform {
  required_providers {
    opex = { source = "opexhq/opex" }
  }
}

resource "opex_improvement" "bench" {
  count       = $PROVIDER_COUNT
  workload_id = "7d3c6f0e-8f6a-4f0e-9b8e-2a1d4c5b6e7f"
  title       = "Improvement \${count.index}"
  source      = "retrospective"
  priority    = "p3"
  due         = "2099-01-01"
}
EOF
  cat >"$dir/data/main.tf" <<EOF
resource "terraform_data" "bench" {
  count = $PROVIDER_COUNT
  input = {
    workload_id = "7d3c6f0e-8f6a-4f0e-9b8e-2a1d4c5b6e7f"
    title       = "Improvement \${count.index}"
    source      = "retrospective"
    priority    = "p3"
    due         = "2099-01-01"
  }
}
EOF
  export TF_CLI_CONFIG_FILE=$dir/cli.tfrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
  MEASURE_LATER=1 measure tfplan-data 0 "$BIN/terraform" -chdir="$dir/data" plan -input=false -lock=false -refresh=false -no-color ||
    die "terraform cannot plan terraform_data resources (see $OUT/m/tfplan-data.err)"
  if MEASURE_LATER=1 measure tfplan-opex 0 "$BIN/terraform" -chdir="$dir/opex" plan -input=false -lock=false -refresh=false -no-color; then
    grep -q "$PROVIDER_COUNT to add" "$OUT/m/tfplan-opex.out" || die "the opex plan did not plan $PROVIDER_COUNT creates (see $OUT/m/tfplan-opex.out)"
  fi
  # The same configuration against the plugin floor: what any plugin provider costs.
  if MEASURE_LATER=1 measure tfplan-floor 0 env TF_CLI_CONFIG_FILE="$dir/cli-floor.tfrc" "$BIN/terraform" -chdir="$dir/opex" plan -input=false -lock=false -refresh=false -no-color; then
    grep -q "$PROVIDER_COUNT to add" "$OUT/m/tfplan-floor.out" || die "the plugin floor did not plan $PROVIDER_COUNT creates (see $OUT/m/tfplan-floor.out)"
  fi
  rounds tfplan-data tfplan-opex tfplan-floor
fi

# ---- results ----
status=0
rows=()
target() { # NAME VALUE OP LIMIT WHAT
  local verdict
  if [[ -z $2 ]]; then
    verdict="n/a (not measured)"
  elif { [[ $3 == "<=" ]] && le "$2" "$4"; } || { [[ $3 == ">=" ]] && ge "$2" "$4"; }; then
    verdict=PASS
  else
    verdict=FAIL
    status=1
  fi
  rows+=("| $1 | $5 | $3 $4 | ${2:-–} | $verdict |")
}

has() { [[ " $SIZES " == *" $1 "* ]]; }
if has 10000; then
  target "floor" "$(div "$(t opexlint-10000)" "$(t floor-10000)")" "<=" "$T_FLOOR" "opexlint / floor at 10k"
  # A capped conftest time is a lower bound, and so is the ratio: enough for ">=".
  skipped conftest || target "conftest" "$(div "$(t conftest-10000)" "$(t opexlint-10000)")" ">=" "$T_CONFTEST" "conftest / opexlint at 10k$([[ -f $OUT/m/conftest-10000.capped ]] && echo " (conftest stopped at $CAP s: a lower bound)")"
fi
if has 10000 && has 100000; then
  target "scale" "$(div "$(t opexlint-100000)" "$(t opexlint-10000)")" "<=" "$T_SCALE" "opexlint 100k / 10k"
fi
if has 100000; then
  target "memory" "$(div "$(rss opexlint-100000)" "${PLANMB[100000]}")" "<=" "$T_RSS" "opexlint peak RSS / plan size at 100k"
fi
for n in $SIZES; do
  ((n >= 10000)) && target "dir-$n" "$(div "$(t opexlint-dir-$n)" "$(t opexlint-$n)")" "<=" "$T_DIR" "opexlint --dir / without at $n"
done
skipped hcl || target "hcl" "$(div "$(t opexlint-hcl)" "$(t hclfloor)")" "<=" "$T_HCL" "HCL-only mode / hcl/v2 parse ($files files)"
skipped provider || target "provider" "$(div "$(t tfplan-opex)" "$(t tfplan-data)")" "<=" "$T_PROVIDER" "terraform plan: $PROVIDER_COUNT opex / terraform_data"

{
  echo "# opexlint benchmark results"
  echo
  echo "Generated by \`scripts/bench/compare.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')."
  echo "Medians of $RUNS runs; the commands a target compares (floor, opexlint, --dir; hclfloor and"
  echo "HCL-only mode; the three terraform plans) timed in turns with a loop, conftest and opa ($TIMER)"
  echo "one after the other; peak RSS from one run under /usr/bin/time."
  ((RUNS >= 5)) || echo "**Fewer than 5 runs: indicative only; the targets are defined on medians of at least 5 runs.**"
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) CPUs available)"
  echo "- Memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- OS: $(uname -sr); $($GO version | cut -d' ' -f3-)"
  echo "- Tools: $("$OPEXLINT" version 2>/dev/null | head -1 || echo 'opexlint ?'); $("$BIN/conftest" --version 2>/dev/null | head -1 || echo 'conftest not used'); opa $("$BIN/opa" version 2>/dev/null | head -1 | sed 's/^Version: //' || echo 'not used'); $("$BIN/terraform" version 2>/dev/null | head -1 || echo 'terraform not used')"
  echo
  echo "## Plans"
  echo
  echo "| changes | plan MB | floor s | opexlint s | --dir s | conftest s | opa s | b/a | c/b | opexlint RSS MB | RSS / plan |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    echo "| $n | ${PLANMB[$n]} | $(t floor-$n) | $(t opexlint-$n) | $(t opexlint-dir-$n) | $(lb conftest-$n)$(t conftest-$n) | $(lb opa-$n)$(t opa-$n) | $(div "$(t opexlint-$n)" "$(t floor-$n)") | $(lb conftest-$n)$(div "$(t conftest-$n)" "$(t opexlint-$n)") | $(rss opexlint-$n) | $(div "$(rss opexlint-$n)" "${PLANMB[$n]}") |"
  done
  echo
  echo "| changes | floor RSS MB | opexlint --dir RSS MB | conftest RSS MB | opa RSS MB |"
  echo "|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    echo "| $n | $(rss floor-$n) | $(rss opexlint-dir-$n) | $(rss conftest-$n) | $(rss opa-$n) |"
  done
  if has 10000 && has 100000; then
    scale() { if [[ -f $OUT/m/$1-100000.capped || -f $OUT/m/$1-10000.capped ]]; then echo "n/a (stopped at the cap)"; else div "$(t "$1-100000")" "$(t "$1-10000")"; fi; }
    echo "Scaling 100k/10k: floor $(scale floor), opexlint $(scale opexlint), conftest $(scale conftest), opa $(scale opa)."
  fi
  if ! skipped hcl; then
    echo
    echo "HCL-only mode on $files files: hcl/v2 parse $(t hclfloor) s, opexlint $(t opexlint-hcl) s (RSS $(rss opexlint-hcl) MB)."
  fi
  if ! skipped provider; then
    echo "terraform plan of $PROVIDER_COUNT resources: terraform_data $(t tfplan-data) s, opex_improvement $(t tfplan-opex) s;"
    echo "against the plugin floor (scripts/bench/pluginfloor: the same schema, no framework, no logic) $(t tfplan-floor) s."
    echo "Plugin floor / terraform_data: $(div "$(t tfplan-floor)" "$(t tfplan-data)") (no plugin provider can do better); opex / plugin floor: $(div "$(t tfplan-opex)" "$(t tfplan-floor)")."
  fi
  echo
  echo "## Targets (issue 6)"
  echo
  echo "| target | measure | limit | value | verdict |"
  echo "|---|---|---|---:|---|"
  ((${#rows[@]} > 0)) || rows=("| – | no target applies to the sizes and parts measured | | | n/a |")
  printf '%s\n' "${rows[@]}"
  echo
  if ((${#FAILED[@]} > 0)); then
    echo "## Errors (not timed)"
    echo
    printf -- '- %s\n' "${FAILED[@]}"
    echo
  fi
  echo "## Commands"
  echo
  echo '```sh'
  echo "build/bench/bin/opexplangen -n N -seed $SEED -out build/bench/plan-N/plan.json -tf-dir build/bench/plan-N/tree"
  echo "build/bench/bin/floor PLAN"
  echo "bin/opexlint check --format json --fail-on none PLAN"
  echo "bin/opexlint check --format json --fail-on none --dir TREE PLAN"
  echo "bin/conftest test --all-namespaces --no-color -p policies PLAN"
  echo "bin/opa eval -d policies -i PLAN data.opex.rules"
  echo "build/bench/bin/hclfloor build/bench/hcl/tree; bin/opexlint check --format json --fail-on none build/bench/hcl/tree"
  echo "TF_CLI_CONFIG_FILE=build/bench/provider/cli.tfrc bin/terraform -chdir=build/bench/provider/{data,opex} plan -input=false -lock=false -refresh=false"
  echo "TF_CLI_CONFIG_FILE=build/bench/provider/cli-floor.tfrc bin/terraform -chdir=build/bench/provider/opex plan -input=false -lock=false -refresh=false"
  echo '```'
} >"$OUT/results.md"

cat "$OUT/results.md"
if ((${#FAILED[@]} > 0)); then
  echo "bench: ${#FAILED[@]} command(s) failed and were not timed (see build/bench/results.md)" >&2
  exit 2
fi
if ((status != 0)); then
  echo "bench: a target of issue 6 was missed (see build/bench/results.md)" >&2
fi
exit $status
