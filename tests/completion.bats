#!/usr/bin/env bats
# Shell completion (share/pp/completion): bash, and zsh through it.

load common

setup() {
	tmp=$(mktemp -d)
	# shellcheck disable=SC1091
	source "$TOP/share/pp/completion/pp.bash"
}

teardown() {
	rm -rf "$tmp"
}

# Completes the words "$@" (the last one is being typed).
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	if [[ $1 == pp ]]; then
		_pp
	else
		_pp_complete_program "$1"
	fi
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

@test "pp completes its programs, then the program's options" {
	run -0 complete_words pp ab
	assert_output abtest
	run -0 complete_words pp trend --fail
	assert_output --fail-on
}

@test "options come from the program's own --help" {
	run -0 complete_words pp-sample --sam
	assert_output --sample-key
	run -0 complete_words pp-sample --scr
	assert_output --scrape
	run -0 complete_words pp-abtest an
	assert_output analyze
}

@test "format names and option keywords" {
	run -0 complete_words pp-trend --output-format m
	assert_output markdown
	run -0 complete_words pp-trend --input-format go
	assert_output gobench
	run -0 complete_words pp-trend --method ""
	assert_output "esd
mad"
	run -0 complete_words pp-abtest analyze --fail-on ""
	assert_output slower
	run -0 complete_words pp-cost --report w
	assert_output weekly
}

@test "field names from the header of the CSV on the command line" {
	printf 'ts,metric,value,host\n' > "$tmp/m.csv"
	run -0 complete_words pp-trend "$tmp/m.csv" -g h
	assert_output host
	run -0 complete_words pp-trend "$tmp/m.csv" -g metric,h
	assert_output metric,host
}

@test "the input formats listed are the readers pp has" {
	local listed have
	listed=$(printf '%s\n' $_pp_input_formats | sort | tr '\n' ' ')
	have=$({ printf '%s\n' csv tsv json jsonl
	    sed -n 's/^[[:space:]]*\.name = "\([^"]*\)",.*/\1/p' \
	    "$TOP"/src/lib/in_*.c; } | sort | tr '\n' ' ')
	assert_equal "$listed" "$have"
	listed=$(printf '%s\n' $_pp_output_formats | sort | tr '\n' ' ')
	assert_equal "$listed" "csv json junit markdown openmetrics table tsv "
}

@test "zsh reads the same completion, through bashcompinit" {
	run -0 zsh -fc "autoload -Uz compinit; compinit -u -D; source $TOP/share/pp/completion/pp.zsh; print -r -- \${_comps[pp-trend]}; print -r -- \${_comps[pp]}"
	assert_output "_bash_complete -F _pp_complete_program
_bash_complete -F _pp"
}
