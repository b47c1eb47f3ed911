#!/bin/sh
# gen_kill.sh INFRAPLAN SOURCE_DIR: gen is all or nothing, even killed.
#
# 1. gen alternates between two plans with different file sets (a one-node
#    Contabo plan and a two-node one) and is killed with SIGKILL at a random
#    moment of its run, KILLS times (200 unless IPL_KILLS says otherwise).
#    After each kill, `check` (which finishes or undoes an interrupted gen)
#    must find the directory to be exactly one of the two plans: check passes
#    and the files on disk are exactly the manifest's, with no staging,
#    journal or temporary file left.
# 2. Two gens of the two plans run at once into one directory, 60 times:
#    each exits 0 or 3 ("another infraplan is writing this plan"), and the
#    directory is then exactly one of the plans.
# The delays come from a fixed pseudo-random sequence, so a failure can be
# replayed; the spread covers the whole of a gen's run, measured first.
set -u
bin=$1
src=$2
kills=${IPL_KILLS:-200}
export LC_ALL=C TZ=UTC INFRAPLAN_OFFLINE=1 SOURCE_DATE_EPOCH=1795305600
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
cp "$src/examples/kecalek-tier-a.yaml" a.yaml
cp "$src/examples/kecalek-tier-d.yaml" b.yaml
pass=0 fail=0
seed=12345

bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# the next number of a fixed linear congruential sequence, 0 <= n < $1
next_random() {
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	r=$((seed / 65536 % $1))
}

now_us() { echo $(($(date +%s%N) / 1000)); }

# is plan/ exactly one plan? prints a or b, or says what is wrong
which_plan() {
	out=$("$bin" check -C . 2>&1)
	st=$?
	if [ "$st" != 0 ]; then
		echo "check exit $st: $out"
		return 1
	fi
	if [ -e plan/.infraplan-journal ] || [ -e plan/.infraplan-staging ] ||
		[ -n "$(find plan -name '*.tmp-*' -print)" ]; then
		echo "left over: $(ls -A plan)"
		return 1
	fi
	listed=$(sed -n 's/^[0-9a-f]\{64\}  //p' plan/.infraplan-manifest | LC_ALL=C sort)
	present=$(cd plan && find . -type f ! -name .infraplan-manifest | sed 's|^\./||' | LC_ALL=C sort)
	if [ "$listed" != "$present" ]; then
		echo "files on disk are not the manifest's:"
		printf '%s\n' "$listed" >listed.txt
		printf '%s\n' "$present" >present.txt
		diff listed.txt present.txt | head -n 10
		return 1
	fi
	sed -n 's/^# spec: \.\.\/\(.\).yaml$/\1/p' plan/.infraplan-manifest
}

"$bin" gen -q -o plan a.yaml || { echo "FAIL: setup"; exit 1; }
# how long one gen takes here, to spread the kills over all of it
start=$(now_us)
for i in 1 2 3 4 5; do "$bin" gen -q -o plan b.yaml 2>/dev/null; "$bin" gen -q -o plan a.yaml 2>/dev/null; done
# twice the mean, so that some gens finish and the rest die anywhere in their run
span=$((($(now_us) - start) / 5 + 2000))

state=a interrupted=0 finished=0 recovered=0 i=0
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	if [ "$state" = a ]; then target=b; else target=a; fi
	next_random "$span"
	delay=$r
	"$bin" gen -q -o plan "$target.yaml" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%06d' "$delay")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# 128 + 9: the kill came before gen ended
	[ $? = 137 ] && interrupted=$((interrupted + 1))
	[ -e plan/.infraplan-journal ] || [ -e plan/.infraplan-staging ] && recovered=$((recovered + 1))
	if got=$(which_plan); then
		case $got in
		a|b) pass=$((pass + 1)); [ "$got" = "$target" ] && finished=$((finished + 1)); state=$got ;;
		*) bad "kill $i after ${delay} us: check names an unknown spec: $got" ;;
		esac
	else
		bad "kill $i after ${delay} us: $got"
		"$bin" gen -q --force -o plan a.yaml >/dev/null 2>&1
		state=a
	fi
done
echo "killed $interrupted of $kills gens before they ended, at random (0 to $span us); the new plan was in place $finished times; $recovered kills left a journal or staging that check finished or undid"

i=0 both=0
while [ "$i" -lt 60 ]; do
	i=$((i + 1))
	"$bin" gen -q -o plan a.yaml >ra.out 2>&1 &
	p1=$!
	"$bin" gen -q -o plan b.yaml >rb.out 2>&1 &
	p2=$!
	wait "$p1"; s1=$?
	wait "$p2"; s2=$?
	for s in "$s1:ra.out" "$s2:rb.out"; do
		case ${s%%:*} in
		0) ;;
		3) grep -q "another infraplan is writing this plan" "${s#*:}" ||
			bad "concurrent $i: exit 3 without the lock's message: $(cat "${s#*:}")" ;;
		*) bad "concurrent $i: exit ${s%%:*}: $(cat "${s#*:}")" ;;
		esac
	done
	[ "$s1" = 0 ] && [ "$s2" = 0 ] && both=$((both + 1))
	if got=$(which_plan); then pass=$((pass + 1)); else bad "concurrent $i: $got"; fi
done
echo "60 concurrent pairs: both ran to the end (one after the other) $both times, the rest met the lock"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
