#!/usr/bin/env bats
# pp-report: one self-contained HTML file.

load common

setup() {
	tmp=$(mktemp -d)
	ex=$TOP/share/pp/examples
}

teardown() {
	rm -rf "$tmp"
}

# The example report: history, trend summary, change points, budgets,
# an A/B test, costs.
example() {
	pp-trend -c "$ex/pp.yaml" "$ex/history.csv" > "$tmp/summary.csv"
	pp-trend -c "$ex/pp.yaml" --changes "$ex/history.csv" > "$tmp/changes.csv"
	pp-budget -c "$ex/budgets.yaml" --enforcement warning "$ex/history.csv" > "$tmp/violations.csv"
	pp-abtest analyze "$ex/ab.csv" > "$tmp/ab.csv"
	pp-cost -q -c "$ex/pp.yaml" --cost-records "$ex/usage.csv" > "$tmp/costs.csv"
	pp-report -q -c "$ex/pp.yaml" -o "$tmp/report.html" "$ex/history.csv" \
	    "$tmp/summary.csv" "$tmp/changes.csv" "$tmp/violations.csv" \
	    "$tmp/ab.csv" "$tmp/costs.csv"
}

@test "a chart per series, and the sections of what was given" {
	example
	# three series in the history; costs have their own section
	run -0 grep -c '<figure class="chart"' "$tmp/report.html"
	assert_output 3
	for id in trends comparisons changes budgets abtests costs; do
		run -0 grep -c "<section id=\"$id\">" "$tmp/report.html"
		assert_output 1
	done
	run -0 grep -c '<figcaption>api.response_time {host=web2}' "$tmp/report.html"
}

@test "the known change point is marked with its severity" {
	example
	run -0 grep -o '<line class="change moderate"[^>]*><title>change point 2026-11-15 00:00: moderate</title>' "$tmp/report.html"
	assert_equal "${#lines[@]}" 1
}

@test "the page makes no external request" {
	example
	run -1 grep -Eio '(src|href)=|https?:|url\(|@import' "$tmp/report.html"
	run -0 grep -c '^<!DOCTYPE html>$' "$tmp/report.html"
}

@test "points show their time and value on hover, without script" {
	example
	run -0 grep -c '<circle class="pt" cx="[0-9.]*" cy="[0-9.]*" r="1.8"><title>2026-10-01 00:00 11' "$tmp/report.html"
	run -0 grep -c '<details open><summary>Trends</summary>' "$tmp/report.html"
}

@test "a million points make a small file" {
	seq 0 999999 | awk 'BEGIN { print "ts,metric,value,unit" } { printf "%d,m,%.3f,ms\n", 1767225600 + $1, 100 + ($1 % 1000) / 10 }' > "$tmp/million.csv"
	run -0 pp-report -o "$tmp/big.html" "$tmp/million.csv"
	[ "$(stat -c %s "$tmp/big.html")" -lt 2000000 ]
	# min and max of each pixel column: at most two points each
	n=$(grep -c '<circle' "$tmp/big.html")
	[ "$n" -le 1260 ]
}

@test "--title, --window, --width and standard output" {
	run -0 pp-report --title 'Nightly <api>' --window 7d --width 400 "$ex/history.csv"
	assert_output --partial '<title>Nightly &lt;api&gt;</title>'
	assert_output --partial 'viewBox="0 0 400 220"'
	assert_output --partial '(29 points)'
	run -2 --separate-stderr pp-report --window soon "$ex/history.csv"
	assert_equal "${stderr_lines[0]}" "pp-report: --window: 'soon' is not a positive duration (e.g. 500ms, 1s, 30d)"
	run -2 --separate-stderr pp-report --width 10 "$ex/history.csv"
	assert_equal "${stderr_lines[0]}" "pp-report: --width: '10' is not a whole number from 200 to 4000"
	run -4 --separate-stderr pp-report -o /nonexistent/dir/r.html "$ex/history.csv"
	assert_equal "$stderr" "pp-report: /nonexistent/dir/r.html: No such file or directory"
}

@test "headless Chromium renders the example report without errors" {
	command -v chromium >/dev/null || skip "chromium is not installed"
	example
	run -0 timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --proxy-server=127.0.0.1:9 --user-data-dir="$tmp/chromium" \
	    --window-size=900,1400 --screenshot="$tmp/shot.png" \
	    --enable-logging=stderr --v=0 "file://$tmp/report.html"
	[ -s "$tmp/shot.png" ]
	# not blank: a white page compresses to a few KB
	[ "$(stat -c %s "$tmp/shot.png")" -gt 30000 ]
	refute_output --partial 'Uncaught'
	refute_output --regexp 'CONSOLE.*(Error|error)'
}

@test "the findings of pp-optimize get their section, bars by target" {
	pp-optimize -q "$TOP/share/pp/examples/spans.csv" > "$tmp/findings.csv"
	run -0 pp-report -o "$tmp/report.html" "$tmp/findings.csv"
	run -0 grep -c '<section id="findings">' "$tmp/report.html"
	assert_output 1
	run -0 grep -o '<span class="bl">SELECT \* FROM items WHERE order_id=?</span>' "$tmp/report.html"
	run -0 grep -c '<span class="bl">load templates</span>' "$tmp/report.html"
}
