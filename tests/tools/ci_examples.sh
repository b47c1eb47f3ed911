#!/bin/sh
# ci_examples.sh INFRAPLAN SOURCE_DIR: the files in examples/ci/ are YAML that
# parses (python3's yaml module), the hook script passes shellcheck, and the
# hook really regenerates a stale plan in a scratch repository and stays quiet
# on a fresh one. The hook is a user's script that runs git, so this test
# runs git too; infraplan's own git work is tested with libgit2 (test_git).
# Each check that lacks its tool is skipped loudly; with none run, exit 77.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
ci=$src/examples/ci
ran=0 fail=0
export INFRAPLAN_OFFLINE=1 GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent \
	GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.com

if python3 -c 'import yaml' 2>/dev/null; then
	for f in "$ci"/*.yml "$ci"/*.yaml; do
		if python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f"; then
			echo "ok   yaml $(basename "$f")"
		else
			echo "FAIL yaml $(basename "$f")"
			fail=1
		fi
	done
	ran=1
else
	echo "SKIPPED: python3 yaml module missing; examples/ci/*.yml not parsed"
fi

if command -v shellcheck >/dev/null 2>&1; then
	if shellcheck "$ci/regenerate-plans.sh"; then echo "ok   shellcheck regenerate-plans.sh"; else fail=1; fi
	ran=1
else
	echo "SKIPPED: shellcheck missing; regenerate-plans.sh not linted"
fi

if command -v git >/dev/null 2>&1; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir "$tmp/bin" && ln -s "$bin" "$tmp/bin/infraplan"
	# fresh: the hook passes and changes nothing; the spec changes tier: the
	# hook regenerates the plan and fails so that it gets reviewed
	if PATH="$tmp/bin:$PATH" sh -c '
		set -e
		cd "$1" && rm -rf repo && git init -q -b main repo && cd repo
		cp "$2/examples/kecalek-tier-a.yaml" infraplan.yaml
		infraplan gen -q -o plan infraplan.yaml 2>/dev/null
		git add -A && git commit -qm plan
		sh "$3/regenerate-plans.sh" 2>/dev/null
		test -z "$(git status --porcelain)"
		cp "$2/examples/kecalek-tier-c.yaml" infraplan.yaml
		if sh "$3/regenerate-plans.sh" 2>/dev/null; then exit 1; fi
		grep -q "\"monthly_total\": 22.50" plan/cost.json
	' hook "$tmp" "$src" "$ci"; then
		echo "ok   regenerate-plans.sh regenerates a stale plan"
	else
		echo "FAIL regenerate-plans.sh did not regenerate the stale plan"
		fail=1
	fi
	ran=1
else
	echo "SKIPPED: git missing; regenerate-plans.sh not run"
fi

[ "$fail" = 0 ] || exit 1
[ "$ran" = 1 ] || exit 77
exit 0
