#!/usr/bin/env bats
# pp-abtest rollout: a coverage schedule, one step a run, held or rolled
# back by the comparison.  Fixtures: tests/fixtures/pp-abtest/.

load common

setup() {
	tmp=$(mktemp -d)
	fx=$BATS_TEST_DIRNAME/fixtures/pp-abtest
	st=$tmp/rollout.state
}

teardown() {
	rm -rf "$tmp"
}

@test "rollout: a faster variant walks the schedule to 100%" {
	run -0 --separate-stderr pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "5%"
	assert_equal "$stderr" ""
	assert_equal "$(cat "$st")" "# pp-abtest rollout: the state of a rollout; remove the file to start again
schedule 5,25,50,100
step 1
status active"
	run -0 pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "25%"
	run -0 pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "50%"
	run -0 pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "100%"
	assert_equal "$(sed -n 3p "$st")" "step 4"
	run -0 pp-abtest rollout --state "$st" --output-format csv "$fx/bandit.csv"
	assert_output 'decision,coverage_pct,previous_pct,step,steps,reason
complete,100,100,4,4,cache is faster than control in latency'
	# the state file was replaced, and nothing is left beside it
	run -0 ls "$tmp"
	assert_output "rollout.state"
}

@test "rollout: runs at once wait for each other's lock" {
	pp-abtest rollout --state "$st" > /dev/null
	# a run waits while another holds the lock, then goes on from its
	# state: here the holder is flock(1), for 1 s
	flock "$st" sleep 1 &
	holder=$!
	sleep 0.2
	run -0 pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "25%"
	# the holder had ended before the run could go on
	run kill -0 "$holder"
	assert_failure
	wait
	rm "$st"
	# without the lock two runs could read the same step: one step lost
	for _ in 1 2 3 4; do
		pp-abtest rollout --state "$st" "$fx/bandit.csv" > /dev/null &
	done
	wait
	assert_equal "$(sed -n 3p "$st")" "step 4"
	run -0 ls "$tmp"
	assert_output "rollout.state"
}

@test "rollout: the first run starts without reading the data" {
	run -0 pp-abtest rollout --state "$st" --output-format csv "$tmp/none.csv"
	assert_output 'decision,coverage_pct,previous_pct,step,steps,reason
start,5,0,1,4,a new rollout: the first step'
	# an empty state file is a new rollout too
	: > "$st"
	run -0 pp-abtest rollout --state "$st" --schedule 10%,100 --output-format json
	assert_output '{"decision":"start","coverage_pct":10,"previous_pct":0,"step":1,"steps":2,"reason":"a new rollout: the first step"}'
	run -0 pp-abtest rollout --state "$st" --schedule 10,100 "$fx/bandit.csv"
	assert_output "100%"
	# the state keeps the schedule: it need not be given again
	run -0 pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "100%"
}

@test "rollout: a slower variant rolls back to 0% and stays there" {
	pp-abtest rollout --state "$st" > /dev/null
	run -1 --separate-stderr pp-abtest rollout --state "$st" --control cache --output-format csv "$fx/bandit.csv"
	assert_output 'decision,coverage_pct,previous_pct,step,steps,reason
rollback,0,5,0,4,"control is slower than cache in latency: +11.8%, 95% interval +6.8% to +16.6%"'
	# said on standard error too, once, for cron's mail
	assert_equal "$stderr" "pp-abtest: rolled back to 0%: control is slower than cache in latency: +11.8%, 95% interval +6.8% to +16.6%"
	assert_equal "$(cat "$st")" "# pp-abtest rollout: the state of a rollout; remove the file to start again
schedule 5,25,50,100
step 1
status rolled_back
reason control is slower than cache in latency: +11.8%, 95% interval +6.8% to +16.6%"
	# later runs keep 0%, whatever the data says, until the file goes
	run -1 --separate-stderr pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "0%"
	assert_equal "$stderr" ""
	run -1 pp-abtest rollout --state "$st" --output-format table "$fx/bandit.csv"
	assert_line --index 1 --regexp '^rolled_back +0\.0% +0\.0% +0 +4 +control is slower than cache in latency: \+11\.8%, 95% interval \+6\.8% to \+16\.6%$'
	rm "$st"
	run -0 pp-abtest rollout --state "$st" "$fx/bandit.csv"
	assert_output "5%"
}

@test "rollout: a reason with a line break stays one line of the state" {
	# a variant's name may hold a line break, in quotes
	awk -F, 'NR > 1 && $5 == "control" { $5 = "\"old\nway\"" } { print }' OFS=, "$fx/bandit.csv" > "$tmp/nl.csv"
	pp-abtest rollout --state "$st" > /dev/null
	run -1 --separate-stderr pp-abtest rollout --state "$st" --control cache "$tmp/nl.csv"
	assert_output "0%"
	assert_equal "$stderr" "pp-abtest: rolled back to 0%: old way is slower than cache in latency: +11.8%, 95% interval +6.8% to +16.6%"
	assert_equal "$(sed -n 5p "$st")" "reason old way is slower than cache in latency: +11.8%, 95% interval +6.8% to +16.6%"
	run -1 pp-abtest rollout --state "$st" --output-format csv "$tmp/nl.csv"
	assert_line --index 1 'rolled_back,0,0,0,4,"old way is slower than cache in latency: +11.8%, 95% interval +6.8% to +16.6%"'
}

@test "rollout: too few values hold the coverage, exit 5" {
	pp-abtest rollout --state "$st" > /dev/null
	cp "$st" "$tmp/before"
	head -9 "$fx/bandit.csv" > "$tmp/few.csv"
	run -5 --separate-stderr pp-abtest rollout --state "$st" "$tmp/few.csv"
	assert_output "5%"
	assert_equal "$stderr" ""
	run -5 pp-abtest rollout --state "$st" --output-format csv "$tmp/few.csv"
	assert_output 'decision,coverage_pct,previous_pct,step,steps,reason
hold,5,5,1,4,"too few values in latency: 4 of cache, 4 of control, 5 needed"'
	run -0 cmp "$st" "$tmp/before"
	run -5 pp-abtest rollout --state "$st" --min-samples 50 --output-format csv "$fx/bandit.csv"
	assert_line --index 1 'hold,5,5,1,4,"too few values in latency: 40 of cache, 40 of control, 50 needed"'
}

@test "rollout: an inconclusive comparison holds, saying how many it needs" {
	pp-abtest rollout --state "$st" > /dev/null
	head -11 "$fx/bandit.csv" > "$tmp/five.csv"
	run -5 pp-abtest rollout --state "$st" --output-format csv "$tmp/five.csv"
	assert_line --index 1 "hold,5,5,1,4,inconclusive: no change of 1% shown or ruled out; 1150 values per arm needed"
	# the same decision as analyze's
	run -0 pp-abtest analyze "$tmp/five.csv"
	assert_line --index 4 ",,,continue,,1150"
}

@test "rollout: no change shown with enough values advances" {
	pp-abtest rollout --state "$st" > /dev/null
	run -0 pp-abtest rollout --state "$st" --output-format csv --min-effect 20% "$fx/bandit.csv"
	assert_line --index 1 "advance,25,5,2,4,no variant is slower"
}

@test "rollout: a sample ratio mismatch holds; per-period weights clear it" {
	pp-abtest rollout --state "$st" > /dev/null
	run -5 pp-abtest rollout --state "$st" --output-format csv "$fx/bandit-periods.csv"
	assert_line --index 1 "hold,5,5,1,4,sample ratio mismatch in latency: the values are not split as expected (p < 0.001)"
	run -0 pp-abtest rollout --state "$st" --weights-file "$fx/bandit-weights.tsv" "$fx/bandit-periods.csv"
	assert_output "25%"
}

@test "rollout: no data yet, or one variant, holds" {
	pp-abtest rollout --state "$st" > /dev/null
	printf 'variant,value\n' > "$tmp/empty.csv"
	run -5 pp-abtest rollout --state "$st" --output-format csv "$tmp/empty.csv"
	assert_line --index 1 "hold,5,5,1,4,no records with a variant field ('variant') and a value yet"
	printf 'metric,variant,value\nlat,control,1\n' > "$tmp/one.csv"
	run -5 pp-abtest rollout --state "$st" --output-format csv "$tmp/one.csv"
	assert_line --index 1 "hold,5,5,1,4,only the variant 'control' in lat so far"
}

@test "rollout: the coverage drives assign, as a cron job does" {
	seq 1 1000 | awk 'BEGIN { print "id" } { print "u" $1 }' > "$tmp/u.csv"
	cov=$(pp-abtest rollout --state "$st" "$fx/bandit.csv")
	cov=$(pp-abtest rollout --state "$st" "$fx/bandit.csv")
	assert_equal "$cov" "25%"
	run -0 pp-abtest assign --key-field id --variants control=50,cache=50 --coverage "$cov" "$tmp/u.csv"
	n=$(count_lines ',(control|cache)$')
	[ "$n" -gt 200 ] && [ "$n" -lt 300 ]
	# a hold runs no deploy
	head -9 "$fx/bandit.csv" > "$tmp/few.csv"
	run -5 sh -c "pp-abtest rollout --state '$st' '$tmp/few.csv' && echo deployed"
	assert_output "25%"
}

@test "rollout: a bad --schedule is exit 2" {
	for s in 5,x 50,25 0,50 5,101 '' 5, 25,25; do
		run -2 --separate-stderr pp-abtest rollout --state "$st" --schedule "$s" "$fx/bandit.csv"
		assert_output ""
		assert_equal "$stderr" "pp-abtest: --schedule: '$s' is not percentages above 0 and at most 100, increasing, such as 5,25,50,100
Try 'pp-abtest --help'."
	done
	[ ! -e "$st" ]
}

@test "rollout: without --state, or another schedule than the state's, is exit 2" {
	run -2 --separate-stderr pp-abtest rollout "$fx/bandit.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: rollout needs --state
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest rollout --state '' "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --state: the name is empty"
	pp-abtest rollout --state "$st" > /dev/null
	run -2 --separate-stderr pp-abtest rollout --state "$st" --schedule 5,50 "$fx/bandit.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --schedule: '5,50' is not the schedule of $st, 5,25,50,100: remove the state file to change it"
	run -0 pp-abtest rollout --state "$st" --schedule 5%,25,50,100% "$fx/bandit.csv"
	assert_output "25%"
}

@test "rollout: an unknown control is exit 2, the state untouched" {
	pp-abtest rollout --state "$st" > /dev/null
	cp "$st" "$tmp/before"
	run -2 --separate-stderr pp-abtest rollout --state "$st" --control nope "$fx/bandit.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --control: 'nope' is not a variant in the data
Try 'pp-abtest --help'."
	run -0 cmp "$st" "$tmp/before"
}

@test "rollout: a state file in no directory is exit 4" {
	run -4 --separate-stderr pp-abtest rollout --state "$tmp/no/such" "$fx/bandit.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: $tmp/no/such: No such file or directory"
}

@test "rollout: a corrupt state file is exit 3 at its line" {
	bad() {
		printf "$1" > "$st"
		run -3 --separate-stderr pp-abtest rollout --state "$st" "$fx/bandit.csv"
		assert_output ""
		assert_equal "$stderr" "pp-abtest: $st$2"
	}
	bad 'schedule 5,25\nstep 3\nstatus active\n' ":2: step 3 is beyond the 2 of the schedule"
	bad 'schedule 5,25\nstep 1\nstatus gone\n' ":3: status 'gone' is not active or rolled_back"
	bad '# a comment\ngarbage\n' ":2: 'garbage' is not 'key value'"
	bad 'schedule 5,25\nstep x\n' ":2: step 'x' is not a whole number from 1"
	bad 'schedule 5,25\nstep 0\n' ":2: step '0' is not a whole number from 1"
	bad 'schedule 5,25\ncolor red\n' ":2: unknown key 'color'"
	bad 'schedule 25,5\nstep 1\n' ":1: schedule '25,5' is not percentages above 0 and at most 100, increasing"
	bad 'step 1\nstatus active\n' ": no schedule: not a state file of pp-abtest rollout"
	bad 'schedule 5,25\nstatus active\n' ": no step: not a state file of pp-abtest rollout"
	bad 'schedule 5\0' ": a NUL byte: not a state file of pp-abtest rollout"
}

@test "rollout: a write error on standard output is exit 4" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -4 --separate-stderr sh -c "pp-abtest rollout --state '$st' > /dev/full"
	assert_equal "$stderr" "pp-abtest: write error: No space left on device"
	# the coverage was lost: the state did not move on
	assert_equal "$(cat "$st")" ""
	pp-abtest rollout --state "$st" > /dev/null
	run -4 --separate-stderr sh -c "pp-abtest rollout --state '$st' --output-format csv '$fx/bandit.csv' > /dev/full"
	assert_equal "$(sed -n 3p "$st")" "step 1"
}
