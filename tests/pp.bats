#!/usr/bin/env bats
# bin/pp: the dispatcher.

load common

@test "pp alone lists the programs" {
	run -0 pp
	assert_line --index 0 "usage: pp PROGRAM [ARG...] | pp help [PROGRAM]"
	assert_output --regexp '  sample +Collect performance measurements as metric records\.'
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
