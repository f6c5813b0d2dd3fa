#!/usr/bin/env bats
# pp-sample: command, watch and filter modes, anomaly flags, history.

load common

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# --- command mode -----------------------------------------------------

@test "command mode writes nine metrics a run with command and run labels" {
	run -0 --separate-stderr pp-sample -n 2 -- true
	assert_line --index 0 "ts,metric,value,unit,command,run"
	assert_equal "$(count_lines ',true,1$')" 9
	assert_equal "$(count_lines ',true,2$')" 9
	for m in wall_time user_time sys_time max_rss minor_faults major_faults \
	    voluntary_switches involuntary_switches exit_status; do
		assert_equal "$(count_lines "^[^,]+,$m,")" 2
	done
	assert_output --regexp ',wall_time,0\.[0-9]{9},s,true,1'
	assert_output --regexp ',max_rss,[1-9][0-9]*,bytes,true,1'
	assert_equal "$stderr" ""
}

@test "ts is RFC 3339 UTC with a six-digit fraction" {
	run -0 pp-sample -n 1 -- true
	assert_line --index 1 --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z,wall_time,'
}

@test "ten runs by default" {
	run -0 pp-sample -- true
	assert_equal "$(count_lines ',wall_time,')" 10
	assert_output --partial ',true,10'
}

@test "--wide writes one record per run" {
	run -0 pp-sample -n 3 --wide --name build --label env=ci -- true
	assert_line --index 0 "ts,command,run,env,wall_time,user_time,sys_time,max_rss,minor_faults,major_faults,voluntary_switches,involuntary_switches,exit_status"
	assert_equal "${#lines[@]}" 4
	assert_line --index 3 --regexp '^[^,]+,build,3,ci,0\.[0-9]+,'
}

@test "--name and --label name every record" {
	run -0 pp-sample -n 1 --name noop --label host=ci1 --label branch=main -- true
	assert_line --index 0 "ts,metric,value,unit,command,run,host,branch"
	assert_line --index 1 --regexp ',noop,1,ci1,main$'
}

@test "a failing run is recorded, not fatal" {
	run -0 pp-sample -n 2 -- false
	assert_equal "$(count_lines ',exit_status,1,count,false,')" 2
}

@test "a run killed by a signal records 128 plus the signal" {
	run -0 pp-sample -n 1 --shell -- 'kill -9 $$'
	assert_output --regexp ',exit_status,137,count,'
}

@test "--shell runs the command with /bin/sh -c" {
	run -0 pp-sample -n 1 --shell -- 'exit 3'
	assert_output --regexp ',exit_status,3,count,exit 3,1$'
}

@test "--timeout kills the run and records timed_out" {
	SECONDS=0
	run -0 pp-sample -n 1 --timeout 200ms -- sleep 10
	[ "$SECONDS" -lt 5 ]
	assert_output --regexp ',timed_out,1,count,sleep 10,1$'
	assert_output --regexp ',exit_status,137,count,'
}

@test "--timeout kills the children of a shell run too" {
	SECONDS=0
	run -0 pp-sample -n 1 --timeout 200ms --shell -- 'sleep 10; true'
	[ "$SECONDS" -lt 5 ]
	assert_output --regexp ',timed_out,1,count,'
}

@test "a run within --timeout records timed_out 0" {
	run -0 pp-sample -n 1 --timeout 5s -- true
	assert_output --regexp ',timed_out,0,count,true,1$'
}

@test "--prepare runs before every run and every warmup" {
	run -0 pp-sample -n 3 --warmup 2 --prepare "echo x >> $tmp/count" -- true
	assert_equal "$(wc -l < "$tmp/count")" 5
	assert_equal "$(count_lines ',wall_time,')" 3
}

@test "a failing --prepare is fatal (exit 4)" {
	run -4 --separate-stderr pp-sample -n 3 --prepare 'exit 2' -- true
	assert_equal "$stderr" "pp-sample: --prepare: 'exit 2' failed with exit status 2"
}

@test "a command that cannot be started: exit 4 with its name and strerror" {
	run -4 --separate-stderr pp-sample -n 1 -- no-such-command-pp
	assert_equal "$stderr" "pp-sample: no-such-command-pp: No such file or directory"
	run -4 --separate-stderr pp-sample -n 1 -- /etc/passwd
	assert_equal "$stderr" "pp-sample: /etc/passwd: Permission denied"
}

@test "the command's output goes to /dev/null unless --show-output" {
	run -0 --separate-stderr pp-sample -n 1 --name echo -- echo hello-from-child
	refute_output --partial hello-from-child
	assert_equal "$stderr" ""
	run -0 --separate-stderr pp-sample -n 1 --name echo --show-output -- echo hello-from-child
	refute_output --partial hello-from-child
	assert_equal "$stderr" "hello-from-child"
}

@test "the command reads /dev/null, not pp-sample's input" {
	run -0 sh -c 'echo secret | pp-sample -n 1 --show-output -- cat'
	refute_output --partial secret
}

@test "-i starts runs at fixed ticks" {
	run -0 pp-sample -n 3 -i 200ms --wide -- true
	t1=$(date -d "$(sed -n 2p <<<"$output" | cut -d, -f1)" +%s.%N)
	t3=$(date -d "$(sed -n 4p <<<"$output" | cut -d, -f1)" +%s.%N)
	awk -v a="$t1" -v b="$t3" 'BEGIN { d = b - a; exit !(d > 0.39 && d < 0.6) }'
}

@test "-i reports a missed tick on stderr" {
	run -0 --separate-stderr pp-sample -n 2 -i 100ms -- sleep 0.25
	assert_equal "$(count_lines ',wall_time,')" 2
	assert_equal "$stderr" "pp-sample: run 1 overran the interval: 2 ticks missed"
}

@test "--duration stops starting runs" {
	run -0 pp-sample -i 100ms --duration 350ms -- true
	n=$(count_lines ',wall_time,')
	[ "$n" -ge 3 ] && [ "$n" -le 4 ]
}

@test "bad option values exit 2 naming the option" {
	run -2 --separate-stderr pp-sample -n 0 -- true
	assert_equal "$stderr" "pp-sample: -n: '0' is not a whole number from 1
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-sample -n -3 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: -n: '-3' is not a whole number from 1"
	run -2 --separate-stderr pp-sample -n 2x -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: -n: '2x' is not a whole number from 1"
	run -2 --separate-stderr pp-sample -i 5x -- true
	assert_equal "$stderr" "pp-sample: -i: '5x' is not a positive duration (e.g. 500ms, 1s, 30d)
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-sample -i 0 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: -i: '0' is not a positive duration (e.g. 500ms, 1s, 30d)"
	run -2 --separate-stderr pp-sample --timeout soon -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --timeout: 'soon' is not a positive duration (e.g. 500ms, 1s, 30d)"
	run -2 --separate-stderr pp-sample --warmup -1 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --warmup: '-1' is not a whole number from 0"
	run -2 --separate-stderr pp-sample --label nokey -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --label: 'nokey' is not NAME=VALUE"
}

@test "operands before -- are a usage error" {
	run -2 --separate-stderr pp-sample echo -n 1 -- hello
	assert_equal "${stderr_lines[0]}" "pp-sample: 'echo' stands before --: the command comes after --, and files go with no command"
}

@test "durations over a century are refused" {
	run -2 --separate-stderr pp-sample -n 1 --timeout 1e300w -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --timeout: '1e300w' is longer than a century"
}

@test "command options without a command are usage errors" {
	run -2 --separate-stderr pp-sample -n 3
	assert_equal "${stderr_lines[0]}" "pp-sample: -n needs a command: pp-sample -n ... -- COMMAND"
	run -2 --separate-stderr pp-sample --rate 10 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --rate filters records: it takes no command, --pid or --system"
}

@test "the summary replaces records when standard output is a terminal" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run -0 script -qec "$(command -v pp-sample) -n 3 -- true" /dev/null
	assert_output --regexp 'wall_time +[0-9.]+ (ns|µs|ms|s) ± '
	assert_output --partial 'median'
	assert_output --partial '3 runs, 0 failed'
	assert_output --partial 'run 3/3'
	refute_output --partial 'ts,metric'
}

@test "the summary counts failed runs" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run -0 script -qec "$(command -v pp-sample) -n 2 -- false" /dev/null
	assert_output --partial '2 runs, 2 failed'
}

@test "--output-format on a terminal writes records, not a summary" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run -0 script -qec "$(command -v pp-sample) -n 1 --output-format json -- true" /dev/null
	assert_output --regexp '"metric":"wall_time","value":0\.[0-9]+,"unit":"s"'
	refute_output --partial 'runs, 0 failed'
}

@test "JSON Lines output writes numbers as numbers" {
	run -0 pp-sample -n 1 --output-format json -- true
	assert_line --index 0 --regexp '^\{"ts":"[^"]+Z","metric":"wall_time","value":0\.[0-9]+,"unit":"s","command":"true","run":1\}$'
}

@test "--self adds sampler.cpu_time and sampler.overhead" {
	run -0 pp-sample -n 2 --self -- true
	assert_equal "$(count_lines '^ts,')" 1
	assert_equal "$(count_lines ',sampler\.cpu_time,[0-9.e-]+,s,true,$')" 1
	assert_equal "$(count_lines ',sampler\.overhead,[0-9.e-]+,ratio,true,$')" 1
	run -0 pp-sample -n 2 --self --wide -- true
	assert_line --index 0 --regexp ',exit_status,sampler\.cpu_time,sampler\.overhead$'
}

@test "a full disk on standard output is exit 4" {
	run -4 --separate-stderr sh -c 'pp-sample -n 1 -- true > /dev/full'
	assert_equal "$stderr" "pp-sample: standard output: write error: No space left on device"
}

# --- watch mode -------------------------------------------------------

@test "--pid samples a process every tick" {
	sleep 5 &
	pid=$!
	run -0 pp-sample --pid "$pid" -i 100ms --duration 350ms
	kill "$pid"
	assert_line --index 0 "ts,metric,value,unit,command,pid"
	for m in cpu_utilization rss threads open_fds; do
		n=$(count_lines "^[^,]+,$m,[0-9.e-]+,[a-z]+,sleep,$pid$")
		[ "$n" -ge 3 ] && [ "$n" -le 4 ]
	done
	assert_output --regexp ",threads,1,count,sleep,$pid"
	assert_output --regexp ",io_read_bytes,[0-9]+,bytes,sleep,$pid"
}

@test "--pid ends cleanly when the process exits" {
	sleep 0.4 &
	pid=$!
	SECONDS=0
	run -0 pp-sample --pid "$pid" -i 100ms --wide
	[ "$SECONDS" -lt 4 ]
	assert_line --index 0 "ts,command,pid,cpu_utilization,rss,threads,open_fds,io_read_bytes,io_write_bytes"
}

@test "SIGTERM ends a watch with exit 0 and whole records" {
	pp-sample --system -i 100ms > "$tmp/out.csv" &
	pid=$!
	sleep 0.5
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 0
	run -0 tail -c 1 "$tmp/out.csv"
	assert_output ""
	assert_equal "$(head -1 "$tmp/out.csv")" "ts,metric,value,unit,host"
}

@test "a pid that does not exist is exit 2" {
	run -2 --separate-stderr pp-sample --pid 2147483000
	assert_equal "$stderr" "pp-sample: --pid: no process 2147483000
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-sample --pid abc
	assert_equal "${stderr_lines[0]}" "pp-sample: --pid: 'abc' is not a process id"
}

@test "--pid and a command together are a usage error" {
	run -2 --separate-stderr pp-sample --pid 1 -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --pid cannot be combined with a command"
}

@test "--system samples the host" {
	run -0 pp-sample --system -i 100ms --duration 250ms --label role=ci
	assert_line --index 0 "ts,metric,value,unit,host,role"
	for m in cpu_utilization memory_used memory_available load1 context_switches; do
		n=$(count_lines "^[^,]+,$m,[0-9.e-]+,[a-z]+,[^,]+,ci$")
		[ "$n" -ge 2 ]
	done
}

# --- filter mode ------------------------------------------------------

@test "--rate 100% passes every record with sample_rate 1" {
	run -0 pp-sample --rate 100% "$(fixture mixed.csv)"
	assert_line --index 0 "ts,metric,value,unit,host,sample_rate"
	assert_equal "${#lines[@]}" 26
	assert_equal "$(count_lines ',1$')" 25
}

@test "--rate with --sample-key keeps or drops a key whole, the same every time" {
	seq 1 20000 | awk 'BEGIN { print "ts,metric,value,host" } { printf "%d,m,%d,h%d\n", $1, $1, $1 % 50 }' > "$tmp/in.csv"
	run -0 pp-sample --rate 20 --sample-key host "$tmp/in.csv"
	first=$output
	hosts=$(tail -n +2 <<<"$output" | cut -d, -f4 | sort -u | wc -l)
	[ "$hosts" -ge 3 ] && [ "$hosts" -le 20 ]
	# every kept host keeps all its 400 records
	tail -n +2 <<<"$output" | cut -d, -f4 | sort | uniq -c | awk '$1 != 400 { exit 1 }'
	run -0 pp-sample --rate 20 --sample-key host "$tmp/in.csv"
	assert_equal "$output" "$first"
	assert_line --index 1 --regexp ',0\.2$'
}

@test "--seed samples at random, reproducibly" {
	seq 1 10000 | awk 'BEGIN { print "ts,metric,value" } { printf "%d,m,%d\n", $1, $1 }' > "$tmp/in.csv"
	run -0 pp-sample --rate 10 --seed 7 "$tmp/in.csv"
	a=$output
	n=$(( ${#lines[@]} - 1 ))
	[ "$n" -gt 850 ] && [ "$n" -lt 1150 ]
	run -0 pp-sample --rate 10 --seed 7 "$tmp/in.csv"
	assert_equal "$output" "$a"
	run -0 pp-sample --rate 10 --seed 8 "$tmp/in.csv"
	[ "$output" != "$a" ]
}

@test "sampling a sampled stream multiplies sample_rate" {
	seq 1 2000 | awk 'BEGIN { print "ts,metric,value" } { printf "%d,m,%d\n", $1, $1 }' > "$tmp/in.csv"
	run -0 sh -c "pp-sample --rate 50 --seed 1 '$tmp/in.csv' | pp-sample --rate 50 --seed 2"
	assert_line --index 1 --regexp ',0\.25$'
	[ "$(count_lines ',0\.25$')" -eq $(( ${#lines[@]} - 1 )) ]
}

@test "--keep records are never dropped" {
	run -0 pp-sample --rate 1 --seed 1 --keep host=web3 "$(fixture mixed.csv)"
	assert_equal "$(count_lines ',web3,1$')" 5
}

@test "--rate out of range is exit 2" {
	run -2 --separate-stderr pp-sample --rate 0
	assert_equal "$stderr" "pp-sample: --rate: '0' is not a percentage above 0 and at most 100
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-sample --rate 101
	assert_equal "${stderr_lines[0]}" "pp-sample: --rate: '101' is not a percentage above 0 and at most 100"
	run -2 --separate-stderr pp-sample --rate 50x
	assert_equal "${stderr_lines[0]}" "pp-sample: --rate: '50x' is not a percentage above 0 and at most 100"
	run -2 --separate-stderr pp-sample --sample-key host
	assert_equal "${stderr_lines[0]}" "pp-sample: --sample-key needs --rate"
	run -2 --separate-stderr pp-sample --rate 5 --sample-key host --seed 1
	assert_equal "${stderr_lines[0]}" "pp-sample: --sample-key and --seed: choose one"
}

@test "a record without the sample key is passed through with a warning" {
	printf 'ts,metric,value,host\n1,m,1,a\n' > "$tmp/a.csv"
	printf '{"ts":1,"metric":"m","value":1}\n{"ts":2,"metric":"m","value":2,"host":"x"}\n' > "$tmp/b.jsonl"
	run -0 --separate-stderr pp-sample --rate 99 --sample-key host "$tmp/b.jsonl"
	assert_line --index 0 '{"ts":1,"metric":"m","value":1}'
	assert_line --index 1 '{"ts":2,"metric":"m","value":2,"host":"x","sample_rate":0.99}'
	assert_equal "$stderr" "pp-sample: $tmp/b.jsonl:1: field 'host' is missing"
}

@test "a bad record passed through reads back as the same bad record" {
	run -3 --separate-stderr sh -c "pp-sample --rate 100 '$(fixture bad-rows.csv)' 2>/dev/null | pp-sample --strict --output-format json"
	assert_equal "$stderr" "pp-sample: <stdin>:5: expected 5 fields, found 4 (not passed through: the output format differs)"
	assert_output '{"ts":"2026-01-01T00:00:00Z","metric":"latency","value":0.1,"unit":"s","host":"web1","sample_rate":1}'
}

@test "malformed records are passed through unchanged with positioned warnings" {
	run -0 --separate-stderr pp-sample --rate 100 "$(fixture bad-rows.csv)"
	# each bad record goes under its input's header, in a block of its own
	assert_equal "$output" "ts,metric,value,unit,host,sample_rate
2026-01-01T00:00:00Z,latency,0.1,s,web1,1

ts,metric,value,unit,host
2026-01-01T00:00:01Z,latency,0.2,s

ts,metric,value,unit,host,sample_rate
2026-01-01T00:00:02Z,latency,0.3,s,web2,1

ts,metric,value,unit,host
2026-01-01T00:00:03Z,latency,\"0.4,s,web3"
	assert_equal "$stderr" "pp-sample: $(fixture bad-rows.csv):3: expected 5 fields, found 4
pp-sample: $(fixture bad-rows.csv):5: unterminated quoted field"
}

@test "an unterminated quote costs one record: reading resumes at the line after it" {
	{ echo "ts,metric,value"; for i in $(seq 1 40); do
		if [ "$i" -eq 3 ]; then echo "$i,\"m,$i"; else echo "$i,m,$i"; fi
	done; } > "$tmp/q.csv"
	run -0 --separate-stderr pp-sample --rate 100% --output-format json "$tmp/q.csv"
	assert_equal "${#lines[@]}" 39
	assert_line --index 0 '{"ts":1,"metric":"m","value":1,"sample_rate":1}'
	assert_line --index 2 '{"ts":4,"metric":"m","value":4,"sample_rate":1}'
	assert_line --index 38 '{"ts":40,"metric":"m","value":40,"sample_rate":1}'
	assert_equal "$stderr" "pp-sample: $tmp/q.csv:4: unterminated quoted field (not passed through: the output format differs)"
	# passed through in its own format, nothing is lost
	run -0 --separate-stderr pp-sample "$tmp/q.csv"
	assert_output "$(cat "$tmp/q.csv")"
	assert_equal "$stderr" "pp-sample: $tmp/q.csv:4: unterminated quoted field"
}

@test "a header of 300000 columns takes linear time; a duplicate among them is found" {
	awk 'BEGIN { n = 300000
		for (i = 0; i < n; i++) printf "%sc%d", (i ? "," : ""), i; print ""
		for (i = 0; i < n; i++) printf "%s%d", (i ? "," : ""), i; print "" }' > "$tmp/wide.csv"
	run -0 --separate-stderr timeout 10 pp-sample --rate 100% "$tmp/wide.csv"
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[1]: -9}" ",299999,1"
	assert_equal "$stderr" ""
	sed '1s/$/,c5/; 2s/$/,5/' "$tmp/wide.csv" > "$tmp/dup.csv"
	run -3 --separate-stderr timeout 10 pp-sample "$tmp/dup.csv"
	assert_equal "$stderr" "pp-sample: $tmp/dup.csv:1: duplicate column 'c5' in the header"
	assert_output ""
}

@test "--strict makes the first bad record fatal (exit 3)" {
	run -3 --separate-stderr pp-sample --strict --rate 100 "$(fixture bad-rows.csv)"
	assert_equal "$stderr" "pp-sample: $(fixture bad-rows.csv):3: expected 5 fields, found 4"
}

@test "at most ten warnings, then a count" {
	{ echo a,b; for i in $(seq 1 15); do echo "$i"; done; } > "$tmp/ragged.csv"
	run -0 --separate-stderr pp-sample "$tmp/ragged.csv"
	assert_equal "$(grep -c 'expected 2 fields, found 1' <<<"$stderr")" 10
	assert_equal "${stderr_lines[10]}" "pp-sample: 15 bad records in all (5 not shown)"
	run -0 --separate-stderr pp-sample -q "$tmp/ragged.csv"
	assert_equal "$stderr" ""
}

@test "TSV escapes survive a pass through" {
	run -0 pp-sample "$(fixture tabs.tsv)"
	assert_output "$(cat "$(fixture tabs.tsv)")"
	run -0 pp-sample --output-format csv "$(fixture tabs.tsv)"
	assert_line --index 1 "$(printf '2026-01-01T00:00:00Z,latency,0.1,s,web\t1')"
}

@test "JSON Lines are flattened and numbers keep their text" {
	run -0 pp-sample "$(fixture nested.jsonl)"
	assert_line --index 0 '{"ts":"2026-01-01T00:00:00Z","metric":"latency","value":1.50,"unit":"s","tags.host":"web1","tags.zone":"eu","list":[1,2]}'
	run -0 pp-sample --output-format csv "$(fixture nested.jsonl)"
	assert_line --index 0 'ts,metric,value,unit,tags.host,tags.zone,list'
	assert_line --index 1 '2026-01-01T00:00:00Z,latency,1.50,s,web1,eu,"[1,2]"'
	assert_line --index 2 '2026-01-01T00:00:01Z,latency,2e0,s,web2,us,[]'
}

@test "--metrics reads wide input as one record per metric" {
	run -0 pp-sample --metrics cpu,latency "$(fixture wide.csv)"
	assert_equal "$output" "ts,host,metric,value
2026-01-01T00:00:00Z,web1,cpu,0.5
2026-01-01T00:00:00Z,web1,latency,0.120
2026-01-01T00:00:01Z,web1,latency,0.130"
}

@test "an empty name and a record of no fields pass cleanly (make asan: no runtime error)" {
	printf '{"":1}\n' > "$tmp/empty-name.jsonl"
	run -0 --separate-stderr pp-sample "$tmp/empty-name.jsonl"
	assert_output '{"":1}'
	assert_equal "$stderr" ""
	printf '{}\n{"a":1}\n' > "$tmp/no-fields.jsonl"
	run -0 --separate-stderr pp-sample "$tmp/no-fields.jsonl"
	assert_output "$(cat "$tmp/no-fields.jsonl")"
	assert_equal "$stderr" ""
	for f in csv tsv table; do
		run -0 --separate-stderr pp-sample --output-format $f "$tmp/no-fields.jsonl"
		assert_equal "$stderr" ""
	done
}

@test "--metrics on input with a metric or value field is exit 3" {
	printf 'ts,metric,cpu\n1,x,2\n' > "$tmp/m.csv"
	run -3 --separate-stderr pp-sample --metrics cpu "$tmp/m.csv"
	assert_equal "$stderr" "pp-sample: $tmp/m.csv:1: input already has a 'metric' field; --metrics adds its own (rename it, or leave out --metrics)"
	assert_output ""
	printf '{"ts":1,"cpu":2}\n{"ts":2,"value":3,"cpu":2}\n' > "$tmp/v.jsonl"
	run -3 --separate-stderr pp-sample --metrics cpu "$tmp/v.jsonl"
	assert_equal "$stderr" "pp-sample: $tmp/v.jsonl:2: input already has a 'value' field; --metrics adds its own (rename it, or leave out --metrics)"
	assert_output '{"ts":1,"metric":"cpu","value":2}'
	# a --metrics column may have either name: it is not kept
	printf 'ts\tvalue\tcpu\n1\t3\t2\n' > "$tmp/ok.tsv"
	run -0 --separate-stderr pp-sample --metrics value,cpu "$tmp/ok.tsv"
	assert_output "$(printf 'ts\tmetric\tvalue\n1\tvalue\t3\n1\tcpu\t2')"
	assert_equal "$stderr" ""
}

@test "a name that JSON flattening repeats makes its record bad; a header that repeats one is exit 3" {
	printf '{"a":{"b":1},"a.b":2}\n{"a":{"b":1},"c":2}\n' > "$tmp/dup.jsonl"
	run -0 --separate-stderr pp-sample "$tmp/dup.jsonl"
	assert_output '{"a":{"b":1},"a.b":2}
{"a.b":1,"c":2}'
	assert_equal "$stderr" "pp-sample: $tmp/dup.jsonl:1: duplicate field 'a.b' after flattening"
	run -0 --separate-stderr pp-sample --output-format csv "$tmp/dup.jsonl"
	assert_output "a.b,c
1,2"
	printf 'a\tb\ta\n1\t2\t3\n' > "$tmp/dup.tsv"
	run -3 --separate-stderr pp-sample "$tmp/dup.tsv"
	assert_equal "$stderr" "pp-sample: $tmp/dup.tsv:1: duplicate column 'a' in the header"
	assert_output ""
}

@test "a NUL byte in a JSON string makes its record bad" {
	printf '{"a":"x\\u0000y","b":1}\n{"a":"x\\\\u0000y","b":2}\n' > "$tmp/nul.jsonl"
	run -0 --separate-stderr pp-sample "$tmp/nul.jsonl"
	assert_output "$(cat "$tmp/nul.jsonl")"
	assert_equal "$stderr" "pp-sample: $tmp/nul.jsonl:1: a string holds a NUL byte (\u0000)"
}

@test "whatever pp writes, pp reads back: tricky records through every format and back" {
	python3 "$(fixture tricky.py)" 7 300 "$tmp/wide.in" "$tmp/one.in" "$tmp/empty-name.in"
	for f in wide one empty-name; do
		run -0 --separate-stderr sh -c "pp-sample --input-format csv '$tmp/$f.in' > '$tmp/$f.canon'"
		assert_equal "$stderr" ""
		# pp read the records the generator wrote
		run -0 python3 -c 'import csv, sys
rows = [list(csv.reader(open(p, newline="", encoding="utf-8"))) for p in sys.argv[1:]]
sys.exit(rows[0] != rows[1] or len(rows[0]) != 301)' "$tmp/$f.in" "$tmp/$f.canon"
		for x in csv tsv json; do
			run -0 --separate-stderr sh -c "pp-sample --input-format csv --output-format $x '$tmp/$f.in' > '$tmp/$f.$x'"
			assert_equal "$stderr" ""
			for y in csv tsv json; do
				run -0 --separate-stderr sh -c "pp-sample --input-format $x --output-format $y '$tmp/$f.$x' > '$tmp/$f.$x.$y'"
				assert_equal "$stderr" ""
				run -0 --separate-stderr sh -c "pp-sample --input-format $y --output-format csv '$tmp/$f.$x.$y' | cmp - '$tmp/$f.canon'"
				[ -z "$stderr" ] || fail "$f: csv, $x, $y, csv: $stderr"
			done
		done
	done
}

@test "--output-format table aligns columns" {
	run -0 pp-sample --output-format table "$(fixture wide.csv)"
	assert_equal "$output" "ts                    host  cpu  latency
2026-01-01 00:00:00Z  web1  0.5     0.12
2026-01-01 00:00:01Z  web1          0.13"
}

@test "an empty input writes nothing" {
	: > "$tmp/empty.csv"
	run -0 --separate-stderr pp-sample --rate 50 --seed 1 "$tmp/empty.csv"
	assert_output ""
	assert_equal "$stderr" ""
}

@test "a header-only input writes nothing" {
	echo "ts,metric,value" > "$tmp/h.csv"
	run -0 pp-sample "$tmp/h.csv"
	assert_output ""
}

@test "records from standard input and from several files" {
	run -0 sh -c "cat '$(fixture wide.csv)' | pp-sample - '$(fixture wide.csv)'"
	assert_equal "${#lines[@]}" 5
}

@test "an input that cannot be read is exit 4" {
	run -4 --separate-stderr pp-sample "$tmp/nope.csv"
	assert_equal "$stderr" "pp-sample: $tmp/nope.csv: No such file or directory"
}

@test "a full disk in filter mode is exit 4" {
	run -4 --separate-stderr sh -c "pp-sample '$(fixture mixed.csv)' > /dev/full"
	assert_equal "$stderr" "pp-sample: standard output: write error: No space left on device"
}

@test "bad common option values exit 2" {
	run -2 --separate-stderr pp-sample --input-format xml
	assert_equal "$stderr" "pp-sample: --input-format: 'xml' is not csv, tsv, json or another tool's format of pp(7)
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-sample --output-format yaml
	assert_equal "${stderr_lines[0]}" "pp-sample: --output-format: 'yaml' is not csv, tsv, json, table, openmetrics, markdown or junit"
	run -2 --separate-stderr pp-sample --no-such-option
	assert_equal "$stderr" "pp-sample: unrecognized option '--no-such-option'
Try 'pp-sample --help'."
}

@test "--help and --version" {
	run -0 pp-sample --help
	assert_line --index 0 --partial "usage: pp-sample [options]"
	assert_output --partial "--anomaly[=SIGMA]"
	assert_output --partial "--strict"
	run -0 pp-sample --version
	assert_output --regexp '^pp-sample \(pp\) [0-9]+\.[0-9]+\.[0-9]+$'
}

# --- anomaly flags ----------------------------------------------------

@test "--anomaly flags a spike against the mean and sd of its series" {
	# Expected from R 4.2.2: (100 - mean(1:30)) / sd(1:30) = 9.59855499878
	run -0 pp-sample --anomaly "$(fixture steps.csv)"
	assert_line --index 0 "ts,metric,value,unit,host,zscore,baseline,anomaly"
	assert_line --index 31 "2026-01-01T00:01:00Z,latency,100,s,a,9.598554999,15.5,high"
	assert_line --index 62 "2026-01-01T00:01:00Z,latency,100,s,b,9.598554999,15.5,high"
	# no flag before --min-samples (30) values
	assert_line --index 30 "2026-01-01T00:00:30Z,latency,30,s,a,,,"
}

@test "--anomalies-only passes only flagged records" {
	run -0 pp-sample --anomaly --anomalies-only "$(fixture steps.csv)"
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --partial ",a,9.598554999,15.5,high"
}

@test "--robust uses the median and MAD" {
	# Expected from R 4.2.2: qnorm(0.75) * (100 - median(1:30)) / mad(1:30, constant = 1) = 7.59925118554
	run -0 pp-sample --anomaly --robust --anomalies-only "$(fixture steps.csv)"
	assert_line --index 1 "2026-01-01T00:01:00Z,latency,100,s,a,7.599251186,15.5,high"
}

@test "--window, --min-samples and SIGMA change the baseline" {
	run -0 pp-sample --anomaly=10 --anomalies-only "$(fixture steps.csv)"
	assert_output ""
	# a window of the last 5 values (26..30) from the fifth value on
	run -0 pp-sample --anomaly --window 5 --min-samples 5 -g host "$(fixture steps.csv)"
	# Expected from R 4.2.2: (100 - mean(26:30)) / sd(26:30) = 45.5367983064
	assert_line --index 31 "2026-01-01T00:01:00Z,latency,100,s,a,45.53679831,28,high"
}

@test "-g picks the labels of a series" {
	# one series across both hosts: b's first value is scored against a's
	# Expected from R 4.2.2: x <- c(1:30, 100); (1 - mean(x)) / sd(x) =
	# -0.985947157346, mean(x) = 18.2258064516
	run -0 pp-sample --anomaly -g metric "$(fixture steps.csv)"
	assert_line --index 32 "2026-01-01T00:00:01Z,latency,1,s,b,-0.9859471573,18.22580645,"
}

@test "a value that is no number is passed through with a warning" {
	run -0 --separate-stderr pp-sample --anomaly --min-samples 2 "$(fixture bad-values.csv)"
	assert_line --index 2 "ts,metric,value,unit,host"
	assert_line --index 3 "2026-01-01T00:00:01Z,latency,abc,s,web1"
	assert_line --index 4 "2026-01-01T00:00:02Z,latency,,s,web1"
	assert_line --index 5 "ts,metric,value,unit,host,zscore,baseline,anomaly"
	assert_equal "$stderr" "pp-sample: $(fixture bad-values.csv):3: field 'value': 'abc' is not a number
pp-sample: $(fixture bad-values.csv):4: field 'value' is missing"
	run -3 --separate-stderr pp-sample --strict --anomaly "$(fixture bad-values.csv)"
	assert_equal "$stderr" "pp-sample: $(fixture bad-values.csv):3: field 'value': 'abc' is not a number"
}

@test "-f names the value field" {
	printf 'ts,metric,ms\n1,a,1\n2,a,1\n3,a,1\n4,a,9\n' > "$tmp/f.csv"
	run -0 pp-sample --anomaly --min-samples 3 --anomalies-only -f ms "$tmp/f.csv"
	assert_line --index 1 "4,a,9,,1,high"
}

@test "anomaly option errors exit 2" {
	run -2 --separate-stderr pp-sample --anomaly=0
	assert_equal "${stderr_lines[0]}" "pp-sample: --anomaly: '0' is not a positive number of standard deviations"
	run -2 --separate-stderr pp-sample --anomaly --window 10 --min-samples 20
	assert_equal "${stderr_lines[0]}" "pp-sample: --min-samples 20 is more than --window 10"
	run -2 --separate-stderr pp-sample --robust
	assert_equal "${stderr_lines[0]}" "pp-sample: --robust needs --anomaly"
	run -2 --separate-stderr pp-sample --anomaly --window 1
	assert_equal "${stderr_lines[0]}" "pp-sample: --window: '1' is not a whole number from 2"
}

@test "--anomaly never writes a baseline or zscore that is not finite" {
	# -1e306 h is -3.6e309 s: out of range, so neither scored nor kept
	printf 'ts,metric,value,unit\n1,m,-1e306,h\n2,m,-1e306,h\n3,m,-1e306,h\n' > "$tmp/big.csv"
	run -0 --separate-stderr pp-sample --anomaly --min-samples 2 "$tmp/big.csv"
	assert_line --index 3 "3,m,-1e306,h,,,"
	refute_output --regexp 'inf|nan'
	assert_equal "$stderr" ""
	# a baseline of 1e300 s is out of range in ns: empty, still flagged
	printf 'ts,metric,value,unit\n1,m,1e300,s\n2,m,1e300,s\n3,m,5,ns\n' > "$tmp/ns.csv"
	run -0 --separate-stderr pp-sample --anomaly --min-samples 2 "$tmp/ns.csv"
	assert_line --index 3 "3,m,5,ns,,,low"
	# the mean of the largest doubles overflows: no finite baseline
	{ echo ts,metric,value; for i in 1 2 3 4; do echo "$i,m,1.7e308"; echo "$i,m,-1.7e308"; done; } > "$tmp/huge.csv"
	run -0 --separate-stderr pp-sample --anomaly --min-samples 2 "$tmp/huge.csv"
	assert_equal "${#lines[@]}" 9
	assert_line --index 3 "2,m,1.7e308,,,"
	assert_line --index 8 "4,m,-1.7e308,,,"
	refute_output --regexp 'inf|nan'
	# what was written reads back
	run -0 --separate-stderr sh -c "pp-sample --anomaly --min-samples 2 '$tmp/huge.csv' | pp-sample --strict --anomaly --min-samples 2"
	refute_output --regexp 'inf|nan'
	assert_equal "$stderr" ""
}

@test "--anomaly works on measured runs too" {
	run -0 pp-sample -n 3 --anomaly --min-samples 2 -- true
	assert_line --index 0 "ts,metric,value,unit,command,run,zscore,baseline,anomaly"
	assert_equal "$(count_lines ',wall_time,[0-9.]+,s,true,3,[-0-9.e]*,[0-9.e-]+,(high|low|)$')" 1
	assert_equal "$(count_lines ',wall_time,[0-9.]+,s,true,[12],,,$')" 2
}

# --- history ----------------------------------------------------------

@test "--history appends records with one header" {
	run -0 pp-sample -n 1 --history "$tmp/h.csv" -- true
	run -0 pp-sample -n 2 --history "$tmp/h.csv" -- true
	assert_equal "$(grep -c '^ts,metric' "$tmp/h.csv")" 1
	assert_equal "$(grep -c ',wall_time,' "$tmp/h.csv")" 3
	assert_equal "$(wc -l < "$tmp/h.csv")" 28
}

@test "--history takes what was written, after --anomalies-only" {
	run -0 pp-sample --anomaly --anomalies-only --history "$tmp/h.csv" "$(fixture steps.csv)"
	assert_equal "$(cat "$tmp/h.csv")" "$output"
}

@test "concurrent writers never interleave records" {
	seq 1 20000 | awk 'BEGIN { print "ts,metric,value,host" } { printf "%d,m,%d,h\n", $1, $1 }' > "$tmp/big.csv"
	for i in 1 2 3 4; do
		pp-sample --retain 0 --history "$tmp/h2.csv" "$tmp/big.csv" \
		    > /dev/null &
	done
	wait
	assert_equal "$(wc -l < "$tmp/h2.csv")" 80001
	assert_equal "$(grep -c '^ts,' "$tmp/h2.csv")" 1
	assert_equal "$(grep -Ec '^[0-9]+,m,[0-9]+,h$' "$tmp/h2.csv")" 80000
}

@test "a history rotated under a running writer gets its header again" {
	pp-sample --system -i 100ms --duration 1s --history "$tmp/h.csv" > /dev/null &
	pid=$!
	sleep 0.4
	mv "$tmp/h.csv" "$tmp/h.csv.1"
	wait "$pid"
	assert_equal "$(head -1 "$tmp/h.csv")" "ts,metric,value,unit,host"
	assert_equal "$(head -1 "$tmp/h.csv.1")" "ts,metric,value,unit,host"
	assert_equal "$(grep -c '^ts,' "$tmp/h.csv")" 1
}

@test "a history that is a link: pruning rewrites the file it names" {
	printf 'ts,metric,value\n2020-01-01T00:00:00Z,m,1\n' > "$tmp/real.csv"
	ln -s real.csv "$tmp/link.csv"
	run -0 pp-sample --history "$tmp/link.csv" < /dev/null
	[ -L "$tmp/link.csv" ]
	assert_equal "$(wc -l < "$tmp/real.csv")" 0
}

@test "a CSV history with another header is exit 3" {
	pp-sample -n 1 --history "$tmp/h.csv" -- true > /dev/null
	run -3 --separate-stderr pp-sample -n 1 --wide --history "$tmp/h.csv" -- true
	assert_equal "$stderr" "pp-sample: $tmp/h.csv:1: the header 'ts,metric,value,unit,command,run' differs from the fields of the records, 'ts,command,run,wall_time,user_time,sys_time,max_rss,minor_faults,major_faults,voluntary_switches,involuntary_switches,exit_status': use another history file (a JSON Lines history, .jsonl, takes any fields)"
}

@test "a JSON Lines history takes any fields" {
	pp-sample -n 1 --history "$tmp/h.jsonl" -- true > /dev/null
	run -0 pp-sample -n 1 --wide --history "$tmp/h.jsonl" -- true
	assert_equal "$(wc -l < "$tmp/h.jsonl")" 10
	run -0 grep -c '"wall_time":' "$tmp/h.jsonl"
	assert_output 1
}

@test "--retain drops old records by rewriting the file" {
	{
		echo "ts,metric,value"
		echo "2020-01-01T00:00:00Z,m,1"
		echo "$(date -u +%Y-%m-%dT%H:%M:%SZ),m,2"
		echo "not-a-time,m,3"
		echo "2021-06-01T00:00:00+02:00,m,4"
	} > "$tmp/h.csv"
	run -0 pp-sample --retain 30d --history "$tmp/h.csv" < /dev/null
	run -0 cat "$tmp/h.csv"
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 "ts,metric,value"
	assert_line --index 2 "not-a-time,m,3"
	assert_equal "$(ls "$tmp")" "h.csv"
}

@test "--retain defaults to 30 days and 0 keeps everything" {
	printf 'ts,metric,value\n2020-01-01T00:00:00Z,m,1\n' > "$tmp/h.csv"
	run -0 pp-sample --retain 0 --history "$tmp/h.csv" < /dev/null
	assert_equal "$(wc -l < "$tmp/h.csv")" 2
	run -0 pp-sample --history "$tmp/h.csv" < /dev/null
	assert_equal "$(wc -l < "$tmp/h.csv")" 0
}

@test "a full disk on the history is exit 4, at once" {
	# a kill after 20 s, so that a hang fails rather than blocks
	run -4 --separate-stderr timeout -s KILL 20 pp-sample -n 1 --retain 0 --history /dev/full -- true
	assert_equal "$stderr" "pp-sample: /dev/full: write error: No space left on device"
	assert_equal "$(count_lines ',wall_time,')" 1
	run -4 --separate-stderr timeout -s KILL 20 pp-sample -n 1 --history /dev/full -- true
	assert_equal "$stderr" "pp-sample: /dev/full: write error: No space left on device"
	run -4 --separate-stderr timeout -s KILL 20 pp-sample --history /dev/full "$(fixture mixed.csv)"
	assert_equal "$stderr" "pp-sample: /dev/full: write error: No space left on device"
}

@test "an append cut short by a full disk leaves no torn record" {
	{ echo ts,metric,value,host; for i in $(seq 10 20); do echo "2026-01-01T00:00:$i.000000Z,m,$i,web"; done; } > "$tmp/h.csv"
	{ echo ts,metric,value,host; for i in $(seq 10 59); do echo "2026-01-01T00:01:$i.000000Z,m,$i,web"; done; } > "$tmp/in.csv"
	cp "$tmp/h.csv" "$tmp/before.csv"
	# a file size limit of 1 KiB, with SIGXFSZ ignored: the write is cut
	# in the middle of a record, and the next one fails with EFBIG
	run -4 --separate-stderr timeout -s KILL 20 bash -c "trap '' XFSZ; ulimit -f 1; exec pp-sample --retain 0 --history '$tmp/h.csv' '$tmp/in.csv'"
	assert_equal "$stderr" "pp-sample: $tmp/h.csv: write error: File too large"
	run -0 cmp "$tmp/before.csv" "$tmp/h.csv"
}

@test "an append after a torn last line starts a line of its own" {
	printf 'ts,metric,value,unit\n2026-12-03T00:00:00.000000Z,m,1,s\n2026-12' > "$tmp/h.csv"
	printf 'ts,metric,value,unit\n2026-12-04T00:00:00.000000Z,m,2,s\n' > "$tmp/in.csv"
	run -0 --separate-stderr pp-sample --retain 0 --history "$tmp/h.csv" "$tmp/in.csv"
	assert_equal "$stderr" ""
	assert_equal "$(cat "$tmp/h.csv")" "ts,metric,value,unit
2026-12-03T00:00:00.000000Z,m,1,s
2026-12
2026-12-04T00:00:00.000000Z,m,2,s"
	# the torn record is a bad record of its own, and is skipped
	run -0 --separate-stderr pp-trend "$tmp/h.csv"
	assert_equal "$stderr" "pp-trend: $tmp/h.csv:3: expected 4 fields, found 1"
	run -0 --separate-stderr pp-sample --rate 100% --output-format json "$tmp/h.csv"
	assert_equal "$stderr" "pp-sample: $tmp/h.csv:3: expected 4 fields, found 1 (not passed through: the output format differs)"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 '{"ts":"2026-12-04T00:00:00.000000Z","metric":"m","value":2,"unit":"s","sample_rate":1}'
}

@test "a torn JSON Lines record stays a bad line of its own" {
	printf '{"ts":"2026-12-03T00:00:00Z","metric":"m","value":1}\n{"ts":"2026-12' > "$tmp/h.jsonl"
	printf '{"ts":"2026-12-04T00:00:00Z","metric":"m","value":2}\n' > "$tmp/in.jsonl"
	run -0 pp-sample --retain 0 --history "$tmp/h.jsonl" "$tmp/in.jsonl"
	assert_equal "$(sed -n 3p "$tmp/h.jsonl")" '{"ts":"2026-12-04T00:00:00Z","metric":"m","value":2}'
	run -0 --separate-stderr pp-trend "$tmp/h.jsonl"
	assert_equal "$stderr" "pp-trend: $tmp/h.jsonl:2: malformed JSON: unexpected end of line"
	assert_output --partial '"metric":"m","unit":"","n":2,'
}

@test "a CSV record torn inside quotes does not swallow the next ones" {
	printf 'ts,metric,value,command,run\n2026-12-03T00:00:00.000000Z,m,1,"a, b",1\n2026-12-03T00:00:01.000000Z,m,1,"a,' > "$tmp/h.csv"
	printf 'ts,metric,value,command,run\n2026-12-04T00:00:00.000000Z,m,2,"c, d",2\n' > "$tmp/in.csv"
	run -0 pp-sample --retain 0 --history "$tmp/h.csv" "$tmp/in.csv"
	run -0 --separate-stderr pp-sample --rate 100% --output-format json "$tmp/h.csv"
	assert_equal "$stderr" "pp-sample: $tmp/h.csv:3: expected 5 fields, found 4 (not passed through: the output format differs)"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 '{"ts":"2026-12-04T00:00:00.000000Z","metric":"m","value":2,"command":"c, d","run":2,"sample_rate":1}'
}

@test "temporary files left by an interrupted prune are removed" {
	printf 'ts,metric,value\n' > "$tmp/h.csv"
	for f in h.csv.Ab3xY9 h.csv.1 h.csv.Ab3xY9.gz h.csv.Ab3x- other.csv.Ab3xY9; do
		echo x > "$tmp/$f"
	done
	mkdir "$tmp/h.csv.dirXYZ"
	ln -s h.csv.1 "$tmp/h.csv.L1nk00"
	# pruning, before anything is read
	run -0 --separate-stderr pp-sample --history "$tmp/h.csv" < /dev/null
	assert_equal "$stderr" "pp-sample: $tmp/h.csv.Ab3xY9: removed, a temporary file left by an interrupted prune"
	assert_equal "$(cd "$tmp" && ls | tr '\n' ' ')" "h.csv h.csv.1 h.csv.Ab3x- h.csv.Ab3xY9.gz h.csv.L1nk00 h.csv.dirXYZ other.csv.Ab3xY9 "
	# appending, without pruning; another user's file is left alone
	: > "$tmp/h.csv"
	echo x > "$tmp/h.csv.q0Q0q0"
	echo x > "$tmp/h.csv.n0b0dy"
	if [ "$(id -u)" = 0 ]; then chown 65534 "$tmp/h.csv.n0b0dy"; fi
	run -0 --separate-stderr pp-sample --retain 0 --history "$tmp/h.csv" -n 1 --wide -- true
	if [ "$(id -u)" = 0 ]; then
		assert_equal "$stderr" "pp-sample: $tmp/h.csv.q0Q0q0: removed, a temporary file left by an interrupted prune"
		[ -e "$tmp/h.csv.n0b0dy" ]
	fi
	[ ! -e "$tmp/h.csv.q0Q0q0" ]
	[ -e "$tmp/h.csv.1" ]
	assert_equal "$(grep -c ',true,1,' "$tmp/h.csv")" 1
	# -q keeps it quiet
	echo x > "$tmp/h.csv.q1Q1q1"
	run -0 --separate-stderr pp-sample -q --history "$tmp/h.csv" < /dev/null
	assert_equal "$stderr" ""
	[ ! -e "$tmp/h.csv.q1Q1q1" ]
}

@test "--retain without --history is a usage error" {
	run -2 --separate-stderr pp-sample --retain 1d
	assert_equal "${stderr_lines[0]}" "pp-sample: --retain needs --history"
}

# --- configuration ----------------------------------------------------

@test "a configuration is checked before anything runs" {
	run -3 --separate-stderr pp-sample -c "$(fixture typo.yaml)" -n 1 -- touch "$tmp/ran"
	assert_equal "$stderr" "pp-sample: $(fixture typo.yaml):3:5: unknown key 'beter'"
	assert_output ""
	[ ! -e "$tmp/ran" ]
}

@test "an unknown section is an error" {
	run -3 --separate-stderr pp-sample -c "$(fixture section.yaml)" /dev/null
	assert_equal "$stderr" "pp-sample: $(fixture section.yaml):3:1: unknown key 'budgetz'"
}

@test "broken YAML names its place" {
	run -3 --separate-stderr pp-sample -c "$(fixture broken.yaml)" /dev/null
	assert_output ""
	assert_equal "$stderr" "pp-sample: $(fixture broken.yaml):3:1: did not find expected ',' or '}' while parsing a flow mapping"
}

@test "PP_CONFIG is read when -c is not given" {
	PP_CONFIG=$(fixture typo.yaml) run -3 pp-sample /dev/null
	PP_CONFIG=$(fixture good.yaml) run -0 pp-sample /dev/null
}

@test "a configuration that cannot be read is exit 4" {
	run -4 --separate-stderr pp-sample -c "$tmp/none.yaml" /dev/null
	assert_equal "$stderr" "pp-sample: $tmp/none.yaml: No such file or directory"
}
