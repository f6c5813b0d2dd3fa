#!/usr/bin/env bats
# pp-sample --scrape: counters as rates, gauges as they are, failed
# scrapes, the exit status.  The endpoint is the fixture server `serve`
# on 127.0.0.1, answering real exporters' output.

load common

setup() {
	tmp=$(mktemp -d)
	mkdir "$tmp/www"
}

teardown() {
	[ -n "${srvpid:-}" ] && kill "$srvpid" 2>/dev/null || true
	rm -rf "$tmp"
}

# Serves the fixtures named, the Nth to the Nth scrape and the last to
# those after it; "fail" answers 503 instead, "hang:FILE" FILE after 2s.
# Sets $url.
serve() {
	local i=0 f
	for f in "$@"; do
		i=$((i + 1))
		case $f in
		fail)	touch "$tmp/www/$i.fail" ;;
		hang:*)	touch "$tmp/www/$i.hang"
			cp "$(fixture "${f#hang:}")" "$tmp/www/$i.prom" ;;
		*)	cp "$(fixture "$f")" "$tmp/www/$i.prom" ;;
		esac
	done
	python3 "$(fixture serve)" "$tmp/www" "$tmp/port" 3>&- &
	srvpid=$!
	for _ in $(seq 1 50); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	port=$(cat "$tmp/port")
	url="http://127.0.0.1:$port/metrics"
}

# Seconds from RFC 3339 time $1 to $2.
seconds() {
	python3 -c 'import sys, datetime as d
p = lambda s: d.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
print((p(sys.argv[2]) - p(sys.argv[1])).total_seconds())' "$1" "$2"
}

# The distinct times of the CSV records in $output, in order.
times() {
	printf '%s\n' "$output" | grep -E '^[0-9]{4}-' | cut -d, -f1 | uniq
}

# The value of the one CSV record of $output that matches regexp $1.
value_of() {
	printf '%s\n' "$output" | grep -E "$1" | cut -d, -f3
}

@test "the first scrape writes the gauges as they are, and no counter" {
	serve node-exporter.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -n 1 --output-format json
	assert_equal "$stderr" ""
	ts=$(printf '%s\n' "$output" | head -n 1 | cut -d'"' -f4)
	[[ $ts =~ ^2[0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z$ ]]
	assert_equal "${output//$ts/TS}" '{"ts":"TS","metric":"go_gc_duration_seconds","value":0,"unit":"s","quantile":0}
{"ts":"TS","metric":"go_gc_duration_seconds","value":0,"unit":"s","quantile":0.25}
{"ts":"TS","metric":"go_gc_duration_seconds","value":0,"unit":"s","quantile":0.5}
{"ts":"TS","metric":"go_gc_duration_seconds","value":0,"unit":"s","quantile":0.75}
{"ts":"TS","metric":"go_gc_duration_seconds","value":0,"unit":"s","quantile":1}
{"ts":"TS","metric":"go_goroutines","value":7,"unit":""}
{"ts":"TS","metric":"go_info","value":1,"unit":"","version":"go1.19.8"}
{"ts":"TS","metric":"node_boot_time_seconds","value":1.796361249e+09,"unit":"s"}
{"ts":"TS","metric":"node_filesystem_avail_bytes","value":8.3254419456e+10,"unit":"bytes","device":"/dev/vda","fstype":"ext4","mountpoint":"/"}
{"ts":"TS","metric":"node_load1","value":0.75,"unit":""}
{"ts":"TS","metric":"node_memory_MemAvailable_bytes","value":2.4824451072e+10,"unit":"bytes"}
{"ts":"TS","metric":"node_vmstat_pgfault","value":5.34829692e+08,"unit":""}'
}

@test "the second scrape writes every counter as its rate over the interval" {
	serve node-exporter.prom node-exporter-later.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -i 200ms -n 2
	assert_equal "$stderr" ""
	mapfile -t ts < <(times)
	assert_equal "${#ts[@]}" 2
	dt=$(seconds "${ts[0]}" "${ts[1]}")
	# the times of the scrapes, 200ms apart give or take the request
	assert_near "$dt" 0.2 0.25 "interval"
	assert_equal "$(count_lines "^${ts[0]},.*\.rate,")" 0
	assert_equal "$(count_lines "^${ts[1]},.*\.rate,")" 24
	assert_near "$(value_of '^[^,]+,node_cpu_seconds\.rate,[^,]+,ratio,0,idle$')" \
	    "$(awk -v d="$dt" 'BEGIN { printf "%.17g\n", (25162.23 - 24536.52) / d }')" 1e-9 \
	    "cpu 0 idle"
	assert_near "$(value_of '^[^,]+,node_cpu_seconds\.rate,[^,]+,ratio,1,user$')" \
	    "$(awk -v d="$dt" 'BEGIN { printf "%.17g\n", (5580.66 - 4861.3) / d }')" 1e-9 \
	    "cpu 1 user"
	assert_near "$(value_of '^[^,]+,node_network_receive_bytes\.rate,[^,]+,bytes/s,eth0$')" \
	    "$(awk -v d="$dt" 'BEGIN { printf "%.17g\n", (2.24144388e+08 - 2.2327096e+08) / d }')" 1e-9 \
	    "eth0 bytes"
	assert_line "${ts[1]},promhttp_metric_handler_requests.rate,0,count/s,200"
	assert_line "${ts[1]},go_gc_duration_seconds_sum.rate,0,ratio"
	assert_line "${ts[1]},go_gc_duration_seconds_count.rate,0,count/s"
	# gauges and untyped samples as they are, at every scrape
	assert_line "${ts[1]},node_load1,1.45,"
	assert_line "${ts[1]},node_vmstat_pgfault,5.83345763e+08,"
	assert_line "${ts[1]},go_gc_duration_seconds,0,s,0.5"
}

@test "a counter that went down gives no rate for that interval" {
	serve node-exporter-later.prom node-exporter.prom node-exporter-later.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -i 150ms -n 3
	mapfile -t ts < <(times)
	assert_equal "${#ts[@]}" 3
	# cpu 0 idle went down, irq stayed at 0
	assert_equal "$(count_lines "^${ts[1]},node_cpu_seconds\.rate,.*,0,idle$")" 0
	assert_line "${ts[1]},node_cpu_seconds.rate,0,ratio,0,irq"
	# the next interval's rate starts again from the lower value
	assert_near "$(value_of "^${ts[2]},node_cpu_seconds\.rate,[^,]+,ratio,0,idle$")" \
	    "$(awk -v d="$(seconds "${ts[1]}" "${ts[2]}")" \
	    'BEGIN { printf "%.17g\n", (25162.23 - 24536.52) / d }')" 1e-9 "cpu 0 idle"
}

@test "histograms and summaries: _bucket, _count and _sum as rates, _created as it is" {
	serve app-1.prom app-2.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -i 200ms -n 2
	assert_equal "$stderr" ""
	mapfile -t ts < <(times)
	dt=$(seconds "${ts[0]}" "${ts[1]}")
	rate() { awk -v x="$1" -v d="$dt" 'BEGIN { printf "%.17g\n", x / d }'; }
	assert_near "$(value_of '^[^,]+,app_requests\.rate,[^,]+,count/s,GET,/$')" \
	    "$(rate 7)" 1e-9 "app_requests"
	assert_near "$(value_of '^[^,]+,app_request_duration_seconds_bucket\.rate,[^,]+,count/s,0\.05,/$')" \
	    "$(rate 1)" 1e-9 "le=0.05"
	assert_near "$(value_of '^[^,]+,app_request_duration_seconds_bucket\.rate,[^,]+,count/s,\+Inf,/$')" \
	    "$(rate 2)" 1e-9 "le=+Inf"
	assert_line "${ts[1]},app_request_duration_seconds_bucket.rate,0,count/s,0.005,/"
	assert_near "$(value_of '^[^,]+,app_request_duration_seconds_count\.rate,[^,]+,count/s,/$')" \
	    "$(rate 2)" 1e-9 "_count"
	assert_near "$(value_of '^[^,]+,app_request_duration_seconds_sum\.rate,[^,]+,ratio,/$')" \
	    "$(rate 1.53)" 1e-9 "_sum"
	assert_near "$(value_of '^[^,]+,app_response_size_bytes_count\.rate,[^,]+,count/s$')" \
	    "$(rate 1)" 1e-9 "summary _count"
	assert_near "$(value_of '^[^,]+,app_response_size_bytes_sum\.rate,[^,]+,bytes/s$')" \
	    "$(rate 1024)" 1e-9 "summary _sum"
	assert_line "${ts[1]},app_requests_created,1.7963933280355859e+09,s,GET,/"
	assert_line "${ts[1]},app_temperature_celsius,40.0,"
	assert_equal "$(count_lines '\.rate,')" 9
}

@test "a sample's own timestamp is its time, and its rate's" {
	serve stamped-1.prom stamped-2.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -i 100ms -n 2
	assert_equal "$stderr" ""
	assert_output "ts,metric,value,unit
2026-12-04T16:00:10.000000Z,job_runs.rate,1.5,count/s"
}

@test "-n 3 stops after three scrapes; --duration after the last tick within it" {
	serve node-exporter.prom
	run -0 pp-sample --scrape "$url" -i 100ms -n 3
	assert_equal "$(times | wc -l)" 3
	run -0 pp-sample --scrape "$url" -i 100ms --duration 300ms
	assert_equal "$(times | wc -l)" 4
}

@test "an HTTP error: a warning a scrape, and exit 4 when none succeeded" {
	serve node-exporter.prom
	run -4 --separate-stderr pp-sample --scrape "http://127.0.0.1:$port/nothing" -i 100ms -n 2
	assert_output ""
	assert_equal "$stderr" "pp-sample: http://127.0.0.1:$port/nothing: HTTP status 404, not 200
pp-sample: http://127.0.0.1:$port/nothing: HTTP status 404, not 200
pp-sample: http://127.0.0.1:$port/nothing: no scrape succeeded (2 failed)"
}

@test "a refused connection: a warning, exit 4; -q keeps only the last message" {
	serve node-exporter.prom
	kill "$srvpid"
	wait "$srvpid" 2>/dev/null || true
	run -4 --separate-stderr pp-sample --scrape "$url" -n 1
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 2
	[[ ${stderr_lines[0]} == "pp-sample: $url: Failed to connect to 127.0.0.1 port $port "* ]]
	assert_equal "${stderr_lines[1]}" "pp-sample: $url: no scrape succeeded (1 failed)"
	run -4 --separate-stderr pp-sample -q --scrape "$url" -n 1
	assert_equal "$stderr" "pp-sample: $url: no scrape succeeded (1 failed)"
}

@test "a failed scrape among good ones: a warning, exit 0, rates over the longer interval" {
	serve node-exporter.prom fail node-exporter-later.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -i 150ms -n 3
	assert_equal "$stderr" "pp-sample: $url: HTTP status 503, not 200"
	mapfile -t ts < <(times)
	assert_equal "${#ts[@]}" 2
	assert_near "$(value_of '^[^,]+,node_cpu_seconds\.rate,[^,]+,ratio,0,idle$')" \
	    "$(awk -v d="$(seconds "${ts[0]}" "${ts[1]}")" \
	    'BEGIN { printf "%.17g\n", (25162.23 - 24536.52) / d }')" 1e-9 "cpu 0 idle"
}

@test "--timeout ends a request that takes too long" {
	serve hang:node-exporter.prom
	run -4 --separate-stderr pp-sample --scrape "$url" -n 1 --timeout 100ms
	assert_equal "${#stderr_lines[@]}" 2
	# about 100 ms; more on a loaded machine
	[[ ${stderr_lines[0]} =~ ^"pp-sample: $url: Operation timed out after "[0-9]+" milliseconds with 0 bytes received"$ ]]
}

@test "a bad line of the body is a bad record; the rest is read" {
	serve bad.prom
	run -0 --separate-stderr pp-sample --scrape "$url" -n 1
	assert_equal "${stderr_lines[0]}" "pp-sample: $url:3: Prometheus sample 'up': value 'oops' is not a number"
	assert_equal "$(count_lines ',up,')" 2
	assert_line --regexp '^[^,]+,up,2,,y$'
	run -3 --separate-stderr pp-sample --strict --scrape "$url" -n 1
	assert_equal "${stderr_lines[0]}" "pp-sample: $url:3: Prometheus sample 'up': value 'oops' is not a number"
}

@test "--label adds labels; a sample's label of that name becomes exported_NAME" {
	serve node-exporter.prom
	run -0 pp-sample --scrape "$url" -n 1 --label host=web1 --label device=disk
	assert_line --index 0 "ts,metric,value,unit,quantile,host,device"
	assert_line --regexp '^[^,]+,node_filesystem_avail_bytes,8\.3254419456e\+10,bytes,/dev/vda,ext4,/,web1,disk$'
	assert_line --regexp '^ts,metric,value,unit,exported_device,fstype,mountpoint,host,device$'
}

@test "--history appends every scrape's records" {
	serve node-exporter.prom node-exporter-later.prom
	run -0 pp-sample --scrape "$url" -n 1 --history "$tmp/h.jsonl"
	assert_equal "$(wc -l < "$tmp/h.jsonl")" 12
	run -0 pp-sample --scrape "$url" -n 1 --history "$tmp/h.jsonl"
	assert_equal "$(wc -l < "$tmp/h.jsonl")" 24
	run -0 grep -c '"metric":"node_load1","value":1.45,' "$tmp/h.jsonl"
	assert_output 1
}

@test "--anomaly and --self work with --scrape" {
	serve node-exporter.prom
	run -0 pp-sample --scrape "$url" -n 2 -i 100ms --anomaly --self
	assert_line --index 0 "ts,metric,value,unit,quantile,zscore,baseline,anomaly"
	assert_equal "$(count_lines ',sampler\.cpu_time,')" 2
	assert_equal "$(count_lines ',sampler\.overhead,')" 2
}

@test "SIGTERM ends the scrapes after whole records, exit 0" {
	serve node-exporter.prom
	pp-sample --scrape "$url" -i 100ms > "$tmp/out" 2> "$tmp/err" 3>&- &
	pid=$!
	sleep 0.5
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 0
	assert_equal "$(cat "$tmp/err")" ""
	run tail -c 1 "$tmp/out"
	assert_output ""	# ends with a newline
	run grep -c ',node_load1,0.75,$' "$tmp/out"
	[ "$output" -ge 3 ]
}

@test "a URL that is not http:// or https:// is a usage error" {
	run -2 --separate-stderr pp-sample --scrape ftp://127.0.0.1/metrics
	assert_equal "$stderr" "pp-sample: --scrape: 'ftp://127.0.0.1/metrics' is not an http:// or https:// URL: give the endpoint's full address, such as http://127.0.0.1:9100/metrics
Try 'pp-sample --help'."
	run -2 --separate-stderr pp-sample --scrape 127.0.0.1:9100/metrics
	assert_equal "${stderr_lines[0]}" "pp-sample: --scrape: '127.0.0.1:9100/metrics' is not an http:// or https:// URL: give the endpoint's full address, such as http://127.0.0.1:9100/metrics"
}

@test "--scrape with options of other modes is a usage error" {
	u=http://127.0.0.1:1/metrics
	run -2 --separate-stderr pp-sample --scrape $u --pid 1
	assert_equal "${stderr_lines[0]}" "pp-sample: --scrape and --pid: choose one"
	run -2 --separate-stderr pp-sample --scrape $u --system
	assert_equal "${stderr_lines[0]}" "pp-sample: --scrape and --system: choose one"
	run -2 --separate-stderr pp-sample --scrape $u -- true
	assert_equal "${stderr_lines[0]}" "pp-sample: --scrape cannot be combined with a command"
	run -2 --separate-stderr pp-sample --scrape $u --rate 10
	assert_equal "${stderr_lines[0]}" "pp-sample: --rate filters records: it takes no --scrape"
	run -2 --separate-stderr pp-sample --scrape $u h.csv
	assert_equal "${stderr_lines[0]}" "pp-sample: --scrape reads no files: 'h.csv'"
	run -2 --separate-stderr pp-sample --scrape $u --wide
	assert_equal "${stderr_lines[0]}" "pp-sample: --wide cannot be combined with --scrape: the samples of a scrape have labels of their own"
	run -2 --separate-stderr pp-sample --scrape $u --name x
	assert_equal "${stderr_lines[0]}" "pp-sample: --name names a command or a process, not --scrape"
	run -2 --separate-stderr pp-sample --scrape $u --warmup 1
	assert_equal "${stderr_lines[0]}" "pp-sample: --warmup needs a command: pp-sample --warmup ... -- COMMAND"
	run -2 --separate-stderr pp-sample --system -n 2
	assert_equal "${stderr_lines[0]}" "pp-sample: -n needs a command: pp-sample -n ... -- COMMAND"
	run -2 --separate-stderr pp-sample --timeout 1s
	assert_equal "${stderr_lines[0]}" "pp-sample: --timeout needs a command: pp-sample --timeout ... -- COMMAND"
	run -2 --separate-stderr pp-sample -i 1s
	assert_equal "${stderr_lines[0]}" "pp-sample: -i needs a command, --pid, --system or --scrape"
}

@test "--help shows --scrape" {
	run -0 pp-sample --help
	assert_line "       pp-sample [options] --scrape URL [-i INTERVAL] [-n COUNT]"
	assert_line "      --scrape URL         GET a Prometheus /metrics URL every interval:"
}

@test "libcurl is loaded only to scrape: the other modes stay light" {
	run -0 ldd "$(command -v pp-sample)"
	refute_output --partial libcurl
}
