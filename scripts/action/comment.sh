#!/usr/bin/env bash
# Posts the opexlint Markdown report as a pull-request comment, or updates the comment an earlier
# run posted, found by its marker on the first line: "<!-- opexlint -->" (the report's own first
# line), or "<!-- opexlint key=KEY -->" when several opexlint runs comment on one pull request.
# Uses the GitHub CLI (gh api), which reads GH_TOKEN.
#
# usage: comment.sh REPORT.md
# env:   GITHUB_REPOSITORY (owner/name), GH_TOKEN, and PR_NUMBER or GITHUB_EVENT_PATH;
#        COMMENT_KEY (optional); COMMENT_STRICT=true turns an API failure into a failure (the
#        default is a warning, since pull requests from forks get a read-only token).
set -euo pipefail

report=${1:?usage: comment.sh REPORT.md}
[ -f "$report" ] || { echo "::error title=opexlint::comment: report '$report' not found" >&2; exit 2; }
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
command -v gh >/dev/null 2>&1 || { echo "::error title=opexlint::comment: the GitHub CLI (gh) is not on PATH" >&2; exit 2; }
command -v jq >/dev/null 2>&1 || { echo "::error title=opexlint::comment: jq is not on PATH" >&2; exit 2; }

pr=${PR_NUMBER:-}
if [ -z "$pr" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
	# pull_request and pull_request_target carry .pull_request; issue_comment on a PR carries .issue.
	pr=$(jq -r '.pull_request.number // (if .issue.pull_request then .issue.number else empty end) // empty' "$GITHUB_EVENT_PATH")
fi
if [ -z "$pr" ]; then
	echo "opexlint: not a pull request event and no pr-number given: no comment posted"
	exit 0
fi
[[ "$pr" =~ ^[0-9]+$ ]] || { echo "::error title=opexlint::comment: pull request number '$pr' is not a number" >&2; exit 2; }

key=${COMMENT_KEY:-}
marker="<!-- opexlint -->"
if [ -n "$key" ]; then
	[[ "$key" =~ ^[A-Za-z0-9._/-]+$ ]] || { echo "::error title=opexlint::comment-key '$key' may only contain letters, digits and . _ / -" >&2; exit 2; }
	marker="<!-- opexlint key=$key -->"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body="$work/body.md"
if [ -n "$key" ]; then
	printf '%s\n' "$marker" >"$body"
fi
# GitHub rejects comments over 65,536 characters: cut at a line, close an open <details>, say so.
max=60000
if [ "$(wc -c <"$report")" -le "$max" ]; then
	cat "$report" >>"$body"
else
	head -c "$max" "$report" | sed '$d' >"$work/cut.md"
	cat "$work/cut.md" >>"$body"
	opened=$(grep -c '<details' "$work/cut.md" || true)
	closed=$(grep -c '</details>' "$work/cut.md" || true)
	[ "$opened" -le "$closed" ] || printf '\n</details>\n' >>"$body"
	printf '\n\n_This report was cut to fit a comment; the full report is in the workflow run summary._\n' >>"$body"
fi
jq -Rs '{body: .}' "$body" >"$work/payload.json"

fail() {
	if [ "${COMMENT_STRICT:-false}" = true ]; then
		echo "::error title=opexlint::$*" >&2
		exit 1
	fi
	echo "::warning title=opexlint::$* (a pull request from a fork gets a read-only token)" >&2
	exit 0
}

# The oldest comment that starts with the marker is the one to update.
ids=$(gh api --paginate "repos/$repo/issues/$pr/comments?per_page=100" \
	--jq ".[] | select(.body | startswith(\"$marker\")) | .id") || fail "could not list the comments of pull request #$pr"
id=$(printf '%s\n' "$ids" | sed -n '1p')

if [ -n "$id" ]; then
	gh api --method PATCH "repos/$repo/issues/comments/$id" --input "$work/payload.json" >/dev/null ||
		fail "could not update comment $id on pull request #$pr"
	echo "opexlint: updated comment $id on pull request #$pr"
else
	gh api --method POST "repos/$repo/issues/$pr/comments" --input "$work/payload.json" >/dev/null ||
		fail "could not comment on pull request #$pr"
	echo "opexlint: commented on pull request #$pr"
fi
