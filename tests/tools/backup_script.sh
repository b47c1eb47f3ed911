#!/bin/sh
# backup_script.sh: runs the backup script `infraplan gen` writes for a node
# (templates/backup.sh.tmpl, built by providers/node_backup.c) with the dump
# tools and restic replaced by recorders, as the backup unit would:
#
#   every dump works        exit 0, one restic snapshot of the dumps
#   a dump tool missing     the other dumps are still written and snapshotted,
#                           then exit 1 naming the dump that is missing
#   a dump fails half-way   its partial file is removed, the rest goes on, exit 1
#
# The node is learning-platform-8gb's: MongoDB and Redis on one server, the case
# the boot test met (mongodump comes from a repository the VM cannot reach).
#
# Usage (ctest): sh tests/tools/backup_script.sh INFRAPLAN_BINARY SOURCE_DIR
# Exit status: 0 passed, 1 failed, 77 skipped (python3 with yaml missing).
set -u
export LC_ALL=C TZ=UTC
bin=$1 src=$2

fails=0
fail() {
	echo "FAIL: $1"
	fails=$((fails + 1))
}
python3 -c 'import yaml' 2>/dev/null || {
	echo "SKIPPED: python3 with yaml is not installed" >&2
	exit 77
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" gen -q --offline "$src/examples/learning-platform-8gb.yaml" -o "$tmp/plan" >/dev/null 2>&1 ||
	{ echo "FAIL: infraplan gen"; exit 1; }
python3 - "$tmp/plan/nodes/main/cloud-init.yaml" "$tmp/backup.sh" <<'EOF' || { echo "FAIL: no backup.sh in write_files"; exit 1; }
import sys, yaml
files = [f for f in yaml.safe_load(open(sys.argv[1]))["write_files"]
         if f["path"] == "/usr/local/lib/infraplan/backup.sh"]
assert len(files) == 1
open(sys.argv[2], "w").write(files[0]["content"])
EOF
# the dumps go under $tmp, not /var/backups
sed -i "s|^dumps=/var/backups/infraplan/dumps$|dumps=$tmp/dumps|" "$tmp/backup.sh"
grep -q "^dumps=$tmp/dumps$" "$tmp/backup.sh" || fail "the script's dumps= line changed: update this test"

# recorders: restic logs its arguments and what the dumps directory held;
# redis-cli --rdb FILE writes FILE (or half of it and fails, with REDIS_FAILS)
mkdir -p "$tmp/bin"
cat >"$tmp/bin/restic" <<EOF
#!/bin/sh
echo "restic \$*" >>"$tmp/restic.log"
[ "\$1" = backup ] && ls "$tmp/dumps" >"$tmp/snapshot.list"
exit 0
EOF
cat >"$tmp/bin/redis-cli" <<'EOF'
#!/bin/sh
while [ $# -gt 1 ]; do [ "$1" = --rdb ] && out=$2; shift; done
echo REDIS0011 >"$out"
[ -z "${REDIS_FAILS:-}" ] || { echo "redis-cli: connection lost" >&2; exit 1; }
EOF
cat >"$tmp/mongodump" <<'EOF'
#!/bin/sh
for a; do case $a in --archive=*) echo archive >"${a#--archive=}" ;; esac; done
EOF
chmod +x "$tmp/bin/restic" "$tmp/bin/redis-cli" "$tmp/mongodump"

# run NAME [ENV...]: one full backup; stdout+stderr in NAME.out, exit status returned
run() {
	name=$1
	shift
	rm -f "$tmp/restic.log" "$tmp/snapshot.list"
	env -i PATH="$tmp/bin:/usr/bin:/bin" RESTIC_REPOSITORY=/nowhere RESTIC_PASSWORD=x "$@" \
		sh "$tmp/backup.sh" full >"$tmp/$name.out" 2>&1
}
command -v mongodump >/dev/null 2>&1 && fail "this machine has a mongodump of its own in /usr/bin or /bin"

# every dump works
cp "$tmp/mongodump" "$tmp/bin/mongodump"
run all-ok || fail "every dump works: exit $? ($(cat "$tmp/all-ok.out"))"
[ "$(cat "$tmp/snapshot.list" 2>/dev/null | tr '\n' ' ')" = "mongodb.archive redis.rdb " ] ||
	fail "every dump works: the snapshot held: $(cat "$tmp/snapshot.list" 2>/dev/null)"
grep -q "^restic forget .*--prune" "$tmp/restic.log" || fail "every dump works: no prune after a full run"

# mongodump missing
rm "$tmp/bin/mongodump"
run no-tool
rc=$?
[ "$rc" -eq 1 ] || fail "mongodump missing: exit $rc, expected 1 ($(cat "$tmp/no-tool.out"))"
[ "$(cat "$tmp/snapshot.list" 2>/dev/null)" = redis.rdb ] ||
	fail "mongodump missing: the snapshot held: $(cat "$tmp/snapshot.list" 2>/dev/null), expected redis.rdb"
grep -q "the snapshot lacks the dumps: mongodb.archive$" "$tmp/no-tool.out" ||
	fail "mongodump missing: the missing dump is not named: $(cat "$tmp/no-tool.out")"

# a dump failing half-way leaves no partial file behind
cp "$tmp/mongodump" "$tmp/bin/mongodump"
run half REDIS_FAILS=1
rc=$?
[ "$rc" -eq 1 ] || fail "redis fails half-way: exit $rc, expected 1 ($(cat "$tmp/half.out"))"
[ "$(cat "$tmp/snapshot.list" 2>/dev/null)" = mongodb.archive ] ||
	fail "redis fails half-way: the snapshot held: $(cat "$tmp/snapshot.list" 2>/dev/null)"
grep -q "connection lost" "$tmp/half.out" || fail "redis fails half-way: the tool's own error is not shown"

[ "$fails" -eq 0 ] || exit 1
echo "backup_script: 3 cases passed"
