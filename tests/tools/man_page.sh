#!/bin/sh
# man_page.sh INFRAPLAN SOURCE_DIR: the man page the build wrote beside
# INFRAPLAN (what `cmake --install` installs) is what `infraplan help --man`
# prints, `man --warnings` finds nothing to say of it, and it holds every
# command and every option that the commands' --help lists: both come from
# the same tables, and this holds them to it. Skipped loudly without man.
set -u
bin=$1
dir=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v man >/dev/null 2>&1; then
	echo "SKIPPED: man (man-db) not installed; the man page was not checked"
	exit 77
fi
fail=0
"$bin" help --man >"$tmp/infraplan.1" || { echo "FAIL: infraplan help --man"; exit 1; }
cmp -s "$tmp/infraplan.1" "$dir/infraplan.1" ||
	{ echo "FAIL: $dir/infraplan.1 is not what 'infraplan help --man' prints"; fail=1; }
# groff's warnings (and man's) go to stderr: any is a failure
MANWIDTH=80 LC_ALL=C man --warnings -l "$tmp/infraplan.1" >"$tmp/page" 2>"$tmp/warnings"
if [ -s "$tmp/warnings" ]; then
	echo "FAIL: man --warnings:"
	sed 's/^/    /' "$tmp/warnings"
	fail=1
fi
for name in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
	grep -q "^$name\$" "$tmp/page" || { echo "FAIL: no section $name"; fail=1; }
done
# every command and subcommand --help knows, with each option of its table
cmds=$("$bin" --help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
subs="prices show
prices update"
for c in $cmds; do
	words=$c
	[ "$c" = prices ] && continue
	printf '%s\n' "$words"
done >"$tmp/all"
printf '%s\n' "$subs" >>"$tmp/all"
while read -r words; do
	# shellcheck disable=SC2086
	"$bin" $words --help >"$tmp/help" 2>&1 || { echo "FAIL: $words --help"; fail=1; continue; }
	grep -q "^   $words\$" "$tmp/page" || { echo "FAIL: no section for '$words'"; fail=1; }
	sed -n 's/^  \(-., \)\{0,1\} *\(--[a-z-]*\).*/\2/p' "$tmp/help" >"$tmp/opts"
	while read -r opt; do
		[ "$opt" = --help ] && continue
		# the page's section of this command, up to the next one
		awk -v s="   $words" '$0 == s { on = 1; next } /^   [a-z]/ && on { exit } on' \
			"$tmp/page" | grep -q -- "$opt" ||
			{ echo "FAIL: '$words' $opt is in --help, not in the man page"; fail=1; }
	done <"$tmp/opts"
done <"$tmp/all"
[ "$fail" = 0 ] && echo "man page: ok ($(wc -l <"$tmp/all") commands, man --warnings silent)"
exit "$fail"
