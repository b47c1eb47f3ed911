# completion_zsh.zsh DIR_OF__infraplan: run by completion.sh when zsh is
# installed. Drives zsh's completion in a pseudo terminal (zsh/zpty): each
# line is typed with a TAB, then the line is dropped and a marker printed,
# and the listing zsh drew before the marker is checked. Reading up to the
# marker and the next prompt, not sleeping, keeps it independent of the
# machine's speed.
zmodload zsh/zpty || exit 77
fn=$1
zpty -b z zsh -f -i
zpty -w z "PS1='> '; fpath=($fn \$fpath); autoload -U compinit; compinit -u -D; infraplan() { :; }"
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no; setopt nolistambiguous nobeep"
n=0
zpty -w z "print MARK\$((0))"
# the line editor is reading when it has drawn the prompt and switched
# bracketed paste on (ESC[?2004h): input typed before that would be taken by
# the terminal's line discipline, where TAB is a character and ^U kills
zpty -r z junk '*MARK0*2004h*'
rc=0
# expect LINE WORD...: completing LINE lists every WORD
expect() {
	local line=$1 got w
	shift
	n=$((n + 1))
	zpty -n -w z "$line"$'\t'$'\x15'
	zpty -w z "print MARK\$(($n))"
	zpty -r z got "*MARK$n*2004h*"
	got=${got//$'\r'/}
	for w in "$@"; do
		if [[ $got != *"$w"* ]]; then
			print -r -- "FAIL: zsh: '$line' does not list '$w':"
			print -r -- "$got" | sed 's/^/    /'
			rc=1
		fi
	done
}
expect 'infraplan ' check cost init prices validate
expect 'infraplan init --provider ' aws contabo hetzner koyeb none
expect 'infraplan init --template ' node-api django gpu-worker rails static-api
expect 'infraplan cost --format ' json markdown table
expect 'infraplan prices ' show update
expect 'infraplan prices update --provider ' all aws hetzner rates
expect 'infraplan validate ' app.yaml sub
expect 'infraplan gen --' --output --force --commit
zpty -d z
exit $rc
