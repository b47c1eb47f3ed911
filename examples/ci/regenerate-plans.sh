#!/bin/sh
# regenerate-plans.sh: reruns `infraplan gen` for every committed plan, so a
# spec change never reaches a commit without its plan. Each plan directory
# holds a .infraplan-manifest naming its spec (relative to the directory) and
# whether it was generated with --rightsize; `infraplan gen -o DIR` reads both
# from it, and refuses a spec outside the work tree (a manifest comes from
# the repository, and a pull request can write anything in it).
#
# As a pre-commit hook it fails when a plan changed, so the regenerated
# files can be reviewed and added (git add) before committing again; a
# hand-edited generated file stops it too (gen refuses to overwrite it).
set -eu
status=0
for manifest in $(git ls-files -- '*.infraplan-manifest' '.infraplan-manifest'); do
	dir=$(dirname "$manifest")
	before=$(git status --porcelain -- "$dir")
	infraplan gen -q -o "$dir" || { status=1; continue; }
	if [ "$(git status --porcelain -- "$dir")" != "$before" ]; then
		echo "regenerated $dir from the spec its manifest names: review and add it" >&2
		status=1
	fi
done
exit $status
