#!/bin/sh
# plan_dir_safety.sh INFRAPLAN SOURCE_DIR: a plan directory comes from the
# repository, and a pull request can put anything in it. gen and check must
# never read, write or remove a file outside it on the word of a manifest, a
# journal or a symbolic link, and never echo a file that is not a spec.
# Each case builds a fresh plan, tampers with it as a hostile contributor
# would, and checks the exit status, the message and that nothing outside
# (or, for refusals, inside) changed.
set -u
bin=$1
src=$2
export LC_ALL=C TZ=UTC INFRAPLAN_OFFLINE=1 SOURCE_DATE_EPOCH=1795305600
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# a listing of every file below a directory with its hash and mode, links as links
snapshot() {
	(cd "$1" && find . \( -type f -o -type l \) -print | LC_ALL=C sort | while read -r f; do
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; else echo "$f $(sha256sum <"$f" | cut -c1-64)"; fi
	done)
}

# fresh W: a work area with a spec, a plan generated from it and a victim file outside
fresh() {
	rm -rf "$tmp/w"
	mkdir -p "$tmp/w"
	cp "$src/examples/kecalek-tier-a.yaml" "$tmp/w/infraplan.yaml"
	echo "precious" >"$tmp/w/victim"
	(cd "$tmp/w" && "$bin" gen -q -o plan infraplan.yaml 2>/dev/null) || bad "setup: gen failed"
}

# expect STATUS PATTERN CMD...: runs CMD in the work area, checks status and stderr
expect() {
	want=$1 pattern=$2
	shift 2
	(cd "$tmp/w" && "$@") >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$*: exit $got, expected $want"
		sed 's/^/    /' "$tmp/err" | head -n 5
		return 1
	fi
	if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/err"; then
		bad "$*: stderr lacks '$pattern'"
		sed 's/^/    /' "$tmp/err" | head -n 5
		return 1
	fi
	ok
}

victim_intact() {
	if [ "$(cat "$tmp/w/victim" 2>/dev/null)" = precious ]; then ok; else bad "$1: the file outside the plan was touched"; fi
}

unchanged() {
	if [ "$(snapshot "$tmp/w/plan")" = "$1" ]; then ok; else bad "$2: the plan directory changed"; fi
}

victim_hash=$(printf 'precious\n' | sha256sum | cut -c1-64)

# ---- manifest entries that lead out of the plan directory (high) ----
for entry in "../victim" "$tmp/w/victim" "nodes/../../victim" "./COST.md" "nodes//x" "terraform/"; do
	for force in "" "--force"; do
		fresh
		echo "$victim_hash  $entry" >>"$tmp/w/plan/.infraplan-manifest"
		line=$(wc -l <"$tmp/w/plan/.infraplan-manifest" | tr -d ' ')
		before=$(snapshot "$tmp/w/plan")
		expect 2 "plan/.infraplan-manifest:$line: error: " "$bin" gen -q $force -o plan infraplan.yaml
		victim_intact "manifest entry '$entry' $force"
		unchanged "$before" "manifest entry '$entry' $force"
	done
done

# a NUL byte in an entry: the path must not be cut short at it
fresh
printf '%s  COST.md\000../victim\n' "$victim_hash" >>"$tmp/w/plan/.infraplan-manifest"
before=$(snapshot "$tmp/w/plan")
expect 2 "error: a NUL byte" "$bin" gen -q --force -o plan infraplan.yaml
unchanged "$before" "NUL in a manifest"

# an entry reached through a symbolic link to a directory outside
fresh
mkdir "$tmp/w/outside"
echo precious >"$tmp/w/outside/victim"
ln -s ../outside "$tmp/w/plan/escape"
echo "$victim_hash  escape/victim" >>"$tmp/w/plan/.infraplan-manifest"
expect 2 "escape is a symbolic link" "$bin" gen -q --force -o plan infraplan.yaml
if [ "$(cat "$tmp/w/outside/victim")" = precious ]; then ok; else bad "a manifest entry through a link removed a file outside"; fi

# ---- a spec named by a manifest outside the tree (high) ----
fresh
sed -i 's|^# spec: .*|# spec: ../../../../../../../../proc/self/environ|' "$tmp/w/plan/.infraplan-manifest"
export IPL_TEST_SECRET=hunter2-must-not-leak
expect 2 "is not opened: outside the tree" "$bin" check
grep -q hunter2 "$tmp/out" "$tmp/err" && bad "check echoed the environment" || ok
expect 2 "is not opened: outside the tree" "$bin" gen -q -o plan
grep -q hunter2 "$tmp/out" "$tmp/err" && bad "gen echoed the environment" || ok
# the same through a symbolic link inside the tree
fresh
ln -s /proc/self/environ "$tmp/w/evil.yaml"
sed -i 's|^# spec: .*|# spec: ../evil.yaml|' "$tmp/w/plan/.infraplan-manifest"
expect 2 "is not opened: outside the tree" "$bin" check
grep -q hunter2 "$tmp/out" "$tmp/err" && bad "check echoed the environment through a link" || ok
# a FIFO in the spec's place must not hang check
fresh
mkfifo "$tmp/w/fifo.yaml"
sed -i 's|^# spec: .*|# spec: ../fifo.yaml|' "$tmp/w/plan/.infraplan-manifest"
expect 2 "not a regular file" timeout 10 "$bin" check
unset IPL_TEST_SECRET

# ---- symbolic links inside the plan directory ----
fresh
mkdir "$tmp/w/outside"
rm -rf "$tmp/w/plan/terraform"
ln -s ../outside "$tmp/w/plan/terraform"
expect 2 "plan/terraform is a symbolic link" "$bin" gen -q --force -o plan infraplan.yaml
if [ -z "$(ls -A "$tmp/w/outside")" ]; then ok; else bad "gen wrote through a linked directory"; fi
# a linked file is a file of its own: not replaced without --force, replaced (never written through) with it
fresh
ln -sf ../victim "$tmp/w/plan/COST.md"
expect 1 "a symbolic link; not replaced" "$bin" gen -q -o plan infraplan.yaml
expect 0 "" "$bin" gen -q --force -o plan infraplan.yaml
if [ -f "$tmp/w/plan/COST.md" ] && [ ! -L "$tmp/w/plan/COST.md" ]; then ok; else bad "the linked COST.md was not replaced"; fi
victim_intact "a linked COST.md"

# ---- a hostile journal: refused whole, nothing done ----
fresh
printf 'infraplan-journal 1\ndel ../victim\nend 1\n' >"$tmp/w/plan/.infraplan-journal"
expect 2 ".infraplan-journal, line 2: a '..' component" "$bin" gen -q -o plan infraplan.yaml
victim_intact "a journal naming ../victim"
expect 2 ".infraplan-journal, line 2: a '..' component" "$bin" check

# a journal or staging directory that is a link: never followed
fresh
ln -s ../victim "$tmp/w/plan/.infraplan-journal"
expect 2 ".infraplan-journal: a symbolic link" "$bin" gen -q -o plan infraplan.yaml
victim_intact "a linked journal"
rm "$tmp/w/plan/.infraplan-journal"
mkdir "$tmp/w/outside"
echo precious >"$tmp/w/outside/1"
ln -s ../outside "$tmp/w/plan/.infraplan-staging"
expect 0 "" "$bin" gen -q -o plan infraplan.yaml
if [ "$(cat "$tmp/w/outside/1")" = precious ] && [ ! -e "$tmp/w/plan/.infraplan-staging" ]; then ok; else bad "a linked staging directory was followed"; fi

# ---- what the writer before journals left: removed by the next gen ----
fresh
echo half >"$tmp/w/plan/COST.md.tmp-AbC123"
echo half >"$tmp/w/plan/terraform/main.tf.tmp-x0Y9zz"
echo mine >"$tmp/w/plan/notes.tmp-keepme"
expect 0 "" "$bin" gen -q -o plan infraplan.yaml
if [ ! -e "$tmp/w/plan/COST.md.tmp-AbC123" ] && [ ! -e "$tmp/w/plan/terraform/main.tf.tmp-x0Y9zz" ]; then ok; else bad "leftover temporary files were not removed"; fi
if [ -e "$tmp/w/plan/notes.tmp-keepme" ]; then ok; else bad "a file infraplan did not write was removed"; fi

# ---- the lock: a second writer exits 3 with a clear message ----
if command -v flock >/dev/null 2>&1; then
	fresh
	# the holder keeps the lock until told to let go, however slow this machine is:
	# no sleep decides whether the lock is held yet or still
	flock "$tmp/w/plan" sh -c 'touch "$1/locked"; while [ ! -e "$1/release" ]; do sleep 0.1; done' \
		sh "$tmp" &
	holder=$!
	while [ ! -e "$tmp/locked" ]; do sleep 0.1; done
	before=$(snapshot "$tmp/w/plan")
	expect 3 "another infraplan is writing this plan" "$bin" gen -q --force -o plan infraplan.yaml
	unchanged "$before" "gen on a locked plan"
	expect 3 "another infraplan is writing this plan" "$bin" check
	touch "$tmp/release"
	wait "$holder"
else
	echo "SKIPPED the lock cases: no flock(1)"
fi

# ---- gen -o DIR: the plan again from the manifest's spec ----
fresh
sed -i 's/^name: .*/name: renamed-plan/' "$tmp/w/infraplan.yaml"
expect 0 "" "$bin" gen -q -o plan
grep -q renamed-plan "$tmp/w/plan/COST.md" && ok || bad "gen -o DIR did not regenerate from the manifest's spec"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
