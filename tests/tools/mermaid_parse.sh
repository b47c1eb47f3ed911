#!/bin/sh
# mermaid_parse.sh: every Mermaid block infraplan writes, parsed by Mermaid's
# own parser (the npm package mermaid, in node with jsdom), not by our idea
# of its syntax. The blocks are taken from every golden output: each
# ```mermaid block of tests/gen/**/*.md and tests/cases/**/stdout*, and a
# case's whole stdout when it is a diagram alone (plan --format mermaid).
#
# Usage (ctest): sh tests/tools/mermaid_parse.sh INFRAPLAN_BINARY SOURCE_DIR
# The modules are in $INFRAPLAN_NODE_DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/infraplan-node), where .ci/deps installs them.
# Exit status: 0 every block parsed, 1 one did not (or none was found), 77
# node or the modules are missing (ctest counts it as skipped; said loudly).
set -u
export LC_ALL=C TZ=UTC
src=${2:?usage: mermaid_parse.sh INFRAPLAN SOURCE_DIR}
node_dir=${INFRAPLAN_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/infraplan-node}

skip() {
	echo "SKIPPED: $1"
	echo "SKIPPED: $1" >&2
	exit 77
}

command -v node >/dev/null 2>&1 || skip "node not installed (.ci/deps installs nodejs)"
[ -f "$node_dir/node_modules/mermaid/package.json" ] ||
	skip "the npm package mermaid is not in $node_dir (run .ci/deps)"
[ -f "$node_dir/node_modules/jsdom/package.json" ] ||
	skip "the npm package jsdom is not in $node_dir (run .ci/deps)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
# extract FILE: each ```mermaid block of FILE into $tmp/N.mmd
extract() {
	awk -v dir="$tmp" -v start="$n" -v name="$1" '
		/^```mermaid$/ { inb = 1; start++; f = dir "/" start ".mmd"; print name > (f ".src"); next }
		inb && /^```$/ { inb = 0; close(f); next }
		inb { print > f }
		END { print start > (dir "/count") }' "$1"
	n=$(cat "$tmp/count")
}
for f in $(find "$src/tests/gen" "$src/tests/cases" -type f \( -name '*.md' -o -name 'stdout*' \) | sort); do
	case $(head -n 1 "$f") in
	flowchart* | xychart-beta* | ---)
		n=$((n + 1))
		cp "$f" "$tmp/$n.mmd"
		echo "$f" >"$tmp/$n.mmd.src"
		;;
	*) extract "$f" ;;
	esac
done
[ "$n" -gt 0 ] || { echo "FAIL: no Mermaid block in any golden output"; exit 1; }
i=1
files=
while [ "$i" -le "$n" ]; do
	files="$files $tmp/$i.mmd"
	i=$((i + 1))
done
# shellcheck disable=SC2086 # the names are ours, without spaces
out=$(node "$src/tests/tools/mermaid_check.mjs" parse "$node_dir" $files 2>&1)
rc=$?
echo "$out" | while read -r word rest; do
	case $word in
	ok)
		# two words: the diagram's type and the file
		# shellcheck disable=SC2086
		set -- $rest
		echo "ok $1 $(cat "$2.src")"
		;;
	FAIL) file=${rest%%:*}; echo "FAIL $(cat "$file.src" 2>/dev/null): ${rest#*: }"; [ -f "$file" ] && sed 's/^/    /' "$file" ;;
	*) echo "$word $rest" ;;
	esac
done
echo "$n Mermaid blocks parsed, exit $rc"
exit "$rc"
