#!/bin/sh
# sources_public.sh INFRAPLAN SOURCE_DIR: every price source and every comment
# infraplan writes cites a public page (with the date it was read) or a file
# shipped in the repository, never a document a user does not have: the
# research notes (prices.md, tfref.md, infracost.md), the user stories
# ("seed 001", "story 002") or an issue tracker's keys ("KEC-18"). Checks the
# embedded catalog and every file gen writes for the examples and specs, and
# that the embedded prices each name a source at all.
set -u
bin=$1
src=${2:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pattern='prices\.md|tfref\.md|infracost\.md|reference/[a-z]+\.md|seeds? ?0[0-9][0-9]|story 0[0-9][0-9]|KEC-[0-9]+'
fail=0
if grep -nE "$pattern" "$src"/catalog/data/*.json; then
	echo "FAIL: the catalog cites a document a user does not have (above)"
	fail=1
fi
# a price without a source (or with an empty one)
if ! python3 - "$src"/catalog/data/*.json <<'PY'
import json, sys
bad = 0
for f in sys.argv[1:]:
    d = json.load(open(f))
    for o in d.get("offers", []):
        for p in o.get("prices", []):
            if not p.get("source") or not p.get("valid_from"):
                print("%s: %s: a price without source or valid_from" % (f, o.get("id")))
                bad = 1
    for r in d.get("rates", []):
        if not r.get("source") or not r.get("valid_from"):
            print("%s: rate %s without source or valid_from" % (f, r.get("code")))
            bad = 1
sys.exit(bad)
PY
then
	fail=1
fi
export LC_ALL=C TZ=UTC HOME=/nonexistent INFRAPLAN_OFFLINE=1 SOURCE_DATE_EPOCH=1795305600
for spec in "$src"/examples/*.yaml "$src"/tests/specs/good/*.yaml; do
	name=$(basename "$spec" .yaml)
	out="$tmp/$name"
	"$bin" gen -q -o "$out" "$spec" >/dev/null 2>&1 || continue
	if grep -rnE "$pattern" "$out"; then
		echo "FAIL $name: a generated file cites a document a user does not have (above)"
		fail=1
	fi
done
[ $fail = 0 ] && echo "every source and comment cites a public page or a shipped file"
exit $fail
