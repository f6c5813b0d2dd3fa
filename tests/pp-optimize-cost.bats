#!/usr/bin/env bats
# pp-optimize: with a prices: section, the money each finding would save,
# exact to the nano-unit, as pp-cost prices usage.

load common

H="trace_id,span_id,parent_span_id,name,op,start,duration,db.query.text,url.full,http.request.method,http.response.body.size,http.response_content_length_uncompressed"

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

# conf TEXT: the configuration $tmp/p.yaml.
conf() {
	printf '%s\n' "$1" > "$tmp/p.yaml"
}

# The fields of the finding of type TYPE in $output (CSV of -F
# type,impact_calls,impact_s,impact_cost,currency).
row() {
	printf '%s\n' "$output" | awk -F, -v t="$1" '$1 == t'
}

# N calls of the same SELECT, 50 ms each, under a root of 100 s.
same_query() {
	local i
	echo "t1,r,,GET /a,http.server,,100s,,,,,"
	for i in $(seq 1 "$1"); do
		echo "t1,q$i,r,q,db,,50ms,SELECT * FROM plans WHERE id = 7,,,,"
	done
}

F="-F type,impact_calls,impact_s,impact_cost,currency"

@test "cost: 1234 queries saved at 0.0004 USD each is 0.4936 USD" {
	same_query 1235 | spans q.csv
	conf 'prices:
  currency: USD
  rules:
    - {name: db, match: {metric: db.queries}, price: "0.0004"}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" $F "$tmp/q.csv"
	assert_equal "$(row caching)" "caching,1234,61.7,0.4936,USD"
	# and 61.7 s at 0.036 USD an hour: 0.000617 more (pp-optimize(1) COST)
	conf 'prices:
  currency: USD
  rules:
    - {match: {metric: db.queries}, price: "0.0004"}
    - {match: {metric: compute.seconds}, price: "0.036", per: 1h}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" $F "$tmp/q.csv"
	assert_equal "$(row caching)" "caching,1234,61.7,0.494217,USD"
}

@test "cost: calls and compute seconds priced together, to the nano-unit" {
	spans c.csv <<'E'
t1,r,,GET /a,http.server,,10s,,,,,
t1,q1,r,q,db,,1.5s,SELECT * FROM plans WHERE id = 7,,,,
t1,q2,r,q,db,,1.5s,SELECT * FROM plans WHERE id = 7,,,,
E
	conf 'prices:
  rules:
    - {match: {metric: db.queries}, price: "0.0004"}
    - {match: {metric: compute.seconds}, price: "0.036", per: 1h}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" $F "$tmp/c.csv"
	# 1 x 0.0004 + 1.5 s x 0.036 / 3600 s = 0.0004 + 0.000015
	assert_equal "$(row caching)" "caching,1,1.5,0.000415,USD"
}

@test "cost: a finding that no rule prices has an empty cost" {
	spans h.csv <<'E'
t1,r,,GET /a,http.server,,10s,,,,,
t1,h1,r,h,http.client,,1s,,http://api.example/plans/7,GET,,
t1,h2,r,h,http.client,,1s,,http://api.example/plans/7,GET,,
E
	conf 'prices:
  currency: EUR
  rules:
    - {match: {metric: db.queries}, price: "0.0004"}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" $F "$tmp/h.csv"
	assert_equal "$(row caching)" "caching,1,1,,"
	# HTTP calls are api.calls; a rule may also match the target
	conf 'prices:
  currency: EUR
  rules:
    - {match: {metric: api.calls, target: "GET /plans/*"}, price: "0.002"}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" $F "$tmp/h.csv"
	assert_equal "$(row caching)" "caching,1,1,0.002,EUR"
}

@test "cost: a rule whose per is of another kind does not price a finding" {
	same_query 3 | spans k.csv
	conf 'prices:
  rules:
    - {match: {metric: db.queries}, price: "0.09", per: 1GB}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" $F "$tmp/k.csv"
	assert_equal "$(row caching)" "caching,2,0.1,,"
}

@test "cost: the bytes compression saves are priced as network.egress" {
	spans z.csv <<'E'
t1,r,,GET /a,http.server,,1s,,,,,
t1,h,r,export,http.client,,200ms,,https://cdn.example/export/data.json,GET,2000000,2000000
E
	conf 'prices:
  rules:
    - {match: {metric: network.egress}, price: "0.09", per: 1GB}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" -F type,impact_bytes,impact_cost "$tmp/z.csv"
	# 1500000 bytes x 0.09 / 10^9
	assert_output "type,impact_bytes,impact_cost
compression,1500000,0.000135"
}

@test "cost: without a prices: section, no cost fields" {
	same_query 3 | spans n.csv
	conf 'optimize:
  cache_min_calls: 2'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" "$tmp/n.csv"
	assert_equal "$(printf '%s\n' "$output" | head -1 | grep -c impact_cost)" "0"
	run -0 --separate-stderr pp-optimize -q "$tmp/n.csv"
	assert_equal "$(printf '%s\n' "$output" | head -1 | grep -c impact_cost)" "0"
}

@test "cost: resolved findings of --state have empty costs" {
	same_query 3 | spans s1.csv
	spans s2.csv <<'E'
t1,r,,GET /a,http.server,,1s,,,,,
E
	conf 'prices:
  rules:
    - {match: {metric: db.queries}, price: "0.0004"}'
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" --state "$tmp/st.csv" $F,status "$tmp/s1.csv"
	assert_equal "$(row caching)" "caching,2,0.1,0.0008,USD,new"
	run -0 --separate-stderr pp-optimize -q -c "$tmp/p.yaml" --state "$tmp/st.csv" $F,status "$tmp/s2.csv"
	assert_equal "$(row caching)" "caching,0,0,,,resolved"
}

@test "cost: a bad prices: section exits 3 with its place, before any span is read" {
	conf 'prices:
  rules:
    - {match: {metric: db.queries}, price: "four"}'
	run -3 --separate-stderr pp-optimize -c "$tmp/p.yaml" /nonexistent
	assert_output ""
	assert_equal "$stderr" "pp-optimize: $tmp/p.yaml:3:44: price: 'four' is not a decimal such as \"0.0004\""
}
