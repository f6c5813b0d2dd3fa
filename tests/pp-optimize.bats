#!/usr/bin/env bats
# pp-optimize: findings from span records, each type with a case that
# finds it and cases just outside its thresholds that do not.

load common

H="trace_id,span_id,parent_span_id,name,op,start,duration,db.query.text,url.full,http.request.method,server.address,http.response.body.size,http.response_content_length_uncompressed"

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# spans FILE: writes the header and standard input to FILE.
spans() {
	{ echo "$H"; cat; } > "$tmp/$1"
}

# The types found in $output (CSV), one per line.
types() {
	printf '%s\n' "$output" | awk -F, 'NR > 1 { print $2 }'
}

# A root span of 1 s and N DB calls under it, each DUR long.
n_plus_one() {
	local n=$1 dur=$2 i
	echo "t1,r,,GET /orders,http.server,100,1s,,,,,,"
	for i in $(seq 1 "$n"); do
		echo "t1,q$i,r,items,db,100.$i,$dur,\"SELECT * FROM items WHERE order_id = $((40 + i))\",,,,,"
	done
}

@test "batching: five calls of one statement under a parent" {
	n_plus_one 5 12ms | spans b.csv
	run -0 --separate-stderr pp-optimize "$tmp/b.csv"
	assert_equal "$(types)" "batching"
	assert_equal "$(csv_get target)" "SELECT * FROM items WHERE order_id=?"
	# 5 x 12 ms less one call
	assert_equal "$(csv_get impact_s)" "0.048"
	assert_equal "$(csv_get impact_calls)" "4"
	assert_equal "$(csv_get occurrences)" "1"
	assert_equal "$(csv_get difficulty)" "medium"
	assert_equal "$(csv_get confidence)" "low"
	assert_output --partial "instead of one call per row under 'GET /orders'"
	# of the trace's 1 s, its root's
	assert_equal "$(csv_get impact_pct)" "4.8"
}

@test "batching: four calls, or five under 50 ms together, are not a finding" {
	n_plus_one 4 20ms | spans four.csv
	run -0 pp-optimize "$tmp/four.csv"
	assert_output ""
	n_plus_one 5 9ms | spans fast.csv
	run -0 pp-optimize "$tmp/fast.csv"
	assert_output ""
}

@test "parallelization: sequential calls under a parent, sum less the longest" {
	spans p.csv <<'E'
t1,r,,GET /page,http.server,100,1s,,,,,,
t1,a,r,users,http.client,100.100,100ms,,http://users/u/1,GET,,,
t1,b,r,prices,http.client,100.201,60ms,,http://prices/p,GET,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/p.csv"
	assert_equal "$(types)" "parallelization"
	assert_equal "$(csv_get target)" "GET /page"
	assert_equal "$(csv_get impact_s)" "0.06"
}

@test "parallelization: overlapping, far apart or short calls are not a finding" {
	spans p.csv <<'E'
t1,r,,GET /page,http.server,100,1s,,,,,,
t1,a,r,users,http.client,100.100,100ms,,http://users/u/1,GET,,,
t1,b,r,prices,http.client,100.150,60ms,,http://prices/p,GET,,,
t1,c,r,stock,http.client,100.300,60ms,,http://stock/s,GET,,,
t1,d,r,tax,http.client,100.361,20ms,,http://tax/t,GET,,,
E
	# a and b overlap, c starts 90 ms after b ends, d is under 30 ms
	run -0 --separate-stderr pp-optimize "$tmp/p.csv"
	assert_output ""
}

@test "caching: the same call with the same parameters, across traces" {
	spans c.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,
t1,s,r,settings,db,100.1,30ms,"SELECT value FROM settings WHERE key = 'tz'",,,,,
t2,r,,GET /a,http.server,200,1s,,,,,,
t2,s,r,settings,db,200.1,20ms,"SELECT value FROM settings WHERE key='tz'",,,,,
t3,r,,GET /a,http.server,300,1s,,,,,,
t3,s,r,settings,db,300.1,25ms,"SELECT value FROM settings WHERE key = 'tz'",,,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/c.csv"
	assert_equal "$(types)" "caching"
	assert_equal "$(csv_get target)" "SELECT value FROM settings WHERE key=?"
	# t3 repeats t1's call exactly: 25 ms saved; t2's text differs
	assert_equal "$(csv_get impact_s)" "0.025"
	assert_equal "$(csv_get impact_calls)" "1"
	assert_equal "$(csv_get traces)" "2"
}

@test "caching: other parameters or writes are not a finding" {
	spans c.csv <<'E'
t1,r,,POST /a,http.server,100,1s,,,,,,
t1,s,r,settings,db,100.1,30ms,"SELECT value FROM settings WHERE key = 'tz'",,,,,
t1,u,r,settings,db,100.2,30ms,"UPDATE settings SET value = 1 WHERE key = 'n'",,,,,
t1,h,r,hook,http.client,100.3,30ms,,http://hooks/h/1,POST,,,
t2,r,,POST /a,http.server,200,1s,,,,,,
t2,s,r,settings,db,200.1,20ms,"SELECT value FROM settings WHERE key = 'lang'",,,,,
t2,u,r,settings,db,200.2,30ms,"UPDATE settings SET value = 1 WHERE key = 'n'",,,,,
t2,h,r,hook,http.client,200.3,30ms,,http://hooks/h/1,POST,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/c.csv"
	assert_output ""
}

@test "connection pooling: a host connected to again in one trace" {
	spans k.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,
t1,c1,r,connect,db.connect,100.1,8ms,,,,db.internal,,
t1,c2,r,connect,db.connect,100.2,9ms,,,,db.internal,,
t1,c3,r,connect,db.connect,100.3,7ms,,,,db.internal,,
t1,c4,r,TLS handshake,net,100.4,30ms,,,,api.example,,
E
	run -0 --separate-stderr pp-optimize "$tmp/k.csv"
	assert_equal "$(types)" "connection_pooling"
	assert_equal "$(csv_get target)" "db.internal"
	assert_equal "$(csv_get impact_s)" "0.016"
	assert_equal "$(csv_get impact_calls)" "2"
	assert_equal "$(csv_get difficulty)" "easy"
}

@test "connection pooling: one connection per trace is not a finding" {
	spans k.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,
t1,c1,r,connect,db.connect,100.1,8ms,,,,db.internal,,
t2,r,,GET /a,http.server,200,1s,,,,,,
t2,c1,r,connect,db.connect,200.1,8ms,,,,db.internal,,
E
	run -0 --separate-stderr pp-optimize "$tmp/k.csv"
	assert_output ""
}

@test "query optimization: p95 at 100 ms or more, time above 100 ms" {
	{
		for i in 1 2 3 4 5; do
			echo "t$i,r,,GET /r,http.server,$((100 * i)),3s,,,,,,"
		done
		# 0.2 0.3 0.4 0.5 2.5 s: p95 (R type 7) = 0.5 + 0.8 x 2.0 = 2.1
		i=1
		for d in 200ms 300ms 400ms 500ms 2.5s; do
			echo "t$i,q,r,report,db,$((100 * i)).1,$d,\"SELECT sum(total) FROM orders WHERE created > '2026-0$i-01'\",,,,,"
			i=$((i + 1))
		done
	} | spans q.csv
	run -0 --separate-stderr pp-optimize "$tmp/q.csv"
	assert_equal "$(types)" "query_optimization"
	assert_equal "$(csv_get target)" "SELECT SUM(total) FROM orders WHERE created>?"
	# above slow_query's 100 ms: 0.1 + 0.2 + 0.3 + 0.4 + 2.4
	assert_equal "$(csv_get impact_s)" "3.4"
	assert_equal "$(csv_get occurrences)" "5"
	assert_equal "$(csv_get traces)" "5"
	assert_output --partial "p95 2.1 s and median 400 ms, against the 100 ms of slow_query"
}

@test "query optimization: a p95 under 100 ms is not a finding" {
	{
		for i in 1 2 3 4 5; do
			echo "t$i,r,,GET /r,http.server,$((100 * i)),300ms,,,,,,"
			echo "t$i,q,r,report,db,$((100 * i)).1,99ms,\"SELECT sum(total) FROM orders WHERE created > '2026-0$i-01'\",,,,,"
		done
	} | spans q.csv
	run -0 --separate-stderr pp-optimize "$tmp/q.csv"
	assert_output ""
}

@test "compression: a large response sent as large as it is" {
	spans z.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,
t1,h,r,export,http.client,100.1,200ms,,https://cdn.example/export/data.json,GET,,400000,400000
t2,r,,GET /a,http.server,200,1s,,,,,,
t2,h,r,export,http.client,200.1,200ms,,https://cdn.example/export/other.json,GET,,400000,1600000
t2,s,r,export,http.client,200.4,200ms,,https://cdn.example/export/small.json,GET,,299999,299999
E
	run -0 --separate-stderr pp-optimize "$tmp/z.csv"
	assert_equal "$(types)" "compression"
	assert_equal "$(csv_get target)" "GET cdn.example/export/data.json"
	# at a compressed size of a quarter: 3/4 of the bytes and the time
	assert_equal "$(csv_get impact_bytes)" "300000"
	assert_equal "$(csv_get impact_s)" "0.15"
}

@test "SQL and URLs are normalised before grouping" {
	{
		echo "t1,r,,GET /a,http.server,100,1s,,,,,,"
		echo "t1,a,r,q,db,100.1,20ms,\"select * from t where id in (1, 2, 3) and name = 'x'\",,,,,"
		echo "t1,b,r,q,db,100.2,20ms,\"SELECT *  FROM t WHERE id IN (4,5) AND name='y''s'\",,,,,"
		echo "t1,c,r,q,db,100.3,20ms,\"SELECT * FROM t WHERE id IN (?) AND name = \$1\",,,,,"
		echo "t1,d,r,q,db,100.4,20ms,\"SELECT * FROM t WHERE id IN (-7) AND name = 'z';\",,,,,"
		echo "t1,e,r,q,db,100.5,20ms,\"SELECT * FROM t WHERE id IN (8) AND name = 'w'\",,,,,"
		for i in 1 2 3 4 5; do
			echo "t1,u$i,r,u,http.client,100.6$i,20ms,,https://api.example/users/$((41 + i))/orders?page=$i,GET,,,"
		done
	} | spans n.csv
	run -0 --separate-stderr pp-optimize "$tmp/n.csv"
	assert_equal "$(types)" "batching
batching"
	assert_line --partial ",SELECT * FROM t WHERE id IN (?) AND name=?,"
	assert_line --partial ",GET api.example/users/?/orders?page=?,"
}

@test "ids are the same across runs for the same type and target" {
	n_plus_one 5 12ms | spans a.csv
	n_plus_one 7 30ms | spans b.csv
	run -0 pp-optimize "$tmp/a.csv"
	a=$(csv_get id)
	run -0 pp-optimize "$tmp/b.csv"
	assert_equal "$(csv_get id)" "$a"
	[[ $a =~ ^[0-9a-f]{16}$ ]]
}

@test "findings are sorted by impact; JSON Lines in and out" {
	run -0 --separate-stderr pp-optimize --output-format json "$TOP/share/pp/examples/spans.csv"
	prev=999999
	while IFS= read -r line; do
		v=$(printf '%s' "$line" | sed 's/.*"impact_s":\([0-9.e-]*\).*/\1/')
		awk -v a="$v" -v b="$prev" 'BEGIN { exit !(a <= b) }'
		prev=$v
	done <<< "$output"
	# every type of the example, at least once
	for t in batching parallelization caching connection_pooling query_optimization compression; do
		assert_output --partial "\"type\":\"$t\""
	done
	printf '%s\n' '{"trace_id":"t1","span_id":"r","name":"GET /x","start":100,"duration":"1s"}' > "$tmp/s.jsonl"
	for i in 1 2 3 4 5; do
		printf '{"trace_id":"t1","span_id":"q%s","parent_span_id":"r","name":"q","start":100.%s,"duration":0.02,"db.statement":"SELECT * FROM t WHERE id = %s"}\n' "$i" "$i" "$i" >> "$tmp/s.jsonl"
	done
	run -0 --separate-stderr pp-optimize --output-format json "$tmp/s.jsonl"
	assert_output --partial '"type":"batching","title":"N+1 calls to batch","target":"SELECT * FROM t WHERE id=?"'
}

@test "bad spans: skipped with their positions; --strict exits 3" {
	spans bad.csv <<'E'
t1,a,,GET /a,http.server,100,,,,,,,
,b,,GET /a,http.server,100,1s,,,,,,
t1,c,,GET /a,http.server,100,fast,,,,,,
t1,d,,GET /a,http.server,soon,1s,,,,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/bad.csv"
	assert_output ""
	assert_equal "$stderr" "pp-optimize: $tmp/bad.csv:2: span without a duration: skipped
pp-optimize: $tmp/bad.csv:3: span without a trace_id: skipped
pp-optimize: $tmp/bad.csv:4: duration 'fast' is not a duration (seconds, or 250ms, 1.5s): skipped
pp-optimize: $tmp/bad.csv:5: start 'soon' is not a time (RFC 3339 or epoch seconds): the span is left out of parallelization"
	run -3 --separate-stderr pp-optimize --strict "$tmp/bad.csv"
	assert_equal "$stderr" "pp-optimize: $tmp/bad.csv:2: span without a duration: skipped"
}

@test "parents that never appear make roots; cycles are reported and broken" {
	{
		# no span r: the calls are roots, and siblings as roots
		for i in 1 2 3 4 5; do
			echo "t1,q$i,r,q,db,100.$i,20ms,\"SELECT * FROM t WHERE id = $i\",,,,,"
		done
		echo "t2,a,b,a,x,200,1s,,,,,,"
		echo "t2,b,c,b,x,200,1s,,,,,,"
		echo "t2,c,a,c,x,200,1s,,,,,,"
		echo "t2,e,e,e,x,200,1s,,,,,,"
	} | spans o.csv
	run -0 --separate-stderr pp-optimize "$tmp/o.csv"
	assert_equal "$(types)" "batching"
	assert_equal "$stderr" "pp-optimize: trace t2: parent links form a cycle through span a; it is read as a root
pp-optimize: trace t2: parent links form a cycle through span e; it is read as a root"
}

@test "spans missing what a detector needs are counted" {
	spans m.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,
t1,a,r,query,db,100.1,10ms,,,,,,
t1,b,r,call,http.client,100.2,10ms,,http://x/y,GET,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/m.csv"
	assert_equal "$stderr" "pp-optimize: 1 database or HTTP spans had no statement, URL or route (db.query.text, db.statement, url.full, http.url, http.route): left out of the findings on calls
pp-optimize: 1 HTTP spans had no encoded and decoded body sizes (http.response.body.size and http.response_content_length_uncompressed): left out of compression"
	run -0 --separate-stderr pp-optimize -q "$tmp/m.csv"
	assert_equal "$stderr" ""
}

@test "--help, --version and a bad option" {
	run -0 pp-optimize --help
	assert_line --index 0 "usage: pp-optimize [options] [--state FILE] [FILE ...]"
	assert_output --partial "--strict"
	run -0 pp-optimize --version
	run -2 --separate-stderr pp-optimize --bogus
	assert_equal "${stderr_lines[-1]}" "Try 'pp-optimize --help'."
}

# Spans with the function, rows and memory attributes too.
H2="trace_id,span_id,parent_span_id,name,op,start,duration,db.query.text,url.full,http.request.method,db.response.returned_rows,db.query.plan,code.function.name,code.function.args,memory"

spans2() {
	{ echo "$H2"; cat; } > "$tmp/$1"
}

@test "memoization: a function run again with the same arguments in a trace" {
	spans2 m.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,,,
t1,f1,r,price,function,100.1,20ms,,,,,,price_for,sku=12,
t1,f2,r,price,function,100.2,30ms,,,,,,price_for,sku=12,
t1,f3,r,price,function,100.3,25ms,,,,,,price_for,sku=13,
t2,r,,GET /a,http.server,200,1s,,,,,,,,
t2,f1,r,price,function,200.1,20ms,,,,,,price_for,sku=14,
t3,r,,GET /a,http.server,300,1s,,,,,,,,
t3,f1,r,price,function,300.1,20ms,,,,,,price_for,sku=14,
E
	run -0 --separate-stderr pp-optimize "$tmp/m.csv"
	# t2 and t3: the same arguments, but not within one trace
	assert_equal "$(types)" "memoization"
	assert_equal "$(csv_get target)" "price_for"
	assert_equal "$(csv_get impact_s)" "0.03"
	assert_equal "$(csv_get impact_calls)" "1"
	assert_equal "$(csv_get difficulty)" "easy"
}

@test "memoization: function spans without arguments are counted, not grouped" {
	spans2 m.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,,,
t1,f1,r,price,function,100.1,20ms,,,,,,price_for,,
t1,f2,r,price,function,100.2,30ms,,,,,,price_for,,
E
	run -0 --separate-stderr pp-optimize "$tmp/m.csv"
	assert_output ""
	assert_equal "$stderr" "pp-optimize: 2 function spans had no arguments (code.function.args or args): left out of memoization"
}

@test "debouncing: bursts of one call, each within 15 ms of the one before" {
	{
		echo "t1,r,,GET /a,http.server,100,1s,,,,,,,,"
		for i in 0 1 2 3 4 5; do
			echo "t1,g$i,r,suggest,http.client,100.$((100 + 14 * i)),4ms,,http://search/s?q=ab,GET,,,,,"
		done
		# five more, but 16 ms apart: no burst
		for i in 0 1 2 3 4; do
			echo "t1,h$i,r,suggest,http.client,100.$((500 + 16 * i)),4ms,,http://search/s?q=abc,GET,,,,,"
		done
	} | spans2 d.csv
	run -0 --separate-stderr pp-optimize "$tmp/d.csv"
	assert_line --partial "debouncing,bursts of calls to debounce,GET search/s?q=?,1,1,t1,0.02,"
	assert_equal "$(printf '%s\n' "$output" | grep -c debouncing)" "1"
	# debounced, the last call is made: 5 calls of 4 ms saved
	assert_output --partial "saves 5 calls"
}

@test "debouncing: four calls in a burst are not a finding" {
	{
		echo "t1,r,,GET /a,http.server,100,1s,,,,,,,,"
		for i in 0 1 2 3; do
			echo "t1,g$i,r,suggest,http.client,100.$((100 + 10 * i)),4ms,,http://search/s?q=ab,GET,,,,,"
		done
	} | spans2 d.csv
	run -0 --separate-stderr pp-optimize "$tmp/d.csv"
	refute_output --partial debouncing
}

@test "indexing: a slow SELECT that returns few rows, or scans the table" {
	spans2 i.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,,,
t1,u,r,users,db,100.1,150ms,"SELECT * FROM users WHERE email = 'a@x'",,,1,,,,
t2,r,,GET /a,http.server,200,1s,,,,,,,,
t2,u,r,users,db,200.1,110ms,"SELECT * FROM users WHERE email = 'b@x'",,,1,,,,
t3,r,,GET /a,http.server,300,1s,,,,,,,,
t3,o,r,orders,db,300.1,400ms,"SELECT * FROM orders WHERE note LIKE '%x%'",,,500,Seq Scan on orders,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/i.csv"
	assert_equal "$(types)" "indexing
indexing"
	# above index_slow_p95's 100 ms: 0.05 + 0.01
	assert_line --partial "indexing,query without a usable index,SELECT * FROM users WHERE email=?,2,2,t1,0.06,"
	assert_output --partial "p95 148 ms to return a median of 1 rows"
	assert_output --partial "its plan scans the whole table (1 of 1 calls)"
}

@test "indexing: fast, many rows, or no WHERE is not a finding (slow: query optimization)" {
	spans2 i.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,,,
t1,u,r,users,db,100.1,90ms,"SELECT * FROM users WHERE email = 'a@x'",,,1,,,,
t1,v,r,users,db,100.2,300ms,"SELECT * FROM users WHERE country = 'fr'",,,5000,,,,
t1,w,r,users,db,100.6,300ms,SELECT count(*) FROM users,,,1,,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/i.csv"
	assert_equal "$(types)" "query_optimization
query_optimization"
	refute_output --partial "email"
}

@test "lazy loading: an early leaf that loads, with the memory it holds" {
	spans2 l.csv <<'E'
t1,r,,GET /a,http.server,100,1s,,,,,,,,
t1,l,r,load templates,load,100.01,40ms,,,,,,,,50MiB
t1,m,r,init cache,cache,100.5,40ms,,,,,,,,
t1,n,r,load rules,load,100.02,40ms,,,,,,,,
t1,n1,n,read rules,fs,100.03,20ms,,,,,,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/l.csv"
	# m starts late, n has a child that reads it
	assert_equal "$(types)" "lazy_loading"
	assert_equal "$(csv_get target)" "load templates"
	assert_equal "$(csv_get impact_s)" "0.04"
	assert_equal "$(csv_get impact_bytes)" "52428800"
	assert_equal "$(csv_get difficulty)" "hard"
}

@test "optimize: thresholds from the configuration" {
	n_plus_one 3 40ms | spans b.csv
	run -0 pp-optimize "$tmp/b.csv"
	assert_output ""
	printf 'optimize:\n  batch_min_calls: 3\n  batch_min_total: 100ms\n' > "$tmp/pp.yaml"
	run -0 pp-optimize -c "$tmp/pp.yaml" "$tmp/b.csv"
	assert_equal "$(types)" "batching"
	PP_CONFIG="$tmp/pp.yaml" run -0 pp-optimize "$tmp/b.csv"
	assert_equal "$(types)" "batching"
}

@test "optimize: bad thresholds exit 3 with their place" {
	printf 'optimize:\n  batch_min_call: 3\n' > "$tmp/a.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/a.yaml" /dev/null
	assert_output ""
	assert_equal "$stderr" "pp-optimize: $tmp/a.yaml:2:3: unknown key 'batch_min_call'"
	printf 'optimize:\n  batch_min_calls: 2.5\n' > "$tmp/b.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/b.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/b.yaml:2:20: batch_min_calls: '2.5' is not a whole number of at least 1"
	printf 'optimize:\n  debounce_window: soon\n' > "$tmp/c.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/c.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/c.yaml:2:20: 'soon' is not a duration (e.g. 500ms, 30d)"
	printf 'optimize:\n  compress_ratio: 150%%\n' > "$tmp/d.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/d.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/d.yaml:2:19: compress_ratio: '150%' is not above 0% and at most 100%"
	printf 'optimize: 5\n' > "$tmp/e.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/e.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/e.yaml:1:11: expected a map of thresholds"
}

@test "--state: new, then open; applied and rejected kept; resolved when gone" {
	n_plus_one 5 12ms | spans b.csv
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "new"
	id=$(tsv_get id)
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "open"
	run -0 pp-optimize --state "$tmp/st.csv" status "$id" applied
	assert_output ""
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "applied"
	run -0 pp-optimize --state "$tmp/st.csv" status "$id" rejected
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "rejected"
	# the N+1 fixed: the finding is resolved, once
	n_plus_one 1 12ms | spans fixed.csv
	run -0 --separate-stderr pp-optimize --state "$tmp/st.csv" "$tmp/fixed.csv"
	assert_output "id,type,title,target,occurrences,traces,example_trace_id,impact_s,impact_pct,impact_calls,impact_bytes,difficulty,confidence,suggestion,status
$id,batching,N+1 calls to batch,SELECT * FROM items WHERE order_id=?,0,0,,0,0,0,0,medium,,,resolved"
	run -0 --separate-stderr pp-optimize --state "$tmp/st.csv" "$tmp/fixed.csv"
	assert_output ""
	run -0 cut -d, -f1,2,4 "$tmp/st.csv"
	assert_output "id,type,status
$id,batching,resolved"
	# seen again: open
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "open"
}

@test "status: needs --state, a known id and a known status" {
	n_plus_one 5 12ms | spans b.csv
	run -0 pp-optimize --state "$tmp/st.csv" "$tmp/b.csv"
	run -2 --separate-stderr pp-optimize status abc applied
	assert_equal "${stderr_lines[0]}" "pp-optimize: status: give the state file with --state"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" status abc done
	assert_equal "${stderr_lines[0]}" "pp-optimize: status: 'done' is not applied, rejected or open"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" status abc
	assert_equal "${stderr_lines[0]}" "pp-optimize: status: give a finding's id and one of applied, rejected or open"
	run -3 --separate-stderr pp-optimize --state "$tmp/st.csv" status 0000000000000000 open
	assert_equal "$stderr" "pp-optimize: status: no finding 0000000000000000 in $tmp/st.csv"
}

# The columns NAMES (comma-separated) of the finding $id in $tmp/st.csv.
state_get() {
	awk -F, -v id="$id" -v names="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$1 == id { n = split(names, f, ","); s = $(col[f[1]])
		for (i = 2; i <= n; i++) s = s "," $(col[f[i]]); print s }' "$tmp/st.csv"
}

@test "status: --reason is kept in --state with the status, one line" {
	n_plus_one 5 12ms | spans b.csv
	run -0 --separate-stderr pp-optimize --state "$tmp/st.csv" "$tmp/b.csv"
	id=$(csv_get id)
	run -0 pp-optimize --state "$tmp/st.csv" status "$id" rejected --reason "the rows come from two shards, one query each"
	assert_output ""
	# the reason is quoted for its comma
	run -0 grep "^$id," "$tmp/st.csv"
	assert_output --regexp "^$id,batching,[^,]*,rejected,[^,]*,[^,]*,\"the rows come from two shards, one query each\",20[^,]*Z,,,,\$"
	# a new status without a reason clears it
	run -0 pp-optimize --state "$tmp/st.csv" status "$id" open
	run -0 state_get status,reason
	assert_output "open,"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" status "$id" rejected --reason "$(printf 'two\nlines')"
	assert_equal "${stderr_lines[0]}" "pp-optimize: --reason: a reason is one line"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" --reason why "$tmp/b.csv"
	assert_equal "${stderr_lines[0]}" "pp-optimize: --reason goes with status"
}

# A finding in $tmp/st.csv, its id in $id; a small program, $tmp/prog,
# that sleeps $1 s; $apply rewrites it to sleep $2 s, keeping a copy that
# $rollback puts back; $measure runs it.
try_setup() {
	n_plus_one 5 12ms | spans b.csv
	run -0 --separate-stderr pp-optimize --state "$tmp/st.csv" "$tmp/b.csv"
	id=$(csv_get id)
	printf '#!/bin/sh\n# the work\nsleep %s\n' "$1" > "$tmp/prog"
	chmod +x "$tmp/prog"
	cp "$tmp/prog" "$tmp/prog.orig"
	apply="cp $tmp/prog $tmp/prog.bak && sed 's/^sleep .*/sleep $2/' $tmp/prog.bak > $tmp/prog"
	rollback="mv $tmp/prog.bak $tmp/prog"
	measure="$tmp/prog"
}

@test "try: a change that makes a program faster is kept, with its effect in --state" {
	try_setup 0.05 0.01
	run -0 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --apply "$apply" --rollback "$rollback" --measure "$measure" -n 5
	assert_equal "$stderr" ""
	assert_line --index 0 "id,type,target,runs_before,runs_after,median_before_s,median_after_s,diff_s,diff_lo_s,diff_hi_s,p_value,measured_s,decision,reason,status"
	assert_equal "$(csv_get type),$(csv_get runs_before),$(csv_get runs_after),$(csv_get decision),$(csv_get reason),$(csv_get status)" "batching,5,5,keep,faster,kept"
	local effect
	effect="$(csv_get diff_s),$(csv_get diff_lo_s),$(csv_get diff_hi_s),$(csv_get p_value)"
	# the change is in place, and the state has the outcome and effect
	run -0 sed -n 3p "$tmp/prog"
	assert_output "sleep 0.01"
	run -0 state_get status,reason,diff_s,diff_lo_s,diff_hi_s,p_value
	assert_output "kept,faster,$effect"
	run -0 state_get changed
	assert_output --regexp '^20[0-9-]+T[0-9:.]+Z$'
	# kept stays kept while the finding is seen
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "kept"
}

@test "try: a change that makes a program slower is rolled back, the program restored, exit 1" {
	try_setup 0.01 0.05
	run -1 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --apply "$apply" --rollback "$rollback" --measure "$measure" -n 5
	assert_equal "$stderr" "pp-optimize: rollback: the measure command takes more time after the change"
	assert_equal "$(csv_get decision),$(csv_get reason),$(csv_get status)" "rollback,slower,rolled_back"
	cmp "$tmp/prog" "$tmp/prog.orig"
	[ ! -e "$tmp/prog.bak" ]
	run -0 state_get status,reason
	assert_output "rolled_back,slower"
	run -0 --separate-stderr pp-optimize --output-format tsv --state "$tmp/st.csv" "$tmp/b.csv"
	assert_equal "$(tsv_get status)" "rolled_back"
}

@test "try: an apply or a measure after it that fails is rolled back, exit 1" {
	try_setup 0.01 0.01
	# the apply changes the program, then fails
	run -1 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --apply "$apply && exit 3" --rollback "$rollback" --measure "$measure" -n 5
	assert_equal "$stderr" "pp-optimize: try: the apply command failed (exit status 3)"
	assert_output "id,type,target,runs_before,runs_after,median_before_s,median_after_s,diff_s,diff_lo_s,diff_hi_s,p_value,measured_s,decision,reason,status
$id,batching,SELECT * FROM items WHERE order_id=?,5,0,$(csv_get median_before_s),,,,,,,rollback,apply_failed,rolled_back"
	cmp "$tmp/prog" "$tmp/prog.orig"
	run -0 state_get status,reason,diff_s,p_value
	assert_output "rolled_back,apply_failed,,"
	# the change breaks the program: its output goes to standard error
	run -1 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --apply "$apply; echo broken; chmod -x $tmp/prog" --rollback "$rollback; chmod +x $tmp/prog" --measure "$measure" -n 5
	assert_equal "${stderr_lines[0]}" "broken"
	assert_equal "${stderr_lines[-1]}" "pp-optimize: try: the measure command failed after the change (exit status 126)"
	assert_equal "$(csv_get runs_after),$(csv_get reason),$(csv_get status)" "0,measure_failed,rolled_back"
	cmp "$tmp/prog" "$tmp/prog.orig"
	run -0 state_get status,reason
	assert_output "rolled_back,measure_failed"
}

@test "try: a rollback that fails is rollback_failed; a measure that fails before applies nothing" {
	try_setup 0.01 0.01
	run -1 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --apply false --rollback "exit 4" --measure "$measure" -n 5
	assert_equal "$stderr" "pp-optimize: try: the apply command failed (exit status 1)
pp-optimize: try: the rollback command failed (exit status 4): the change may still be in place"
	assert_equal "$(csv_get reason),$(csv_get status)" "apply_failed,rollback_failed"
	run -0 state_get status
	assert_output "rollback_failed"
	cp "$tmp/st.csv" "$tmp/st.before"
	run -3 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --apply "touch $tmp/applied" --rollback true --measure "$measure; kill -9 \$\$" -n 5
	assert_equal "$stderr" "pp-optimize: try: the measure command failed before the change (signal 9): nothing was applied"
	assert_output ""
	[ ! -e "$tmp/applied" ]
	cmp "$tmp/st.csv" "$tmp/st.before"
}

@test "try: needs --state with the finding, the three commands and enough runs" {
	try_setup 0.01 0.01
	local cmds=(--apply true --rollback true --measure true)
	run -3 --separate-stderr pp-optimize --state "$tmp/st.csv" try 0000000000000000 "${cmds[@]}" -n 5
	assert_equal "$stderr" "pp-optimize: try: no finding 0000000000000000 in $tmp/st.csv"
	run -3 --separate-stderr pp-optimize --state "$tmp/none.csv" try "$id" "${cmds[@]}"
	assert_equal "$stderr" "pp-optimize: try: $tmp/none.csv does not exist: a run with --state $tmp/none.csv makes it"
	run -2 --separate-stderr pp-optimize try "$id" "${cmds[@]}"
	assert_equal "${stderr_lines[0]}" "pp-optimize: try: give the state file with --state"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" --rollback true --measure true
	assert_equal "${stderr_lines[0]}" "pp-optimize: try: give a finding's id, --apply CMD, --rollback CMD and --measure CMD"
	assert_equal "${stderr_lines[1]}" "Try 'pp-optimize --help'."
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" try "${cmds[@]}"
	assert_equal "${stderr_lines[0]}" "pp-optimize: try: give a finding's id, --apply CMD, --rollback CMD and --measure CMD"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" "${cmds[@]}" -n 1
	assert_equal "${stderr_lines[0]}" "pp-optimize: -n: '1' is not a whole number from 2 to 10000"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" "${cmds[@]}" -n 5x
	assert_equal "${stderr_lines[0]}" "pp-optimize: -n: '5x' is not a whole number from 2 to 10000"
	# the exact test's smallest p-value with 3 runs a side is 2 / C(6, 3)
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" "${cmds[@]}" -n 3
	assert_equal "${stderr_lines[0]}" "pp-optimize: -n: 3 runs a side cannot give a p-value below --alpha 0.05: give -n 4 or more"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" try "$id" "${cmds[@]}" -n 4 --alpha 0.01
	assert_equal "${stderr_lines[0]}" "pp-optimize: -n: 4 runs a side cannot give a p-value below --alpha 0.01: give -n 5 or more"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" --apply true "$tmp/b.csv"
	assert_equal "${stderr_lines[0]}" "pp-optimize: --apply, --rollback, --measure and -n go with try"
	run -2 --separate-stderr pp-optimize --state "$tmp/st.csv" -n 5 status "$id" open
	assert_equal "${stderr_lines[0]}" "pp-optimize: --apply, --rollback, --measure and -n go with try"
	# nothing ran, nothing changed
	run -0 state_get status
	assert_output "new"
}

# before: 12 traces with an N+1 of 6 calls; after: one batched call.
before_after() {
	local i k
	{
		for i in $(seq 0 11); do
			echo "b$i,r,,GET /orders,http.server,$((100 + i)),$((200 + 3 * i))ms,,,,,,"
			for k in 1 2 3 4 5 6; do
				echo "b$i,q$k,r,items,db,$((100 + i)).$k,12ms,\"SELECT * FROM items WHERE order_id = $((10 * i + k))\",,,,,"
			done
		done
	} | spans before.csv
	{
		for i in $(seq 0 11); do
			echo "a$i,r,,GET /orders,http.server,$((200 + i)),$(($1 + 3 * i))ms,,,,,,"
			echo "a$i,q,r,items,db,$((200 + i)).1,15ms,\"SELECT * FROM items WHERE order_id IN (1, 2, 3)\",,,,,"
		done
	} | spans after.csv
}

@test "verify: a significant gain is kept" {
	before_after 130
	run -0 --separate-stderr pp-optimize "$tmp/before.csv"
	id=$(csv_get id)
	run -0 --separate-stderr pp-optimize verify "$id" --before "$tmp/before.csv" --after "$tmp/after.csv"
	# medians 0.2165 and 0.1465 s; every after below every before: the
	# exact p-value is 2 / C(24, 12), and the shift and its interval
	# those of R 4.2.2's wilcox.test(after, before, conf.int = TRUE):
	# -0.07, [-0.079, -0.061]
	assert_output "id,type,target,traces_before,traces_after,median_before_s,median_after_s,diff_s,diff_lo_s,diff_hi_s,p_value,estimated_s,measured_s,decision
$id,batching,SELECT * FROM items WHERE order_id=?,12,12,0.2165,0.1465,-0.07,-0.079,-0.061,7.396023011e-07,0.06,0.07,keep"
	assert_equal "$stderr" ""
}

@test "verify: no gain or a regression is a rollback, exit 1" {
	before_after 195
	run -0 pp-optimize "$tmp/before.csv"
	id=$(csv_get id)
	run -1 --separate-stderr pp-optimize verify "$id" --before "$tmp/before.csv" --after "$tmp/after.csv"
	assert_output --partial ",rollback"
	assert_equal "$stderr" "pp-optimize: rollback: the gain is not significant"
	before_after 260
	run -1 --separate-stderr pp-optimize verify "$id" --before "$tmp/before.csv" --after "$tmp/after.csv"
	assert_equal "$stderr" "pp-optimize: rollback: the target takes no less time after the change"
}

# before and after: the roots' durations in ms, one list each.
roots_before_after() {
	local i=0 k d
	for d in $1; do
		echo "b$i,r,,GET /orders,http.server,$((100 + i)),${d}ms,,,,,,"
		for k in 1 2 3 4 5 6; do
			echo "b$i,q$k,r,items,db,$((100 + i)).$k,12ms,\"SELECT * FROM items WHERE order_id = $((10 * i + k))\",,,,,"
		done
		i=$((i + 1))
	done | spans before.csv
	i=0
	for d in $2; do
		echo "a$i,r,,GET /orders,http.server,$((200 + i)),${d}ms,,,,,,"
		echo "a$i,q,r,items,db,$((200 + i)).1,15ms,\"SELECT * FROM items WHERE order_id IN (1, 2, 3)\",,,,,"
		i=$((i + 1))
	done | spans after.csv
}

@test "verify: p below alpha but an interval with 0 is a rollback, as pp-abtest says no_change" {
	local b='203 203 203 203 209 212 215 215 215 215 215 221'
	local a='197 197 197 200 200 200 206 206 206 206 218 218'
	roots_before_after "$b" "$a"
	run -0 --separate-stderr pp-optimize "$tmp/before.csv"
	id=$(csv_get id)
	# The exact p-value with ties is 0.0489; R 4.2.2's
	# wilcox.test(after, before, conf.int = TRUE, tol.root = 1e-13):
	# interval [-0.015, 0.003] (normal approximation, ties), and
	# median(outer(after, before, "-")) = -0.0075
	run -1 --separate-stderr pp-optimize verify "$id" --before "$tmp/before.csv" --after "$tmp/after.csv"
	assert_equal "$(csv_get diff_s),$(csv_get diff_lo_s),$(csv_get diff_hi_s),$(csv_get decision)" "-0.0075,-0.015,0.003,rollback"
	assert_near "$(csv_get p_value)" 0.0489402 1e-5 "exact p with ties"
	assert_equal "$stderr" "pp-optimize: rollback: the gain is not significant"
	# the same values, the same rule: pp-abtest with no minimum effect
	{
		echo "variant,value"
		for d in $b; do echo "before,$d"; done
		for d in $a; do echo "after,$d"; done
	} > "$tmp/ab.csv"
	run -0 pp-abtest analyze --control before --min-effect 0 --confidence 95 -F p_value,diff,diff_lo,diff_hi,verdict "$tmp/ab.csv"
	assert_line --index 2 --regexp '^0\.04894[0-9]*,-7\.5,-15,3,no_change$'
}

@test "verify: bad uses" {
	before_after 130
	run -2 --separate-stderr pp-optimize verify abc --before "$tmp/before.csv"
	assert_equal "${stderr_lines[0]}" "pp-optimize: verify: give a finding's id, --before FILE and --after FILE"
	run -2 --separate-stderr pp-optimize --before "$tmp/before.csv" "$tmp/after.csv"
	assert_equal "${stderr_lines[0]}" "pp-optimize: --before and --after go with verify"
	run -3 --separate-stderr pp-optimize verify 0000000000000000 --before "$tmp/before.csv" --after "$tmp/after.csv"
	assert_equal "$stderr" "pp-optimize: verify: no finding 0000000000000000 in the spans before: run pp-optimize on them to list the ids"
	run -2 --separate-stderr pp-optimize verify abc --alpha 0.7 --before "$tmp/before.csv" --after "$tmp/after.csv"
	assert_equal "${stderr_lines[0]}" "pp-optimize: --alpha: '0.7' is not a level above 0 and below 0.5"
}

# tsv_get NAME: the value of NAME in the first row of TSV in $output.
tsv_get() {
	printf '%s\n' "$output" | awk -F'\t' -v name="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ print $(col[name]); exit }'
}

@test "--otlp: the file exporter's OTLP/JSON, spans and attributes" {
	run -0 --separate-stderr pp-optimize --otlp --output-format csv "$TOP/share/pp/examples/otlp.jsonl"
	# two traces, each with 5 statements of 12 ms under GET /orders, on
	# a database known by its db.system
	assert_output "id,type,title,target,occurrences,traces,example_trace_id,impact_s,impact_pct,impact_calls,impact_bytes,difficulty,confidence,suggestion
3f5aa5c9218a8106,batching,N+1 calls to batch,postgresql: SELECT * FROM items WHERE order_id=?,2,2,00000000000000000000000000000001,0.096,9.6,8,0,medium,low,\"Fetch the rows of 'postgresql: SELECT * FROM items WHERE order_id=?' in one call (an IN list, a join or a batch request) instead of one call per row under 'GET /orders'\""
	assert_equal "$stderr" ""
}

@test "--otlp: a line that is no export request is a bad record" {
	{ cat "$TOP/share/pp/examples/otlp.jsonl"; echo '{}'; echo 'nope'; } > "$tmp/o.jsonl"
	run -0 --separate-stderr pp-optimize --otlp "$tmp/o.jsonl"
	assert_equal "$stderr" "pp-optimize: $tmp/o.jsonl:3: not an OTLP/JSON export request (an object with resourceSpans)
pp-optimize: $tmp/o.jsonl:4: not an OTLP/JSON export request (an object with resourceSpans)"
	run -3 --separate-stderr pp-optimize --otlp --strict "$tmp/o.jsonl"
	assert_equal "$stderr" "pp-optimize: $tmp/o.jsonl:3: not an OTLP/JSON export request (an object with resourceSpans)"
}

@test "empty route and db.system columns make no call; a root without a start" {
	printf '%s\n' "trace_id,span_id,parent_span_id,name,op,start,duration,http.route,db.system,db.statement" \
	    "t1,r,,GET /a,http.server,,1s,,," \
	    "t1,x,r,work,internal,100.1,100ms,,," \
	    "t2,r,,GET /a,http.server,,1s,,," \
	    "t2,x,r,work,internal,200.1,100ms,,," > "$tmp/e.csv"
	for i in 1 2 3 4 5; do
		echo "t2,q$i,r,q,db,200.$((1 + i)),20ms,,pg,SELECT * FROM t WHERE id = $i" >> "$tmp/e.csv"
	done
	run -0 --separate-stderr pp-optimize "$tmp/e.csv"
	# no caching of "GET ", no warning; the traces are 1 s each
	assert_equal "$stderr" ""
	assert_equal "$(types)" "batching"
	assert_equal "$(csv_get impact_pct)" "4"
}

@test "bind placeholders: parameters unknown, so batching and not caching" {
	{
		echo "t1,r,,GET /orders,http.server,100,1s,,,,,,"
		for i in 1 2 3 4 5 6; do
			echo "t1,q$i,r,items,db,100.$((10 * i)),12ms,SELECT * FROM items WHERE order_id = \$1,,,,,"
		done
	} | spans ph.csv
	run -0 --separate-stderr pp-optimize "$tmp/ph.csv"
	assert_equal "$(types)" "batching"
	assert_equal "$(csv_get target)" "SELECT * FROM items WHERE order_id=?"
}

@test "siblings without a start, and epoch times, keep sequential calls found" {
	spans p.csv <<'E'
t1,r,,GET /page,http.server,1700000000,1s,,,,,,
t1,a,r,users,http.client,1700000000.140891,179.213ms,,http://users/u/1,GET,,,
t1,c,r,other,http.client,,5ms,,http://other/o,GET,,,
t1,b,r,prices,http.client,1700000000.320104,60ms,,http://prices/p,GET,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/p.csv"
	assert_equal "$(types)" "parallelization"
	assert_equal "$(csv_get impact_s)" "0.06"
}

@test "a URL in a query string is no scheme" {
	{
		echo "t1,r,,GET /page,http.server,100,1s,,,,,,"
		for i in 1 2 3 4 5; do
			echo "t1,q$i,r,x,http.client,100.$i,20ms,,/login?next=https://cdn.example/img/$i,GET,,,"
		done
	} | spans u.csv
	run -0 --separate-stderr pp-optimize "$tmp/u.csv"
	assert_equal "$(csv_get target)" "GET /login?next=?"
}

@test "--state: a file that is not a state file is left as it is, exit 3" {
	cp "$TOP/share/pp/examples/spans.csv" "$tmp/s.csv"
	run -3 --separate-stderr pp-optimize --state "$tmp/s.csv" "$TOP/share/pp/examples/spans.csv"
	assert_equal "$stderr" "pp-optimize: $tmp/s.csv:2: no id or status: not a state file of pp-optimize; it is left as it is"
	cmp "$tmp/s.csv" "$TOP/share/pp/examples/spans.csv"
	printf 'id,type,target,status,first_seen,last_seen\n"broken\n' > "$tmp/st.csv"
	run -3 --separate-stderr pp-optimize --state "$tmp/st.csv" "$TOP/share/pp/examples/spans.csv"
	assert_equal "$stderr" "pp-optimize: $tmp/st.csv:2: unterminated quoted field: not a state file of pp-optimize; it is left as it is"
	run -3 --separate-stderr pp-optimize --state "$tmp/none.csv" status 0123456789abcdef open
	assert_equal "$stderr" "pp-optimize: status: $tmp/none.csv does not exist: a run with --state $tmp/none.csv makes it"
	[ ! -e "$tmp/none.csv" ]
}

@test "--otlp: text after the object is a bad record" {
	{ printf '{"resourceSpans":[]}'; head -1 "$TOP/share/pp/examples/otlp.jsonl"; } > "$tmp/o.jsonl"
	run -0 --separate-stderr pp-optimize --otlp "$tmp/o.jsonl"
	assert_equal "$stderr" "pp-optimize: $tmp/o.jsonl:1: not an OTLP/JSON export request (an object with resourceSpans)"
}

@test "--otlp: a span with no fields at all is skipped with a warning (under make asan: no UBSan report)" {
	printf '%s\n' '{"resourceSpans":[{"scopeSpans":[{"spans":[{}]}]}]}' \
	    '{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"attributes":[]}]}]}]}' > "$tmp/o.jsonl"
	run -0 --separate-stderr pp-optimize --otlp "$tmp/o.jsonl"
	assert_output ""
	assert_equal "$stderr" "pp-optimize: $tmp/o.jsonl:1: span without a trace_id: skipped
pp-optimize: $tmp/o.jsonl:2: span without a trace_id: skipped"
}

@test "-f, -g and --time-field are refused, not ignored" {
	run -2 --separate-stderr pp-optimize -f x
	assert_equal "$stderr" "pp-optimize: -f: spans are read by the fields of pp-optimize(1) SPANS: duration, not a value field
Try 'pp-optimize --help'."
	run -2 --separate-stderr pp-optimize -g a
	assert_equal "$stderr" "pp-optimize: -g: findings group spans by their statement and route, not by -g
Try 'pp-optimize --help'."
	run -2 --separate-stderr pp-optimize --time-field t
	assert_equal "$stderr" "pp-optimize: --time-field: a span's time is its start field
Try 'pp-optimize --help'."
}

@test "parallelization: calls 10 ms apart, within 10% of the shorter call" {
	spans p.csv <<'E'
t1,r,,GET /page,http.server,100,1s,,,,,,
t1,a,r,users,http.client,100.100,200ms,,http://users.internal/v1/summary,GET,,,
t1,b,r,billing,http.client,100.310,200ms,,http://billing.internal/v1/summary,GET,,,
t1,c,r,stats,http.client,100.520,200ms,,http://stats.internal/v1/summary,GET,,,
E
	run -0 --separate-stderr pp-optimize "$tmp/p.csv"
	assert_equal "$(types)" "parallelization"
	assert_equal "$(csv_get target)" "GET /page"
	# three calls of 200 ms in the time of one
	assert_equal "$(csv_get impact_s)" "0.4"
	assert_equal "$(csv_get occurrences)" "1"
	# 21 ms after a call of 200 ms is beyond 20 ms: two runs of one
	sed 's/100\.520/100.531/' "$tmp/p.csv" > "$tmp/p2.csv"
	run -0 --separate-stderr pp-optimize "$tmp/p2.csv"
	assert_equal "$(csv_get impact_s)" "0.2"
	# the share is a threshold of the configuration
	printf 'optimize:\n  parallel_gap_share: 4%%\n' > "$tmp/pp.yaml"
	run -0 --separate-stderr pp-optimize -c "$tmp/pp.yaml" "$tmp/p.csv"
	assert_output ""
}

@test "targets: the host of an HTTP call, the database system and name of a statement" {
	{
		echo "trace_id,span_id,parent_span_id,name,op,start,duration,url.full,http.request.method,server.address,db.system,db.namespace,db.name,db.statement"
		for t in 1 2 3; do
			echo "t$t,r,,GET /page,http.server,$t,1s,,,,,,,"
			echo "t$t,a,r,users,http.client,$t.1,30ms,http://users.internal/v1/summary,GET,,,,,"
			echo "t$t,b,r,billing,http.client,$t.2,30ms,https://u:p@billing.internal:8443/v1/summary,GET,,,,,"
			echo "t$t,c,r,stats,http.client,$t.3,30ms,/v1/summary,GET,stats.internal,,,,"
			for i in 1 2 3 4 5; do
				echo "t$t,o$i,r,q,db,$t.4$i,12ms,,,,postgresql,orders,,SELECT * FROM items WHERE id = $t$i"
				echo "t$t,l$i,r,q,db,$t.5$i,12ms,,,,mysql,,legacy,SELECT * FROM items WHERE id = $t$i"
			done
		done
	} > "$tmp/s.csv"
	run -0 --separate-stderr pp-optimize -F type,target,impact_s "$tmp/s.csv"
	assert_output "type,target,impact_s
batching,mysql legacy: SELECT * FROM items WHERE id=?,0.144
batching,postgresql orders: SELECT * FROM items WHERE id=?,0.144
caching,GET billing.internal/v1/summary,0.06
caching,GET stats.internal/v1/summary,0.06
caching,GET users.internal/v1/summary,0.06"
}

@test "min_saving: 50 health checks of a 1 ms SELECT 1 are no caching finding" {
	for i in $(seq 10 59); do
		echo "h$i,r,,GET /health,http.server,$i,2ms,,,,,,"
		echo "h$i,q,r,ping,db,$i.0005,1ms,SELECT 1,,,,,"
	done | spans h.csv
	run -0 --separate-stderr pp-optimize "$tmp/h.csv"
	assert_output ""
	assert_equal "$stderr" ""
	# 49 ms saved in 50 traces: a finding from a min_saving of 0.5 ms
	printf 'optimize:\n  min_saving: 0.5ms\n' > "$tmp/pp.yaml"
	run -0 --separate-stderr pp-optimize -c "$tmp/pp.yaml" "$tmp/h.csv"
	assert_equal "$(types)" "caching"
	assert_equal "$(csv_get impact_s)" "0.049"
}

@test "min_share: a saving under 1% of its traces' time is no finding" {
	n_plus_one 5 12ms | sed 's/,1s,/,5s,/' | spans b.csv
	# 48 ms of 5 s
	run -0 --separate-stderr pp-optimize "$tmp/b.csv"
	assert_output ""
	printf 'optimize:\n  min_share: 0.5%%\n' > "$tmp/pp.yaml"
	run -0 --separate-stderr pp-optimize -c "$tmp/pp.yaml" "$tmp/b.csv"
	assert_equal "$(types)" "batching"
	assert_equal "$(csv_get impact_pct)" "0.96"
}

@test "quiet traces give no finding: health checks, fast distinct queries, a few fast calls" {
	{
		for i in $(seq 10 59); do
			echo "h$i,r,,GET /health,http.server,$i,2ms,,,,,,"
			echo "h$i,q,r,ping,db,$i.0005,1ms,SELECT 1,,,,,"
		done
		for i in $(seq 100 129); do
			echo "q$i,r,,GET /item,http.server,$i,60ms,,,,,,"
			echo "q$i,a,r,item,db,$i.001,3ms,SELECT * FROM items WHERE id = $i,,,,,"
			echo "q$i,b,r,user,db,$i.005,2ms,SELECT * FROM users WHERE id = $i,,,,,"
			echo "q$i,c,r,price,http.client,$i.010,8ms,,http://prices.internal/p/$i,GET,,,"
			echo "q$i,d,r,stock,http.client,$i.019,6ms,,http://stock.internal/s/$i,GET,,,"
			echo "q$i,e,r,config,http.client,$i.030,2ms,,http://config.internal/c,GET,,,"
		done
	} | spans quiet.csv
	run -0 --separate-stderr pp-optimize "$tmp/quiet.csv"
	assert_output ""
}

@test "slow_query: a 1.5 s statement in every trace, its time above 100 ms" {
	for i in $(seq 10 19); do
		echo "t$i,r,,GET /report,http.server,$i,2s,,,,,,"
		echo "t$i,q,r,report,db,$i.1,1.5s,\"SELECT sum(total) FROM orders WHERE day = '2026-01-$i'\",,,,,"
	done | spans q.csv
	run -0 --separate-stderr pp-optimize "$tmp/q.csv"
	assert_equal "$(types)" "query_optimization"
	# 10 calls, 1.4 s above 100 ms each
	assert_equal "$(csv_get impact_s)" "14"
	assert_output --partial "p95 1.5 s and median 1.5 s, against the 100 ms of slow_query"
	printf 'optimize:\n  slow_query: 1s\n' > "$tmp/pp.yaml"
	run -0 --separate-stderr pp-optimize -c "$tmp/pp.yaml" "$tmp/q.csv"
	assert_equal "$(csv_get impact_s)" "5"
	printf 'optimize:\n  slow_query: 2s\n' > "$tmp/pp.yaml"
	run -0 --separate-stderr pp-optimize -c "$tmp/pp.yaml" "$tmp/q.csv"
	assert_output ""
}

@test "optimize: bad new thresholds exit 3; query_slow_p95 is now slow_query" {
	printf 'optimize:\n  parallel_gap_share: 0%%\n' > "$tmp/a.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/a.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/a.yaml:2:23: parallel_gap_share: '0%' is not above 0% and at most 100%"
	printf 'optimize:\n  min_share: 150%%\n' > "$tmp/b.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/b.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/b.yaml:2:14: min_share: '150%' is not above 0% and at most 100%"
	printf 'optimize:\n  min_saving: -1ms\n' > "$tmp/c.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/c.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/c.yaml:2:15: '-1ms' is not a duration (e.g. 500ms, 30d)"
	printf 'optimize:\n  query_slow_p95: 1s\n' > "$tmp/d.yaml"
	run -3 --separate-stderr pp-optimize -c "$tmp/d.yaml" /dev/null
	assert_equal "$stderr" "pp-optimize: $tmp/d.yaml:2:3: unknown key 'query_slow_p95'"
}
