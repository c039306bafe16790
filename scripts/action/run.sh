#!/usr/bin/env bash
# Runs opexlint for the GitHub Action (action.yml): once for the job log (annotations or text),
# then once per report file. Inputs arrive as INPUT_* environment variables; results go to
# $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. Exits 0 when opexlint ran (findings or not) so that
# the SARIF upload and the PR comment still happen; the action's last step fails the job on
# findings. Exits 2 on a usage, input or policy error.
set -euo pipefail

die() { echo "::error title=opexlint::$*" >&2; exit 2; }
is_true() { case "${1,,}" in true | yes | 1 | on) return 0 ;; *) return 1 ;; esac; }
# trim strips surrounding white space only (xargs would also eat quotes inside parameter values).
trim() {
	local s=$1
	s="${s#"${s%%[![:space:]]*}"}"
	printf '%s' "${s%"${s##*[![:space:]]}"}"
}

opexlint=${OPEXLINT:-opexlint}
command -v "$opexlint" >/dev/null 2>&1 || die "opexlint not found (looked for '$opexlint'); the install step should have put it on PATH"

path=${INPUT_PATH:-.}
log_format=${INPUT_FORMAT:-github}
out_dir=${INPUT_OUTPUT_DIR:-}
[ -n "$out_dir" ] || out_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/opexlint"
[ -e "$path" ] || die "path '$path' does not exist (relative to $(pwd))"

case "$log_format" in
text | github | json | sarif | junit | markdown) ;;
*) die "format '$log_format' is not one of text, github, json, sarif, junit, markdown" ;;
esac

# Flags shared by every run, in the order of the contract.
args=()
[ -z "${INPUT_DIR:-}" ] || args+=(--dir "$INPUT_DIR")
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
# policy and params are lists: one per line, or comma-separated for policy directories.
while IFS= read -r dir; do
	dir=$(trim "$dir")
	[ -z "$dir" ] || args+=(--policy "$dir")
done < <(printf '%s\n' "${INPUT_POLICY:-}" | tr ',' '\n')
[ -z "${INPUT_FAIL_ON:-}" ] || args+=(--fail-on "$INPUT_FAIL_ON")
[ -z "${INPUT_ENVIRONMENT:-}" ] || args+=(--environment "$INPUT_ENVIRONMENT")
while IFS= read -r kv; do
	kv=$(trim "$kv")
	[ -z "$kv" ] && continue
	[[ "$kv" == *=* ]] || die "params: '$kv' is not KEY=VALUE"
	args+=(--param "$kv")
done < <(printf '%s\n' "${INPUT_PARAMS:-}")

# The report files to write: the reports input plus what the other inputs need.
declare -A want=()
IFS=', ' read -ra reports <<<"${INPUT_REPORTS:-}"
for f in "${reports[@]}"; do
	case "$f" in
	json | sarif | junit | markdown | text | github) want[$f]=1 ;;
	*) die "reports: '$f' is not one of json, sarif, junit, markdown, text, github" ;;
	esac
done
is_true "${INPUT_UPLOAD_SARIF:-false}" && want[sarif]=1
if is_true "${INPUT_COMMENT:-false}" || is_true "${INPUT_SUMMARY:-false}"; then want[markdown]=1; fi

ext_of() {
	case "$1" in
	json) echo json ;; sarif) echo sarif ;; junit) echo xml ;; markdown) echo md ;; text | github) echo txt ;;
	esac
}

# Findings name files relative to the configuration root (--dir, or the linted directory);
# annotations and code scanning want paths from the repository root. prefix is the way there.
base=""
if [ -n "${INPUT_DIR:-}" ]; then base=$INPUT_DIR; elif [ -d "$path" ]; then base=$path; fi
prefix=""
if [ -n "$base" ] && [ -d "$base" ] && [ -n "${GITHUB_WORKSPACE:-}" ] && [ -d "$GITHUB_WORKSPACE" ]; then
	abs=$(cd "$base" && pwd -P)
	ws=$(cd "$GITHUB_WORKSPACE" && pwd -P)
	case "$abs/" in
	"$ws"/*)
		prefix=${abs#"$ws"}
		prefix=${prefix#/}
		;;
	esac
fi

# rewrite_github prefixes the file= property of workflow commands (stdin → stdout). Plain string
# operations: a path may hold characters that sed or a pattern would take as syntax.
rewrite_github() {
	if [ -z "$prefix" ]; then
		cat
		return
	fi
	# Escaped as a property value: % , : (the replacements hold no & or backslash).
	local p=${prefix//%/%25} line rest props
	p=${p//,/%2C}
	p=${p//:/%3A}
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		::*::*)
			rest=${line#::}
			props=${rest%%::*}
			case "$props" in
			*" file="*) line="::${props%% file=*} file=$p/${props#* file=}::${rest#*::}" ;;
			esac
			;;
		esac
		printf '%s\n' "$line"
	done
}

# rewrite_sarif prefixes the relative, percent-encoded artifact URIs of a SARIF file in place.
rewrite_sarif() {
	[ -n "$prefix" ] || return 0
	command -v jq >/dev/null 2>&1 || { echo "::warning title=opexlint::jq is missing: SARIF paths stay relative to $base" >&2; return 0; }
	jq --arg p "$prefix" '
		($p | split("/") | map(@uri) | join("/")) as $enc
		| (.. | objects | select(has("artifactLocation")) | .artifactLocation
			| select(.uriBaseId == "%SRCROOT%" and (.uri | type == "string") and (.uri | test("^([a-zA-Z][a-zA-Z0-9+.-]*:|/)") | not)))
		|= (.uri = $enc + "/" + .uri)' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}

mkdir -p "$out_dir"
echo "::group::opexlint check $path"
echo "opexlint $("$opexlint" version 2>/dev/null || echo '(version unknown)')"
echo "::endgroup::"
status=0
log="$out_dir/.log"
"$opexlint" check "${args[@]}" --format "$log_format" "$path" >"$log" || status=$?
if [ "$log_format" = github ]; then rewrite_github <"$log"; else cat "$log"; fi
rm -f "$log"
[ "$status" -le 1 ] || die "opexlint failed with exit status $status (see the message above)"

declare -A file=()
for f in json sarif junit markdown text github; do
	[ -n "${want[$f]:-}" ] || continue
	file[$f]="$out_dir/opexlint-$f.$(ext_of "$f")"
	s=0
	"$opexlint" check "${args[@]}" --format "$f" --output "${file[$f]}" "$path" || s=$?
	[ "$s" -le 1 ] || die "opexlint --format $f failed with exit status $s"
	[ "$s" -eq "$status" ] || die "opexlint --format $f exited $s but the first run exited $status"
	case "$f" in
	sarif) rewrite_sarif "${file[$f]}" ;;
	github) rewrite_github <"${file[$f]}" >"${file[$f]}.tmp" && mv "${file[$f]}.tmp" "${file[$f]}" ;;
	esac
done

findings=""
if [ -n "${file[json]:-}" ] && command -v jq >/dev/null 2>&1; then
	findings=$(jq -r '[.findings[] | select(.waived | not)] | length' "${file[json]}" 2>/dev/null || echo "")
fi

{
	echo "exit-code=$status"
	echo "report-dir=$out_dir"
	echo "sarif-file=${file[sarif]:-}"
	echo "markdown-file=${file[markdown]:-}"
	echo "json-file=${file[json]:-}"
	echo "junit-file=${file[junit]:-}"
	echo "findings=$findings"
} >>"${GITHUB_OUTPUT:-/dev/null}"

# The job summary shows the Markdown report; GitHub caps a step summary at 1 MiB.
if is_true "${INPUT_SUMMARY:-false}" && [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "${file[markdown]:-}" ]; then
	max=1000000
	if [ "$(wc -c <"${file[markdown]}")" -le "$max" ]; then
		cat "${file[markdown]}" >>"$GITHUB_STEP_SUMMARY"
	else
		head -c "$max" "${file[markdown]}" | sed '$d' >>"$GITHUB_STEP_SUMMARY"
		printf '\n\n_The report was truncated; the full report is %s._\n' "${file[markdown]##*/}" >>"$GITHUB_STEP_SUMMARY"
	fi
fi
case "$status" in
0) echo "opexlint: no finding at or above the fail-on level" ;;
1) echo "opexlint: findings at or above the fail-on level (see the annotations and the report)" ;;
esac
exit 0
