#!/bin/sh
# golden.sh: the data-driven tests. One runner for three kinds of case:
#
#   bad   tests/specs/bad/NAME.yaml   -> `infraplan validate NAME.yaml` must exit 2
#         with stderr exactly NAME.stderr (paths are relative to tests/specs/bad)
#   good  tests/specs/good/NAME.yaml  -> `infraplan validate --print-model` must exit 0
#         with stdout exactly NAME.model
#   cases tests/cases/NAME/cmd        -> a shell line run in a scratch copy of the case
#         folder with $INFRAPLAN set; stdout, stderr and the exit status are compared with
#         NAME/stdout, NAME/stderr, NAME/status, and every file under NAME/expected/ with
#         the file of the same path the command left in the scratch folder
#   gen   every examples/*.yaml and tests/specs/good/*.yaml -> `infraplan gen` into a
#         scratch folder; its exit status, stderr and every file it wrote must be
#         tests/gen/NAME/{status,stderr,out/...}, the file lists equal both ways (the
#         safety net of refactors: what infraplan writes must not change by a byte)
#
# INFRAPLAN_UPDATE=1 rewrites the expectations instead of comparing (read the
# diff afterwards: an update records whatever the program did as the truth).
# A mismatch prints a unified diff. LC_ALL, TZ and HOME are pinned.
set -u
kind=$1
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
root=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C TZ=UTC HOME=/nonexistent INFRAPLAN_OFFLINE=1
# "today" for the 90-day stale-prices warning: the embedded catalog's date
# (2026-11-22), so that the expected stderr does not change as the clock runs
export SOURCE_DATE_EPOCH=1795305600
unset XDG_CACHE_HOME XDG_CONFIG_HOME || true
update=${INFRAPLAN_UPDATE:-0}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # check NAME EXPECTED_FILE ACTUAL_FILE
	if [ "$update" = 1 ]; then
		cp "$3" "$2"
		return 0
	fi
	if [ ! -f "$2" ]; then
		echo "FAIL $1: missing expectation $2 (run with INFRAPLAN_UPDATE=1)"
		return 1
	fi
	if ! diff -u "$2" "$3" >"$tmp/diff"; then
		echo "FAIL $1: $(basename "$2") differs:"
		sed 's/^/    /' "$tmp/diff"
		return 1
	fi
	return 0
}

status_check() { # NAME EXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		echo "FAIL $1: exit status $3, expected $2"
		return 1
	fi
	return 0
}

case $kind in
bad)
	cd "$root/specs/bad" || exit 2
	for spec in *.yaml; do
		[ -e "$spec" ] || continue
		name=${spec%.yaml}
		"$bin" validate "$spec" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		ok=0
		status_check "bad/$name" 2 "$rc" || ok=1
		[ -s "$tmp/out" ] && { echo "FAIL bad/$name: printed on stdout"; ok=1; }
		check "bad/$name" "$name.stderr" "$tmp/err" || ok=1
		if [ $ok = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	;;
good)
	cd "$root/specs/good" || exit 2
	for spec in *.yaml; do
		[ -e "$spec" ] || continue
		name=${spec%.yaml}
		"$bin" validate --print-model "$spec" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		ok=0
		status_check "good/$name" 0 "$rc" || { ok=1; cat "$tmp/err"; }
		check "good/$name" "$name.model" "$tmp/out" || ok=1
		if [ $ok = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	;;
cases)
	cd "$root/cases" || exit 2
	for dir in */; do
		name=${dir%/}
		[ -f "$name/cmd" ] || continue
		work="$tmp/work-$name"
		mkdir -p "$work"
		cp -R "$name/." "$work/"
		rm -rf "$work/expected" "$work/cmd" "$work/stdout" "$work/stderr" "$work/status"
		(cd "$work" && INFRAPLAN="$bin" EXAMPLES="$root/../examples" sh "$root/cases/$name/cmd") \
			>"$tmp/out" 2>"$tmp/err"
		rc=$?
		ok=0
		echo "$rc" >"$tmp/status"
		check "cases/$name" "$name/status" "$tmp/status" || ok=1
		check "cases/$name" "$name/stdout" "$tmp/out" || ok=1
		check "cases/$name" "$name/stderr" "$tmp/err" || ok=1
		if [ -d "$name/expected" ]; then
			for f in $(cd "$name/expected" && find . -type f | sort); do
				if [ "$update" = 1 ]; then
					cp "$work/$f" "$name/expected/$f" 2>/dev/null ||
						{ echo "FAIL cases/$name: no $f"; ok=1; }
				elif [ ! -f "$work/$f" ]; then
					echo "FAIL cases/$name: the command wrote no $f"
					ok=1
				else
					check "cases/$name" "$name/expected/$f" "$work/$f" || ok=1
				fi
			done
		fi
		if [ $ok = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	;;
gen)
	mkdir -p "$root/gen"
	for spec in "$root"/../examples/*.yaml "$root"/specs/good/*.yaml; do
		case $spec in
		*/examples/*) name=example-$(basename "$spec" .yaml) ;;
		*) name=spec-$(basename "$spec" .yaml) ;;
		esac
		want="$root/gen/$name"
		work="$tmp/gen-$name"
		mkdir -p "$work"
		cp "$spec" "$work/spec.yaml"
		(cd "$work" && "$bin" gen -q -o out spec.yaml) >"$tmp/out" 2>"$tmp/err"
		echo $? >"$tmp/status"
		ok=0
		if [ "$update" = 1 ]; then
			rm -rf "$want"
			mkdir -p "$want"
			cp "$tmp/status" "$want/status"
			cp "$tmp/err" "$want/stderr"
			[ -d "$work/out" ] && cp -R "$work/out" "$want/out"
		else
			check "gen/$name" "$want/status" "$tmp/status" || ok=1
			check "gen/$name" "$want/stderr" "$tmp/err" || ok=1
			(cd "$want" && [ -d out ] && find out -type f | LC_ALL=C sort) >"$tmp/want-files"
			(cd "$work" && [ -d out ] && find out -type f | LC_ALL=C sort) >"$tmp/got-files"
			check "gen/$name" "$tmp/want-files" "$tmp/got-files" || ok=1
			for f in $(cat "$tmp/want-files"); do
				[ -f "$work/$f" ] && { check "gen/$name" "$want/$f" "$work/$f" || ok=1; }
			done
		fi
		if [ $ok = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	;;
*)
	echo "usage: golden.sh bad|good|cases|gen INFRAPLAN_BINARY" >&2
	exit 2
	;;
esac
echo "golden $kind: $pass passed, $fail failed"
[ $fail = 0 ]
