# zsh completion for pp and its programs: the bash completion beside this
# file (pp.bash), through zsh's bashcompinit.  In ~/.zshrc, after
# compinit:
#	source /usr/local/share/pp/completion/pp.zsh
autoload -U +X bashcompinit && bashcompinit
source "${${(%):-%x}:A:h}/pp.bash"
