#!/bin/sh
# Converts an opexlint JSON report into a GitLab Code Quality report (the CodeClimate subset GitLab
# reads: description, check_name, fingerprint, severity, location.path, location.lines.begin).
#
# usage: opexlint-codequality.sh opexlint.json [PATH_PREFIX] > gl-code-quality-report.json
# PATH_PREFIX is the directory opexlint's --dir was, relative to the repository root (GitLab
# wants repository paths). Waived findings are left out: they were accepted on purpose.
# Severities: critical → blocker, high → critical, medium → major, low → minor.
# The fingerprint (MD5 of rule, address and message, no line numbers) stays the same when a block
# moves, so GitLab compares the merge request with its target branch correctly.
set -eu

report=${1:?usage: opexlint-codequality.sh opexlint.json [PATH_PREFIX]}
prefix=${2:-}
prefix=${prefix%/}
[ "$prefix" != "." ] || prefix=""

command -v jq >/dev/null 2>&1 || { echo "opexlint-codequality.sh: jq is required" >&2; exit 2; }
command -v md5sum >/dev/null 2>&1 || { echo "opexlint-codequality.sh: md5sum is required" >&2; exit 2; }
jq -e '.findings | type == "array"' "$report" >/dev/null 2>&1 ||
	{ echo "opexlint-codequality.sh: $report is not an opexlint JSON report" >&2; exit 2; }

# One compact finding per line; each gets its fingerprint from md5sum, then jq assembles the array.
jq -c '.findings[] | select(.waived | not)' "$report" | while IFS= read -r f; do
	fp=$(printf '%s' "$f" | jq -j '"\(.rule_id)\u0000\(.address // "")\u0000\(.message)"' | md5sum | cut -d' ' -f1)
	printf '%s\n' "$f" | jq -c --arg fp "$fp" --arg prefix "$prefix" '
		def join_path($p; $f): if $p == "" then $f elif $f == "" then $p else "\($p)/\($f)" end;
		{
			description: ("[\(.rule_id)] \(.message)" + (if .address then " (\(.address))" else "" end)),
			check_name: .rule_id,
			fingerprint: $fp,
			severity: ({critical: "blocker", high: "critical", medium: "major", low: "minor"}[.severity] // "info"),
			location: {
				path: (if (.file // "") == "" then (if $prefix == "" then "." else $prefix end) else join_path($prefix; .file) end),
				lines: {begin: (.line // 1)}
			}
		}'
done | jq -s '.'
