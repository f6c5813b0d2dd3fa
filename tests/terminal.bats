#!/usr/bin/env bats
# Progress on a terminal (pp(7), DIAGNOSTICS, Progress): a read that
# takes long shows one line on standard error, rewritten in place and
# cleared at the end; never off a terminal, never with -q.  script(1)
# gives the programs a terminal for standard output and error.

load common

setup() {
	tmp=$(mktemp -d)
	awk 'BEGIN {
		print "ts,metric,value"
		for (i = 0; i < 20000; i++)
			printf "%d,lat,%d\n", 1700000000 + i, i % 50
	}' >"$tmp/d.csv"
	# Blocks of 8000 records with a pause past the delay before
	# progress is shown (0.5 s); the rest come at once.
	stall="(head -n 8001 $tmp/d.csv; sleep 1.5; tail -n +8002 $tmp/d.csv)"
}

teardown() {
	rm -rf "$tmp"
}

# Runs the shell command $2 on a terminal and expects exit status $1; the
# terminal's output is in $output and $lines, a carriage return written
# <CR> and the escape that clears a line <EL>.
on_tty() {
	run "-$1" script -qec "$2" /dev/null </dev/null
	output=$(printf '%s' "$output" |
	    sed -e 's/\r/<CR>/g' -e 's/\x1b\[K/<EL>/g')
	mapfile -t lines <<<"$output"
}

# The pattern of one progress line of program $1 reading $2.
line_re() {
	printf '<CR><EL>%s: %s: [0-9.]+k records  [0-9.]+k? rec/s' "$1" "$2"
}

@test "pp-trend shows records and rate on a stalled pipe, then clears them" {
	on_tty 0 "$stall | pp-trend --window all >/dev/null"
	assert_output --regexp "^($(line_re pp-trend '<stdin>'))+<CR><EL>\$"
}

@test "the table starts on a line the progress left clean" {
	on_tty 0 "$stall | pp-trend --window all --output-format table"
	assert_line --index 0 --regexp "^($(line_re pp-trend '<stdin>'))+<CR><EL>metric +unit +n +"
}

@test "a warning starts on its own line, not after the progress" {
	awk 'NR == 10001 { $0 = "1700010000,lat,abc" } 1' "$tmp/d.csv" \
	    >"$tmp/bad.csv"
	on_tty 0 "(head -n 8001 $tmp/bad.csv; sleep 1.5; tail -n +8002 $tmp/bad.csv) | pp-trend --window all >/dev/null"
	assert_line --index 0 --regexp "^($(line_re pp-trend '<stdin>'))+<CR><EL>pp-trend: <stdin>:10001: field 'value': 'abc' is not a number<CR>\$"
}

@test "pp-budget and pp-sample --rate show progress too" {
	printf 'budgets:\n  items:\n    - {name: lat, metric: lat, stat: p95, error: 1000}\n' \
	    >"$tmp/b.yaml"
	on_tty 0 "$stall | pp-budget -c $tmp/b.yaml >/dev/null"
	assert_output --regexp "^($(line_re pp-budget '<stdin>'))+<CR><EL>\$"
	on_tty 0 "$stall | pp-sample --rate 10% --seed 1 >/dev/null"
	assert_output --regexp "^($(line_re pp-sample '<stdin>'))+<CR><EL>\$"
}

@test "pp-optimize --otlp shows progress of its own reader" {
	awk 'BEGIN { for (i = 0; i < 20000; i++) print "{\"resourceSpans\":[]}" }' \
	    >"$tmp/otlp.jsonl"
	on_tty 0 "(head -n 8000 $tmp/otlp.jsonl; sleep 1.5; tail -n +8001 $tmp/otlp.jsonl) | pp-optimize --otlp >/dev/null"
	assert_output --regexp "^($(line_re pp-optimize '<stdin>'))+<CR><EL>\$"
}

@test "a file operand is named" {
	mkfifo "$tmp/fifo"
	on_tty 0 "$stall >$tmp/fifo & pp-trend --window all $tmp/fifo >/dev/null"
	assert_output --regexp "^($(line_re pp-trend "$tmp/fifo"))+<CR><EL>\$"
}

@test "no progress with -q" {
	on_tty 0 "$stall | pp-trend -q --window all >/dev/null"
	assert_output ""
}

@test "no progress when standard error is not a terminal" {
	on_tty 0 "$stall | pp-trend --window all >/dev/null 2>$tmp/err"
	assert_output ""
	assert_equal "$(cat "$tmp/err")" ""
	run -0 --separate-stderr bash -c "$stall | pp-trend --window all"
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^metric,'
}

@test "a short read never even reads the clock" {
	# 1000 records of 17 KB: below both counts that read the clock.
	head -n 1001 "$tmp/d.csv" >"$tmp/short.csv"
	on_tty 0 "(cat $tmp/short.csv; sleep 1) | pp-trend --window all >/dev/null"
	assert_output ""
}
