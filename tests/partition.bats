#!/usr/bin/env bats
# Reading in parts (pp(7) SCALE): -j reads several inputs at once with
# the output of -j 1; --header reads headerless chunks; a history split
# by series key and analysed part by part gives the output of one run.

load common

HDR=ts,metric,value,unit,host

setup() {
	tmp=$(mktemp -d)
	# 30 days every 6 hours of 3 metrics on 4 hosts, all ending at the
	# same time; web3's latency steps up on day 20.  A linear
	# congruential generator, so that any awk writes the same file.
	awk 'function u() { s = (s * 1103515245 + 12345) % 2147483648
		return s / 2147483648 }
	BEGIN {
		s = 7
		print "ts,metric,value,unit,host"
		for (i = 0; i < 120; i++) {
			t = 1790812800 + i * 21600
			for (h = 0; h < 4; h++) {
				step = (h == 3 && i >= 80) ? 1.4 : 1
				printf "%d,api.latency,%.4f,s,web%d\n", t, \
				    0.1 * step * (0.95 + 0.1 * u()), h
				printf "%d,cpu,%.3f,ratio,web%d\n", t, \
				    0.3 + 0.002 * i + 0.05 * u(), h
				printf "%d,requests,%d,count,web%d\n", t, \
				    1000 + int(200 * u()), h
			}
		}
	}' > "$tmp/history.csv"
	cat > "$tmp/budgets.yaml" <<-'EOF'
	budgets:
	  defaults: {enforcement: warning, min_samples: 3}
	  items:
	    - {name: latency, metric: api.latency, stat: p95, window: 7d, warning: 105ms, error: 120ms}
	    - {name: cpu, metric: cpu, stat: mean, window: 7d, warning: 0.4 ratio, error: 0.5 ratio}
	EOF
	# the history in 5 files with a header each, and one of them as TSV
	tail -n +2 "$tmp/history.csv" | split -l 300 - "$tmp/chunk."
	for f in "$tmp"/chunk.a?; do
		{ echo "$HDR"; cat "$f"; } > "$f.csv"
	done
	tr , '\t' < "$tmp/chunk.ab.csv" > "$tmp/chunk.ab.tsv"
	rm "$tmp/chunk.ab.csv"
	chunks=$(ls "$tmp"/chunk.a?.*sv)
}

teardown() {
	rm -rf "$tmp"
}

# Splits the headerless records of history.csv by series key (metric and
# host) into N parts, each series whole in one part: pp(7)'s recipe.
split_by_series() {
	mkdir -p "$tmp/parts"
	tail -n +2 "$tmp/history.csv" | awk -F, -v n="$1" -v dir="$tmp/parts" '
	{ k = $2 FS $5; if (!(k in part)) part[k] = m++ % n
	  print > (dir "/part-" part[k] ".csv") }'
}

# GNU parallel, which make deps installs (moreutils has another one).
gnu_parallel() {
	parallel --version 2>/dev/null | grep -q '^GNU parallel' ||
	    fail "GNU parallel is not installed: make deps installs it"
}

# The lines of a CSV output but its header lines, sorted.
body() {
	grep -v '^ts,\|^metric,' | LC_ALL=C sort
}
export -f body

# --- -j: several inputs at once, the output of one at a time ---------

@test "pp-trend -j 1, 2 and 4 write the same bytes, and the single run's" {
	run -0 --separate-stderr pp-trend -j 1 --output-format csv $chunks
	one=$output
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 13 ]
	run -0 --separate-stderr pp-trend -j 2 --output-format csv $chunks
	assert_equal "$output" "$one"
	run -0 --separate-stderr pp-trend -j 4 --output-format csv $chunks
	assert_equal "$output" "$one"
	run -0 --separate-stderr pp-trend --output-format csv "$tmp/history.csv"
	assert_equal "$output" "$one"
}

@test "pp-trend --changes and --anomalies are the same with -j 1 and -j 4" {
	run -0 pp-trend -j 1 --changes $chunks
	one=$output
	[[ $output == *web3* ]]
	run -0 pp-trend -j 4 --changes $chunks
	assert_equal "$output" "$one"
	run -0 pp-trend -j 1 --anomalies $chunks
	one=$output
	run -0 pp-trend -j 4 --anomalies $chunks
	assert_equal "$output" "$one"
}

@test "pp-budget -j 1, 2 and 4 write the same bytes" {
	run -0 pp-budget -c "$tmp/budgets.yaml" -j 1 --annotate $chunks
	one=$output
	[ "$(count_lines ',(warning|error),')" -gt 0 ]
	for j in 2 4; do
		run -0 pp-budget -c "$tmp/budgets.yaml" -j $j --annotate $chunks
		assert_equal "$output" "$one"
	done
	run -0 pp-budget -c "$tmp/budgets.yaml" -j 1 $chunks
	one=$output
	run -0 pp-budget -c "$tmp/budgets.yaml" -j 4 $chunks
	assert_equal "$output" "$one"
}

@test "pp-cost -j 1, 2 and 4 write the same bytes" {
	ex=$TOP/share/pp/examples
	head -1 "$ex/usage.csv" > "$tmp/h"
	tail -n +2 "$ex/usage.csv" | split -l 20 - "$tmp/use."
	for f in "$tmp"/use.a?; do cat "$tmp/h" "$f" > "$f.csv"; done
	for mode in "" "--by model" "--cost-records"; do
		run -0 --separate-stderr pp-cost -c "$ex/pp.yaml" -j 1 $mode "$tmp"/use.a?.csv
		one=$output
		err=$stderr
		for j in 2 4; do
			run -0 --separate-stderr pp-cost -c "$ex/pp.yaml" -j $j $mode "$tmp"/use.a?.csv
			assert_equal "$output" "$one"
			assert_equal "$stderr" "$err"
		done
	done
}

@test "one big file of JSON Lines, read in ranges with -j, is read as with -j 1" {
	# about 3.5 MB: ranges of 1 MiB; a bad line in the third
	awk 'BEGIN { for (i = 0; i < 60000; i++) {
		if (i == 30000) print "{\"ts\":1790900000,\"metric\":\"cpu\",\"value\":\"x\"}"
		printf "{\"ts\":%d,\"metric\":\"m%d\",\"value\":%d,\"unit\":\"s\",\"host\":\"web%d\"}\n", \
		    1790812800 + i * 60, i % 3, i % 17, i % 5 } }' > "$tmp/big.jsonl"
	[ "$(wc -c < "$tmp/big.jsonl")" -gt 3145728 ]
	run -0 --separate-stderr pp-trend -j 1 --window all "$tmp/big.jsonl"
	one=$output
	assert_equal "$stderr" "pp-trend: $tmp/big.jsonl:30001: field 'value': 'x' is not a number"
	for j in 2 4; do
		run -0 --separate-stderr pp-trend -j $j --window all "$tmp/big.jsonl"
		assert_equal "$output" "$one"
		assert_equal "$stderr" "pp-trend: $tmp/big.jsonl:30001: field 'value': 'x' is not a number"
	done
}

@test "with -j, bad records are reported in input order, as with -j 1" {
	printf 'x\n' >> "$tmp/chunk.ac.csv"
	printf '1790900000,cpu,1,ratio\n' >> "$tmp/chunk.ae.csv"
	printf '{"ts":1790900000,"metric":"cpu","value":"abc"}\n' > "$tmp/c.jsonl"
	run -0 --separate-stderr pp-trend -j 4 $chunks "$tmp/c.jsonl"
	four=$output
	assert_equal "$stderr" "pp-trend: $tmp/chunk.ac.csv:302: expected 5 fields, found 1
pp-trend: $tmp/chunk.ae.csv:242: expected 5 fields, found 4
pp-trend: $tmp/c.jsonl:1: field 'value': 'abc' is not a number"
	run -0 --separate-stderr pp-trend -j 1 $chunks "$tmp/c.jsonl"
	assert_equal "$output" "$four"
}

@test "with -j, an input that cannot be read stops the run after the ones before it" {
	ex=$TOP/share/pp/examples
	for j in 1 4; do
		run -4 --separate-stderr pp-cost -c "$ex/pp.yaml" -j $j \
		    "$ex/usage.csv" "$tmp/nosuch.csv" "$ex/usage.csv"
		assert_equal "$stderr" "pp-cost: $ex/usage.csv:11: field 'value': '-2' is negative: no cost
pp-cost: $ex/usage.csv:12: field 'value': 'abc' is not a number
pp-cost: $tmp/nosuch.csv: No such file or directory"
		[ "$(printf '%s\n' "$output" | wc -l)" -eq 62 ]
	done
}

@test "with -j, a header naming a field twice is fatal in its turn" {
	printf 'ts,metric,metric\n1,a,b\n' > "$tmp/dup.csv"
	for j in 1 3; do
		run -3 --separate-stderr pp-budget -c "$tmp/budgets.yaml" -j $j --annotate \
		    "$tmp/chunk.aa.csv" "$tmp/dup.csv" "$tmp/chunk.ac.csv"
		assert_equal "$stderr" "pp-budget: $tmp/dup.csv:1: duplicate column 'metric' in the header"
		[ "$(printf '%s\n' "$output" | wc -l)" -eq 301 ]
	done
}

@test "-j with standard input among the files" {
	run -0 pp-trend -j 1 --output-format csv $chunks
	one=$output
	run -0 bash -c "cat $tmp/chunk.ab.tsv | pp-trend -j 4 --output-format csv $tmp/chunk.aa.csv - $tmp/chunk.ac.csv $tmp/chunk.ad.csv $tmp/chunk.ae.csv"
	assert_equal "$output" "$one"
}

@test "-j must be a whole number from 1" {
	for bad in 0 abc -1 2x; do
		run -2 --separate-stderr pp-trend -j "$bad" "$tmp/history.csv"
		assert_equal "$stderr" "pp-trend: --jobs: '$bad' is not a whole number from 1 to 256
Try 'pp-trend --help'."
		assert_output ""
	done
	run -2 --separate-stderr pp-cost --jobs 257 "$tmp/history.csv"
	assert_equal "$stderr" "pp-cost: --jobs: '257' is not a whole number from 1 to 256
Try 'pp-cost --help'."
}

@test "--help lists -j and --header" {
	for p in pp-trend pp-budget pp-cost; do
		run -0 "$p" --help
		assert_output --partial "  -j, --jobs N "
		assert_output --partial "      --header LIST "
	done
}

# --- --header: headerless chunks ------------------------------------

@test "--header names the fields of headerless CSV and TSV" {
	run -0 pp-trend --output-format csv "$tmp/history.csv"
	one=$output
	tail -n +2 "$tmp/history.csv" > "$tmp/nohdr.csv"
	run -0 --separate-stderr pp-trend --header "$HDR" --output-format csv "$tmp/nohdr.csv"
	assert_equal "$output" "$one"
	assert_equal "$stderr" ""
	tr , '\t' < "$tmp/nohdr.csv" > "$tmp/nohdr.tsv"
	run -0 pp-trend --header "$HDR" --output-format csv < "$tmp/nohdr.tsv"
	assert_equal "$output" "$one"
}

@test "with --header a blank line starts no new header" {
	printf '1790812800,cpu,0.5,ratio,a\n\n1790812860,cpu,0.7,ratio,a\n' > "$tmp/b.csv"
	run -0 --separate-stderr pp-trend --header "$HDR" --window all "$tmp/b.csv"
	[ "$(csv_get n)" = 2 ]
	assert_equal "$stderr" ""
}

@test "a row with more fields than --header names is a bad record" {
	printf '1790812800,cpu,0.5,ratio,a\n1790812860,cpu,0.6,ratio,a,extra\n1790812920,cpu,0.7,ratio,a\n' > "$tmp/x.csv"
	run -0 --separate-stderr pp-trend --header "$HDR" --window all "$tmp/x.csv"
	assert_equal "$stderr" "pp-trend: $tmp/x.csv:2: expected 5 fields, found 6"
	[ "$(csv_get n)" = 2 ]
	run -3 --separate-stderr pp-trend --strict --header "$HDR" "$tmp/x.csv"
	assert_equal "$stderr" "pp-trend: $tmp/x.csv:2: expected 5 fields, found 6"
	assert_output ""
}

@test "--header must name every field once" {
	run -2 --separate-stderr pp-trend --header '' "$tmp/history.csv"
	assert_equal "$stderr" "pp-trend: --header: '' names no field
Try 'pp-trend --help'."
	run -2 --separate-stderr pp-budget -c "$tmp/budgets.yaml" --header ts,metric,value,metric "$tmp/history.csv"
	assert_equal "$stderr" "pp-budget: --header: 'ts,metric,value,metric' names 'metric' twice
Try 'pp-budget --help'."
	run -2 --separate-stderr pp-cost --header ts,,value "$tmp/history.csv"
	assert_equal "$stderr" "pp-cost: --header: 'ts,,value' has an empty name
Try 'pp-cost --help'."
	assert_output ""
}

@test "--header is for CSV and TSV" {
	run -2 --separate-stderr pp-trend --input-format json --header "$HDR" "$tmp/history.csv"
	assert_equal "$stderr" "pp-trend: --header goes with CSV or TSV input, not --input-format json
Try 'pp-trend --help'."
	run -2 --separate-stderr pp-trend --header "$HDR" --input-format hyperfine "$tmp/history.csv"
	assert_equal "$stderr" "pp-trend: --header goes with CSV or TSV input, not --input-format hyperfine
Try 'pp-trend --help'."
	printf '\n{"ts":1,"metric":"cpu","value":1}\n' > "$tmp/j.jsonl"
	run -3 --separate-stderr pp-trend --header "$HDR" "$tmp/j.jsonl"
	assert_equal "$stderr" "pp-trend: $tmp/j.jsonl:2: --header names the fields of CSV or TSV input, but this input is JSON"
	assert_output ""
}

# --- a history split by series key, one run per part -------------------

@test "pp-trend per part of a split by series key, through GNU parallel, is the single run" {
	gnu_parallel
	run -0 pp-trend --output-format csv "$tmp/history.csv"
	single=$(printf '%s\n' "$output" | body)
	split_by_series 3
	[ "$(ls "$tmp/parts" | wc -l)" -eq 3 ]
	run -0 bash -c "parallel --will-cite pp-trend --header $HDR --output-format csv ::: $tmp/parts/part-*.csv | grep -v '^metric,' | LC_ALL=C sort"
	assert_equal "$output" "$single"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 12 ]
	run -0 pp-trend --changes "$tmp/history.csv"
	single=$(printf '%s\n' "$output" | body)
	run -0 bash -c "parallel --will-cite pp-trend --changes --header $HDR ::: $tmp/parts/part-*.csv | grep -v '^ts,' | LC_ALL=C sort"
	assert_equal "$output" "$single"
}

@test "pp-trend per part with --until is the single run when a series ends early" {
	gnu_parallel
	# web0's cpu stops on day 25: its part's newest record is older than
	# the history's, and the window would count back from it
	awk -F, '!($2 == "cpu" && $5 == "web0" && $1 > 1790812800 + 100 * 21600)' \
	    "$tmp/history.csv" > "$tmp/h.csv" && mv "$tmp/h.csv" "$tmp/history.csv"
	run -0 pp-trend --window 7d --output-format csv "$tmp/history.csv"
	single=$(printf '%s\n' "$output" | body)
	split_by_series 12
	newest=$(tail -n +2 "$tmp/history.csv" | cut -d, -f1 | sort -n | tail -1)
	run -0 bash -c "parallel --will-cite pp-trend --window 7d --header $HDR --output-format csv ::: $tmp/parts/part-*.csv | body"
	[ "$output" != "$single" ]
	run -0 bash -c "parallel --will-cite pp-trend --window 7d --until $newest --header $HDR --output-format csv ::: $tmp/parts/part-*.csv | body"
	assert_equal "$output" "$single"
	# --until also leaves out what is newer, in one run as in parts
	run -0 pp-trend --until 2026-10-15 --window all --output-format csv "$tmp/history.csv"
	assert_equal "$(csv_get last_ts 1)" "2026-10-15T00:00:00.000000Z"
	run -2 --separate-stderr pp-trend --until soon "$tmp/history.csv"
	assert_equal "${stderr_lines[0]}" "pp-trend: --until: 'soon' is not a time: give a date (2026-01-31), RFC 3339 (2026-01-31T12:00:00Z), Unix seconds or now"
}

@test "pp-trend on chunks piped by parallel --pipe --group-by is the single run" {
	gnu_parallel
	run -0 pp-trend --output-format json "$tmp/history.csv"
	single=$(printf '%s\n' "$output" | LC_ALL=C sort)
	# sorted by series key, so that --group-by keeps each series whole
	run -0 bash -c "tail -n +2 $tmp/history.csv | awk -F, '{ print \$2 \"|\" \$5 \",\" \$0 }' |
	    LC_ALL=C sort -s -t, -k1,1 |
	    parallel --will-cite --pipe --group-by 1 --colsep , -N 1 \
	    'cut -d, -f2- | pp-trend --header $HDR --output-format json' | LC_ALL=C sort"
	assert_equal "$output" "$single"
}

@test "pp-budget per part of a split by metric is the single run" {
	run -0 pp-budget -c "$tmp/budgets.yaml" "$tmp/history.csv"
	single=$(printf '%s\n' "$output" | body)
	[ -n "$single" ]
	mkdir "$tmp/bym"
	tail -n +2 "$tmp/history.csv" | awk -F, -v dir="$tmp/bym" '{ print > (dir "/" $2 ".csv") }'
	run -0 bash -c "for f in $tmp/bym/*.csv; do pp-budget -c $tmp/budgets.yaml --header $HDR \$f; done | grep -v ',no_data,' | grep -v '^ts,' | LC_ALL=C sort"
	assert_equal "$output" "$single"
}

@test "pp-cost priced per part, summed in a second pass, is the single run" {
	ex=$TOP/share/pp/examples
	# by metric: the samples of the storage gauge stay in one part
	mkdir "$tmp/bym"
	tail -n +2 "$ex/usage.csv" | awk -F, -v dir="$tmp/bym" '{ print > (dir "/" $2 ".csv") }'
	[ "$(ls "$tmp/bym" | wc -l)" -eq 6 ]
	h=$(head -1 "$ex/usage.csv")
	for mode in "--by model" "--report daily" "--top 2"; do
		run -0 --separate-stderr pp-cost -c "$ex/pp.yaml" $mode "$ex/usage.csv"
		single=$output
		run -0 bash -c "for f in $tmp/bym/*.csv; do pp-cost -q -c $ex/pp.yaml --header $h --output-format json \$f; done |
		    pp-cost -q --mode display $mode --output-format csv"
		assert_equal "$output" "$single"
	done
}
