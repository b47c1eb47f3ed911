#!/bin/sh
# package.sh INFRAPLAN SOURCE_DIR: CPack builds the .deb of the build tree
# INFRAPLAN is in; its Depends name the Debian packages of the libraries the
# programs link; installed into a scratch root (dpkg -i --root, checking the
# Depends against this machine's packages; nothing outside it changes), the
# installed infraplan runs --version, init, validate and
# gen, finds its helpers in its libexec directory (prices update --help runs
# infraplan-prices-fetch, history loads infraplan-git.so), writes a schema
# line naming the schema it installed, and its man page and bash completion
# work from where they were installed. Skipped loudly without dpkg-deb or
# cpack.
set -u
bin=$1
for tool in dpkg-deb cpack man git; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIPPED: $tool not installed; the package was not built"; exit 77; }
done
build=$(cd "$(dirname "$bin")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC HOME="$tmp/home" INFRAPLAN_OFFLINE=1 SOURCE_DATE_EPOCH=1795305600
mkdir -p "$HOME"
fail=0
say() { echo "FAIL: $*"; fail=1; }
if ! cpack -G DEB -B "$tmp/pkg" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1; then
	echo "FAIL: cpack -G DEB:"
	sed 's/^/    /' "$tmp/cpack.log"
	exit 1
fi
deb=$(ls "$tmp"/pkg/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $(basename "$deb"); Depends: $depends"
for p in libc6 libcurl4 libgit2- libjansson4 libmd0 libxml2 libyajl2 libyaml-0-2; do
	case $depends in
	*"$p"*) ;;
	*) say "Depends names no $p" ;;
	esac
done
# dpkg -i into a scratch root whose package database is a copy of this
# machine's: the Depends must be met by the Debian packages installed here,
# and nothing outside the scratch root changes (no maintainer scripts run)
r="$tmp/root"
mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/var/lib/dpkg/triggers"
touch "$r/var/lib/dpkg/available"
if command -v dpkg >/dev/null 2>&1 && [ -f /var/lib/dpkg/status ]; then
	cp /var/lib/dpkg/status "$r/var/lib/dpkg/status"
	dpkg --root="$r" --force-script-chrootless --force-not-root --log=/dev/null -i "$deb" \
		>"$tmp/dpkg.log" 2>&1 || { say "dpkg -i --root:"; sed 's/^/    /' "$tmp/dpkg.log"; }
	how="dpkg -i --root"
else
	dpkg-deb -x "$deb" "$r"
	how="dpkg-deb -x"
fi
installed=$(cd "$r" && find . -path '*/bin/infraplan' -type f | sed 's/^\.//')
prefix=${installed%/bin/infraplan}
root="$r$prefix"
ib="$root/bin/infraplan"
[ -x "$ib" ] || { say "no bin/infraplan in the package"; exit 1; }
for f in libexec/infraplan/infraplan-prices-fetch libexec/infraplan/infraplan-git.so \
	share/man/man1/infraplan.1 share/bash-completion/completions/infraplan \
	share/zsh/vendor-completions/_infraplan share/infraplan/infraplan.schema.json \
	share/doc/infraplan/spec.md; do
	[ -f "$root/$f" ] || say "the package has no $prefix/$f"
done
"$ib" --version | grep -q '^infraplan [0-9]' || say "infraplan --version"
cd "$tmp" || exit 2
"$ib" init --template rails app >/dev/null || say "init"
"$ib" validate -q app/infraplan.yaml 2>/dev/null || say "validate of init's spec"
"$ib" gen -q -o app/plan app/infraplan.yaml 2>/dev/null || say "gen of init's spec"
[ -f app/plan/terraform/main.tf ] || ls app/plan/terraform/*.tf >/dev/null 2>&1 || say "gen wrote no Terraform"
schema=$(sed -n "1s/^# yaml-language-server: [$]schema=//p" app/infraplan.yaml)
[ "$schema" = "$prefix/share/infraplan/infraplan.schema.json" ] ||
	say "init's schema line names '$schema', not the installed schema"
if ! "$ib" prices update --help >"$tmp/out" 2>&1 ||
	! grep -q "usage: infraplan prices update" "$tmp/out"; then
	say "prices update --help (the helper in libexec):"
	sed 's/^/    /' "$tmp/out"
fi
if ! { git init -q repo && cp app/infraplan.yaml repo/ &&
	git -C repo -c user.name=t -c user.email=t@example.com add infraplan.yaml &&
	git -C repo -c user.name=t -c user.email=t@example.com commit -qm spec; }; then
	say "git setup"
fi
(cd repo && "$ib" history) >"$tmp/out" 2>&1 ||
	{ say "history (the git module in libexec):"; sed 's/^/    /' "$tmp/out"; }
MANPATH="$root/share/man" MANWIDTH=80 man --warnings infraplan >"$tmp/page" 2>"$tmp/warnings" ||
	say "man infraplan"
[ -s "$tmp/warnings" ] && { say "man --warnings:"; sed 's/^/    /' "$tmp/warnings"; }
grep -q "infraplan init" "$tmp/page" || say "man infraplan shows no init"
cat >"$tmp/complete.bash" <<'DRIVE'
. "$1"
COMP_WORDS=(infraplan init --provider "")
COMP_CWORD=3
_infraplan
[ "${COMPREPLY[*]}" = "aws contabo hetzner koyeb none" ] || { echo "got: ${COMPREPLY[*]}"; exit 1; }
DRIVE
bash --norc --noprofile "$tmp/complete.bash" "$root/share/bash-completion/completions/infraplan" ||
	say "bash completion of the installed file"
[ "$fail" = 0 ] && echo "package: ok ($how, under $prefix in a scratch root)"
exit "$fail"
