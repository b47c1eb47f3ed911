#!/bin/sh
# validate_agrees.sh INFRAPLAN SOURCE_DIR: CI and pre-commit gates run
# `validate`, so it must accept exactly the specs `plan` and `gen` accept.
# Every spec in tests/specs/good, tests/specs/bad, the golden cases and
# examples/ goes through all three: the exit statuses must be equal (validate
# ok <=> plan ok <=> gen ok), and so must the diagnostics on stderr, since the
# three take the same steps (cmd/pipeline.c). gen writes into a fresh
# directory, so none of its file checks (hand edits, manifest) apply.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
export LC_ALL=C TZ=UTC HOME=/nonexistent INFRAPLAN_OFFLINE=1 SOURCE_DATE_EPOCH=1795305600
unset XDG_CACHE_HOME XDG_CONFIG_HOME || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 ok=0
for spec in "$src"/tests/specs/good/*.yaml "$src"/tests/specs/bad/*.yaml \
	"$src"/tests/cases/*/*.yaml "$src"/examples/*.yaml; do
	[ -f "$spec" ] || continue
	dir=$(dirname "$spec")
	name=${spec#"$src"/}
	# relative paths, so that the three commands name the spec alike
	(cd "$dir" && "$bin" validate -q "$(basename "$spec")") >/dev/null 2>"$tmp/validate"
	v=$?
	(cd "$dir" && "$bin" plan "$(basename "$spec")") >/dev/null 2>"$tmp/plan"
	p=$?
	rm -rf "$tmp/out"
	(cd "$dir" && "$bin" gen -q -o "$tmp/out" "$(basename "$spec")") >/dev/null 2>"$tmp/gen"
	g=$?
	bad=0
	if [ "$v" != "$p" ] || [ "$v" != "$g" ]; then
		echo "FAIL $name: validate exits $v, plan $p, gen $g"
		bad=1
	fi
	for cmd in plan gen; do
		if ! diff -u "$tmp/validate" "$tmp/$cmd" >"$tmp/diff"; then
			echo "FAIL $name: $cmd reports other diagnostics than validate:"
			sed 's/^/    /' "$tmp/diff"
			bad=1
		fi
	done
	if [ $bad = 0 ]; then
		pass=$((pass + 1))
		[ "$v" = 0 ] && ok=$((ok + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "validate agrees with plan and gen: $pass passed ($ok valid), $fail failed"
[ "$fail" = 0 ] && [ "$ok" -gt 0 ]
