#!/usr/bin/env bats
# The configuration as every program reads it (pp-config(5)): one loader,
# one set of checks, the same message from each program.

load common

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# Each program with its configuration and an empty input.
programs=(sample trend budget "abtest analyze" cost optimize alert report)

# Runs every program with -c FILE and checks exit 3 and the message
# "pp-X: MSG" (MSG starts with the file's name).
each_program_says() {
	local p prog
	for p in "${programs[@]}"; do
		prog=${p%% *}
		# shellcheck disable=SC2086
		run -3 --separate-stderr timeout 20 pp-$p -c "$1" /dev/null
		assert_equal "$stderr" "pp-$prog: $2"
		assert_output ""
	done
}

@test "YAML nested 50,000 deep is refused at its place, not a crash" {
	python3 -c "print('trend:\n  window: ' + '[' * 50000 + ']' * 50000)" \
	    >"$tmp/deep.yaml"
	each_program_says "$tmp/deep.yaml" \
	    "$tmp/deep.yaml:2:73: nested more than 64 levels deep"
	python3 -c "print('a: ' + '{b: ' * 100 + '1' + '}' * 100)" \
	    >"$tmp/maps.yaml"
	each_program_says "$tmp/maps.yaml" \
	    "$tmp/maps.yaml:1:253: nested more than 64 levels deep"
}

@test "nesting of 64 levels is still read" {
	python3 -c "print('x: ' + '[' * 63 + ']' * 63)" >"$tmp/ok.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/ok.yaml" /dev/null
	# Read whole: the complaint is the unknown section, at its key.
	assert_equal "$stderr" "pp-trend: $tmp/ok.yaml:1:1: unknown key 'x'"
}

@test "a NUL byte in YAML is reported at its line and column" {
	printf 'trend:\n  window: 7d\n  x: "a\0b"\n' >"$tmp/nul.yaml"
	each_program_says "$tmp/nul.yaml" \
	    "$tmp/nul.yaml:3:8: control characters are not allowed (byte 0x00): a configuration is UTF-8 text"
}

@test "invalid UTF-8 in YAML is reported at its line and column" {
	printf 'trend:\n  window: 7d # caf\xe9\n' >"$tmp/latin1.yaml"
	each_program_says "$tmp/latin1.yaml" \
	    "$tmp/latin1.yaml:2:19: incomplete UTF-8 octet sequence (byte 0xE9): a configuration is UTF-8 text"
	# Columns count characters, not bytes.
	printf 'trend:\n  # été\n  x: \xff\n' >"$tmp/ff.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/ff.yaml" /dev/null
	assert_equal "$stderr" "pp-trend: $tmp/ff.yaml:3:6: invalid leading UTF-8 octet (byte 0xFF): a configuration is UTF-8 text"
}

@test "every program checks the shared metrics: section" {
	printf 'metrics:\n  latency: {better: sideways}\n' >"$tmp/better.yaml"
	each_program_says "$tmp/better.yaml" \
	    "$tmp/better.yaml:2:21: better: 'sideways' is not higher or lower"
	printf 'metrics:\n  latency: {better: lower, unti: s}\n' \
	    >"$tmp/typo.yaml"
	each_program_says "$tmp/typo.yaml" \
	    "$tmp/typo.yaml:2:28: unknown key 'unti'"
	printf 'metrics: [latency]\n' >"$tmp/seq.yaml"
	each_program_says "$tmp/seq.yaml" \
	    "$tmp/seq.yaml:1:10: expected a mapping from metric name to properties"
}

@test "a number too large says so, not that it is no number" {
	printf 'trend:\n  max_pvalue: 1e400\n' >"$tmp/big.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/big.yaml" /dev/null
	assert_equal "$stderr" "pp-trend: $tmp/big.yaml:2:15: '1e400' is too large a number"
	printf 'optimize:\n  batch_min_calls: 1e20\n' >"$tmp/count.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/count.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/count.yaml:2:20: batch_min_calls: '1e20' is too large (at most 1000000000)"
	run -2 --separate-stderr pp-sample -n 1e20 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: -n: '1e20' is too large (at most 1000000000)"
	run -2 --separate-stderr pp-sample -n 2x -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: -n: '2x' is not a whole number from 1"
}
