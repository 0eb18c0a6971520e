# Asks an interactive zsh for completions as a person would: on a pseudo-terminal (zpty) it sources
# the completion script, types a command line, presses Tab, and prints each candidate the completion
# system offered as a line "offered: CANDIDATE".
#   zsh -f complete.zsh SCRIPT 'ferry co'
zmodload zsh/zpty || { print -u2 'this zsh has no zsh/zpty module'; exit 3 }
script=$1
line=$2
zpty shell zsh -f -i
zpty -w shell "PS1=''; source ${(q)script}"
# Every candidate passes through compadd; this one reports them before adding them.
zpty -w shell 'compadd() { local -a offered; builtin compadd -O offered "$@"; print -rl -- "" "offered: "${^offered}; builtin compadd "$@" }'
zpty -w shell 'zstyle ":completion:*" menu no; print ready-$((6 * 7))'
zpty -r -m shell out '*ready-42*' || { print -u2 'zsh did not start'; exit 4 }
zpty -w -n shell "$line"$'\t'
# Ctrl-U clears the typed line once Tab has been handled; the marker then says all output is in.
zpty -w shell $'\C-u'"print done-\$((6 * 7))"
zpty -r -m shell out '*done-42*' || { print -u2 'zsh did not finish the completion'; exit 5 }
print -r -- ${out//$'\r'/}
zpty -d shell
