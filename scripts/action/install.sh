#!/usr/bin/env bash
# Installs opexlint for the GitHub Action and puts it on PATH for the later steps.
#
# env: VERSION  "" (default): build from the action's own checkout, the version the workflow
#                pinned in `uses: opexhq/terraform-provider-opex@<ref>`;
#               "path": use the opexlint already on PATH;
#               anything else: a module version for go install (v1.2.3, a commit, "latest").
#      ACTION_PATH (the action's checkout), ACTION_REF (its ref, for `opexlint version`),
#      RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT.
set -euo pipefail

die() { echo "::error title=opexlint::$*" >&2; exit 2; }
version=${VERSION:-}
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/opexlint-bin"
module=github.com/opexhq/terraform-provider-opex

if [ "$version" = path ]; then
	command -v opexlint >/dev/null 2>&1 || die "version 'path' was given but opexlint is not on PATH"
	echo "opexlint=$(command -v opexlint)" >>"${GITHUB_OUTPUT:-/dev/null}"
	exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is needed to install opexlint: set setup-go: true or run actions/setup-go first"
mkdir -p "$bin"
if [ -z "$version" ]; then
	src=${ACTION_PATH:?ACTION_PATH is not set}
	[ -f "$src/lint/cmd/opexlint/main.go" ] || die "the action's checkout at $src has no lint/cmd/opexlint"
	(cd "$src" && go build -trimpath -ldflags "-X main.version=${ACTION_REF:-dev}" -o "$bin/opexlint" ./lint/cmd/opexlint) ||
		die "building opexlint from $src failed"
else
	[[ "$version" =~ ^[A-Za-z0-9._+/-]+$ ]] || die "version '$version' is not a module version, commit or branch"
	v=$version
	# "1.2.3" means the tag v1.2.3; commits, branches and "latest" pass through.
	[[ ! "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || v="v$v"
	GOBIN="$bin" go install -trimpath -ldflags "-X main.version=$v" "$module/lint/cmd/opexlint@$v" ||
		die "go install $module/lint/cmd/opexlint@$v failed"
fi
echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
echo "opexlint=$bin/opexlint" >>"${GITHUB_OUTPUT:-/dev/null}"
"$bin/opexlint" version || true
