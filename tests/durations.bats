#!/usr/bin/env bats
# A bare number is never a duration: every option and every YAML key that
# takes one refuses "30" and names the fix; only 0 needs no unit.

load common

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# usage_error "OPTION" COMMAND...: exit 2, and the message names the fix.
usage_error() {
	local opt=$1
	shift
	run -2 --separate-stderr "$@"
	assert_equal "${stderr_lines[0]}" "${1}: ${opt}: '30' has no unit: write 30s, 30m, 30h or 30d"
	assert_equal "${stderr_lines[1]}" "Try '${1} --help'."
	assert_output ""
}

@test "pp-sample: -i, --duration, --timeout and --retain want a unit" {
	usage_error -i pp-sample --pid $$ -i 30
	usage_error --duration pp-sample --pid $$ --duration 30
	usage_error --timeout pp-sample --timeout 30 -n 1 -- true
	usage_error --retain pp-sample --retain 30 --history "$tmp/h.csv" -n 1 -- true
	# Nothing was deleted or written.
	[ ! -e "$tmp/h.csv" ]
}

@test "--retain 30 keeps a history whole instead of 30 seconds of it" {
	printf 'ts,metric,value,unit\n2020-01-01T00:00:00Z,x,1,s\n' >"$tmp/h.csv"
	run -2 --separate-stderr pp-sample --retain 30 --history "$tmp/h.csv" -n 1 -- true
	run -0 cat "$tmp/h.csv"
	assert_line --index 1 "2020-01-01T00:00:00Z,x,1,s"
}

@test "pp-trend: --window and --period want a unit" {
	usage_error --window pp-trend --window 30 /dev/null
	usage_error --period pp-trend --period 30 /dev/null
	run -0 pp-trend --window 30d /dev/null
}

@test "pp-alert: --repeat-interval, --timeout and --backoff want a unit" {
	usage_error --repeat-interval pp-alert --repeat-interval 30 --exec true /dev/null
	usage_error --timeout pp-alert --timeout 30 --exec true /dev/null
	usage_error --backoff pp-alert --backoff 30 --exec true /dev/null
	# 0 is 0 in every unit.
	run -0 --separate-stderr pp-alert --backoff 0 --exec true /dev/null
}

@test "pp-report: --window wants a unit" {
	usage_error --window pp-report --window 30 /dev/null
}

@test "YAML durations want a unit, at their line and column" {
	printf 'trend:\n  window: 30\n' >"$tmp/trend.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/trend.yaml" /dev/null
	assert_equal "$stderr" "pp-trend: $tmp/trend.yaml:2:11: '30' has no unit: write 30s, 30m, 30h or 30d"
	cat >"$tmp/budgets.yaml" <<-'EOF'
	budgets:
	  items:
	    - {name: lat, metric: latency, stat: p95, window: 30, error: 1s}
	EOF
	run -3 --separate-stderr pp-budget -c "$tmp/budgets.yaml" /dev/null
	assert_equal "$stderr" "pp-budget: $tmp/budgets.yaml:3:55: '30' has no unit: write 30s, 30m, 30h or 30d"
	printf 'alerts:\n  repeat_interval: 4\n' >"$tmp/alerts.yaml"
	run -3 --separate-stderr pp-alert -c "$tmp/alerts.yaml" --exec true /dev/null
	assert_equal "$stderr" "pp-alert: $tmp/alerts.yaml:2:20: '4' has no unit: write 4s, 4m, 4h or 4d"
	printf 'optimize:\n  debounce_window: 0.5\n' >"$tmp/optimize.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/optimize.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/optimize.yaml:2:20: '0.5' has no unit: write 0.5s, 0.5m, 0.5h or 0.5d"
}

@test "a duration past a century is refused as such" {
	run -2 --separate-stderr pp-trend --window 200000w /dev/null
	assert_equal "${stderr_lines[0]}" "pp-trend: --window: '200000w' is longer than a century"
}

@test "span records keep bare seconds as their duration (pp(7))" {
	cat >"$tmp/spans.csv" <<-'EOF'
	trace_id,span_id,parent_span_id,name,op,start,duration
	t1,a,,GET /,http.server,2026-01-01T00:00:00Z,0.25
	t1,b,a,render,function,2026-01-01T00:00:00.01Z,5ms
	EOF
	run -0 --separate-stderr pp-optimize "$tmp/spans.csv"
	assert_equal "$stderr" ""
}
