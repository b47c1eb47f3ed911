#!/bin/sh
# node_files.sh: checks the files `infraplan gen` writes for each server with the
# tools that will read them, not with our own idea of their syntax:
#
#   cloud-init schema --config-file   every nodes/*/cloud-init.yaml (any output
#                                     but "Valid cloud-config" fails: 22.4 only
#                                     warns about deprecated keys)
#   systemd-analyze verify            every unit and drop-in, in a copy whose Exec
#                                     paths are /bin/true (the programs exist only
#                                     on the server); ANY output fails, because
#                                     unknown keys and bad values only warn
#   systemd-analyze security          every .service must score 2.0 or less
#                                     (--threshold=20), image services included
#   sh -n                             the shell scripts cloud-init writes
#   shellcheck (when installed)       nodes/NODE/apply.sh (docs/deploy.md)
#   consistency                       nodes/NODE/systemd/X is what cloud-init
#                                     installs as /etc/systemd/system/X
#
# Usage (ctest): sh tests/tools/node_files.sh INFRAPLAN_BINARY SOURCE_DIR
#   runs `INFRAPLAN gen SPEC -o DIR` for every examples/*.yaml and checks DIR;
#   examples that `infraplan plan` refuses (on purpose: learning-platform.yaml
#   does not fit its server) are listed and passed over.
# Usage (unit tests): sh tests/tools/node_files.sh --check DIR
#   checks a directory that already holds nodes/*/.
#
# Exit status: 0 all passed, 1 something failed, 77 a tool is missing (ctest
# counts it as skipped, and this script says so loudly: never a silent pass).
set -u
export LC_ALL=C TZ=UTC

skip() {
	echo "SKIPPED: $1"
	echo "SKIPPED: $1" >&2
	exit 77
}

command -v cloud-init >/dev/null 2>&1 || skip "cloud-init not installed"
command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed (cloud-init needs it too)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0

bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# a copy of a unit that systemd-analyze verify can load here: every Exec line's
# program becomes /bin/true (prefixes such as - are kept)
stub_exec() {
	sed -E 's#^(Exec[A-Za-z]*=[-@:+!]*)[^ ]+#\1/bin/true#' "$1" >"$2"
}

# verify FILE LABEL: no output at all, status 0
verify() {
	(cd "$(dirname "$1")" && systemd-analyze verify --man=no "./$(basename "$1")") \
		>"$tmp/verify.out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/verify.out" ]; then
		bad "$2: systemd-analyze verify (status $rc):"
		sed 's/^/    /' "$tmp/verify.out"
		return 1
	fi
	return 0
}

check_node() { # NODE_DIR LABEL
	node=$1
	label=$2
	ci=$node/cloud-init.yaml
	if [ ! -f "$ci" ]; then
		bad "$label: no cloud-init.yaml"
		return
	fi
	checked=$((checked + 1))
	cloud-init schema --config-file "$ci" >"$tmp/ci.out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || grep -qv '^Valid cloud-config: ' "$tmp/ci.out"; then
		bad "$label/cloud-init.yaml: cloud-init schema (status $rc):"
		sed 's/^/    /' "$tmp/ci.out"
	else
		echo "ok   $label/cloud-init.yaml: $(cat "$tmp/ci.out")"
	fi
	if [ "$(head -n 1 "$ci")" != "#cloud-config" ]; then
		bad "$label/cloud-init.yaml: the first line is not #cloud-config"
	fi

	# scripts and units as cloud-init installs them
	rm -rf "$tmp/wf"
	mkdir -p "$tmp/wf"
	python3 - "$ci" "$tmp/wf" <<'EOF' || bad "$label/cloud-init.yaml: cannot read write_files"
import os, sys, yaml
with open(sys.argv[1]) as f:
    doc = yaml.safe_load(f)
for item in doc.get("write_files") or []:
    dest = os.path.join(sys.argv[2], item["path"].lstrip("/"))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as out:
        out.write(item.get("content", ""))
EOF
	for script in $(find "$tmp/wf" -name '*.sh' | sort); do
		if ! sh -n "$script" 2>"$tmp/sh.out"; then
			bad "$label: sh -n ${script#"$tmp/wf"}:"
			sed 's/^/    /' "$tmp/sh.out"
		fi
	done

	if [ ! -f "$node/apply.sh" ]; then
		bad "$label/apply.sh: missing"
	elif ! sh -n "$node/apply.sh"; then
		bad "$label/apply.sh: sh -n"
	elif command -v shellcheck >/dev/null 2>&1; then
		if shellcheck -s sh "$node/apply.sh" >"$tmp/sc.out" 2>&1; then
			echo "ok   $label/apply.sh: shellcheck"
		else
			bad "$label/apply.sh: shellcheck:"
			sed 's/^/    /' "$tmp/sc.out"
		fi
	fi

	[ -d "$node/systemd" ] || return
	rm -rf "$tmp/units"
	mkdir -p "$tmp/units"
	for unit in $(cd "$node/systemd" && find . -type f | sed 's#^\./##' | sort); do
		installed=$tmp/wf/etc/systemd/system/$unit
		if [ ! -f "$installed" ] || ! cmp -s "$node/systemd/$unit" "$installed"; then
			bad "$label/systemd/$unit: cloud-init does not install it as /etc/systemd/system/$unit"
		fi
		mkdir -p "$tmp/units/$(dirname "$unit")"
		stub_exec "$node/systemd/$unit" "$tmp/units/$unit"
	done
	# units: timers are verified with their service beside them
	for unit in $(cd "$tmp/units" && ls | grep -E '\.(service|timer)$'); do
		verify "$tmp/units/$unit" "$label/systemd/$unit" && echo "ok   $label/systemd/$unit: verify"
	done
	# drop-ins: verified on a stub of the packaged unit they extend
	for dir in $(cd "$tmp/units" && ls | grep -E '\.d$'); do
		base=${dir%.d}
		case $base in
		*@.service) stub=${base%@.service}@check.service ;;
		*) stub=$base ;;
		esac
		printf '[Service]\nExecStart=/bin/true\n' >"$tmp/units/$stub"
		verify "$tmp/units/$stub" "$label/systemd/$dir" && echo "ok   $label/systemd/$dir: verify"
		rm -f "$tmp/units/$stub"
	done
	for unit in $(cd "$node/systemd" && ls | grep -E '\.service$'); do
		threshold=20
		systemd-analyze security --offline=true --threshold=$threshold "$node/systemd/$unit" \
			>"$tmp/sec.out" 2>&1
		rc=$?
		score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$tmp/sec.out")
		if [ $rc -ne 0 ] || [ -z "$score" ] || grep -q 'ignoring' "$tmp/sec.out"; then
			bad "$label/systemd/$unit: systemd-analyze security scored ${score:-?} (status $rc, limit $((threshold / 10)).$((threshold % 10))):"
			grep -v '^✓' "$tmp/sec.out" | sed 's/^/    /'
		else
			echo "ok   $label/systemd/$unit: security $score"
		fi
	done
}

check_dir() { # DIR LABEL
	found=0
	for node in "$1"/nodes/*/; do
		[ -d "$node" ] || continue
		found=1
		check_node "${node%/}" "$2/nodes/$(basename "$node")"
	done
	[ $found = 1 ] || echo "note $2: no nodes/ (a provider without servers)"
}

if [ "${1:-}" = --check ]; then
	[ $# -eq 2 ] || { echo "usage: node_files.sh --check DIR" >&2; exit 2; }
	check_dir "$2" "$(basename "$2")"
else
	[ $# -eq 2 ] || { echo "usage: node_files.sh INFRAPLAN_BINARY SOURCE_DIR" >&2; exit 2; }
	bin=$1
	src=$2
	for spec in "$src"/examples/*.yaml; do
		name=$(basename "$spec" .yaml)
		if ! "$bin" plan "$spec" >"$tmp/plan.out" 2>&1; then
			echo "note $name: \`infraplan plan\` refuses it, nothing to generate:"
			grep -m 1 'error' "$tmp/plan.out" | sed 's/^/    /'
			continue
		fi
		if ! "$bin" gen "$spec" -o "$tmp/out/$name" >"$tmp/gen.out" 2>&1; then
			bad "$name: infraplan gen failed:"
			sed 's/^/    /' "$tmp/gen.out"
			continue
		fi
		check_dir "$tmp/out/$name" "$name"
	done
fi

if [ $checked -eq 0 ]; then
	bad "no cloud-init.yaml was checked at all"
fi
if [ $fail -ne 0 ]; then
	echo "$fail check(s) failed"
	exit 1
fi
echo "all node files passed ($checked nodes)"
exit 0
