#!/usr/bin/env bats
# The prometheus, openmetrics and perf importers: real output of
# node_exporter, the Python client and perf stat -x, read as metric records.

load common

setup() {
	tmp=$(mktemp -d)
	export TZ=UTC
}

teardown() {
	rm -rf "$tmp"
}

# A copy of fixture NAME whose time (for records without one) is fixed.
fixed() {
	cp "$(fixture "$1")" "$tmp/$1"
	touch -d '2026-12-04T12:00:00Z' "$tmp/$1"
	printf '%s' "$tmp/$1"
}

# The records of input FILE as JSON Lines, without pp-sample's sample_rate.
records() {
	pp-sample --rate 100% --output-format json "$@" | sed 's/,"sample_rate":1}$/}/'
}

T='"ts":"2026-12-04T12:00:00.000000Z"'

# --- prometheus ---------------------------------------------------------

@test "prometheus: node_exporter's summary, gauges and counters" {
	f=$(fixed node-exporter.prom)
	run -0 --separate-stderr records "$f"
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 36
	assert_line --index 0 "{$T,\"metric\":\"go_gc_duration_seconds\",\"value\":0,\"unit\":\"s\",\"quantile\":0}"
	assert_line --index 4 "{$T,\"metric\":\"go_gc_duration_seconds\",\"value\":0,\"unit\":\"s\",\"quantile\":1}"
	assert_line --index 5 "{$T,\"metric\":\"go_gc_duration_seconds_sum\",\"value\":0,\"unit\":\"s\"}"
	assert_line --index 6 "{$T,\"metric\":\"go_gc_duration_seconds_count\",\"value\":0,\"unit\":\"count\"}"
	assert_line --index 7 "{$T,\"metric\":\"go_goroutines\",\"value\":7}"
	assert_line --index 8 "{$T,\"metric\":\"go_info\",\"value\":1,\"version\":\"go1.19.8\"}"
	assert_line --index 9 "{$T,\"metric\":\"node_boot_time_seconds\",\"value\":1.796361249e+09,\"unit\":\"s\"}"
	assert_line --index 10 "{$T,\"metric\":\"node_cpu_seconds_total\",\"value\":24536.52,\"unit\":\"s\",\"cpu\":0,\"mode\":\"idle\"}"
	assert_line --index 26 "{$T,\"metric\":\"node_filesystem_avail_bytes\",\"value\":8.3254419456e+10,\"unit\":\"bytes\",\"device\":\"/dev/vda\",\"fstype\":\"ext4\",\"mountpoint\":\"/\"}"
	assert_line --index 27 "{$T,\"metric\":\"node_load1\",\"value\":0.75}"
	assert_line --index 29 "{$T,\"metric\":\"node_network_receive_bytes_total\",\"value\":2.2327096e+08,\"unit\":\"bytes\",\"device\":\"eth0\"}"
	assert_line --index 32 "{$T,\"metric\":\"node_vmstat_pgfault\",\"value\":5.34829692e+08}"
	assert_line --index 33 "{$T,\"metric\":\"promhttp_metric_handler_requests_total\",\"value\":0,\"unit\":\"count\",\"code\":200}"
}

@test "prometheus: values are kept as written, in CSV too" {
	f=$(fixed node-exporter.prom)
	run -0 pp-sample --rate 100% "$f"
	assert_line "2026-12-04T12:00:00.000000Z,node_memory_MemAvailable_bytes,2.4824451072e+10,bytes,1"
	assert_line "2026-12-04T12:00:00.000000Z,node_cpu_seconds_total,4861.3,s,1,user,1"
}

@test "prometheus: a histogram stays _bucket, _count and _sum, le=+Inf kept" {
	f=$(fixed client-python.prom)
	run -0 --separate-stderr records "$f"
	assert_equal "$stderr" ""
	assert_line "{$T,\"metric\":\"app_request_duration_seconds_bucket\",\"value\":1.0,\"unit\":\"count\",\"le\":0.005,\"path\":\"/\"}"
	assert_line "{$T,\"metric\":\"app_request_duration_seconds_bucket\",\"value\":5.0,\"unit\":\"count\",\"le\":\"+Inf\",\"path\":\"/\"}"
	assert_line "{$T,\"metric\":\"app_request_duration_seconds_count\",\"value\":5.0,\"unit\":\"count\",\"path\":\"/\"}"
	assert_line "{$T,\"metric\":\"app_request_duration_seconds_sum\",\"value\":1.751,\"unit\":\"s\",\"path\":\"/\"}"
	assert_line "{$T,\"metric\":\"app_request_duration_seconds_created\",\"value\":1.7963919866996007e+09,\"unit\":\"s\",\"path\":\"/\"}"
}

@test "prometheus: escaped label values of the Python client" {
	f=$(fixed client-python.prom)
	run -0 records "$f"
	assert_line "{$T,\"metric\":\"app_requests_total\",\"value\":3.0,\"unit\":\"count\",\"method\":\"GET\",\"path\":\"/a \\\"quoted\\\" \\\\ path\\nnext\"}"
	assert_line "{$T,\"metric\":\"app_requests_created\",\"value\":1.7963919866995876e+09,\"unit\":\"s\",\"method\":\"POST\",\"path\":\"/\"}"
	assert_line "{$T,\"metric\":\"app_memory_bytes\",\"value\":1.23456789e+08,\"unit\":\"bytes\"}"
	assert_line "{$T,\"metric\":\"app_build_info\",\"value\":1.0,\"commit\":\"abc\",\"version\":\"1.2.3\"}"
}

@test "prometheus: escapes, blanks in labels, timestamps in ms, clashing labels" {
	f=$(fixed escapes.prom)
	run -0 --separate-stderr records "$f"
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 4
	assert_line --index 0 '{"ts":"2014-03-17T14:26:03.000000Z","metric":"http_requests_total","value":1027,"unit":"count","path":"C:\\dir","q":"say \"hi\"","nl":"a\nb"}'
	assert_line --index 1 '{"ts":"1969-12-31T23:59:59.000000Z","metric":"http_requests_total","value":3,"unit":"count","path":"/"}'
	# A fraction makes a timestamp seconds; unit and value are exported_.
	assert_line --index 2 '{"ts":"2014-03-17T14:26:03.250000Z","metric":"queue_latency_ratio","value":0.5,"unit":"ratio","exported_unit":"x","exported_value":"y"}'
	assert_line --index 3 "{$T,\"metric\":\"temp_celsius\",\"value\":21.5}"
}

@test "prometheus: the units rule" {
	printf '%s\n' '# TYPE a_seconds_total counter' 'a_seconds_total 1' \
	    'b_bytes 2' 'c_bytes_total 3' 'd_ratio 4' 'e_percent 5' \
	    'f_total 6' '# TYPE g counter' 'g 7' 'h 8' 'i_seconds_bucket 9' \
	    '# TYPE j_seconds summary' 'j_seconds_count 10' 'j_seconds_sum 11' \
	    'k_created 12' \
	    >"$tmp/u.prom"
	run -0 records "$tmp/u.prom"
	assert_line --index 0 --partial '"metric":"a_seconds_total","value":1,"unit":"s"}'
	assert_line --index 1 --partial '"metric":"b_bytes","value":2,"unit":"bytes"}'
	assert_line --index 2 --partial '"metric":"c_bytes_total","value":3,"unit":"bytes"}'
	assert_line --index 3 --partial '"metric":"d_ratio","value":4,"unit":"ratio"}'
	assert_line --index 4 --partial '"metric":"e_percent","value":5,"unit":"percent"}'
	assert_line --index 5 --partial '"metric":"f_total","value":6,"unit":"count"}'
	assert_line --index 6 --partial '"metric":"g","value":7,"unit":"count"}'
	assert_line --index 7 --partial '"metric":"h","value":8}'
	assert_line --index 8 --partial '"metric":"i_seconds_bucket","value":9}'
	assert_line --index 9 --partial '"metric":"j_seconds_count","value":10,"unit":"count"}'
	assert_line --index 10 --partial '"metric":"j_seconds_sum","value":11,"unit":"s"}'
	assert_line --index 11 --partial '"metric":"k_created","value":12,"unit":"s"}'
}

@test "prometheus: detected from # HELP or # TYPE, not from another comment" {
	printf '# TYPE x gauge\nx 1\n' >"$tmp/a"
	run -0 pp-sample --rate 100% --output-format tsv "$tmp/a"
	assert_line --index 1 --partial "	x	1	1"
	printf '# a comment\nx 1\n' >"$tmp/b"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/b"
	refute_output --partial ",x,"
}

@test "prometheus: bad lines name the sample and what is wrong" {
	f=$(fixed bad.prom)
	run -0 --separate-stderr records --input-format prometheus "$f"
	assert_output "{$T,\"metric\":\"good_total\",\"value\":1,\"unit\":\"count\"}
{$T,\"metric\":\"good_total\",\"value\":2,\"unit\":\"count\"}"
	local e="pp-sample: $f"
	local n=" (not passed through: the output format differs)"
	stderr_lines=()
	mapfile -t stderr_lines <<<"$stderr"
	assert_equal "${stderr_lines[0]}" "$e:4: Prometheus sample 'bad_unterminated': unterminated value of label 'a'$n"
	assert_equal "${stderr_lines[1]}" "$e:5: Prometheus sample 'bad_escape': bad escape '\\t' in the value of label 'a'$n"
	assert_equal "${stderr_lines[2]}" "$e:6: Prometheus sample 'bad_noeq': no '=' after label 'a'$n"
	assert_equal "${stderr_lines[3]}" "$e:7: Prometheus sample 'bad_noquote': the value of label 'a' is not quoted$n"
	assert_equal "${stderr_lines[4]}" "$e:8: Prometheus sample 'bad_sep': no ',' or '}' after label 'a'$n"
	assert_equal "${stderr_lines[5]}" "$e:9: Prometheus sample 'bad_repeat': label 'a' repeated$n"
	assert_equal "${stderr_lines[6]}" "$e:10: Prometheus sample 'bad_labelname': no label name at '1a=\"x\"} 1'$n"
	assert_equal "${stderr_lines[7]}" "$e:11: Prometheus sample 'bad_novalue': no value$n"
	assert_equal "${stderr_lines[8]}" "$e:12: Prometheus sample 'bad_novalue2': no value$n"
	assert_equal "${stderr_lines[9]}" "$e:13: Prometheus sample 'bad_number': value '1.2.3' is not a number$n"
	assert_equal "${stderr_lines[10]}" "pp-sample: 17 bad records in all (7 not shown)"
}

@test "prometheus: NaN and Inf values, timestamps, junk, names, types" {
	printf '%s\n' '# HELP good_total A good counter.' 'bad_nan NaN' \
	    'bad_inf +Inf' 'bad_minf -Inf' 'bad_ts 1 12.5x' 'bad_junk 1 2 3' \
	    'bad-dash 1' '{a="x"} 1' '# TYPE foo histo' '# TYPE' >"$tmp/b.prom"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/b.prom"
	assert_output ""
	local e="pp-sample: $tmp/b.prom"
	assert_equal "$stderr" "$e:2: Prometheus sample 'bad_nan': value 'NaN' is not a finite number
$e:3: Prometheus sample 'bad_inf': value '+Inf' is not a finite number
$e:4: Prometheus sample 'bad_minf': value '-Inf' is not a finite number
$e:5: Prometheus sample 'bad_ts': timestamp '12.5x' is not a time in milliseconds
$e:6: Prometheus sample 'bad_junk': '3' after the timestamp
$e:7: Prometheus sample 'bad': '-' after the metric name
$e:8: Prometheus line: no metric name at '{a=\"x\"} 1'
$e:9: Prometheus # TYPE foo: unknown type 'histo'
$e:10: Prometheus # TYPE: no metric name"
}

@test "prometheus: --strict stops at the first bad line with exit 3" {
	printf '# TYPE x gauge\nx NaN\n' >"$tmp/s.prom"
	run -3 --separate-stderr pp-sample --strict --rate 100% "$tmp/s.prom"
	assert_equal "$stderr" "pp-sample: $tmp/s.prom:2: Prometheus sample 'x': value 'NaN' is not a finite number"
}

@test "prometheus: forced on a CSV file, it is not the format" {
	printf 'a,b\n1,2\n' >"$tmp/c.csv"
	run -0 --separate-stderr pp-sample --rate 100% --input-format prometheus "$tmp/c.csv"
	assert_equal "$stderr" "pp-sample: $tmp/c.csv:1: not a Prometheus text exposition: sample 'a': ',' after the metric name
pp-sample: $tmp/c.csv:2: Prometheus line: no metric name at '1,2'"
}

@test "prometheus: pp-trend and pp-budget read node_exporter's output" {
	f=$(fixed node-exporter.prom)
	run -0 pp-trend --window all "$f"
	assert_line --partial "node_load1,,1,2026-12-04T12:00:00.000000Z,2026-12-04T12:00:00.000000Z,0.75,"
	printf 'budgets:\n  items:\n    - {name: load, metric: node_load1, stat: max, error: 0.5}\n' >"$tmp/b.yaml"
	run -1 pp-budget -c "$tmp/b.yaml" "$f"
	assert_line --index 1 "2026-12-04T12:00:00.000000Z,load,global,node_load1,max,0.75,0.5,,error,50,1,strict,,,"
}

# --- openmetrics --------------------------------------------------------

@test "openmetrics: the Python client's exposition, counters named by family" {
	f=$(fixed client-python.om)
	run -0 --separate-stderr records --input-format openmetrics "$f"
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 16
	assert_line --index 0 "{$T,\"metric\":\"process_resident_memory_bytes\",\"value\":2.3269376e+07,\"unit\":\"bytes\"}"
	assert_line --index 1 "{$T,\"metric\":\"process_cpu_seconds_total\",\"value\":0.07,\"unit\":\"s\"}"
	assert_line --index 2 "{$T,\"metric\":\"app_requests_total\",\"value\":3.0,\"unit\":\"count\",\"method\":\"GET\",\"path\":\"/a \\\"quoted\\\" \\\\ path\\nnext\"}"
	assert_line --index 9 "{$T,\"metric\":\"app_request_duration_seconds_bucket\",\"value\":5.0,\"unit\":\"count\",\"le\":\"+Inf\",\"path\":\"/\"}"
	# # UNIT celsius is the unit.
	assert_line --index 13 "{$T,\"metric\":\"app_temperature_celsius\",\"value\":41.5,\"unit\":\"celsius\"}"
	assert_line --index 15 "{$T,\"metric\":\"app_build_info\",\"value\":1.0,\"commit\":\"abc\",\"version\":\"1.2.3\"}"
}

@test "openmetrics: detected as prometheus, it reads the same" {
	f=$(fixed client-python.om)
	run -0 records "$f"
	a=$output
	run -0 records --input-format openmetrics "$f"
	assert_equal "$output" "$a"
}

@test "openmetrics: timestamps are seconds; # UNIT seconds is s" {
	f=$(fixed timestamps.om)
	run -0 --separate-stderr records "$f"
	assert_equal "$stderr" ""
	assert_output '{"ts":"2023-11-14T22:13:20.125000Z","metric":"job_duration_seconds","value":12.5,"unit":"s","job":"a"}
{"ts":"2023-11-14T22:13:20.000000Z","metric":"job_duration_seconds","value":3,"unit":"s","job":"b"}
{"ts":"2026-12-04T12:00:00.000000Z","metric":"build_info","value":1,"version":1.0}'
}

@test "openmetrics: a whole timestamp is seconds when forced, milliseconds otherwise" {
	printf 'x 1 1700000000\n' >"$tmp/t"
	run -0 records --input-format openmetrics "$tmp/t"
	assert_output '{"ts":"2023-11-14T22:13:20.000000Z","metric":"x","value":1}'
	run -0 records --input-format prometheus "$tmp/t"
	assert_output '{"ts":"1970-01-20T16:13:20.000000Z","metric":"x","value":1}'
	printf 'x 1 17e8\n' >"$tmp/t"
	run -0 --separate-stderr records --input-format openmetrics "$tmp/t"
	assert_equal "$stderr" "pp-sample: $tmp/t:1: not an OpenMetrics text exposition: sample 'x': timestamp '17e8' is not a time in seconds (not passed through: the output format differs)"
}

@test "openmetrics: an exemplar after the value is ignored" {
	printf '# TYPE a counter\na_total 3 # {trace_id="x"} 1 1700000000\n# EOF\n' >"$tmp/e"
	run -0 --separate-stderr records --input-format openmetrics "$tmp/e"
	assert_equal "$stderr" ""
	assert_output --partial '"metric":"a_total","value":3,"unit":"count"}'
}

# --- perf ---------------------------------------------------------------

@test "perf: perf stat -x, -o, detected; msec is s; unsupported events skipped" {
	run -0 --separate-stderr records "$(fixture perf-stat.csv)"
	assert_equal "$stderr" ""
	assert_output '{"ts":"2026-12-04T13:45:10.000000Z","metric":"task-clock","value":0.00081,"unit":"s"}
{"ts":"2026-12-04T13:45:10.000000Z","metric":"context-switches","value":1,"unit":"count"}
{"ts":"2026-12-04T13:45:10.000000Z","metric":"cpu-migrations","value":0,"unit":"count"}
{"ts":"2026-12-04T13:45:10.000000Z","metric":"page-faults","value":75,"unit":"count"}'
}

@test "perf: -r 3 gives the means; the noise column is passed over" {
	run -0 pp-sample --rate 100% "$(fixture perf-stat-r3.csv)"
	assert_output 'ts,metric,value,unit,sample_rate
2026-12-04T13:45:13.000000Z,task-clock,0.00042,s,1
2026-12-04T13:45:13.000000Z,context-switches,0,count,1
2026-12-04T13:45:13.000000Z,cpu-migrations,0,count,1
2026-12-04T13:45:13.000000Z,page-faults,50,count,1'
}

@test "perf: -A gives a cpu label, --per-core an aggr label" {
	run -0 records "$(fixture perf-stat-A.csv)"
	assert_line --index 0 '{"ts":"2026-12-04T13:45:13.000000Z","metric":"task-clock","value":0.01116,"unit":"s","cpu":0}'
	assert_line --index 3 '{"ts":"2026-12-04T13:45:13.000000Z","metric":"context-switches","value":9,"unit":"count","cpu":1}'
	run -0 records "$(fixture perf-stat-per-core.csv)"
	assert_output '{"ts":"2026-12-04T13:45:13.000000Z","metric":"task-clock","value":0.01116,"unit":"s","aggr":"S0-D0-C0"}
{"ts":"2026-12-04T13:45:13.000000Z","metric":"task-clock","value":0.01116,"unit":"s","aggr":"S0-D0-C1"}'
}

@test "perf: -I rows are timed from # started on; <not counted> skipped" {
	run -0 records "$(fixture perf-stat-I.csv)"
	assert_output '{"ts":"2026-12-04T13:45:36.100198Z","metric":"task-clock","value":0.00067,"unit":"s"}
{"ts":"2026-12-04T13:45:36.100198Z","metric":"page-faults","value":74,"unit":"count"}
{"ts":"2026-12-04T13:45:36.251286Z","metric":"task-clock","value":6e-05,"unit":"s"}
{"ts":"2026-12-04T13:45:36.251286Z","metric":"page-faults","value":0,"unit":"count"}'
}

@test "perf: stderr output is not detected; --input-format perf reads it" {
	f=$(fixed perf-stat-stderr.csv)
	run -0 pp-sample --rate 100% --input-format perf "$f"
	assert_output 'ts,metric,value,unit,sample_rate
2026-12-04T12:00:00.000000Z,task-clock,0.00062,s,1
2026-12-04T12:00:00.000000Z,page-faults,49,count,1'
	run -0 pp-sample --rate 100% "$f"
	refute_output --partial 'task-clock,0.00062'
}

@test "perf: bad rows with their messages" {
	f=$(fixture perf-bad.csv)
	run -0 --separate-stderr records "$f"
	assert_output '{"ts":"2026-12-04T13:45:10.000000Z","metric":"task-clock","value":0.00081,"unit":"s"}
{"ts":"2026-12-04T13:45:10.000000Z","metric":"page-faults","value":2,"unit":"count"}'
	local e="pp-sample: $f" n=" (not passed through: the output format differs)"
	assert_equal "$stderr" "$e:4: perf stat -x, row: no count followed by a unit and an event$n
$e:5: perf stat -x, row: no event name$n
$e:6: perf stat -x, row: 3 fields before the value$n
$e:7: perf stat -x, row: more than 16 fields$n"
}

@test "perf: forced on another file, it is not perf's output" {
	printf 'hello,world\n' >"$tmp/h"
	run -3 --separate-stderr pp-sample --strict --rate 100% --input-format perf "$tmp/h"
	assert_equal "$stderr" "pp-sample: $tmp/h:1: not perf stat -x, output: no count followed by a unit and an event"
}

@test "perf: pp-trend and pp-budget read perf stat -x, output" {
	run -0 pp-trend --window all "$(fixture perf-stat-I.csv)"
	assert_line --index 1 --partial "task-clock,s,2,2026-12-04T13:45:36.100198Z,2026-12-04T13:45:36.251286Z,0.000365,"
	printf 'budgets:\n  items:\n    - {name: faults, metric: page-faults, stat: max, error: 50}\n' >"$tmp/b.yaml"
	run -1 pp-budget -c "$tmp/b.yaml" "$(fixture perf-stat.csv)"
	assert_line --index 1 "2026-12-04T13:45:10.000000Z,faults,global,page-faults,max,75,50,count,error,50,1,strict,,,"
}

@test "perf: a unit of factor 1 is written as its base unit (B is bytes)" {
	printf '# started on Fri Dec  4 10:00:00 2026\n\n1024,B,mem-x,100,100.00,,\n' > "$tmp/p.csv"
	run -0 pp-sample --rate 100% --output-format csv "$tmp/p.csv"
	assert_line --index 1 --partial ",mem-x,1024,bytes,"
}
