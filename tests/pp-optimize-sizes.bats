#!/usr/bin/env bats
# pp-optimize: compression under the body sizes of OpenTelemetry and of
# Sentry's span data, alone and mixed.

load common

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

# The types found in $output (CSV), one per line.
types() {
	printf '%s\n' "$output" | awk -F, 'NR > 1 { print $2 }'
}

# sized FILE HEADER-ATTRS: a 2 MB response sent as large as it is
# decoded, with the size attributes HEADER-ATTRS, whose values follow.
sized() {
	local f=$1 names=$2 empty=""
	shift 2
	for _ in $(seq 2 $#); do empty="$empty,"; done
	{
		echo "trace_id,span_id,parent_span_id,name,op,start,duration,url.full,$names"
		echo "t1,r,,GET /a,http.server,100,1s,,$empty"
		echo "t1,h,r,export,http.client,100.1,200ms,https://cdn.example/export/data.json,$(IFS=,; echo "$*")"
	} > "$tmp/$f"
}

@test "compression: a 2 MB response under Sentry's names" {
	sized s.csv http.response_content_length,http.decoded_response_content_length,http.response_transfer_size 2000000 2000000 2000300
	run -0 --separate-stderr pp-optimize "$tmp/s.csv"
	assert_equal "$(types)" "compression"
	assert_equal "$(csv_get target)" "GET /export/data.json"
	assert_equal "$(csv_get impact_bytes)" "1500000"
	assert_equal "$stderr" ""
}

@test "compression: a 2 MB response under OpenTelemetry's names, current and older" {
	sized o.csv http.response.body.size,http.response.body.decoded_size 2000000 2000000
	run -0 --separate-stderr pp-optimize "$tmp/o.csv"
	assert_equal "$(types)" "compression"
	assert_equal "$(csv_get impact_bytes)" "1500000"
	sized l.csv http.response_content_length,http.response_content_length_uncompressed 2000000 2000000
	run -0 --separate-stderr pp-optimize "$tmp/l.csv"
	assert_equal "$(types)" "compression"
}

@test "compression: OpenTelemetry's size as sent with Sentry's decoded size, and the other way" {
	sized m1.csv http.response.body.size,http.decoded_response_content_length 2000000 2000000
	run -0 --separate-stderr pp-optimize "$tmp/m1.csv"
	assert_equal "$(types)" "compression"
	sized m2.csv http.response_content_length,http.response.body.decoded_size 2000000 2000000
	run -0 --separate-stderr pp-optimize "$tmp/m2.csv"
	assert_equal "$(types)" "compression"
	# compressed under mixed names: no finding
	sized m3.csv http.response.body.size,http.decoded_response_content_length 500000 2000000
	run -0 --separate-stderr pp-optimize "$tmp/m3.csv"
	assert_output ""
}

@test "compression: Sentry's transfer size stands in for the size as sent" {
	# headers on top of the whole body: sent as it is
	sized t1.csv http.decoded_response_content_length,http.response_transfer_size 2000000 2000300
	run -0 --separate-stderr pp-optimize "$tmp/t1.csv"
	assert_equal "$(types)" "compression"
	assert_equal "$(csv_get impact_bytes)" "1500000"
	assert_equal "$stderr" ""
	# fewer bytes over the wire than decoded: compressed
	sized t2.csv http.decoded_response_content_length,http.response_transfer_size 2000000 500300
	run -0 --separate-stderr pp-optimize "$tmp/t2.csv"
	assert_output ""
	assert_equal "$stderr" ""
}

@test "compression: a transfer size of 0 is a response from a cache, never a finding" {
	sized c.csv http.response_content_length,http.decoded_response_content_length,http.response_transfer_size 2000000 2000000 0
	run -0 --separate-stderr pp-optimize "$tmp/c.csv"
	assert_output ""
	assert_equal "$stderr" ""
}

@test "compression: a transfer size without a decoded size is counted as missing sizes" {
	sized n.csv http.response_transfer_size 2000300
	run -0 --separate-stderr pp-optimize "$tmp/n.csv"
	assert_output ""
	assert_equal "$stderr" "pp-optimize: 1 HTTP spans had no encoded and decoded body sizes (http.response.body.size and http.response_content_length_uncompressed): left out of compression"
}
