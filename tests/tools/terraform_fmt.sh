#!/bin/sh
# terraform_fmt.sh INFRAPLAN SOURCE_DIR: every example that yields Terraform
# must be `terraform fmt -check` clean. Skipped loudly (exit 77) without
# terraform; provider plugins are never needed for fmt.
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
	if ! "$bin" gen -q -o "$tmp/$name" "$spec" 2>/dev/null; then
		# a spec infraplan refuses (learning-platform: budgets over the server) has no plan
		continue
	fi
	[ -d "$tmp/$name/terraform" ] || continue
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
