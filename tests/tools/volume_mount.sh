#!/bin/sh
# volume_mount.sh: runs the mount script `infraplan gen` writes for a Hetzner
# volume (templates/volume-mount.sh.tmpl, a bootcmd item of the database node)
# against a loop device in a private mount namespace, as the server's boot would:
#
#   fresh volume        formatted, mounted on the data directory, in fstab once,
#                       no lost+found left; a second boot formats nothing and
#                       the files on the volume stay
#   late volume         the packages wrote the directory on the root disk first:
#                       their files move onto the volume and the unit is started
#   missing volume      exit 1 with the operator's step, fstab untouched
#
# Usage (ctest): sh tests/tools/volume_mount.sh INFRAPLAN_BINARY SOURCE_DIR
# Exit status: 0 passed, 1 failed, 77 skipped (not root, or no loop devices or
# mount namespaces here), said loudly.
set -u
export LC_ALL=C TZ=UTC
bin=$1 src=$2

skip() {
	echo "SKIPPED: $1"
	echo "SKIPPED: $1" >&2
	exit 77
}
fails=0
fail() {
	echo "FAIL: $1"
	fails=$((fails + 1))
}

[ "$(id -u)" -eq 0 ] || skip "needs root for loop devices and mounts"
for t in losetup unshare mkfs.ext4 blkid python3; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not installed"
done
unshare -m true 2>/dev/null || skip "no mount namespaces here"

tmp=$(mktemp -d)
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
truncate -s 32M "$tmp/vol.img"
loop=$(losetup -f --show "$tmp/vol.img" 2>/dev/null) || { loop=; skip "no free loop device"; }

"$bin" gen -q --offline "$src/examples/kecalek-hetzner.yaml" -o "$tmp/plan" >/dev/null 2>&1 ||
	{ echo "FAIL: infraplan gen"; exit 1; }
# the bootcmd item that mounts the volume, as the server's shell gets it
python3 - "$tmp/plan/nodes/db/cloud-init.yaml" "$tmp/mount.sh" <<'EOF' || { echo "FAIL: no mount script in bootcmd"; exit 1; }
import sys, yaml
items = [i for i in yaml.safe_load(open(sys.argv[1]))["bootcmd"] if isinstance(i, str) and "HC_Volume" in i]
assert len(items) == 1
open(sys.argv[2], "w").write(items[0])
EOF
grep -q "^dev=.* dir=.* unit='mariadb.service'$" "$tmp/mount.sh" || fail "the script's first line names dev, dir and unit"

# systemctl, recorded instead of run
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "$*" >>%s/systemctl.log\n' "$tmp" >"$tmp/bin/systemctl"
chmod +x "$tmp/bin/systemctl"

# boot NAME [WAIT]: one boot of the script on the loop device; stdout+stderr in NAME.out
boot() {
	dir=$tmp/data
	sed -e "s|^dev=.*|dev=$loop dir=$dir unit='mariadb.service'|" \
		-e "s/-lt 300 ]/-lt ${2:-300} ]/" "$tmp/mount.sh" >"$tmp/run.sh"
	touch "$tmp/fstab"
	unshare -m sh -c "mount --bind '$tmp/fstab' /etc/fstab && PATH='$tmp/bin':\$PATH sh '$tmp/run.sh'; rc=\$?;
		mountpoint -q '$dir' && ls -A '$dir' >'$tmp/$1.mounted'; exit \$rc" >"$tmp/$1.out" 2>&1
}

# a fresh volume
mkdir -p "$tmp/data"
boot fresh || fail "fresh volume: exit $? ($(cat "$tmp/fresh.out"))"
[ -f "$tmp/fresh.mounted" ] || fail "fresh volume: not mounted on the data directory"
[ -s "$tmp/fresh.mounted" ] && fail "fresh volume: not empty: $(cat "$tmp/fresh.mounted")"
[ "$(grep -c "^$loop $tmp/data ext4 " "$tmp/fstab")" -eq 1 ] || fail "fresh volume: fstab: $(cat "$tmp/fstab")"
[ -e "$tmp/systemctl.log" ] && fail "fresh volume: started a unit: $(cat "$tmp/systemctl.log")"
# what the service writes there, then a second boot
mkdir -p "$tmp/m" && mount "$loop" "$tmp/m" && echo kept >"$tmp/m/ibdata1" && umount "$tmp/m"
boot second || fail "second boot: exit $? ($(cat "$tmp/second.out"))"
grep -qx ibdata1 "$tmp/second.mounted" 2>/dev/null || fail "second boot: the volume's data is gone"
[ "$(grep -c "^$loop " "$tmp/fstab")" -eq 1 ] || fail "second boot: fstab: $(cat "$tmp/fstab")"

# a late volume: the packages wrote on the root disk's directory first
wipefs -q -a "$loop"
rm -rf "$tmp/data" "$tmp/fstab"
mkdir -p "$tmp/data/mysql" && echo tables >"$tmp/data/mysql/db.frm"
boot late || fail "late volume: exit $? ($(cat "$tmp/late.out"))"
grep -qx mysql "$tmp/late.mounted" 2>/dev/null || fail "late volume: the packages' files are not on the volume"
grep -q lost+found "$tmp/late.mounted" 2>/dev/null && fail "late volume: lost+found left"
grep -qx 'start --no-block mariadb.service\|--no-block start mariadb.service' "$tmp/systemctl.log" 2>/dev/null ||
	fail "late volume: mariadb.service not started"

# a volume that never comes
losetup -d "$loop" && loop=
rm -f "$tmp/fstab" "$tmp/systemctl.log"
loop=/dev/disk/by-id/infraplan-test-absent
if boot missing 2; then fail "missing volume: exit 0"; fi
loop=
grep -q "is not attached.*attach it and reboot" "$tmp/missing.out" || fail "missing volume: no operator step: $(cat "$tmp/missing.out")"
[ -s "$tmp/fstab" ] && fail "missing volume: fstab written"

[ "$fails" -eq 0 ] || exit 1
echo "volume_mount: fresh, second boot, late and missing volumes behave"
