#!/usr/bin/env bats
# JSON documents read whole, and hyperfine's exports (pp(7) OTHER TOOLS'
# FORMATS), on output made by hyperfine 1.15.0 (tests/fixtures/in-json).

load common

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# The records of FILE as CSV, without the sample_rate pp-sample adds.
records() {
	pp-sample --rate 100% --output-format csv "$@" |
	    sed 's/,sample_rate$//; s/,1$//'
}

@test "hyperfine --export-json: a record per run, as pp-sample writes them" {
	run -0 --separate-stderr records "$(fixture hyperfine.json)"
	assert_equal "$stderr" ""
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2- | head -7)" \
"metric,value,unit,command,run
wall_time,0.0015112040000000001,s,true,1
exit_status,0,count,true,1
wall_time,0.0009586830000000001,s,true,2
exit_status,0,count,true,2
wall_time,0.0006360550000000001,s,true,3
exit_status,0,count,true,3"
	[ "$(count_lines '^[^,]*,wall_time,.*,sleep 0.001,')" -eq 3 ]
	[ "$(count_lines ',exit_status,')" -eq 6 ]
}

@test "hyperfine --export-json: parameters are labels, exit codes kept" {
	run -0 records "$(fixture hyperfine-params.json)"
	assert_line --index 0 "ts,metric,value,unit,command,n,run"
	assert_equal "$(printf '%s\n' "$output" | sed -n 6p | cut -d, -f2-)" \
	    "wall_time,0.0029379920000000004,s,sleep 0.002,2,1"
	run -0 records "$(fixture hyperfine-fail.json)"
	assert_equal "$(count_lines ',exit_status,1,count,false,')" 2
}

@test "hyperfine records take the time of the file, or now on standard input" {
	cp "$(fixture hyperfine.json)" "$tmp/h.json"
	touch -d 2026-11-01T10:00:00.25Z "$tmp/h.json"
	run -0 records "$tmp/h.json"
	assert_equal "$(csv_get ts 1)" "2026-11-01T10:00:00.250000Z"
	run -0 records < "$tmp/h.json"
	[[ "$(csv_get ts 1)" == "$(date -u +%Y-%m-%d)T"* ]]
}

@test "hyperfine --export-csv: the statistics of each command" {
	run -0 --separate-stderr records "$(fixture hyperfine.csv)"
	assert_equal "$stderr" ""
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2- | head -8)" \
"metric,value,unit,command
wall_time.mean,0.001035314,s,true
wall_time.stddev,0.00044257844013349774,s,true
wall_time.median,0.0009586830000000001,s,true
wall_time.min,0.0006360550000000001,s,true
wall_time.max,0.0015112040000000001,s,true
user_time.mean,0.0005863333333333332,s,true
sys_time.mean,0,s,true"
	run -0 records "$(fixture hyperfine-params.csv)"
	assert_line --index 0 "ts,metric,value,unit,command,n"
	assert_line --partial --index 8 ",wall_time.mean,0.0029218180000000005,s,sleep 0.002,2"
}

@test "hyperfine output goes straight into pp-budget, pp-trend and pp-abtest" {
	cat > "$tmp/b.yaml" <<'YAML'
budgets:
  scopes:
    - {name: sleep, match: {command: "sleep*"}}
  items:
    - {name: sleep-fast, metric: wall_time, scope: sleep, stat: median, error: 1ms}
    - {name: runs-ok, metric: exit_status, stat: max, error: 0}
YAML
	run -1 pp-budget -c "$tmp/b.yaml" --output-format csv \
	    "$(fixture hyperfine.json)"
	assert_equal "$(csv_get budget 1),$(csv_get observed 1)" \
	    "sleep-fast,0.002013429"
	run -0 pp-trend --output-format csv "$(fixture hyperfine.json)"
	assert_equal "$(csv_get n 3),$(csv_get p50 3)" "3,0.002013429"
	run -0 pp-abtest analyze --variant-field command --control true \
	    --output-format csv "$(fixture hyperfine.json)"
	assert_equal "$(csv_get variant 2),$(csv_get median 2)" \
	    "sleep 0.001,0.002013429"
}

@test "--input-format hyperfine on another document is a bad record" {
	printf '{"results": 3}\n' > "$tmp/x.json"
	run -0 --separate-stderr pp-sample --input-format hyperfine \
	    --rate 100% "$tmp/x.json"
	assert_output ""
	assert_equal "$stderr" "pp-sample: $tmp/x.json:1: not a hyperfine --export-json document: no \"results\" array"
	run -3 --separate-stderr pp-trend --strict --input-format hyperfine \
	    "$tmp/x.json"
	assert_equal "$stderr" "pp-trend: $tmp/x.json:1: not a hyperfine --export-json document: no \"results\" array"
}

@test "a hyperfine result without a command or with a bad time is a bad record" {
	cat > "$tmp/h.json" <<'JSON'
{
  "results": [
    {"mean": 1, "times": [1]},
    {"command": "a", "mean": 1},
    {"command": "b", "times": [0.5, "x", -1, 0.25]}
  ]
}
JSON
	differs=" (not passed through: the output format differs)"
	run -0 --separate-stderr records --input-format hyperfine "$tmp/h.json"
	assert_equal "$stderr" "pp-sample: $tmp/h.json:1: hyperfine results[0]: no \"command\" string$differs
pp-sample: $tmp/h.json:1: hyperfine results[1]: no \"times\" array$differs
pp-sample: $tmp/h.json:1: hyperfine results[2].times[1]: not a time in seconds$differs
pp-sample: $tmp/h.json:1: hyperfine results[2].times[2]: not a time in seconds$differs"
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2-)" \
"metric,value,unit,command,run
wall_time,0.5,s,b,1
wall_time,0.25,s,b,4"
}

@test "--metrics on another tool's format is exit 3" {
	local f
	f=$(fixture hyperfine.json)
	run -3 --separate-stderr pp-sample --metrics wall_time \
	    --input-format hyperfine "$f"
	assert_equal "$stderr" "pp-sample: $f: --metrics: this input is a hyperfine --export-json document, whose records are one metric each already"
	run -3 --separate-stderr pp-sample --metrics wall_time "$f"
	assert_equal "$stderr" "pp-sample: $f:1: input already has a 'metric' field; --metrics adds its own (rename it, or leave out --metrics)"
}

@test "a pretty-printed JSON object is one record, an array one per element" {
	printf '{\n  "a": 1,\n  "b": {"c": [1, 2]}\n}\n' > "$tmp/o.json"
	run -0 pp-sample --rate 100% "$tmp/o.json"
	assert_output '{"a":1,"b.c":[1,2],"sample_rate":1}'
	printf '[\n  {"a": 1},\n  {"a": 2.50}\n]\n' > "$tmp/a.json"
	run -0 pp-sample --rate 100% --output-format csv "$tmp/a.json"
	assert_output "a,sample_rate
1,1
2.50,1"
	printf '[{"a": 1}, {"a": 2}]\n' > "$tmp/one.json"
	run -0 pp-sample --rate 100% --output-format csv "$tmp/one.json"
	assert_output "a,sample_rate
1,1
2,1"
	run -0 pp-sample --rate 100% --input-format json --output-format csv \
	    "$tmp/a.json"
	assert_line --index 2 "2.50,1"
}

@test "a JSON document read whole: --metrics makes it long" {
	printf '[\n {"host": "a", "cpu": 0.5, "mem": 10}\n]\n' > "$tmp/w.json"
	run -0 pp-sample --rate 100% --metrics cpu,mem --output-format csv \
	    "$tmp/w.json"
	assert_output "host,metric,value,sample_rate
a,cpu,0.5,1
a,mem,10,1"
}

@test "a bad JSON document: each problem at its line, nothing else lost" {
	printf '[\n {"a": 1},\n 2,\n {"a": {"b": 1}, "a.b": 2},\n {"a": 3}\n]\n' \
	    > "$tmp/a.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/a.json"
	assert_output '{"a":1,"sample_rate":1}
{"a":{"b":1},"a.b":2}
{"a":3,"sample_rate":1}'
	assert_equal "$stderr" "pp-sample: $tmp/a.json:1: element 2 of the array is not a JSON object
pp-sample: $tmp/a.json:1: duplicate field 'a.b' after flattening"
	printf '{\n "a": 1,\n "b": tru\n}\n' > "$tmp/m.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/m.json"
	assert_output ""
	assert_equal "$stderr" "pp-sample: $tmp/m.json:3: malformed JSON in a JSON document: boolean expected (the rest of the input is skipped)"
	printf '{\n "a": 1,\n' > "$tmp/e.json"
	run -3 --separate-stderr pp-sample --strict --rate 100% "$tmp/e.json"
	assert_equal "$stderr" "pp-sample: $tmp/e.json:1: malformed JSON in a JSON document: the input ends inside a value"
	printf '[1, 2]\n' > "$tmp/n.json"
	run -0 --separate-stderr pp-sample --input-format json --rate 100% \
	    "$tmp/n.json"
	assert_equal "$stderr" "pp-sample: $tmp/n.json:1: element 1 of the array is not a JSON object
pp-sample: $tmp/n.json:1: element 2 of the array is not a JSON object"
}

@test "JSON Lines stay JSON Lines: one bad line costs one record" {
	printf '{"a":1}\n{"a":2,\n{"a":3}\n' > "$tmp/l.json"
	run -0 --separate-stderr pp-sample --rate 100% --output-format csv \
	    "$tmp/l.json"
	assert_output "a,sample_rate
1,1
3,1"
	assert_equal "$stderr" "pp-sample: $tmp/l.json:2: malformed JSON: unexpected end of line (not passed through: the output format differs)"
}

@test "a bad element before many good ones keeps its message (make asan: no use after free)" {
	{ printf '[\n1'; for i in $(seq 40); do printf ',{"a":%d}' "$i"; done
	  printf ']\n'; } > "$tmp/many.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/many.json"
	assert_equal "$stderr" "pp-sample: $tmp/many.json:1: element 1 of the array is not a JSON object"
	assert_equal "${#lines[@]}" 40
}

@test "a null after a document is one bad record, and reading ends (no hang)" {
	printf '[\n{"a":1}\n]\nnull \n' > "$tmp/n.json"
	run -0 --separate-stderr timeout 10 pp-sample --rate 100% "$tmp/n.json"
	assert_output '{"a":1,"sample_rate":1}'
	assert_equal "$stderr" "pp-sample: $tmp/n.json:4: a JSON document is not null"
	printf '[\n{"a":1}\n]\nnull\n' > "$tmp/m.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/m.json"
	assert_equal "$stderr" "pp-sample: $tmp/m.json:4: a JSON document is not null"
}

@test "hyperfine: a null parameter is empty, a parameter called run keeps the run" {
	printf '{"results":[{"command":"make","times":[1.5],"parameters":{"jobs":null,"run":"x"}}]}\n' > "$tmp/h.json"
	run -0 records "$tmp/h.json"
	assert_line --index 0 "ts,metric,value,unit,command,jobs,exported_run,run"
	assert_equal "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f2-)" \
	    "wall_time,1.5,s,make,,x,1"
}

@test "a number beyond the largest double is not a time: never inf" {
	printf '{"results":[{"command":"a","times":[1e999, 2]}]}\n' > "$tmp/h.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/h.json"
	refute_output --partial inf
	assert_equal "$stderr" "pp-sample: $tmp/h.json:1: hyperfine results[0].times[0]: not a time in seconds"
}

@test "a JSON document with a NUL in a string is a bad record, as a JSON line is" {
	printf '[\n{"a":1,"b":"x\\u0000y"}\n]\n' > "$tmp/z.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/z.json"
	assert_output ""
	assert_equal "$stderr" "pp-sample: $tmp/z.json:1: a string holds a NUL byte (\\u0000)"
}

@test "a byte-order mark alone on the first line: the format is detected after it" {
	printf '\357\273\277\n{"metric":"m","value":1}\n' > "$tmp/b.json"
	run -0 pp-sample --rate 100% "$tmp/b.json"
	assert_output '{"metric":"m","value":1,"sample_rate":1}'
}
