#!/bin/sh
# completion.sh INFRAPLAN SOURCE_DIR: the bash completion the build wrote
# beside INFRAPLAN (what `cmake --install` installs) is what `infraplan help
# --completion bash` prints, and completes commands, options, option values
# and spec files: sourced into bash (after bash-completion's own functions
# when they are installed, and without them), its function is driven as bash
# drives it (COMP_WORDS, COMP_CWORD) and COMPREPLY checked. When zsh is
# installed the zsh script is checked with `zsh -n` and driven in a pseudo
# terminal (completion_zsh.zsh).
set -u
bin=$1
dir=$(dirname "$bin")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$bin" help --completion bash >"$tmp/infraplan.bash" || { echo "FAIL: help --completion bash"; exit 1; }
"$bin" help --completion zsh >"$tmp/_infraplan" || { echo "FAIL: help --completion zsh"; exit 1; }
cmp -s "$tmp/infraplan.bash" "$dir/infraplan.bash" ||
	{ echo "FAIL: $dir/infraplan.bash is not what 'help --completion bash' prints"; fail=1; }
cmp -s "$tmp/_infraplan" "$dir/_infraplan" ||
	{ echo "FAIL: $dir/_infraplan is not what 'help --completion zsh' prints"; fail=1; }
if ! command -v bash >/dev/null 2>&1; then
	echo "SKIPPED: bash not installed"
	exit 77
fi
mkdir -p "$tmp/work/sub" && touch "$tmp/work/app.yaml" "$tmp/work/old.yml" "$tmp/work/notes.txt"
# expect LINE EXPECTED...: completing the words of LINE (its last word is
# the one completed; "" for an empty one) offers every EXPECTED and, when
# the first EXPECTED is "=", exactly those
cat >"$tmp/drive.bash" <<'DRIVE'
. "$1"
shift
cd "$WORK" || exit 2
status=0
expect() {
	local line=$1 exact=0 w
	shift
	[ "$1" = "=" ] && { exact=1; shift; }
	eval "COMP_WORDS=($line)"
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_infraplan
	got=" ${COMPREPLY[*]} "
	for w in "$@"; do
		case $got in
		*" $w "*) ;;
		*) echo "FAIL: '$line' offers [${COMPREPLY[*]}], not '$w'"; status=1 ;;
		esac
	done
	if [ "$exact" = 1 ] && [ "${#COMPREPLY[@]}" != "$#" ]; then
		echo "FAIL: '$line' offers [${COMPREPLY[*]}], expected exactly [$*]"
		status=1
	fi
}
expect 'infraplan ""' check compare cost diff gen help history init plan prices rightsize validate
expect 'infraplan co' = compare cost
expect 'infraplan cos' = cost
expect 'infraplan --offline va' = validate
expect 'infraplan -' --offline --help --version
expect 'infraplan cost --format ""' = table json markdown
expect 'infraplan cost -f j' = json
expect 'infraplan cost --format = ""' = table json markdown
expect 'infraplan cost --format = m' = markdown
expect 'infraplan plan --ti' = --tiers
expect 'infraplan cost --f' = --format
expect 'infraplan gen --' --output --force --quiet --rightsize --commit --message --offline --help
expect 'infraplan init --provider ""' = aws contabo hetzner koyeb none
expect 'infraplan init --template ""' = node-api django gpu-worker rails static-api
expect 'infraplan init -p k' = koyeb
expect 'infraplan init ""' = sub
expect 'infraplan validate ""' = app.yaml old.yml sub
expect 'infraplan cost --format json ""' = app.yaml old.yml sub
expect 'infraplan gen -o ""' = sub
expect 'infraplan help ""' cost init prices validate
expect 'infraplan prices ""' = show update --help
expect 'infraplan prices update --provider ""' = aws hetzner rates all
expect 'infraplan prices show --' --type --wide --offline --region
expect 'infraplan prices show ""' aws hetzner koyeb rates
expect 'infraplan help --completion ""' = bash zsh
exit $status
DRIVE
export WORK="$tmp/work"
bash --norc --noprofile "$tmp/drive.bash" "$dir/infraplan.bash" || fail=1
checked="without bash-completion"
bc=/usr/share/bash-completion/bash_completion
if [ -f "$bc" ]; then
	printf '. %s\n. "$@"\n' "$bc" >"$tmp/with.bash"
	bash --norc --noprofile "$tmp/with.bash" "$tmp/drive.bash" "$dir/infraplan.bash" || fail=1
	checked="with and without bash-completion"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$dir/_infraplan" || { echo "FAIL: zsh -n _infraplan"; fail=1; }
	mkdir "$tmp/zfn" && cp "$dir/_infraplan" "$tmp/zfn/"
	# a hung pseudo terminal must not hang the suite
	limit=
	command -v timeout >/dev/null 2>&1 && limit="timeout 120"
	# shellcheck disable=SC2086
	(cd "$WORK" && $limit zsh -f "$here/completion_zsh.zsh" "$tmp/zfn")
	case $? in
	0) checked="$checked; zsh -n and zsh's completion driven" ;;
	77) checked="$checked; zsh -n (no zsh/zpty)" ;;
	*) echo "FAIL: zsh completion"; fail=1 ;;
	esac
else
	checked="$checked; zsh not installed, _infraplan not checked"
fi
[ "$fail" = 0 ] && echo "completion: ok ($checked)"
exit "$fail"
