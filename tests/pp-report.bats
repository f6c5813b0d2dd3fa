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

@test "the findings of pp-optimize get their section, bars by type and target" {
	pp-optimize -q "$TOP/share/pp/examples/spans.csv" > "$tmp/findings.csv"
	run -0 pp-report -o "$tmp/report.html" "$tmp/findings.csv"
	run -0 grep -c '<section id="findings">' "$tmp/report.html"
	assert_output 1
	run -0 grep -o '<span class="bl">batching: SELECT \* FROM items WHERE order_id=?</span>' "$tmp/report.html"
	run -0 grep -c '<span class="bl">lazy_loading: load templates</span>' "$tmp/report.html"
}

# A report of records of every kind, fixtures hostile-*.jsonl, whose every
# field (and one field name) is the value X, with X as --title too.
hostile_report() {
	local f files=()

	for f in series summary changes anomalies budgets violations abtest \
	    costs findings; do
		X=$1 perl -pe 'BEGIN { ($j = $ENV{X}) =~ s/"/\\"/g }
		    s/\@X\@/$j/g' "$(fixture "hostile-$f.jsonl")" > "$tmp/$f.jsonl"
		files+=("$tmp/$f.jsonl")
	done
	run -0 --separate-stderr pp-report -q --title "$1" \
	    -o "$tmp/report.html" "${files[@]}"
	assert_equal "$stderr" ""
}

# Fails unless the page of hostile_report X has X only as ESC, in the title
# and in every section, and is otherwise what pp-report writes: no script
# but its own, no tag, attribute, quote or entity that it does not write,
# and class names and ids that are plain words.
assert_escaped_page() {
	run -0 env X="$1" ESC="$2" perl -0777 -ne '
	my ($x, $esc, $s, @bad) = ($ENV{X}, $ENV{ESC}, $_);
	my %attrs = map { $_ => 1 } qw(lang charset class id title viewBox width
	    height role x y x1 y1 x2 y2 cx cy r points text-anchor data-series
	    style open);
	my $ent = qr/&(?:lt|gt|amp|quot|#39);/;
	my $name = qr/[a-zA-Z][a-zA-Z0-9-]*/;

	$s =~ s{<style>[^<]*</style>}{<style></style>} or push @bad, "no style";
	$s =~ s{<script>document\.querySelectorAll\([^<]*</script>}
	    {<script></script>} or push @bad, "no script of pp-report";
	my $n = () = $s =~ /<\s*script/gi;
	push @bad, "$n script elements" if $n != 1;
	push @bad, "</svg><script" if $s =~ m{</svg><script}i;
	pos($s) = 0;
	while ($s =~ /\G(?:(<!DOCTYPE html>)|(<[^<>]*>)|([^<>]+)|(.))/gcs) {
		my ($tag, $text, $stray) = ($2, $3, $4);

		if (defined $stray) {
			push @bad, "stray $stray at " . pos($s);
		} elsif (defined $text) {
			push @bad, "quote in text: $text" if $text =~ /["\x27]/;
			(my $t = $text) =~ s/$ent//g;
			push @bad, "bare & in text: $text" if $t =~ /&/;
		} elsif (defined $tag) {
			if ($tag !~
			    m{^</?[a-z][a-z0-9]*((?:\s+$name(?:="[^"]*")?)*)\s*/?>$}) {
				push @bad, "bad tag: $tag";
				next;
			}
			my $as = $1;
			while ($as =~ /($name)(?:="([^"]*)")?/g) {
				my ($a, $v) = ($1, $2 // "");
				push @bad, "attribute $a in $tag"
				    unless $attrs{$a};
				push @bad, "$a not a word in $tag"
				    if $a =~ /^(class|id)$/ && $v !~ /^[a-z0-9 -]*$/;
				push @bad, "quote in $tag" if $v =~ /\x27/;
				(my $t = $v) =~ s/$ent//g;
				push @bad, "bare & in $tag" if $t =~ /&/;
			}
		}
	}
	pos($s) = undef;
	(my $rest = $s) =~ s/\Q$esc\E//g;
	push @bad, "unescaped value" if $esc ne $x && index($rest, $x) >= 0;
	push @bad, "title" unless $s =~ /<title>\Q$esc\E<\/title>/ &&
	    $s =~ /<h1>\Q$esc\E<\/h1>/;
	my %sec = $s =~ /<section id="([a-z]+)">(.*?)<\/section>/gs;
	for (qw(trends comparisons changes anomalies budgets abtests costs
	    findings)) {
		push @bad, "section $_" unless defined $sec{$_} &&
		    index($sec{$_}, $esc) >= 0;
	}
	print "$_\n" for @bad;' "$tmp/report.html"
	assert_output ""
	# what is drawn from the hostile records is there
	run -0 grep -c '<figure class="chart"' "$tmp/report.html"
	assert_output 1
	run -0 grep -c '<line class="change"' "$tmp/report.html"
	assert_output 1
	run -0 grep -c '<circle class="anom"' "$tmp/report.html"
	run -0 grep -c '<svg class="ab"' "$tmp/report.html"
	run -0 grep -c '<div class="bars">' "$tmp/report.html"
	assert_output 6
}

@test "hostile input: <script>alert(1)</script> is escaped everywhere" {
	hostile_report '<script>alert(1)</script>'
	assert_escaped_page '<script>alert(1)</script>' \
	    '&lt;script&gt;alert(1)&lt;/script&gt;'
}

@test "hostile input: </svg><script>x</script> is escaped everywhere" {
	hostile_report '</svg><script>x</script>'
	assert_escaped_page '</svg><script>x</script>' \
	    '&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;'
}

@test "hostile input: a double quote does not end an attribute" {
	hostile_report '"onmouseover="x'
	assert_escaped_page '"onmouseover="x' '&quot;onmouseover=&quot;x'
}

@test "hostile input: a single quote is escaped everywhere" {
	hostile_report "'"
	assert_escaped_page "'" '&#39;'
}

@test "hostile input: javascript:alert(1) is only text" {
	hostile_report 'javascript:alert(1)'
	assert_escaped_page 'javascript:alert(1)' 'javascript:alert(1)'
	run -1 grep -Eio '(src|href)=' "$tmp/report.html"
}

@test "hostile input: an entity in the input is shown as it is" {
	hostile_report '&amp;'
	assert_escaped_page '&amp;' '&amp;amp;'
}

@test "cost records and pp-cost --report's totals given together are counted once" {
	pp-cost -q -c "$ex/pp.yaml" --cost-records "$ex/usage.csv" > "$tmp/records.csv"
	pp-cost -q -c "$ex/pp.yaml" --report daily --output-format csv \
	    "$ex/usage.csv" > "$tmp/daily.csv"
	llm() {
		pp-report "$@" | grep -o '<span class="bl">llm</span><span class="bb" style="[^"]*"></span><span class="bv">[^<]*' |
		    sed 's/.*bv">//'
	}
	# the example's LLM spend, from the records, from the daily totals,
	# and from both: the same, never twice
	run -0 llm "$tmp/records.csv"
	assert_output '48.49 USD'
	run -0 llm "$tmp/daily.csv"
	assert_output '48.49 USD'
	run -0 llm "$tmp/records.csv" "$tmp/daily.csv"
	assert_output '48.49 USD'
}

@test "cost sums are exact and rounded to the cent once, in the records' currency" {
	{
		echo 'ts,metric,value,unit,category'
		for i in 1 2 3 4 5 6 7 8 9 10; do
			echo "2026-11-01T10:00:0${i#1}Z,cost,0.0015,EUR,llm"
		done
	} > "$tmp/c.csv"
	# 10 x 0.0015 is 0.015 exactly: half to even, 0.02 (a sum of doubles
	# is 0.01499999...: 0.01)
	run -0 --separate-stderr pp-report "$tmp/c.csv"
	assert_equal "$stderr" ""
	assert_line --partial '<span class="bl">llm</span><span class="bb" style="width:50.0%"></span><span class="bv">0.02 EUR</span>'
	refute_output --partial 'USD'
}

@test "a cost in another currency is a bad record, left out of the sums" {
	printf 'ts,metric,value,unit,category\n2026-11-01T10:00:00Z,cost,2.50,USD,llm\n2026-11-01T11:00:00Z,cost,9,EUR,llm\n' > "$tmp/c.csv"
	run -0 --separate-stderr pp-report "$tmp/c.csv"
	assert_equal "$stderr" "pp-report: $tmp/c.csv:3: a cost in 'EUR', the report's are in 'USD': left out of the sums"
	assert_line --partial '<span class="bv">2.50 USD</span>'
	run -3 --separate-stderr pp-report --strict "$tmp/c.csv"
	assert_equal "$stderr" "pp-report: $tmp/c.csv:3: a cost in 'EUR', the report's are in 'USD': left out of the sums"
}

@test "-F selects and orders a table's columns, skipping those it lacks" {
	pp-budget -c "$ex/budgets.yaml" --enforcement warning "$ex/history.csv" > "$tmp/v.csv"
	run -0 pp-report -F severity,budget,nosuch "$tmp/v.csv"
	assert_line '<tr><th>severity</th><th>budget</th></tr>'
	assert_line '<tr><td class="v-error">error</td><td>web2-latency</td></tr>'
	run -0 pp-report --fields budget "$tmp/v.csv"
	assert_line '<tr><th>budget</th></tr>'
	# globs, a field once at its first entry
	run -0 pp-report -F 'budget,*_pct,b*' "$tmp/v.csv"
	assert_line '<tr><th>budget</th><th class="num">over_pct</th></tr>'
}

@test "-F: a name no table has is warned of, and the page written all the same" {
	pp-budget -c "$ex/budgets.yaml" --enforcement warning "$ex/history.csv" > "$tmp/v.csv"
	run -0 --separate-stderr pp-report -F severity,nosuch,'x*' -o "$tmp/r.html" "$tmp/v.csv"
	assert_equal "$stderr" "pp-report: --fields: no table has a field 'nosuch'
pp-report: --fields: no table has a field 'x*'
pp-report: wrote $tmp/r.html"
	run -0 grep -c '<tr><th>severity</th></tr>' "$tmp/r.html"
	assert_output 1
	run -0 --separate-stderr pp-report -q -F nosuch "$tmp/v.csv"
	assert_equal "$stderr" ""
	# a name given twice, or that a glob before it matches, is no typo
	run -0 --separate-stderr pp-report -F 'budget,o*,observed,budget' "$tmp/v.csv"
	assert_equal "$stderr" ""
	assert_line '<tr><th>budget</th><th class="num">observed</th><th class="num">over_pct</th></tr>'
}

@test "--precision: the digits of the tables' numbers" {
	pp-budget -c "$ex/budgets.yaml" --enforcement warning "$ex/history.csv" > "$tmp/v.csv"
	run -0 pp-report -F observed "$tmp/v.csv"
	assert_line --partial '<tr><th class="num">observed</th></tr>'
	run -0 grep -m1 '^<tr><td class="num">' <<< "$output"
	assert_output '<tr><td class="num">162 ms</td></tr>'
	run -0 pp-report --precision 6 -F observed "$tmp/v.csv"
	run -0 grep -m1 '^<tr><td class="num">' <<< "$output"
	assert_output '<tr><td class="num">161.6 ms</td></tr>'
}

@test "without -F a table's important columns come first; --fields all: every one, in order" {
	pp-budget -c "$ex/budgets.yaml" --enforcement warning --report --by-day "$ex/history.csv" > "$tmp/c.csv"
	run -0 pp-report "$tmp/c.csv"
	# daily is the chart, not a cell
	assert_line '<tr><th>budget</th><th>metric</th><th>scope</th><th class="num">compliance_pct</th><th>worst</th><th class="num">checks</th><th class="num">passed</th><th class="num">failed_warning</th><th class="num">failed_error</th><th class="num">failed_critical</th><th>stat</th><th class="num">no_data</th><th class="num">waived</th><th>enforcement</th></tr>'
	run -0 pp-report --fields all "$tmp/c.csv"
	assert_line '<tr><th>budget</th><th>metric</th><th>scope</th><th>stat</th><th class="num">checks</th><th class="num">passed</th><th class="num">failed_warning</th><th class="num">failed_error</th><th class="num">failed_critical</th><th class="num">no_data</th><th class="num">waived</th><th class="num">compliance_pct</th><th>worst</th><th>enforcement</th><th>daily</th><th>days</th></tr>'
}

@test "table cells are numbers for people, in the record's unit" {
	pp-budget -c "$ex/budgets.yaml" --enforcement warning "$ex/history.csv" > "$tmp/v.csv"
	run -0 pp-report "$tmp/v.csv"
	assert_line --partial '<td>2026-11-19 00:00:00Z</td><td>api.response_time</td><td>web2</td><td>median</td><td class="num">162 ms</td><td class="num">150 ms</td><td class="num">7.7%</td><td class="num">28</td>'
	# a long text is on one line, cut, and whole in its tooltip
	assert_line --partial '<td class="long" title="web2 moved to a new instance type; tuning under way">web2 moved to a new instance type; tuning under way</td>'
}

@test "a y axis has 4 to 6 nice ticks with gridlines, and the chart's unit" {
	run -0 pp-report -c "$ex/pp.yaml" "$ex/history.csv"
	run -0 awk '/figcaption>api.response_time \{host=web1\}/, /<\/figure>/' <<< "$output"
	[ "$(grep -c '<line class="grid"' <<< "$output")" -eq 5 ]
	run -0 grep -o '<text class="yl"[^>]*>[^<]*' <<< "$output"
	assert_output - <<-'OUT'
	<text class="yl" x="64" y="190.0">100
	<text class="yl" x="64" y="149.5">110
	<text class="yl" x="64" y="109.0">120
	<text class="yl" x="64" y="68.5">130
	<text class="yl" x="64" y="28.0">140
	<text class="yl" x="64" y="16">ms
	OUT
}

# 30 days of a metric at 1 s, then at 2 s from day 16, with a change point
step_series() {
	{
		echo ts,metric,value,unit
		for d in $(seq 1 30); do
			v=$( [ "$d" -le 15 ] && echo 1 || echo 2)
			[ $((d % 2)) = 0 ] && v=$v.02
			printf '2026-01-%02dT00:00:00Z,m,%s,s\n' "$d" "$v"
		done
	} > "$tmp/step.csv"
	printf '%s\n' ts,metric,before,after,change_pct,p_value,direction,severity \
	    2026-01-16T00:00:00Z,m,1.01,2.01,99,0.0001,degrading,major > "$tmp/ch.csv"
}

@test "the trend line of a series with a change point is fitted after it: a step is not a slope" {
	step_series
	run -0 pp-report "$tmp/step.csv" "$tmp/ch.csv"
	# flat, from the first point after the change (day 16, at x 332.5)
	assert_line --partial '<line class="fit" x1="332.5" y1="55.0" x2="700.0" y2="55.0"/>'
	assert_line --partial '<circle class="pt" cx="332.5" cy="53.8" r="1.8"><title>2026-01-16 00:00 2.02 s</title></circle>'
	# without the change point, one slope over both levels
	run -0 pp-report "$tmp/step.csv"
	assert_line '<line class="fit" x1="70.0" y1="200.0" x2="700.0" y2="83.1"/>'
}

@test "a short series is charted on its own span; a flat one on an axis about its value" {
	step_series
	{
		echo ts,metric,value,unit
		for m in 0 1 2 3 4 5 6 7 8; do
			printf '2026-01-30T12:%02d:00Z,short,%s,bytes\n' "$m" $((1000000 + m * 1000))
		done
		for d in 1 2 3 4 5; do
			printf '2026-01-%02dT00:00:00Z,flat,5,count\n' "$d"
		done
	} > "$tmp/short.csv"
	run -0 pp-report "$tmp/step.csv" "$tmp/short.csv"
	run -0 awk '/figcaption>short/, /<\/figure>/' <<< "$output"
	assert_line --index 0 '<figcaption>short <span class="n">(9 points, KiB)</span></figcaption>'
	run -0 grep -o '<text class="[xy]l"[^>]*>[^<]*' <<< "$output"
	# 8 minutes and a forecast of a quarter of them
	assert_output - <<-'OUT'
	<text class="yl" x="64" y="190.0">975.0
	<text class="yl" x="64" y="157.6">977.5
	<text class="yl" x="64" y="125.2">980.0
	<text class="yl" x="64" y="92.8">982.5
	<text class="yl" x="64" y="60.4">985.0
	<text class="yl" x="64" y="28.0">987.5
	<text class="yl" x="64" y="16">KiB
	<text class="xl" x="70.0" y="202" text-anchor="start">2026-01-30 12:00
	<text class="xl" x="385.0" y="202" text-anchor="middle">2026-01-30 12:05
	<text class="xl" x="700.0" y="202" text-anchor="end">2026-01-30 12:10
	OUT
	run -0 pp-report "$tmp/step.csv" "$tmp/short.csv"
	run -0 awk '/figcaption>flat/, /<\/figure>/' <<< "$output"
	run -0 grep -o '<text class="yl"[^>]*>[^<]*' <<< "$output"
	assert_output - <<-'OUT'
	<text class="yl" x="64" y="190.0">4.50
	<text class="yl" x="64" y="149.5">4.75
	<text class="yl" x="64" y="109.0">5.00
	<text class="yl" x="64" y="68.5">5.25
	<text class="yl" x="64" y="28.0">5.50
	OUT
}

@test "the A/B chart has axes, and a zero line for the differences" {
	pp-abtest analyze "$ex/ab.csv" > "$tmp/ab.csv"
	run -0 pp-report "$tmp/ab.csv"
	assert_line '<p class="n">median, its 95% interval and p95 (tick) (ms)</p>'
	assert_line '<p class="n">difference from the control, 95% interval (%)</p>'
	[ "$(grep -c '<svg class="ab"' <<< "$output")" -eq 2 ]
	[ "$(grep -c '<line class="zero"' <<< "$output")" -eq 1 ]
	assert_line --regexp '^<text class="xl" x="[0-9.]+" y="[0-9]+" text-anchor="middle">-10\.0</text>$'
}

@test "pp-budget --by-day's compliance is a chart, a bar a day; a row that is no percentage is left out" {
	pp-budget -c "$ex/budgets.yaml" --enforcement warning --report --by-day "$ex/history.csv" > "$tmp/c.csv"
	run -0 pp-report "$tmp/c.csv"
	assert_line '<svg class="daily" viewBox="0 0 720 240" width="720" height="240" role="img">'
	# 60 + 60 + 9 + 9 + 60 days: api-p95, api-outlier, web2-latency, throughput-floor, total
	[ "$(grep -c '<rect' <<< "$output")" -eq 198 ]
	# at their dates, on one axis for every budget, dated under it
	assert_line --partial '<title>2026-11-05: 0.0%</title></rect>'
	assert_line '<text class="xl" x="8.0" y="234" text-anchor="start">2026-10-01</text>'
	assert_line '<text class="xl" x="696.0" y="234" text-anchor="end">2026-11-29</text>'
	refute_output --partial '<div class="bars">'
	sed 's/,100 100 100 100 100 0 0 0 0,/,100 abc 100,/' "$tmp/c.csv" > "$tmp/bad.csv"
	run -0 --separate-stderr pp-report "$tmp/bad.csv"
	assert_equal "$stderr" ""
	[ "$(grep -c '<rect' <<< "$output")" -eq 189 ]
	refute_output --partial '2026-11-05: 0.0%'
	# dates out of order are no time axis
	awk -F, 'BEGIN { OFS = "," } $1 == "throughput-floor" {
		n = split($16, d, " "); t = d[1]; d[1] = d[2]; d[2] = t
		s = d[1]; for (i = 2; i <= n; i++) s = s " " d[i]; $16 = s } 1' \
	    "$tmp/c.csv" > "$tmp/unsorted.csv"
	[ "$(grep -c '^throughput-floor,.*,2026-10-08 2026-10-01 ' "$tmp/unsorted.csv")" -eq 1 ]
	run -0 pp-report "$tmp/unsorted.csv"
	assert_line --partial '<title>day 6 of 9: 0.0%</title></rect>'
	# without dates (pp-budget before its days field), one bar after another
	cut -d, -f1-15 "$tmp/c.csv" > "$tmp/nodays.csv"
	run -0 pp-report "$tmp/nodays.csv"
	assert_line --partial '<title>day 6 of 9: 0.0%</title></rect>'
	refute_output --partial 'text-anchor="end">2026-11-29'
}
