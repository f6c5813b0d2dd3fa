#!/usr/bin/env bats
# pp-abtest bandit: weights by Thompson sampling; analyze --weights-file:
# the sample ratio check against the splits in force per period.
# The fixtures are in tests/fixtures/pp-abtest/, made by gen-bandit.R.

load common

setup() {
	tmp=$(mktemp -d)
	fx=$BATS_TEST_DIRNAME/fixtures/pp-abtest
}

teardown() {
	rm -rf "$tmp"
}

# --- bandit -----------------------------------------------------------

@test "bandit: a clearly faster variant gets all but the minimum weight" {
	# bandit.csv: cache about 10% faster, 40 values each (analyze: p < 0.001)
	run -0 --separate-stderr pp-abtest bandit "$fx/bandit.csv"
	assert_output "control=5.00,cache=95.00"
	assert_equal "$stderr" ""
	run -0 pp-abtest bandit --min-weight 10% "$fx/bandit.csv"
	assert_output "control=10.00,cache=90.00"
	run -0 pp-abtest bandit --min-weight 10 --control-weight 30% "$fx/bandit.csv"
	assert_output "control=30.00,cache=70.00"
	# a control weight below the minimum: the minimum
	run -0 pp-abtest bandit --min-weight 20 --control-weight 1 "$fx/bandit.csv"
	assert_output "control=20.00,cache=80.00"
}

@test "bandit: the same input and seed give the same weights" {
	# bandit-same.csv: both arms drawn from one distribution
	run -0 pp-abtest bandit "$fx/bandit-same.csv"
	assert_output "control=61.96,cache=38.04"
	run -0 pp-abtest bandit --seed 1 "$fx/bandit-same.csv"
	assert_output "control=61.96,cache=38.04"
	run -0 pp-abtest bandit --seed 7 "$fx/bandit-same.csv"
	assert_output "control=61.74,cache=38.26"
	run -0 pp-abtest bandit --seed 7 --draws 100 "$fx/bandit-same.csv"
	assert_output "control=61.70,cache=38.30"
}

@test "bandit: better higher for a throughput turns the weights round" {
	sed 's/,latency,/,throughput,/' "$fx/bandit.csv" > "$tmp/t.csv"
	run -0 pp-abtest bandit "$tmp/t.csv"
	assert_output "control=95.00,cache=5.00"
}

@test "bandit: too few values in an arm split evenly" {
	# 4 values each, fewer than --min-samples 5
	head -9 "$fx/bandit.csv" > "$tmp/few.csv"
	run -0 pp-abtest bandit "$tmp/few.csv"
	assert_output "control=50.00,cache=50.00"
	# the control 70%, the other 5%, and the rest, 25%, halved
	run -0 pp-abtest bandit --control-weight 70 "$tmp/few.csv"
	assert_output "control=82.50,cache=17.50"
	head -11 "$fx/bandit.csv" > "$tmp/five.csv"
	run -0 pp-abtest bandit "$tmp/five.csv"
	[ "$output" != "control=50.00,cache=50.00" ]
}

@test "bandit: three variants, and weights that assign reads" {
	awk -F, 'NR > 1 && $5 == "cache" { $5 = "cold"; $3 = $3 + 30 } { print }' OFS=, \
	    "$fx/bandit.csv" > "$tmp/cold.csv"
	tail -n +2 "$fx/bandit.csv" >> "$tmp/cold.csv"
	run -0 pp-abtest bandit "$tmp/cold.csv"
	# the control first, then the others by name
	assert_output "control=5.00,cache=90.00,cold=5.00"
	w=$output
	seq 1 2000 | awk 'BEGIN { print "id" } { print "u" $1 }' > "$tmp/u.csv"
	run -0 pp-abtest assign --key-field id --variants "$w" "$tmp/u.csv"
	n=$(count_lines ',cache$')
	[ "$n" -gt 1700 ] && [ "$n" -lt 1900 ]
}

@test "bandit: the weights and their order do not hang on the order of the records" {
	run -0 pp-abtest bandit --min-weight 20 "$fx/bandit-same.csv"
	want=$output
	{ head -1 "$fx/bandit-same.csv"; tail -n +2 "$fx/bandit-same.csv" | tac; } > "$tmp/rev.csv"
	run -0 pp-abtest bandit --min-weight 20 "$tmp/rev.csv"
	assert_output "$want"
	assert_regex "$output" '^control='
}

@test "bandit: the control keeps a weight above 0" {
	run -2 --separate-stderr pp-abtest bandit --min-weight 0 "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --min-weight 0%: the control needs a weight above 0, or the comparison ends: give --control-weight"
	run -0 pp-abtest bandit --min-weight 0 --control-weight 10 "$fx/bandit.csv"
	assert_output "control=10.00,cache=90.00"
}

@test "options of another command are exit 2" {
	run -2 --separate-stderr pp-abtest bandit --engine bayes "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --engine goes with analyze and rollout, not bandit"
	run -2 --separate-stderr pp-abtest bandit --weights-file /nonexistent "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --weights-file goes with analyze and rollout, not bandit"
	run -2 --separate-stderr pp-abtest analyze --draws 500 "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --draws goes with bandit, not analyze"
	run -2 --separate-stderr pp-abtest analyze --state s "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --state goes with rollout, not analyze"
	run -2 --separate-stderr pp-abtest rollout --state s --fail-on slower "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --fail-on goes with analyze, not rollout"
	run -2 --separate-stderr pp-abtest assign --key-field id --variants a=1,b=1 --test welch
	assert_equal "${stderr_lines[0]}" "pp-abtest: --test goes with analyze and rollout, not assign"
	run -2 --separate-stderr pp-abtest analyze --key-field id "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --key-field goes with assign, not analyze"
	run -2 --separate-stderr pp-abtest assign --control a --key-field id --variants a=1,b=1
	assert_equal "${stderr_lines[0]}" "pp-abtest: --control goes with analyze, bandit and rollout, not assign"
}

@test "bandit: bad options are exit 2" {
	run -2 --separate-stderr pp-abtest bandit --min-weight 100 "$fx/bandit.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --min-weight: '100' is not a percentage from 0 to below 100
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest bandit --min-weight -1 "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --min-weight: '-1' is not a percentage from 0 to below 100"
	run -2 --separate-stderr pp-abtest bandit --control-weight 100% "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --control-weight: '100%' is not a percentage from 0 to below 100"
	run -2 --separate-stderr pp-abtest bandit --draws 5 "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --draws: '5' is not a whole number from 100 to 10000000"
	run -2 --separate-stderr pp-abtest bandit --seed x "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --seed: 'x' is not a whole number"
}

@test "bandit: floors over 100% are exit 2, found with the variants" {
	run -2 --separate-stderr pp-abtest bandit --min-weight 60 "$fx/bandit.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --min-weight 60% for each of 2 variants sums to over 100%
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest bandit --min-weight 30 --control-weight 80 "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --min-weight 30% for the other variant and --control-weight 80% sum to over 100%"
	awk -F, 'NR > 1 && $5 == "cache" { $5 = "cold" } { print }' OFS=, "$fx/bandit.csv" > "$tmp/cold.csv"
	tail -n +2 "$fx/bandit.csv" >> "$tmp/cold.csv"
	run -2 --separate-stderr pp-abtest bandit --min-weight 20 --control-weight 70 "$tmp/cold.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --min-weight 20% for each of 2 other variants and --control-weight 70% sum to over 100%"
	run -0 pp-abtest bandit --min-weight 50 "$fx/bandit.csv"
	assert_output "control=50.00,cache=50.00"
}

@test "bandit: an unknown control, or none, is exit 2" {
	run -2 --separate-stderr pp-abtest bandit --control nope "$fx/bandit.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --control: 'nope' is not a variant in the data
Try 'pp-abtest --help'."
	sed 's/,control$/,a/' "$fx/bandit.csv" > "$tmp/a.csv"
	run -2 --separate-stderr pp-abtest bandit "$tmp/a.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: no control: name it with --control, call a variant 'control' or list it first in --weights"
	run -0 pp-abtest bandit --control a "$tmp/a.csv"
	assert_output "a=5.00,cache=95.00"
}

@test "bandit: data it cannot weigh is exit 3" {
	printf 'variant,value\n' > "$tmp/empty.csv"
	run -3 --separate-stderr pp-abtest bandit "$tmp/empty.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: no records with a variant field ('variant') and a value"
	printf 'metric,variant,value\nx,control,1\ny,control,2\nx,b,3\n' > "$tmp/two.csv"
	run -3 --separate-stderr pp-abtest bandit "$tmp/two.csv"
	assert_equal "$stderr" "pp-abtest: the data has 2 metrics ('x', 'y'): a bandit weighs the variants of one"
	printf 'variant,value\ncontrol,1\n"b,c",2\n' > "$tmp/comma.csv"
	run -3 --separate-stderr pp-abtest bandit "$tmp/comma.csv"
	assert_equal "$stderr" "pp-abtest: variant 'b,c' has a ',' or '=': no --variants can name it"
	printf 'variant,value\ncontrol,1\ncontrol,2\n' > "$tmp/one.csv"
	run -3 --separate-stderr pp-abtest bandit "$tmp/one.csv"
	assert_equal "$stderr" "pp-abtest: only one variant ('control'): nothing to compare"
}

@test "bandit: a bad record is skipped with a warning, fatal with --strict" {
	{ cat "$fx/bandit.csv"; echo "2026-12-07T01:00:00Z,latency,fast,ms,cache"; } > "$tmp/bad.csv"
	run -0 --separate-stderr pp-abtest bandit "$tmp/bad.csv"
	assert_output "control=5.00,cache=95.00"
	assert_equal "$stderr" "pp-abtest: $tmp/bad.csv:82: field 'value': 'fast' is not a number"
	run -3 --separate-stderr pp-abtest bandit --strict "$tmp/bad.csv"
	assert_output ""
}

@test "bandit: a write error on standard output is exit 4" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -4 --separate-stderr sh -c "pp-abtest bandit '$fx/bandit.csv' > /dev/full"
	assert_equal "$stderr" "pp-abtest: write error: No space left on device"
}

# --- the sample ratio check over periods ------------------------------

@test "weights per period: a bandit's data passes, the fixed split fails" {
	# bandit-periods.csv: 115/85 records at 50/50, 42/158 at 20/80 and
	# 27/173 at 10/90; expected 160 and 440.  SciPy 1.10:
	# scipy.stats.chisquare([184, 416], f_exp=[160, 440]).pvalue
	# = 0.026715698447179477
	run -0 pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" -F variant,n,srm_p,verdict "$fx/bandit-periods.csv"
	assert_line --index 1 --regexp '^control,184,0\.0267156984[0-9]*,control$'
	assert_line --index 2 --regexp '^cache,416,0\.0267156984[0-9]*,faster$'
	assert_near "$(pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" "$fx/bandit-periods.csv" | csv_get srm_p 1)" \
	    0.026715698447179477 1e-8 srm_p
	run -0 pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" "$fx/bandit-periods.csv"
	assert_line --index 4 ",,cache,promote,0.9048093695,"
	# one split for all: scipy.stats.chisquare([184, 416]).pvalue
	# = 2.762226606936658e-21
	run -0 pp-abtest analyze --weights control=50,cache=50 -F variant,srm_p,verdict "$fx/bandit-periods.csv"
	assert_line --index 2 --regexp '^cache,2\.76222660[0-9]*e-21,srm$'
	run -0 pp-abtest analyze "$fx/bandit-periods.csv"
	assert_line --index 4 ",,,stop_srm,,"
}

@test "weights per period: CSV, a time field of another name, epoch seconds" {
	{
		echo 'from,weights'
		echo '1796601600,"control=50,cache=50"'
		echo '2026-12-07T06:00:00Z,"control=20%,cache=80%"'
		echo '2026-12-07T14:00:00+02:00,"cache=0.9,control=0.1"'
	} > "$tmp/w.csv"
	sed '1s/^ts,/when,/' "$fx/bandit-periods.csv" > "$tmp/d.csv"
	run -0 pp-abtest analyze --weights-file "$tmp/w.csv" --time-field when -F variant,srm_p "$tmp/d.csv"
	assert_line --index 1 --regexp '^control,0\.0267156984[0-9]*$'
	# without --weights-file, --time-field is refused as before
	run -2 --separate-stderr pp-abtest analyze --time-field when "$tmp/d.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --time-field: pp-abtest reads no time: the order of values does not count"
}

@test "weights per period: a record before the first period is skipped" {
	{ cat "$fx/bandit-periods.csv"; echo "2026-12-06T23:00:00Z,latency,100,ms,control"; } > "$tmp/d.csv"
	run -0 --separate-stderr pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" -F variant,n "$tmp/d.csv"
	assert_line --index 1 "control,184"
	assert_equal "$stderr" "pp-abtest: $tmp/d.csv:602: time 2026-12-06T23:00:00.000000Z is before the first period of $fx/bandit-weights.tsv"
	run -3 --separate-stderr pp-abtest analyze --strict --weights-file "$fx/bandit-weights.tsv" "$tmp/d.csv"
	assert_output ""
	printf 'metric,value,unit,variant\nlatency,1,ms,control\n' > "$tmp/nots.csv"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" "$tmp/nots.csv"
	assert_equal "$stderr" "pp-abtest: $tmp/nots.csv:2: no time field (ts, timestamp, time or @timestamp)
pp-abtest: no records with a variant field ('variant') and a value"
}

@test "weights per period: a variant without a weight is exit 3" {
	sed 's/,cache$/,cold/' "$fx/bandit-periods.csv" > "$tmp/d.csv"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" "$tmp/d.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: $fx/bandit-weights.tsv: variant 'cold' of the data has no weight in any period"
	# found before the records of a metric before it are written
	{ cat "$fx/bandit-periods.csv"; sed -n 's/,latency,\(.*\),cache$/,cpu,\1,cold/p' "$fx/bandit-periods.csv"; } > "$tmp/two.csv"
	sed -n 's/,latency,\(.*\),control$/,cpu,\1,control/p' "$fx/bandit-periods.csv" >> "$tmp/two.csv"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$fx/bandit-weights.tsv" "$tmp/two.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: $fx/bandit-weights.tsv: variant 'cold' of the data has no weight in any period"
}

@test "weights per period: a bad weights file is exit 3 at its line" {
	w=$tmp/w.tsv
	printf 'from\tweights\n2026-12-07T00:00:00Z\tcontrol=50,cache=50\nyesterday\tcontrol=1\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: $w:3: field 'from': 'yesterday' is not a time"
	printf 'from\tweights\n2026-12-07T06:00:00Z\tcontrol=50\n2026-12-07T00:00:00Z\tcontrol=1\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w:3: field 'from': '2026-12-07T00:00:00Z' is not after the period before"
	printf 'from\tweights\n2026-12-07T00:00:00Z\tcontrol=x,cache=1\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w:2: field 'weights': 'control=x,cache=1' has a weight that is not a number of 0 or more"
	printf 'from\tweights\n2026-12-07T00:00:00Z\tcontrol\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w:2: field 'weights': 'control' is not NAME=WEIGHT,..."
	printf 'from\tweights\n2026-12-07T00:00:00Z\tcontrol=0,cache=0\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w:2: field 'weights': 'control=0,cache=0' has weights that sum to 0"
	printf 'from\tweight\n2026-12-07T00:00:00Z\tcontrol=1\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w:2: field 'weights' is missing"
	printf 'when\tweights\n2026-12-07T00:00:00Z\tcontrol=1\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w:2: field 'from' is missing"
	printf 'from\tweights\n' > "$w"
	run -3 --separate-stderr pp-abtest analyze --weights-file "$w" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $w: no periods: a header 'from,weights' and a record for each split"
	run -4 --separate-stderr pp-abtest analyze --weights-file "$tmp/none.tsv" "$fx/bandit-periods.csv"
	assert_equal "$stderr" "pp-abtest: $tmp/none.tsv: No such file or directory"
}

@test "weights per period: with --weights or --unit-field is exit 2" {
	run -2 --separate-stderr pp-abtest analyze --weights a=1 --weights-file "$fx/bandit-weights.tsv" "$fx/bandit-periods.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --weights and --weights-file: choose one
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest analyze --unit-field user --weights-file "$fx/bandit-weights.tsv" "$fx/bandit-periods.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --weights-file counts records: not with --unit-field"
}

@test "--help lists the commands and options of bandit and rollout" {
	run -0 pp-abtest --help
	for o in bandit rollout --draws --min-weight --control-weight --weights-file --state --schedule; do
		assert_output --partial -- "$o"
	done
	run -2 --separate-stderr pp-abtest bandits
	assert_equal "${stderr_lines[0]}" "pp-abtest: unknown command 'bandits': assign, analyze, bandit or rollout"
}
