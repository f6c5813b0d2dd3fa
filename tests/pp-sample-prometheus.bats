#!/usr/bin/env bats
# pp-sample --prometheus against a real Prometheus (Debian's prometheus):
# a history of pp's records is backfilled into a temporary TSDB with
# promtool, read back through the HTTP API, and must give pp-trend the
# same summary; a range over the server's point limit is read in pages;
# a Pushgateway takes pp-budget's OpenMetrics output and Prometheus
# scrapes it.  Answers only a broken store gives (partial responses, a
# gateway's HTML) come from the stand-in `api`.  Every server is on
# 127.0.0.1 and stopped here.

load common
load prometheus

# 3000 minutes of two series from 2026-01-01T00:00:00Z.
T0=1767225600
TEND=$((T0 + 2999 * 60))

setup_file() {
	local d="$BATS_FILE_TMPDIR"

	"$(fixture history.py)" >"$d/records.csv"
	records_to_openmetrics "$d/records.csv" >"$d/history.om"
	prom_backfill "$d/history.om" "$d/tsdb"
	push_start "$d/push.log"
	cat >"$d/prometheus.yml" <<-EOF
	global:
	  scrape_interval: 1s
	scrape_configs:
	  - job_name: pushgateway
	    honor_labels: true
	    static_configs:
	      - targets: ['${push_url#http://}']
	EOF
	prom_start "$d/tsdb" "$d/prometheus.yml"
	printf '%s\n' "$prom_pid" "$push_pid" >"$d/pids"
	export prom_url push_url
}

teardown_file() {
	prom_pid=$(sed -n 1p "$BATS_FILE_TMPDIR/pids")
	push_pid=$(sed -n 2p "$BATS_FILE_TMPDIR/pids")
	prom_stop
}

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	[ -n "${apipid:-}" ] && kill "$apipid" 2>/dev/null || true
	rm -rf "$tmp"
}

# Starts the stand-in API answering with the fixtures named, in turn;
# "NAME:STATUS" answers with HTTP status STATUS.  Sets $api.
api() {
	local i=0 f
	mkdir -p "$tmp/www"
	for f in "$@"; do
		i=$((i + 1))
		cp "$(fixture "${f%%:*}")" "$tmp/www/$i.json"
		case $f in *:*) echo "${f#*:}" >"$tmp/www/$i.status" ;; esac
	done
	python3 "$(fixture api)" "$tmp/www" "$tmp/port" 3>&- &
	apipid=$!
	for _ in $(seq 1 50); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	api="http://127.0.0.1:$(cat "$tmp/port")"
}

# --- the round trip ---------------------------------------------------------

@test "round trip: pp-trend's summary of the history read back equals the original's" {
	pp-trend --output-format csv "$BATS_FILE_TMPDIR/records.csv" >"$tmp/want"
	run -0 --separate-stderr pp-sample --prometheus "$prom_url" \
	    --query build_seconds --start 2026-01-01T00:00:00Z --end "$TEND" \
	    --step 1m
	assert_equal "$stderr" ""
	assert_equal "$(count_lines ',build_seconds,')" 6000
	printf '%s\n' "$output" >"$tmp/got.csv"
	run -0 pp-trend --output-format csv "$tmp/got.csv"
	assert_output "$(cat "$tmp/want")"
	# n, mean, slope and change points, as the issue asks, by name
	assert_equal "$(csv_get n 1),$(csv_get mean 1),$(csv_get changes 1)" \
	    "3000,30.66729667,1"
	assert_equal "$(csv_get slope 2),$(csv_get changes 2)" "1.431750281,0"
}

@test "round trip: records carry the series' labels, its unit from the name, times in RFC 3339" {
	run -0 pp-sample --prometheus "$prom_url" --query 'build_seconds{host="ci2"}' \
	    --start "$T0" --range 2m --step 1m --label site=lab
	assert_output "ts,metric,value,unit,host,site
2026-01-01T00:00:00.000000Z,build_seconds,45.198,s,ci2,lab
2026-01-01T00:01:00.000000Z,build_seconds,45.305,s,ci2,lab
2026-01-01T00:02:00.000000Z,build_seconds,45.246,s,ci2,lab"
}

@test "paging: a range over 11000 points a series is read in requests the server takes" {
	# One request for it is refused by the server itself.
	run -0 curl -s "$prom_url/api/v1/query_range" --data-urlencode \
	    query=build_seconds --data-urlencode "start=$T0" \
	    --data-urlencode "end=$TEND" --data-urlencode step=15
	assert_output --partial 'exceeded maximum resolution of 11,000 points'
	run -0 --separate-stderr pp-sample --prometheus "$prom_url" \
	    --query 'build_seconds{host="ci1"}' --start "$T0" --end "$TEND" \
	    --step 15s --output-format json
	assert_equal "$stderr" ""
	# 2999 minutes at 15 s: 11997 points, each once, in order
	assert_equal "$(count_lines '"metric":"build_seconds"')" 11997
	assert_equal "$(printf '%s\n' "$output" | cut -d'"' -f4 | sort -u | wc -l)" 11997
	printf '%s\n' "$output" | cut -d'"' -f4 | sort -c
	# the first sample of the second page (the 11001st point) is there
	assert_line --index 11000 --partial '"ts":"2026-01-02T21:50:00.000000Z"'
}

@test "an instant query: one record a series at --end; a computed series needs --name" {
	run -0 pp-sample --prometheus "$prom_url" --query build_seconds \
	    --end "$((T0 + 60))"
	assert_output "ts,metric,value,unit,host
2026-01-01T00:01:00.000000Z,build_seconds,29.844,s,ci1
2026-01-01T00:01:00.000000Z,build_seconds,45.305,s,ci2"
	run -3 --separate-stderr pp-sample --prometheus "$prom_url" \
	    --query 'max(build_seconds)' --end "$((T0 + 60))"
	assert_equal "$stderr" "pp-sample: $prom_url: a series has no __name__ ({}): the query computes it; name it with --name"
	run -0 pp-sample --prometheus "$prom_url" --query 'max(build_seconds)' \
	    --end "$((T0 + 60))" --name build_seconds.max
	assert_output "ts,metric,value,unit
2026-01-01T00:01:00.000000Z,build_seconds.max,45.305,"
}

@test "a query the server refuses is exit 3 with the server's message" {
	run -3 --separate-stderr pp-sample --prometheus "$prom_url" \
	    --query 'build_seconds{' --range 1h
	assert_output ""
	assert_equal "$stderr" "pp-sample: $prom_url/api/v1/query_range: the server refused the query (bad_data, HTTP status 400): 1:15: parse error: unexpected end of input inside braces"
}

@test "a server that cannot be reached is exit 4" {
	port=$(free_port)
	run -4 --separate-stderr pp-sample --prometheus "http://127.0.0.1:$port" \
	    --query up --range 1h
	assert_regex "$stderr" "^pp-sample: http://127.0.0.1:$port/api/v1/query_range: Failed to connect to 127.0.0.1 port $port"
}

# --- the push recipe ----------------------------------------------------------

@test "push: pp-budget's OpenMetrics through a Pushgateway, scraped by Prometheus, read back" {
	printf 'budgets:\n  items:\n    - name: build-time\n      metric: build_seconds\n      stat: p95\n      error: 40s\n' >"$tmp/b.yaml"
	run -1 pp-budget -c "$tmp/b.yaml" --output-format openmetrics \
	    "$BATS_FILE_TMPDIR/records.csv"
	assert_line --partial 'pp_observed{budget="build-time"'
	# the recipe of pp-sample(1) and pp(7)
	pp-budget -c "$tmp/b.yaml" --output-format openmetrics \
	    "$BATS_FILE_TMPDIR/records.csv" |
	    curl -sf --data-binary @- "$push_url/metrics/job/pp" || true
	run -0 curl -sf "$push_url/metrics"
	assert_line --partial 'pp_observed{budget="build-time"'
	# Prometheus scrapes the gateway every second: wait for it, at most 30 s.
	for _ in $(seq 1 300); do
		run -0 pp-sample --prometheus "$prom_url" -F metric,value,budget,job \
		    --query 'pp_observed{job="pp"}'
		[ "${#lines[@]}" -gt 1 ] && break
		sleep 0.1
	done
	assert_output "metric,value,budget,job
pp_observed,47.69505,build-time,pp"
}

# --- what a broken store answers ---------------------------------------------

@test "partial responses are exit 3: Thanos' warnings, VictoriaMetrics' isPartial" {
	api thanos-partial.json
	run -3 --separate-stderr pp-sample --prometheus "$api" --query x --range 1h
	assert_output ""
	assert_equal "$stderr" "pp-sample: $api/api/v1/query_range: partial response: No StoreAPIs matched for this query"
	kill "$apipid"; apipid=
	rm -rf "$tmp/www" "$tmp/port"
	api vm-partial.json
	run -3 --separate-stderr pp-sample --prometheus "$api" --query x --range 1h
	assert_equal "$stderr" "pp-sample: $api/api/v1/query_range: partial response (isPartial): some of the data is missing"
}

@test "a server error is exit 4 with its message; an answer that is no API's too" {
	api unavailable.json:503
	run -4 --separate-stderr pp-sample --prometheus "$api" --query x --range 1h
	assert_equal "$stderr" "pp-sample: $api/api/v1/query_range: the server failed (unavailable, HTTP status 503): store gateway is not ready"
	kill "$apipid"; apipid=
	rm -rf "$tmp/www" "$tmp/port"
	api not-json.json:502
	run -4 --separate-stderr pp-sample --prometheus "$api" --query x
	assert_equal "$stderr" "pp-sample: $api/api/v1/query: HTTP status 502 and no answer of the Prometheus API: '<html><body><h1>502 Bad Gateway</h1></body></html>'"
}

@test "headers: --header and --header-env are sent, the query is form-encoded" {
	api scalar.json
	PROM_TOKEN='Bearer s3cret' run -0 pp-sample --prometheus "$api/" \
	    --query 'sum(rate(x{a="b c"}[5m]))' --name x.rate \
	    --header X-Scope-OrgID=team-a --header-env Authorization=PROM_TOKEN \
	    --end 2026-01-01T00:00:00Z
	assert_output "ts,metric,value,unit
2026-01-01T00:00:00.000000Z,x.rate,42,"
	assert_equal "$(cat "$tmp/www/requests")" \
	    "POST /api/v1/query auth=Bearer s3cret org=team-a body=query=sum%28rate%28x%7Ba%3D%22b%20c%22%7D%5B5m%5D%29%29&time=1767225600"
}

@test "paging asks for pages that neither overlap nor leave a gap" {
	api nan.json
	run -0 pp-sample --prometheus "$api/api/v1/query_range" --query x \
	    --start 1767225600 --end 1767247800.5 --step 1s -q
	cut -d' ' -f5 "$tmp/www/requests" >"$tmp/pages"
	assert_equal "$(cat "$tmp/pages")" "body=query=x&start=1767225600&end=1767236599&step=1
body=query=x&start=1767236600&end=1767247599&step=1
body=query=x&start=1767247600&end=1767247800.5&step=1"
}

@test "NaN and infinite samples are left out with a warning; clashing labels renamed" {
	api nan.json
	run -0 --separate-stderr pp-sample --prometheus "$api" --query x --range 1h
	assert_output "ts,metric,value,unit,exported_metric,job
2026-01-01T00:00:00.500000Z,queue_ratio,0.25,ratio,x,q
2026-01-01T00:03:00.500000Z,queue_ratio,0.5,ratio,x,q"
	assert_equal "$stderr" "pp-sample: $api: 2 samples were NaN or infinite: left out"
}

@test "a string result is exit 3" {
	api string.json
	run -3 --separate-stderr pp-sample --prometheus "$api" --query '"a"'
	assert_equal "$stderr" "pp-sample: $api: the query gives a string, not numbers"
}

@test "a page that fails after others were written says what was written; the history keeps those" {
	api nan.json unavailable.json:503
	run -4 --separate-stderr pp-sample --prometheus "$api" --query x \
	    --start 1767225600 --end 1767247800 --step 1s --history "$tmp/h.csv"
	assert_equal "$stderr" "pp-sample: $api/api/v1/query_range: the server failed (unavailable, HTTP status 503): store gateway is not ready; the records before 2026-01-01T03:03:20.000000Z were written, the rest of the range was not"
	assert_equal "$(count_lines ',queue_ratio,')" 2
	assert_equal "$(grep -c ',queue_ratio,' "$tmp/h.csv")" 2
}

@test "a signal during a range ends it after whole pages: it says so and dies of the signal" {
	api nan.json
	echo 30 >"$tmp/www/2.delay"
	pp-sample --prometheus "$api" --query x --start 1767225600 \
	    --end 1767247800 --step 1s >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 1 100); do
		[ "$(wc -l <"$tmp/www/requests" 2>/dev/null)" = 2 ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 143
	assert_equal "$(grep -c ',queue_ratio,' "$tmp/out")" 2
	assert_equal "$(cat "$tmp/err")" "pp-sample: $api: interrupted: the records before 2026-01-01T03:03:20.000000Z were written, the rest of the range was not
pp-sample: $api: 2 samples were NaN or infinite: left out"
}

@test "answers that are no arrays, or times out of range, are exit 4, not a crash" {
	api null-result.json
	run -4 --separate-stderr pp-sample --prometheus "$api" --query x --range 1h
	assert_equal "$stderr" "pp-sample: $api: the result is no array"
	kill "$apipid"; apipid=
	rm -rf "$tmp/www" "$tmp/port"
	api null-values.json
	run -4 --separate-stderr pp-sample --prometheus "$api" --query x --range 1h
	assert_equal "$stderr" "pp-sample: $api: the values of up{job=\"a\"} are no array"
	kill "$apipid"; apipid=
	rm -rf "$tmp/www" "$tmp/port"
	api bad-time.json
	run -4 --separate-stderr pp-sample --prometheus "$api" --query x
	assert_equal "$stderr" "pp-sample: $api: up{job=\"a\"}: '[ 1e300, \"1\" ]' is no sample [time, \"value\"]"
}

@test "PromQL's notes among the warnings are no partial response: infos left out, warnings said" {
	api promql-notes.json
	run -0 --separate-stderr pp-sample --prometheus "$api" --query 'rate(queue_depth[5m])' --name queue.rate
	assert_output "ts,metric,value,unit,job
2026-01-01T00:00:00.000000Z,queue.rate,0.5,,a"
	assert_equal "$stderr" "pp-sample: $api/api/v1/query: PromQL warning: encountered a mix of histograms and floats for metric name \"x\" (1:1)"
}

@test "a query that matches nothing says so; a 401 says where credentials go" {
	api empty.json
	run -0 --separate-stderr pp-sample --prometheus "$api" --query nosuch --range 1h
	assert_output ""
	assert_equal "$stderr" "pp-sample: $api: the query matched no series: nothing was written"
	kill "$apipid"; apipid=
	rm -rf "$tmp/www" "$tmp/port"
	api unauthorized.json:401
	run -4 --separate-stderr pp-sample --prometheus "$api" --query up
	assert_equal "$stderr" "pp-sample: $api/api/v1/query: HTTP status 401 and no answer of the Prometheus API: 'Unauthorized': the server wants credentials: give them with --header-env Authorization=VARIABLE"
}

@test "times and URLs as sent: negative fractions, a step of years, now twice, the API path given" {
	api empty.json
	run -0 pp-sample --prometheus "$api/api/v1/" --query x --start -100.5 --end -0.25 --step 250ms -q
	run -0 pp-sample --prometheus "$api" --query x --start 0 --end 1000000000 --step 1500w -q
	run -0 pp-sample --prometheus "$api/api/v1/query_range/" --query x --start now --end now -q
	cut -d' ' -f2,5 "$tmp/www/requests" >"$tmp/sent"
	assert_equal "$(sed -n 1,2p "$tmp/sent")" "/api/v1/query_range body=query=x&start=-100.5&end=-0.25&step=0.25
/api/v1/query_range body=query=x&start=0&end=1000000000&step=907200000"
	run -0 sed -n 3p "$tmp/sent"
	assert_regex "$output" '^/api/v1/query_range body=query=x&start=([0-9.]+)&end=\1&step=60$'
}

# --- usage errors -------------------------------------------------------------

@test "usage errors of --prometheus and its options are exit 2" {
	run -2 --separate-stderr pp-sample --prometheus 127.0.0.1:9090 --query up
	assert_equal "${stderr_lines[0]}" "pp-sample: --prometheus: '127.0.0.1:9090' is not an http:// or https:// URL: give the server's full address, such as http://127.0.0.1:9090"
	run -2 --separate-stderr pp-sample --prometheus http://x
	assert_equal "${stderr_lines[0]}" "pp-sample: --prometheus needs --query PROMQL: the expression to read, such as 'up' or 'rate(http_requests_total[5m])'"
	run -2 --separate-stderr pp-sample --query up
	assert_equal "${stderr_lines[0]}" "pp-sample: --query needs --prometheus URL"
	run -2 --separate-stderr pp-sample --range 1h
	assert_equal "${stderr_lines[0]}" "pp-sample: --range needs --prometheus URL"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --start 2026-01-02T00:00:00Z --end 2026-01-01T00:00:00Z
	assert_equal "${stderr_lines[0]}" "pp-sample: --start 2026-01-02T00:00:00.000000Z is after --end 2026-01-01T00:00:00.000000Z"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --start 1 --end 2 --range 1h
	assert_equal "${stderr_lines[0]}" "pp-sample: --start, --end and --range: give two of them at most"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --step 1m
	assert_equal "${stderr_lines[0]}" "pp-sample: --step needs --start or --range: with neither the query is an instant"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --range 1h --step 0.5ms
	assert_equal "${stderr_lines[0]}" "pp-sample: --step: '0.5ms' is not a whole number of milliseconds, the resolution of Prometheus' times"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --range 1h --step 1.5ms
	assert_equal "${stderr_lines[0]}" "pp-sample: --step: '1.5ms' is not a whole number of milliseconds, the resolution of Prometheus' times"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --start 2999-01-01T00:00:00Z
	assert_regex "${stderr_lines[0]}" "^pp-sample: --start 2999-01-01T00:00:00.000000Z is in the future \(now is 20[0-9-]+T[0-9:.]+Z\)$"
	run -2 --separate-stderr pp-sample --prometheus 'http://x:9090/?tenant=a' --query up
	assert_equal "${stderr_lines[0]}" "pp-sample: --prometheus: 'http://x:9090/?tenant=a' has a query or a fragment: give the address the API is under, such as http://127.0.0.1:9090"
	run -2 --separate-stderr pp-sample --prometheus 'http://me:s3cret@x:9090' --query up
	assert_equal "${stderr_lines[0]}" "pp-sample: --prometheus: the URL has a user and password, which anyone can read on the command line: give them with --header-env Authorization=VARIABLE"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --start yesterday
	assert_equal "${stderr_lines[0]}" "pp-sample: --start: 'yesterday' is not a time: give a date (2026-01-31), RFC 3339 (2026-01-31T12:00:00Z), Unix seconds or now"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --range 1h -n 3
	assert_equal "${stderr_lines[0]}" "pp-sample: -n: --prometheus reads a range, not ticks: give two of --start, --end and --range, and --step"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --scrape http://y/metrics
	assert_equal "${stderr_lines[0]}" "pp-sample: --prometheus and --scrape: choose one"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up file.csv
	assert_equal "${stderr_lines[0]}" "pp-sample: --prometheus reads no files: 'file.csv'"
}

@test "usage errors of --header and --header-env are exit 2; a token never needs argv" {
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --header Authorization
	assert_equal "${stderr_lines[0]}" "pp-sample: --header: 'Authorization' is not NAME=VALUE"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --header 'Bad Name=x'
	assert_equal "${stderr_lines[0]}" "pp-sample: --header: 'Bad Name' is not a header name"
	run -2 --separate-stderr env -u PP_NO_SUCH pp-sample --prometheus http://x --query up --header-env Authorization=PP_NO_SUCH
	assert_equal "${stderr_lines[0]}" "pp-sample: --header-env: the environment has no PP_NO_SUCH"
	run -2 --separate-stderr env PP_EMPTY= pp-sample --prometheus http://x --query up --header-env Authorization=PP_EMPTY
	assert_equal "${stderr_lines[0]}" "pp-sample: --header-env: PP_EMPTY is empty"
	run -2 --separate-stderr pp-sample --prometheus http://x --query up --header "$(printf 'A=b\r\nC: d')"
	assert_equal "${stderr_lines[0]}" "pp-sample: --header: the value of A has a line break"
}

@test "--help shows --prometheus and its options" {
	run -0 pp-sample --help
	assert_output --partial '--prometheus URL'
	assert_output --partial '--header-env NAME=VARIABLE'
	assert_output --partial '11000 points a series'
}
