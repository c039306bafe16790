#!/usr/bin/env bash
# pre-commit wrapper: runs `opexlint check` in HCL mode once per directory that holds one of the
# .tf files pre-commit passes, after the flags from the hook's args.
#
# usage: opexlint.sh [opexlint check flags…] FILE.tf…
# The opexlint binary is $OPEXLINT, else opexlint on PATH, else one built with Go from the
# checkout this script lives in (pre-commit clones the hook repository at the pinned rev) into a
# cache directory keyed by that checkout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)

find_opexlint() {
	if [ -n "${OPEXLINT:-}" ]; then
		echo "$OPEXLINT"
		return
	fi
	if command -v opexlint >/dev/null 2>&1; then
		command -v opexlint
		return
	fi
	if ! command -v go >/dev/null 2>&1 || [ ! -f "$src/lint/cmd/opexlint/main.go" ]; then
		echo "opexlint: not on PATH and Go is not available to build it (install opexlint or Go)" >&2
		return 1
	fi
	local key cache
	key=$(printf '%s' "$src" | cksum | cut -d' ' -f1)
	cache="${XDG_CACHE_HOME:-$HOME/.cache}/opexlint/pre-commit/$key"
	if [ ! -x "$cache/opexlint" ]; then
		echo "opexlint: building opexlint from $src (once)" >&2
		mkdir -p "$cache"
		(cd "$src" && go build -trimpath -o "$cache/opexlint" ./lint/cmd/opexlint) >&2 || return 1
	fi
	echo "$cache/opexlint"
}

# Split the arguments: .tf files that exist are inputs, everything else is a flag or its value.
flags=()
declare -A seen=()
dirs=()
for arg in "$@"; do
	if [[ "$arg" == *.tf && -f "$arg" ]]; then
		d=$(dirname -- "$arg")
		if [ -z "${seen[$d]:-}" ]; then
			seen[$d]=1
			dirs+=("$d")
		fi
	else
		flags+=("$arg")
	fi
done
[ "${#dirs[@]}" -gt 0 ] || exit 0

bin=$(find_opexlint) || exit 2

# Sorted, so the output order does not depend on the order of the changed files.
mapfile -t dirs < <(printf '%s\n' "${dirs[@]}" | LC_ALL=C sort)
worst=0
for d in "${dirs[@]}"; do
	# A header on stderr tells the directories apart without touching the report on stdout.
	[ "${#dirs[@]}" -eq 1 ] || echo "==> opexlint check $d" >&2
	status=0
	"$bin" check "${flags[@]}" "$d" || status=$?
	if [ "$status" -gt 1 ]; then
		echo "opexlint: $d: opexlint failed with exit status $status" >&2
	fi
	[ "$status" -le "$worst" ] || worst=$status
done
exit "$worst"
