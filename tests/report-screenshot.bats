#!/usr/bin/env bats
# pp-report's example page as headless Chromium lays it out: no axis or
# tick label outside its chart, no table cell taller than 60 px, nothing
# wider than the window, and a screenshot that is not blank.  tests/report-measure.js does the
# measuring, in the test's copy of the page.

load common

setup() {
	command -v chromium >/dev/null ||
	    skip "chromium is not installed (make deps installs it)"
	tmp=$(mktemp -d)
	ex=$TOP/share/pp/examples
}

teardown() {
	rm -rf "$tmp"
}

# Chromium without network or profile, and nothing of its own on stderr.
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --proxy-server=127.0.0.1:9 --user-data-dir="$tmp/chromium" \
	    --window-size=1280,1000 "$@" 2>/dev/null
}

# The page with the measuring script before </body>, measured: its
# <pre id="measure"> as text, one finding a line.
measure() {
	perl -0777 -pe '
	    BEGIN { local $/; open my $f, "<", $ENV{JS} or die; $js = <$f> }
	    s{</body>}{<script>$js</script>\n</body>}' "$1" > "$tmp/measured.html"
	chrome --virtual-time-budget=5000 --dump-dom \
	    "file://$tmp/measured.html" |
	    perl -0777 -ne 'print $1 if m{<pre id="measure">(measured .*?)</pre>}s'
}

# The example report of make demo, every kind of record.
example() {
	pp-trend -c "$ex/pp.yaml" "$ex/history.csv" > "$tmp/summary.csv"
	pp-trend -c "$ex/pp.yaml" --changes "$ex/history.csv" > "$tmp/changes.csv"
	pp-budget -c "$ex/budgets.yaml" --enforcement warning "$ex/history.csv" > "$tmp/violations.csv"
	pp-budget -c "$ex/budgets.yaml" --enforcement warning --report --by-day "$ex/history.csv" > "$tmp/compliance.csv"
	pp-abtest analyze "$ex/ab.csv" > "$tmp/ab.csv"
	pp-cost -q -c "$ex/pp.yaml" --cost-records "$ex/usage.csv" > "$tmp/costs.csv"
	pp-optimize -q "$ex/spans.csv" > "$tmp/findings.csv"
	pp-report -q -c "$ex/pp.yaml" "$@" -o "$tmp/report.html" \
	    "$ex/history.csv" "$tmp/summary.csv" "$tmp/changes.csv" \
	    "$tmp/violations.csv" "$tmp/compliance.csv" "$tmp/ab.csv" \
	    "$tmp/costs.csv" "$tmp/findings.csv"
}

export JS="$BATS_TEST_DIRNAME/report-measure.js"

@test "the measuring finds a clipped label and a tall cell" {
	cat > "$tmp/bad.html" <<-'HTML'
	<!DOCTYPE html>
	<html><body>
	<svg viewBox="0 0 200 100" width="200" height="100"><text x="195" y="50">clipped label</text><text x="10" y="50">fine</text></svg>
	<table><tr><td style="width:3em">a cell of many words that wraps onto many lines</td></tr></table>
	<div style="width:3000px">wide</div>
	</body></html>
	HTML
	run -0 measure "$tmp/bad.html"
	assert_line --index 0 'measured 1 svg 2 text 1 cells'
	assert_line --index 1 --regexp '^clipped text in svg 1: "clipped label" at 195,'
	assert_line --index 2 --regexp '^cell [0-9]+px tall: "a cell of many words that wraps onto man"$'
	assert_line --index 3 --regexp '^page 30[0-9]{2} px wide in a 12[0-9]{2} px window$'
	assert_line --index 4 'end of measure'
}

@test "the example report: every chart label inside its chart, no cell over 60 px" {
	example
	run -0 measure "$tmp/report.html"
	# the charts and tables are there: 3 trends, 2 A/B panels, the
	# compliance by day; 8 tables
	assert_line --index 0 --regexp '^measured 6 svg [0-9]+ text [0-9]+ cells$'
	assert_line --index 1 'end of measure'
}

@test "the example report with 400 px charts" {
	example --width 400
	run -0 measure "$tmp/report.html"
	assert_line --index 0 --regexp '^measured 6 svg [0-9]+ text [0-9]+ cells$'
	assert_line --index 1 'end of measure'
}

@test "a screenshot of the example report is not blank" {
	example
	run -0 chrome --screenshot="$tmp/shot.png" "file://$tmp/report.html"
	[ -s "$tmp/shot.png" ]
	# a white page of this size compresses to a few KB
	[ "$(stat -c %s "$tmp/shot.png")" -gt 30000 ]
}

@test "the example report with the narrowest charts, --width 200" {
	example --width 200
	run -0 measure "$tmp/report.html"
	assert_line --index 0 --regexp '^measured 6 svg [0-9]+ text [0-9]+ cells$'
	assert_line --index 1 'end of measure'
}
