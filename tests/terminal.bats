#!/usr/bin/env bats
# A terminal: tables for people (pp(7), OUTPUT FOR PEOPLE) and progress
# (pp(7), DIAGNOSTICS, Progress): a read that takes long shows one line
# on standard error, rewritten in place and cleared at the end; never off
# a terminal, never with -q.  script(1) gives the programs a terminal for
# standard output and error.

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
	assert_line --index 0 --regexp "^($(line_re pp-trend '<stdin>'))+<CR><EL>metric +n +p50 +p95 +"
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

@test "records a filter writes to the terminal start on a clean line" {
	on_tty 0 "$stall | pp-sample --rate 100% --seed 1 | head -n 3"
	assert_line --index 0 'ts,metric,value,sample_rate<CR>'
	assert_line --index 1 '1700000000,lat,0,1<CR>'
	# The progress shows between the records, and is cleared before
	# the next one: it never runs into a record.
	on_tty 0 "$stall | pp-sample --rate 100% --seed 1"
	assert_line --regexp "^($(line_re pp-sample '<stdin>'))+<CR><EL>17000[0-9]{5},lat,[0-9]+,1<CR>\$"
	assert_equal "${#lines[@]}" 20001
	refute_line --regexp 'rec/s[^<]'

}

# --- tables for people ------------------------------------------------

ex=$BATS_TEST_DIRNAME/../share/pp/examples

@test "on a terminal pp-trend prints a table of the fields a person reads first" {
	on_tty 0 "pp-trend -c $ex/pp.yaml $ex/history.csv"
	assert_line --index 0 --regexp '^metric +host +n +p50 +p95 +slope_pct +direction +forecast_7d +wow_pct +changes +severity +trend<CR>$'
	assert_line --index 1 --regexp '^api\.response_time +web1 +121 +120 ms +125 ms +0\.0% +stable +119 ms +1\.8% +0 +[▁▂▃▄▅▆▇█]+<CR>$'
	assert_line --index 2 --regexp '^api\.response_time +web2 +121 +126 ms +167 ms +1\.5% +degrading +160 ms +0\.5% +1 +moderate +[▁▂▃▄▅▆▇█]+<CR>$'
	assert_line --index 3 --regexp '^throughput +web1 +121 +432 +458 +-0\.3% +degrading +404 +-2\.0% +0 +[▁▂▃▄▅▆▇█]+<CR>$'
}

@test "off a terminal the same run is CSV with every field, exact" {
	run -0 pp-trend -c "$ex/pp.yaml" "$ex/history.csv"
	assert_line --index 1 --partial 'api.response_time,web1,s,121,2026-10-30T18:00:00.000000Z,2026-11-29T18:00:00.000000Z,0.1199305785,'
}

@test "--precision and --fields on a terminal" {
	on_tty 0 "pp-trend -c $ex/pp.yaml --precision 5 -F metric,host,p50,mean,r2 $ex/history.csv"
	assert_line --index 0 'metric             host       p50       mean        r2<CR>'
	assert_line --index 1 'api.response_time  web1  120.1 ms  119.93 ms  0.011135<CR>'
}

@test "pp-abtest's table: durations, a difference in percent, p-values" {
	on_tty 0 "pp-abtest analyze $ex/ab.csv"
	assert_line --index 0 --regexp '^metric +variant +n +mean +median +p95 +diff_pct +diff_pct_lo +diff_pct_hi +p_value +verdict<CR>$'
	assert_line --index 2 --regexp '^latency +cache +191 +99\.2 ms +98\.9 ms +108 ms +-9\.2% +-10\.3% +-8\.2% +<0\.001 +faster<CR>$'
}

@test "pp-cost's table: money to the cent, shares with one decimal" {
	on_tty 0 "pp-cost -q -c $ex/pp.yaml --by category $ex/usage.csv"
	assert_line --index 0 --regexp '^category +cost +share_pct +n +cost_per_execution +cost_per_second<CR>$'
	assert_line --index 1 --regexp '^llm +48\.49 USD +85\.4% +23 +5\.39 USD +<CR>$'
}
