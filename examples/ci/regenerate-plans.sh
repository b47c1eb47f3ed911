#!/bin/sh
# regenerate-plans.sh: reruns `infraplan gen` for every committed plan, so a
# spec change never reaches a commit without its plan. Each plan directory
# holds a .infraplan-manifest naming its spec (relative to the directory) and
# whether it was generated with --rightsize; this reads those two lines.
#
# As a pre-commit hook it fails when a plan changed, so the regenerated
# files can be reviewed and added (git add) before committing again; a
# hand-edited generated file stops it too (gen refuses to overwrite it).
set -eu
status=0
for manifest in $(git ls-files -- '*.infraplan-manifest' '.infraplan-manifest'); do
	dir=$(dirname "$manifest")
	spec=$(sed -n 's/^# spec: //p' "$manifest" | head -n 1)
	[ -n "$spec" ] || { echo "$manifest: names no spec" >&2; status=1; continue; }
	flags=""
	grep -q '^# rightsize: true$' "$manifest" && flags="--rightsize"
	before=$(git status --porcelain -- "$dir")
	# shellcheck disable=SC2086  # flags is empty or one word
	infraplan gen -q $flags -o "$dir" "$dir/$spec" || { status=1; continue; }
	if [ "$(git status --porcelain -- "$dir")" != "$before" ]; then
		echo "regenerated $dir from $dir/$spec: review and add it" >&2
		status=1
	fi
done
exit $status
