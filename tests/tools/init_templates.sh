#!/bin/sh
# init_templates.sh INFRAPLAN SOURCE_DIR: every template of `infraplan init`
# on every provider. Where init writes a spec, `validate` and `gen` must
# accept it, its Terraform must be `terraform fmt -check` clean (when
# terraform is installed), its node files pass node_files.sh, and the JSON
# Schema its first line names accepts it (when python3 has jsonschema); where init refuses, it must exit 2, say which
# providers the template runs on, and write nothing. Every template must run
# on at least one provider, and on its default one.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
nodes_skipped=0
schema_check=0
python3 -c 'import jsonschema, yaml' 2>/dev/null && schema_check=1
export LC_ALL=C SOURCE_DATE_EPOCH=1795305600 INFRAPLAN_OFFLINE=1 TF_CLI_CONFIG_FILE=/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
templates=$("$bin" init --help | sed -n 's/.*--template TEMPLATE *the stack to start from: //p' |
	sed 's/ (default)//; s/,//g; s/ or / /')
providers="aws contabo hetzner koyeb none"
[ -n "$templates" ] || { echo "FAIL: no templates in 'infraplan init --help'"; exit 1; }
pass=0 fail=0
for t in $templates; do
	works=0
	dir="$tmp/$t-default"
	if "$bin" init -t "$t" "$dir" >/dev/null 2>"$tmp/err"; then
		works=1
	else
		echo "FAIL $t: refused on its default provider:"
		sed 's/^/    /' "$tmp/err"
		fail=$((fail + 1))
	fi
	for p in $providers; do
		dir="$tmp/$t-$p"
		"$bin" init -t "$t" -p "$p" "$dir" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ "$rc" = 2 ]; then
			if [ -e "$dir" ]; then
				echo "FAIL $t on $p: refused, yet wrote $dir"
				fail=$((fail + 1))
			elif ! grep -q "it runs on [a-z]" "$tmp/err"; then
				echo "FAIL $t on $p: refused without saying where it runs:"
				sed 's/^/    /' "$tmp/err"
				fail=$((fail + 1))
			else
				pass=$((pass + 1))
			fi
			continue
		fi
		if [ "$rc" != 0 ]; then
			echo "FAIL $t on $p: init exited $rc:"
			sed 's/^/    /' "$tmp/err"
			fail=$((fail + 1))
			continue
		fi
		works=1
		ok=1
		"$bin" validate -q "$dir/infraplan.yaml" 2>"$tmp/err" ||
			{ echo "FAIL $t on $p: validate refused the spec init wrote:"; ok=0; }
		[ "$ok" = 1 ] && { "$bin" gen -q -o "$dir/plan" "$dir/infraplan.yaml" 2>"$tmp/err" ||
			{ echo "FAIL $t on $p: gen refused the spec init wrote:"; ok=0; }; }
		[ -f "$dir/.gitignore" ] || { echo "FAIL $t on $p: no .gitignore" >"$tmp/err"; ok=0; }
		# what the editor checks through the schema line (python3-jsonschema)
		if [ "$ok" = 1 ] && [ "$schema_check" = 1 ] && ! python3 -c '
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[2]))
errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(
    yaml.safe_load(open(sys.argv[1]))))
for e in errors:
    print(list(e.path), e.message)
sys.exit(1 if errors else 0)' "$dir/infraplan.yaml" "$2/schema/infraplan.schema.json" >"$tmp/err" 2>&1; then
			echo "FAIL $t on $p: the JSON Schema refuses the spec:"
			ok=0
		fi
		if [ "$ok" = 1 ] && [ -d "$dir/plan/nodes" ]; then
			sh "$here/node_files.sh" --check "$dir/plan" >"$tmp/err" 2>&1
			case $? in
			0) ;;
			77) nodes_skipped=1 ;;
			*) echo "FAIL $t on $p: node files:"; ok=0 ;;
			esac
		fi
		if [ "$ok" = 1 ] && [ -d "$dir/plan/terraform" ] && command -v terraform >/dev/null 2>&1; then
			terraform fmt -check -recursive "$dir/plan/terraform" >"$tmp/err" 2>&1 ||
				{ echo "FAIL $t on $p: terraform fmt -check:"; ok=0; }
		fi
		if [ "$ok" = 1 ]; then
			pass=$((pass + 1))
		else
			sed 's/^/    /' "$tmp/err"
			fail=$((fail + 1))
		fi
	done
	[ "$works" = 1 ] || { echo "FAIL $t: runs on no provider"; fail=$((fail + 1)); }
done
command -v terraform >/dev/null 2>&1 || echo "note: terraform not installed; fmt not checked"
[ "$schema_check" = 1 ] || echo "note: python3 jsonschema or yaml missing; the specs were not checked against the JSON Schema"
[ "$nodes_skipped" = 0 ] || echo "note: node files not checked (node_files.sh lacks a tool)"
echo "init templates: $pass passed, $fail failed"
[ "$fail" = 0 ]
