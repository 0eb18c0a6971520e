# zsh completion for ferry: zsh runs the bash completion script picocli generates from Ferry's
# command definitions through bashcompinit. Source this file from ~/.zshrc:
#   source /opt/ferry/completion/ferry.zsh
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
source "${${(%):-%x}:A:h}/ferry.bash"
