#!/usr/bin/env bats
# pytest-benchmark's JSON, k6's --out json and --summary-export, and
# OTLP/JSON metrics (pp(7) OTHER TOOLS' FORMATS); tests/fixtures/in-tools
# says how each fixture was made.

load common

setup() {
	tmp=$(mktemp -d)
	differs=" (not passed through: the output format differs)"
}

teardown() {
	rm -rf "$tmp"
}

# The records of FILE as CSV, without the sample_rate pp-sample adds.
records() {
	pp-sample --rate 100% --output-format csv "$@" |
	    sed 's/,sample_rate$//; s/,1$//'
}

@test "pytest-benchmark --benchmark-json: a call_time record per round" {
	run -0 --separate-stderr records "$(fixture pytest-benchmark.json)"
	assert_equal "$stderr" ""
	assert_output "ts,metric,value,unit,benchmark,run
2026-12-04T13:46:57.049245Z,call_time,1.5833499855943955e-05,s,test_bench.py::test_join,1
2026-12-04T13:46:57.049245Z,call_time,7.952799933264032e-06,s,test_bench.py::test_join,2
2026-12-04T13:46:57.049245Z,call_time,7.809599992469884e-06,s,test_bench.py::test_join,3

ts,metric,value,unit,benchmark,param,run
2026-12-04T13:46:57.049245Z,call_time,1.1378004273865372e-06,s,test_bench.py::test_fib[5],5,1
2026-12-04T13:46:57.049245Z,call_time,7.391994586214423e-07,s,test_bench.py::test_fib[5],5,2
2026-12-04T13:46:57.049245Z,call_time,8.251998224295676e-07,s,test_bench.py::test_fib[5],5,3
2026-12-04T13:46:57.049245Z,call_time,7.789599476382136e-06,s,test_bench.py::test_fib[10],10,1
2026-12-04T13:46:57.049245Z,call_time,7.651399937458336e-06,s,test_bench.py::test_fib[10],10,2
2026-12-04T13:46:57.049245Z,call_time,7.62939962442033e-06,s,test_bench.py::test_fib[10],10,3"
}

@test "pytest-benchmark --benchmark-save without data: the statistics" {
	run -0 --separate-stderr records "$(fixture pytest-benchmark-save.json)"
	assert_equal "$stderr" ""
	assert_equal "$(printf '%s\n' "$output" | sed -n 2,17p | cut -d, -f2-)" \
"call_time.min,8.060899926931597e-06,s,test_bench.py::test_join
call_time.max,1.0081999789690599e-05,s,test_bench.py::test_join
call_time.mean,9.054099912949216e-06,s,test_bench.py::test_join
call_time.stddev,1.0109966496597776e-06,s,test_bench.py::test_join
call_time.median,9.019400022225454e-06,s,test_bench.py::test_join
call_time.iqr,1.5158248970692525e-06,s,test_bench.py::test_join
call_time.q1,8.300524950755061e-06,s,test_bench.py::test_join
call_time.q3,9.816349847824313e-06,s,test_bench.py::test_join
call_time.ld15iqr,8.060899926931597e-06,s,test_bench.py::test_join
call_time.hd15iqr,1.0081999789690599e-05,s,test_bench.py::test_join
call_time.total,2.716229973884765e-05,s,test_bench.py::test_join
ops,110447.20177759418,count/s,test_bench.py::test_join
rounds,3,count,test_bench.py::test_join
iterations,10,count,test_bench.py::test_join
iqr_outliers,0,count,test_bench.py::test_join
stddev_outliers,1,count,test_bench.py::test_join"
	assert_line --index 17 "ts,metric,value,unit,benchmark,param"
	assert_line --index 18 "2026-12-04T13:47:01.772855Z,call_time.min,8.713999704923481e-07,s,test_bench.py::test_fib[5],5"
	[ "$(count_lines ',call_time.mean,')" -eq 3 ]
}

@test "pytest-benchmark \"datetime\": UTC without an offset, an offset kept, none is the file's time" {
	printf '{"machine_info": {}, "benchmarks": [{"fullname": "t::a", "group": "g", "stats": {"data": [0.5]}}], "datetime": "2026-12-04T10:00:00.25+01:00"}\n' > "$tmp/o.json"
	run -0 records "$tmp/o.json"
	assert_output "ts,metric,value,unit,benchmark,group,run
2026-12-04T09:00:00.250000Z,call_time,0.5,s,t::a,g,1"
	printf '{"machine_info": {}, "benchmarks": [{"name": "a", "stats": {"data": [0.5]}}]}\n' > "$tmp/n.json"
	touch -d 2026-11-01T10:00:00Z "$tmp/n.json"
	run -0 records "$tmp/n.json"
	assert_output "ts,metric,value,unit,benchmark,run
2026-11-01T10:00:00.000000Z,call_time,0.5,s,a,1"
}

@test "pytest-benchmark: bad parts are bad records naming the format" {
	cat > "$tmp/b.json" <<'JSON'
{
  "machine_info": {},
  "benchmarks": [
    {"fullname": "t::a", "stats": {"data": [0.5, "x", -1]}},
    {"stats": {"mean": 1}},
    {"fullname": "t::c"},
    {"fullname": "t::d", "stats": {"mean": "fast", "max": 2, "ops": null}}
  ],
  "datetime": "yesterday"
}
JSON
	touch -d 2026-11-01T10:00:00Z "$tmp/b.json"
	run -0 --separate-stderr records "$tmp/b.json"
	assert_equal "$stderr" "pp-sample: $tmp/b.json:1: pytest-benchmark \"datetime\": 'yesterday' is not a time$differs
pp-sample: $tmp/b.json:1: pytest-benchmark benchmarks[0].stats.data[1]: not a time in seconds$differs
pp-sample: $tmp/b.json:1: pytest-benchmark benchmarks[0].stats.data[2]: not a time in seconds$differs
pp-sample: $tmp/b.json:1: pytest-benchmark benchmarks[1]: no \"fullname\" or \"name\" string$differs
pp-sample: $tmp/b.json:1: pytest-benchmark benchmarks[2]: no \"stats\" object$differs
pp-sample: $tmp/b.json:1: pytest-benchmark benchmarks[3].stats.mean: not a number$differs"
	assert_output "ts,metric,value,unit,benchmark,run
2026-11-01T10:00:00.000000Z,call_time,0.5,s,t::a,1

ts,metric,value,unit,benchmark
2026-11-01T10:00:00.000000Z,call_time.max,2,s,t::d"
	printf '{"benchmarks": 1}\n' > "$tmp/x.json"
	run -3 --separate-stderr pp-trend --strict \
	    --input-format pytest-benchmark "$tmp/x.json"
	assert_equal "$stderr" "pp-trend: $tmp/x.json:1: not a pytest-benchmark JSON document: no \"benchmarks\" array"
}

@test "k6 --out json: a record per Point, times in seconds, tags as labels" {
	run -0 --separate-stderr records "$(fixture k6.json)"
	assert_equal "$stderr" ""
	local t=true,,GET,http://127.0.0.1:8080/,HTTP/1.1,default,200,http://127.0.0.1:8080/
	assert_output "ts,metric,value,unit
2026-12-04T10:00:00.000516Z,vus,1,count

ts,metric,value,unit,expected_response,group,method,name,proto,scenario,status,url
2026-12-04T10:00:00.123456Z,http_reqs,1,count,$t
2026-12-04T10:00:00.123456Z,http_req_duration,0.12345,s,$t
2026-12-04T09:00:01.200000Z,http_req_duration,0.0987,s,$t
2026-12-04T10:00:00.123456Z,data_received,2048,bytes,$t

ts,metric,value,unit,check,group,scenario
2026-12-04T10:00:00.124000Z,checks,1,count,status is 200,,default

ts,metric,value,unit,group,scenario
2026-12-04T10:00:01.125000Z,iteration_duration,1.001734,s,,default"
}

@test "k6 --summary-export: a record per statistic, trend times in seconds" {
	local f
	f=$(fixture k6-summary.json)
	cp "$f" "$tmp/s.json"
	touch -d 2026-11-01T10:00:00Z "$tmp/s.json"
	run -0 --separate-stderr records "$tmp/s.json"
	assert_equal "$stderr" ""
	assert_equal "$(printf '%s\n' "$output" | grep -v '^ts,' | cut -d, -f2- | tr '\n' ' ')" \
"checks.passes,10,count checks.fails,0,count checks.rate,1,ratio \
data_received.count,20480,bytes data_received.rate,2047.1,bytes/s \
http_req_duration.avg,0.1112,s http_req_duration.min,0.0987,s \
http_req_duration.med,0.1105,s http_req_duration.max,0.12345,s \
http_req_duration.p90,0.1201,s http_req_duration.p95,0.1218,s  \
http_req_duration.avg,0.1112,s,true http_req_duration.min,0.0987,s,true \
http_req_duration.med,0.1105,s,true http_req_duration.max,0.12345,s,true \
http_req_duration.p90,0.1201,s,true http_req_duration.p95,0.1218,s,true  \
http_req_failed.passes,0,count http_req_failed.fails,10,count http_req_failed.rate,0,ratio \
http_reqs.count,10,count http_reqs.rate,1.2,count/s iterations.count,10,count \
iterations.rate,0.999,count/s vus.value,1,count vus.min,1,count vus.max,1,count "
	assert_line --index 12 "ts,metric,value,unit,expected_response"
	assert_line --index 1 "2026-11-01T10:00:00.000000Z,checks.passes,10,count"
}

@test "k6: a Point before its Metric line is a count; custom trends are counts" {
	printf '%s\n' \
	    '{"type":"Point","data":{"time":"2026-12-04T10:00:00Z","value":5,"tags":null},"metric":"my_trend"}' \
	    '{"type":"Metric","data":{"name":"my_trend","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"my_trend"}' \
	    '{"type":"Point","data":{"time":"2026-12-04T10:00:01Z","value":5,"tags":null},"metric":"my_trend"}' \
	    > "$tmp/p.json"
	run -0 records "$tmp/p.json"
	assert_output "ts,metric,value,unit
2026-12-04T10:00:00.000000Z,my_trend,5,count
2026-12-04T10:00:01.000000Z,my_trend,0.005,s"
	printf '{"metrics": {"my_trend": {"avg": 5, "min": 1, "med": 4, "max": 9, "p(99.9)": 9}}, "root_group": {}}\n' > "$tmp/s.json"
	run -0 records "$tmp/s.json"
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2- | tr '\n' ' ')" \
	    "metric,value,unit my_trend.avg,5,count my_trend.min,1,count my_trend.med,4,count my_trend.max,9,count my_trend.p99.9,9,count "
}

@test "k6: bad lines are bad records naming the format" {
	printf '%s\n' \
	    '{"type":"Metric","data":{"name":"m","type":"trend","contains":"furlongs"},"metric":"m"}' \
	    '{"type":"Point","data":{"time":"2026-12-04T10:00:00Z","tags":null},"metric":"m"}' \
	    '{"type":"Point","data":{"time":"2026-12-04T10:00:00Z","value":"3","tags":null},"metric":"m"}' \
	    '{"type":"Point","data":{"time":"2026-12-04 10:00","value":3,"tags":null},"metric":"m"}' \
	    '{"type":"Sample","data":{},"metric":"m"}' \
	    '{"type":"Point","metric":"m"}' \
	    '{"type":"Point","data":{"time":"2026-12-04T10:00:00Z","value":3,"tags":{"a":"x"}},"metric":"m"}' \
	    > "$tmp/b.json"
	run -0 --separate-stderr records "$tmp/b.json"
	assert_equal "$stderr" "pp-sample: $tmp/b.json:1: k6 Metric 'm': unknown \"contains\" 'furlongs' (its points are counts)$differs
pp-sample: $tmp/b.json:2: k6 Point of 'm': no \"value\" number$differs
pp-sample: $tmp/b.json:3: k6 Point of 'm': no \"value\" number$differs
pp-sample: $tmp/b.json:4: k6 Point of 'm': \"time\" is not an RFC 3339 time$differs
pp-sample: $tmp/b.json:5: k6 line of 'm': unknown \"type\" 'Sample'$differs
pp-sample: $tmp/b.json:6: not a k6 --out json line or --summary-export document: no \"type\", \"metric\" and \"data\"$differs"
	assert_output "ts,metric,value,unit,a
2026-12-04T10:00:00.000000Z,m,3,count,x"
	printf '{"metrics": {"a": {"avg": "x", "max": 1}, "b": 2}, "root_group": {}}\n' > "$tmp/s.json"
	run -0 --separate-stderr records "$tmp/s.json"
	assert_equal "$stderr" "pp-sample: $tmp/s.json:1: k6 summary metrics.a.avg: not a number$differs
pp-sample: $tmp/s.json:1: k6 summary metrics.b: not an object$differs"
	printf '{"a": 1}\n' > "$tmp/x.json"
	run -3 --separate-stderr pp-trend --strict --input-format k6 "$tmp/x.json"
	assert_equal "$stderr" "pp-trend: $tmp/x.json:1: not a k6 --out json line or --summary-export document: no \"type\", \"metric\" and \"data\""
}

@test "OTLP/JSON metrics: points with resource then point attributes, histograms" {
	run -0 --separate-stderr records "$(fixture otlp-metrics.json)"
	assert_equal "$stderr" ""
	assert_output "ts,metric,value,unit,service.name,host.cpus,http.request.method,http.response.status_code
2026-12-04T10:00:10.000000Z,http.server.request.duration.count,4,count,api,8,GET,200
2026-12-04T10:00:10.000000Z,http.server.request.duration.sum,0.0205,s,api,8,GET,200
2026-12-04T10:00:10.000000Z,http.server.request.duration.min,0.0025,s,api,8,GET,200
2026-12-04T10:00:10.000000Z,http.server.request.duration.max,0.012,s,api,8,GET,200

ts,metric,value,unit,service.name,host.cpus,http.request.method,http.response.status_code,le
2026-12-04T10:00:10.000000Z,http.server.request.duration.bucket,1,count,api,8,GET,200,0.005
2026-12-04T10:00:10.000000Z,http.server.request.duration.bucket,3,count,api,8,GET,200,0.01
2026-12-04T10:00:10.000000Z,http.server.request.duration.bucket,4,count,api,8,GET,200,+Inf

ts,metric,value,unit,service.name,host.cpus,http.request.method
2026-12-04T10:00:10.000000Z,http.server.active_requests,3,count,api,8,GET

ts,metric,value,unit,service.name,host.cpus
2026-12-04T10:00:10.000000Z,process.runtime.go.mem.heap_alloc,4194304,bytes,api,8

ts,metric,value,unit,service.name,host.cpus,cpu,idle
2026-12-04T10:00:10.500000Z,system.cpu.utilization,0.25,ratio,api,8,0,false

ts,metric,value,unit,service.name,host.cpus
2026-12-04T10:00:10.000000Z,http.client.request.count,17,count,api,8"
}

@test "OTLP/JSON metrics: UCUM units to pp's, attribute values as text" {
	local u out=""
	for u in ns us s min h d KBy MiBy % '{packet}' '' By/s; do
		printf '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","unit":"%s","gauge":{"dataPoints":[{"timeUnixNano":"0","asDouble":2}]}}]}]}]}\n' "$u" > "$tmp/u.json"
		run -0 records "$tmp/u.json"
		out="$out$(csv_get value),$(csv_get unit) "
	done
	assert_equal "$out" "2e-09,s 2e-06,s 2,s 120,s 7200,s 172800,s 2000,bytes 2097152,bytes 2,percent 2,count 2,count 2,By/s "
	printf '%s' '{"resourceMetrics":[{"resource":{"attributes":[{"key":"a","value":{"doubleValue":0.5}},{"key":"b","value":{"arrayValue":{"values":[{"stringValue":"x"}]}}},{"key":"c","value":{}}]},"scopeMetrics":[{"metrics":[{"name":"m","sum":{"dataPoints":[{"attributes":[{"key":"a","value":{"stringValue":"point"}},{"key":"metric","value":{"stringValue":"no"}}],"timeUnixNano":1796378400000000000,"asInt":-3}]}}]}]}]}' > "$tmp/a.json"
	run -0 pp-sample --rate 100% "$tmp/a.json"
	assert_output '{"ts":"2026-12-04T10:00:00.000000Z","metric":"m","value":-3,"unit":"count","a":0.5,"b":"{\"values\":[{\"stringValue\":\"x\"}]}","c":"","exported_a":"point","exported_metric":"no","sample_rate":1}'
}

@test "OTLP/JSON metrics: bad points are bad records naming the format" {
	printf '%s\n' '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[
{"name":"a","gauge":{"dataPoints":[{"timeUnixNano":"1"},{"timeUnixNano":"1","asInt":"many"},{"timeUnixNano":"1","asDouble":"NaN"},{"timeUnixNano":"soon","asDouble":1},{"timeUnixNano":"-5","asDouble":1}]}},
{"name":"h","unit":"s","histogram":{"dataPoints":[{"timeUnixNano":"1","count":"x","bucketCounts":["1","1"],"explicitBounds":[]},{"timeUnixNano":"1","count":"2","bucketCounts":["1","y"],"explicitBounds":[1]}]}},
{"name":"s","summary":{"dataPoints":[]}},
{"name":"n"}
]}]}]}' > "$tmp/b.json"
	run -0 --separate-stderr records "$tmp/b.json"
	assert_equal "$stderr" "pp-sample: $tmp/b.json:1: otlp-metrics metric 'a': a point without \"asDouble\" or \"asInt\"$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'a': \"asInt\" 'many' is not a number$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'a': \"asDouble\" 'NaN' is not a number$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'a': \"timeUnixNano\" is not a number of nanoseconds$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'a': \"timeUnixNano\" is not a number of nanoseconds$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'h': \"count\" 'x' is not a number$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'h': 2 \"bucketCounts\" for 0 \"explicitBounds\"$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'h': bucket 1 is not a number$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 's': summary points are not read$differs
pp-sample: $tmp/b.json:1: otlp-metrics metric 'n': no gauge, sum or histogram with \"dataPoints\"$differs"
	assert_output "ts,metric,value,unit
1970-01-01T00:00:00.000000Z,h.count,2,count"
	printf '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"unit":"1"}]}]}]}\n' > "$tmp/u.json"
	run -0 --separate-stderr records "$tmp/u.json"
	assert_equal "$stderr" "pp-sample: $tmp/u.json:1: otlp-metrics: a metric without a \"name\"$differs"
	printf '{"resourceMetrics": {}}\n' > "$tmp/x.json"
	run -3 --separate-stderr pp-trend --strict --input-format otlp-metrics \
	    "$tmp/x.json"
	assert_equal "$stderr" "pp-trend: $tmp/x.json:1: not an OTLP/JSON metrics request: no \"resourceMetrics\" array"
}

@test "each format is taken by its own reader only" {
	printf '{"type": "Point", "metric": "m", "data": 1}\n{"a": 2}\n' > "$tmp/l.json"
	run -0 pp-sample --rate 100% "$tmp/l.json"
	assert_output '{"type":"Point","metric":"m","data":1,"sample_rate":1}
{"a":2,"sample_rate":1}'
	printf '{"machine_info": {}, "benchmarks": []}\n' > "$tmp/e.json"
	run -0 pp-sample --rate 100% --output-format csv "$tmp/e.json"
	assert_output "benchmarks,sample_rate
[],1"
}

@test "the fixtures go straight into pp-trend and pp-budget" {
	run -0 pp-trend --output-format csv "$(fixture pytest-benchmark.json)"
	assert_equal "$(csv_get benchmark 1),$(csv_get n 1),$(csv_get p50 1)" \
	    "test_bench.py::test_join,3,7.952799933e-06"
	run -0 pp-trend --output-format csv "$(fixture k6.json)"
	assert_line --partial "http_req_duration,true,,GET,http://127.0.0.1:8080/,HTTP/1.1,default,200,http://127.0.0.1:8080/,s,2,2026-12-04T09:00:01.200000Z,2026-12-04T10:00:00.123456Z,0.111075,"
	run -0 pp-trend --output-format csv "$(fixture otlp-metrics.json)"
	assert_line --partial "system.cpu.utilization,api,8,0,false,ratio,1,"
	cat > "$tmp/b.yaml" <<'YAML'
budgets:
  items:
    - {name: p95, metric: http_req_duration.p95, stat: max, error: 100ms}
    - {name: fib, metric: call_time.mean, stat: max, error: 5us}
YAML
	run -1 pp-budget -c "$tmp/b.yaml" --output-format csv \
	    "$(fixture k6-summary.json)" "$(fixture pytest-benchmark-save.json)"
	assert_equal "$(csv_get budget 1),$(csv_get observed 1)" "p95,0.1218"
	assert_equal "$(csv_get budget 2),$(csv_get observed 2)" \
	    "fib,9.054099913e-06"
}

@test "k6 and OTLP: milliseconds to seconds move the decimal point, exactly" {
	printf '%s\n' '{"type":"Metric","data":{"name":"d","type":"trend","contains":"time"},"metric":"d"}' \
	    '{"type":"Point","data":{"time":"2026-12-04T10:00:00Z","value":0.009,"tags":{}},"metric":"d"}' > "$tmp/k.json"
	run -0 records "$tmp/k.json"
	assert_equal "$(csv_get value)" "9e-06"
	printf '%s' '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","unit":"ms","histogram":{"dataPoints":[{"attributes":[{"key":"le","value":{"stringValue":"x"}}],"timeUnixNano":"0","count":"3","sum":1,"bucketCounts":["1","2"],"explicitBounds":[0.017]}]}}]}]}]}' > "$tmp/o.json"
	run -0 pp-sample --rate 100% --output-format csv "$tmp/o.json"
	assert_line --partial ',h.bucket,1,count,x,1.7e-05'
	assert_line --partial ',h.bucket,3,count,x,+Inf'
}
