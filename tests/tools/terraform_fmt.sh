#!/bin/sh
# terraform_fmt.sh INFRAPLAN SOURCE_DIR: the Terraform infraplan generates for
# the examples must be `terraform fmt -check` clean. Every contabo and hetzner
# example must generate (a failure there is a failure here); the other
# examples are checked too when gen writes a terraform/ directory for them
# (provider none writes none; learning-platform is refused on purpose).
# Skipped loudly (exit 77) without terraform; fmt needs no provider plugins,
# so it works offline.
set -u
bin=$1
src=$2
if ! command -v terraform >/dev/null 2>&1; then
	echo "SKIPPED: terraform not installed; the generated HCL was not format-checked"
	exit 77
fi
export TF_CLI_CONFIG_FILE=/dev/null LC_ALL=C SOURCE_DATE_EPOCH=1795305600 INFRAPLAN_OFFLINE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for spec in "$src"/examples/*.yaml; do
	name=$(basename "$spec" .yaml)
	provider=$(sed -n 's/^provider:[[:space:]]*\([a-z]*\).*/\1/p' "$spec" | head -n 1)
	case $provider in
	contabo|hetzner) required=1 ;;
	*) required=0 ;;
	esac
	if ! "$bin" gen -q -o "$tmp/$name" "$spec" >"$tmp/$name.gen" 2>&1; then
		if [ "$required" = 1 ]; then
			echo "FAIL $name: infraplan gen failed:"
			sed 's/^/    /' "$tmp/$name.gen"
			fail=$((fail + 1))
		fi
		continue
	fi
	if [ ! -d "$tmp/$name/terraform" ]; then
		if [ "$required" = 1 ]; then
			echo "FAIL $name: no terraform/ directory for provider $provider"
			fail=$((fail + 1))
		fi
		continue
	fi
	if terraform fmt -check -diff -recursive "$tmp/$name/terraform" >"$tmp/$name.fmt" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: terraform fmt would change:"
		sed 's/^/    /' "$tmp/$name.fmt"
		fail=$((fail + 1))
	fi
done
echo "terraform fmt: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
