# bash completion for pp and its programs (pp-sample, pp-trend, ...).
# Options come from the program's own --help, so they are never stale;
# format names, keywords of options and subcommands are listed here;
# field names (-f, -g, -F, --time-field, --sample-key, ...) come from the
# header of the first CSV or TSV file on the command line.
# Installed by make install (bash-completion loads it); by hand:
#	. share/pp/completion/pp.bash
# zsh reads it through bashcompinit: see pp.zsh.

# Keep these in step with pp(7): tests/completion.bats checks them.
_pp_input_formats="csv tsv json jsonl hyperfine hyperfine-csv gobench gbench prometheus openmetrics perf pytest-benchmark k6 otlp-metrics"
_pp_output_formats="csv tsv json table openmetrics markdown junit"
_pp_programs="sample trend budget abtest cost optimize alert report"

# The long options of program $1, from its --help.
_pp_options()
{
	"$1" --help 2>/dev/null |
	    grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# The field names of the first CSV or TSV file among the words.
_pp_fields()
{
	local w f=
	for w in "${COMP_WORDS[@]:1}"; do
		case $w in
		-*) ;;
		*) if [[ -f $w ]]; then f=$w; break; fi ;;
		esac
	done
	[[ -n $f ]] || return
	local h
	IFS= read -r h < "$f" 2>/dev/null || [[ -n $h ]] || return
	h=${h%$'\r'}
	h=${h//\"/}
	if [[ $h == *$'\t'* ]]; then
		printf '%s\n' "${h//$'\t'/$'\n'}"
	else
		printf '%s\n' "${h//,/$'\n'}"
	fi
}

_pp_program()
{
	local prog=$1 cur prev words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	COMPREPLY=()
	case $prev in
	--input-format)
		mapfile -t COMPREPLY < <(compgen -W "$_pp_input_formats" -- "$cur")
		return ;;
	--output-format)
		mapfile -t COMPREPLY < <(compgen -W "$_pp_output_formats" -- "$cur")
		return ;;
	-f|--field|-g|--group-by|-F|--fields|--time-field|--sample-key|\
	--key-field|--variant-field|--execution-field|--by)
		mapfile -t COMPREPLY < <(compgen -W "$(_pp_fields)" -- "${cur##*,}")
		if [[ $cur == *,* ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/${cur%,*},}")
		fi
		return ;;
	-c|--config|--history|--state|--baseline|--before|--after|-o|--output)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	--fail-on)
		case $prog in
		pp-abtest) words="slower" ;;
		*) words="minor moderate major" ;;
		esac
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return ;;
	--test) words="mw welch" ;;
	--correct) words="holm bh none" ;;
	--engine) words="freq bayes" ;;
	--mode) words="auto calculate display" ;;
	--report) [[ $prog == pp-cost ]] && words="daily weekly monthly" ;;
	--method) words="mad esd" ;;
	--model) words="linear holt" ;;
	--enforcement) words="strict warning off" ;;
	esac
	if [[ -n $words ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	if [[ $COMP_CWORD -eq 1 ]]; then
		case $prog in
		pp-abtest) words="assign analyze bandit rollout" ;;
		pp-optimize) words="status try verify" ;;
		esac
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_pp_options "$prog")" -- "$cur")
	elif [[ -n $words ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}

_pp()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	if [[ $COMP_CWORD -eq 1 ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_pp_programs help" -- "$cur")
		return
	fi
	if [[ ${COMP_WORDS[1]} == help ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_pp_programs" -- "$cur")
		return
	fi
	# pp NAME ARGS: complete as pp-NAME ARGS
	COMP_WORDS=("pp-${COMP_WORDS[1]}" "${COMP_WORDS[@]:2}")
	COMP_CWORD=$((COMP_CWORD - 1))
	_pp_program "${COMP_WORDS[0]}"
}

_pp_complete_program()
{
	_pp_program "$1"
}

complete -F _pp pp
# the words themselves: zsh does not split $_pp_programs
for _pp_p in sample trend budget abtest cost optimize alert report; do
	complete -F _pp_complete_program "pp-$_pp_p"
done
unset _pp_p
