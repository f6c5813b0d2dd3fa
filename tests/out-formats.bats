#!/usr/bin/env bats
# The output-only formats of --output-format: openmetrics and markdown.
# The .prom fixtures were checked with promtool, the OpenMetrics parser of
# prometheus_client and node_exporter's textfile collector (see README in
# tests/fixtures/out-formats); the tests compare with them.

load common

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# --- openmetrics ------------------------------------------------------

@test "openmetrics: metric records become gauges in base units, one family each" {
	run -0 --separate-stderr pp-sample --rate 100% --output-format openmetrics \
	    "$(fixture metrics.csv)"
	assert_equal "$stderr" ""
	assert_output "$(cat "$(fixture metrics.prom)")"
}

@test "openmetrics: a family's samples are together, a repeated series keeps its last value" {
	run -0 pp-sample --rate 100% --output-format openmetrics "$(fixture metrics.csv)"
	# api.response_time comes in rows 1, 3 and 5; web-1 twice (120ms, 125ms).
	assert_line --index 0 "# HELP api_response_time_seconds api.response_time"
	assert_line --index 3 'api_response_time_seconds{host="web-1"} 0.125'
	assert_line --index 4 'api_response_time_seconds{host="web-2"} 0.135'
	assert_equal "$(count_lines '^api_response_time_seconds')" 2
	assert_equal "$(count_lines '^# TYPE ')" 6
	assert_equal "${lines[${#lines[@]} - 1]}" "# EOF"
}

@test "openmetrics: label names are sanitised and sorted, a series is one whatever its field order" {
	run -0 --separate-stderr pp-sample --rate 100% --output-format openmetrics \
	    "$(fixture labels.jsonl)"
	assert_equal "$stderr" ""
	assert_output "$(cat "$(fixture labels.prom)")"
}

@test "openmetrics: records without metric and value give pp_FIELD per number" {
	run -0 --separate-stderr pp-sample --rate 100% --output-format openmetrics \
	    "$(fixture summary.csv)"
	assert_equal "$stderr" ""
	assert_output "$(cat "$(fixture summary.prom)")"
}

@test "openmetrics: names, escapes, no double suffix, no timestamps" {
	printf '%s\n' 'ts,metric,value,unit,zone' \
	    '1795768200,a-b.c d,1.5e-3,s,"x""y"' \
	    '1795768200,wall_time_seconds,2,s,' \
	    '1795768200,"q""uote",0.5,ratio,z' \
	    '1795768200,:ok:,-0,bytes,z' \
	    '1795768200,big,1e20,count,z' \
	    '1795768200,tiny,123,ns,z' >"$tmp/in.csv"
	run -0 --separate-stderr pp-sample --rate 100% --output-format openmetrics "$tmp/in.csv"
	assert_equal "$stderr" ""
	assert_output '# HELP a_b_c_d_seconds a-b.c d
# TYPE a_b_c_d_seconds gauge
# UNIT a_b_c_d_seconds seconds
a_b_c_d_seconds{zone="x\"y"} 0.0015
# HELP wall_time_seconds wall_time_seconds
# TYPE wall_time_seconds gauge
# UNIT wall_time_seconds seconds
wall_time_seconds 2
# HELP q_uote_ratio q'"'"'uote
# TYPE q_uote_ratio gauge
# UNIT q_uote_ratio ratio
q_uote_ratio{zone="z"} 0.5
# HELP _ok__bytes :ok:
# TYPE _ok__bytes gauge
# UNIT _ok__bytes bytes
_ok__bytes{zone="z"} 0
# HELP big big
# TYPE big gauge
big{unit="count",zone="z"} 1e+20
# HELP tiny_seconds tiny
# TYPE tiny_seconds gauge
# UNIT tiny_seconds seconds
tiny_seconds{zone="z"} 1.23e-07
# EOF'
}

@test "openmetrics: bytes that are no UTF-8 become U+FFFD" {
	printf 'metric,value,host\nm\377,1,a\376b\n' >"$tmp/in.csv"
	run -0 pp-sample --rate 100% --output-format openmetrics "$tmp/in.csv"
	assert_output "$(printf '# HELP m_ m\357\277\275\n# TYPE m_ gauge\nm_{host="a\357\277\275b"} 1\n# EOF')"
}

@test "openmetrics: values that are no number, and empty metrics, give no sample" {
	printf '%s\n' 'metric,value,unit' 'a,,s' 'b,fast,s' ',1,s' 'c,1,s' >"$tmp/in.csv"
	run -0 --separate-stderr pp-sample --rate 100% --output-format openmetrics "$tmp/in.csv"
	assert_equal "$stderr" ""
	assert_output '# HELP c_seconds c
# TYPE c_seconds gauge
# UNIT c_seconds seconds
c_seconds 1
# EOF'
}

@test "openmetrics: no records is an exposition of # EOF alone" {
	run -0 pp-sample --rate 100% --output-format openmetrics /dev/null
	assert_output "# EOF"
}

@test "openmetrics: a bad record is reported, not passed through" {
	printf 'ts,metric,value\n2026-01-01T00:00:00Z,a,1\n2026-01-01T00:00:00Z,a\n' >"$tmp/in.csv"
	run -0 --separate-stderr pp-sample --rate 100% --output-format openmetrics "$tmp/in.csv"
	assert_equal "$stderr" "pp-sample: $tmp/in.csv:3: expected 3 fields, found 2 (not passed through: the output format differs)"
	assert_output '# HELP a a
# TYPE a gauge
a 1
# EOF'
}

@test "openmetrics: pp-trend's summaries" {
	run -0 --separate-stderr pp-trend --output-format openmetrics \
	    "$BATS_TEST_DIRNAME/fixtures/pp-trend/daily.csv"
	assert_equal "$stderr" ""
	assert_line --index 0 "# HELP pp_n n"
	assert_line --index 1 "# TYPE pp_n gauge"
	assert_line --index 2 'pp_n{direction="degrading",host="a",metric="api.latency",unit="s"} 31'
	refute_output --partial "first_ts"
	assert_equal "${lines[${#lines[@]} - 1]}" "# EOF"
}

@test "openmetrics: a write error exits 4" {
	run -4 --separate-stderr sh -c "pp-sample --rate 100% --output-format openmetrics '$(fixture metrics.csv)' > /dev/full"
	assert_equal "$stderr" "pp-sample: standard output: write error: No space left on device"
}

# --- markdown ---------------------------------------------------------

@test "markdown: a GitHub table, numbers right-aligned and as people read them" {
	run -0 --separate-stderr pp-sample --rate 100% --output-format markdown \
	    "$(fixture metrics.csv)"
	assert_equal "$stderr" ""
	assert_output "$(cat "$(fixture metrics.md)")"
}

@test "markdown: | is escaped, line breaks are <br>, new names start a new table" {
	printf '%s\n' '{"a|b":"x|y","b":"l1\nl2\r\nl3\rl4","n":1.50}' \
	    '{"a|b":"","b":"z","n":""}' '{"c":1e3}' '{"c":2}' >"$tmp/in.jsonl"
	run -0 --separate-stderr pp-sample --rate 100% --output-format markdown "$tmp/in.jsonl"
	assert_equal "$stderr" ""
	assert_output '| a\|b | b | n | sample_rate |
| --- | --- | ---: | ---: |
| x\|y | l1<br>l2<br>l3<br>l4 | 1.5 | 1 |
|  | z |  | 1 |

| c | sample_rate |
| ---: | ---: |
| 1000 | 1 |
| 2 | 1 |'
}

@test "markdown: pp-budget's violations and report" {
	local b=$BATS_TEST_DIRNAME/fixtures/pp-budget
	run -1 --separate-stderr pp-budget -c "$b/budgets.yaml" --output-format markdown \
	    --report "$b/ci.csv"
	assert_output '| budget | metric | scope | stat | checks | passed | no_data | waived | compliance_pct | worst |
| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
| api-latency | api.response_time | global | p95 | 3 | 1 | 0 | 0 | 33.3% | error |
| build-memory | max_rss | global | max | 1 | 0 | 0 | 0 | 0.0% | error |
| migrate-time | wall_time | migrate | each | 2 | 1 | 0 | 0 | 50.0% | error |
| throughput-floor | throughput | global | mean | 1 | 1 | 0 | 0 | 100.0% | pass |
| total |  |  |  | 7 | 3 | 0 | 0 | 42.9% | error |'
	run -1 --separate-stderr pp-budget -c "$b/budgets.yaml" --output-format markdown "$b/ci.csv"
	assert_line --index 0 '| ts | budget | scope | metric | stat | observed | limit | severity | over_pct | n | waived |'
	assert_line --index 1 '| --- | --- | --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: |'
	assert_line --index 2 '| 2026-11-01 11:00:00Z | migrate-time | migrate | wall_time | each | 45 s | 30 s | error | 50.0% | 1 |  |'
	run -1 --separate-stderr pp-budget -c "$b/budgets.yaml" --output-format markdown \
	    --fields all "$b/ci.csv"
	assert_line --index 0 '| ts | budget | scope | metric | stat | observed | limit | unit | severity | over_pct | n | enforcement | message | recommendation | waived |'
	assert_equal "${#lines[@]}" 6
}

@test "markdown: no records is no output" {
	run -0 pp-sample --rate 100% --output-format markdown /dev/null
	assert_output ""
}

# --- options ----------------------------------------------------------

@test "markdown is an output format only; openmetrics is read and written" {
	run -2 --separate-stderr pp-sample --input-format markdown
	assert_equal "$stderr" "pp-sample: --input-format: 'markdown' is not csv, tsv, json or another tool's format of pp(7)
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-trend --input-format table
	assert_equal "$stderr" "pp-trend: --input-format: 'table' is not csv, tsv, json or another tool's format of pp(7)
Try 'pp-trend --help'."
	# what pp writes as openmetrics, pp reads back as openmetrics
	printf 'ts,metric,value,unit,host\n2026-12-04T10:00:00Z,lat,0.25,s,web1\n' |
	    pp-sample --rate 100% --output-format openmetrics > "$tmp/o.prom"
	run -0 pp-sample --rate 100% --input-format openmetrics \
	    --output-format csv "$tmp/o.prom"
	assert_line --index 1 --regexp '^[^,]*,lat_seconds,0.25,s,web1,1$'
	run -0 pp-sample --rate 100% --output-format csv "$tmp/o.prom"
	assert_line --index 1 --regexp '^[^,]*,lat_seconds,0.25,s,web1,1$'
	run -2 --separate-stderr pp-budget --output-format prometheus
	assert_equal "$stderr" "pp-budget: --output-format: 'prometheus' is not csv, tsv, json, table, openmetrics, markdown or junit
Try 'pp-budget --help'."
}
