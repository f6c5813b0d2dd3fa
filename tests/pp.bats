#!/usr/bin/env bats
# bin/pp: the dispatcher.

load common

@test "pp alone lists the programs" {
	run -0 pp
	assert_line --index 0 "usage: pp PROGRAM [ARG...] | pp help [PROGRAM]"
	assert_output --regexp '  sample +Collect performance measurements as metric records\.'
	# each program's first sentence, cut at a word to fit a line
	assert_output --regexp '  optimize +Find optimisation opportunities in span records \(N\+1 calls to\.\.\.'
	assert_output --regexp '  trend +Analyse metric records per series: trend and direction,\.\.\.'
	for line in "${lines[@]}"; do
		[ "${#line}" -le 80 ] || fail "longer than 80: $line"
	done
}

@test "pp NAME runs pp-NAME with its arguments" {
	run -0 pp sample --version
	assert_output --regexp '^pp-sample \(pp\) '
	run -2 --separate-stderr pp sample -n 0 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: -n: '0' is not a whole number from 1"
}

@test "pp with an unknown program is exit 2" {
	run -2 --separate-stderr pp nosuch
	assert_equal "$stderr" "pp: no program 'pp-nosuch' (see 'pp' for the list)"
	run -2 --separate-stderr pp --bogus
	assert_equal "$stderr" "pp: unknown option '--bogus'
Try 'pp --help'."
}

@test "pp help NAME shows the manual page" {
	command -v man >/dev/null || skip "man(1) is not installed"
	MANPAGER=cat PAGER=cat run -0 pp help sample
	assert_output --partial "pp-sample"
	assert_output --partial "SYNOPSIS"
	MANPAGER=cat PAGER=cat run -0 pp help
	assert_output --partial "EXIT STATUS"
}

@test "pp NAME passes the program's exit status through" {
	run -1 --separate-stderr bash -c 'printf "ts,budget\n1,x\n" | pp alert --exec "exit 3" --retries 0'
	assert_equal "$stderr" "pp-alert: exec: not delivered: 'exit 3' exited with status 3"
	run -3 --separate-stderr bash -c 'printf "ts,x\n1\n" | pp alert --exec true --strict'
	assert_equal "$stderr" "pp-alert: <stdin>:2: expected 2 fields, found 1"
	run -4 --separate-stderr bash -c 'pp sample --version > /dev/full'
	assert_equal "$stderr" "pp-sample: write error: No space left on device"
	run -0 --separate-stderr bash -c '{ echo ts,budget; seq 1 20000 | sed "s/.*/&,b&/"; } | env --default-signal=PIPE pp alert --exec true --dry-run -g budget | head -1; echo "${PIPESTATUS[1]}"'
	assert_output "# exec (true): 1 alert
141"
	assert_equal "$stderr" ""
}

@test "pp's own list: SIGPIPE when the reader is gone, exit 4 on a write error, never 1" {
	tmp=$(mktemp -d)
	mkfifo "$tmp/fifo"
	run -0 --separate-stderr bash -c 'exec 3<>"$1" 4>"$1" 3<&-; env --default-signal=PIPE pp >&4; echo $?' sh "$tmp/fifo"
	assert_output 141
	assert_equal "$stderr" ""
	run -0 --separate-stderr bash -c 'exec 3<>"$1" 4>"$1" 3<&-; env --ignore-signal=PIPE pp --help >&4; echo $?' sh "$tmp/fifo"
	assert_output 4
	assert_equal "$stderr" "pp: standard output: write error"
	run -4 --separate-stderr bash -c 'pp > /dev/full'
	assert_equal "$stderr" "pp: standard output: write error"
	rm -rf "$tmp"
}
