#!/usr/bin/env bats
# The gates in CI: --output-format junit (validated against the JUnit
# schema) and --github annotations of pp-budget, pp-trend --fail-on,
# pp-abtest analyze --fail-on and pp-cost --require-coverage.

load common

setup() {
	tmp=$(mktemp -d)
	xsd=$(fixture junit.xsd)
	fx=$BATS_TEST_DIRNAME/fixtures
}

teardown() {
	rm -rf "$tmp"
}

# Validates $output against the JUnit schema.
valid_junit() {
	printf '%s\n' "$output" > "$tmp/out.xml"
	run -0 xmllint --noout --schema "$xsd" "$tmp/out.xml"
}

refusal="--output-format junit: only the gates write JUnit (pp-budget, pp-trend --fail-on, pp-abtest analyze --fail-on, pp-cost --require-coverage)"

# --- pp-budget --------------------------------------------------------

@test "pp-budget: one testcase per budget, no records, exit 1 unchanged" {
	run -1 --separate-stderr pp-budget -c "$(fixture budgets.yaml)" --output-format junit "$(fixture runs.csv)"
	assert_equal "$stderr" ""
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-budget" tests="6" failures="2" errors="0">
  <testsuite name="pp-budget" tests="6" failures="2" errors="0" skipped="2">
    <testcase classname="pp-budget.wall_time" name="build-time">
      <failure message="wall_time median 2.01 ms over the error limit 1 ms (+101%) at 2026-11-01T10:00:00.000000Z" type="failure">wall_time median 2.01 ms over the error limit 1 ms (+101%) at 2026-11-01T10:00:00.000000Z</failure>
    </testcase>
    <testcase classname="pp-budget.wall_time" name="fast &amp; &lt;small&gt;">
      <system-out>warning: wall_time max 2.5 ms over the warning limit 2.4 ms (+4.2%) at 2026-11-01T10:00:00.000000Z</system-out>
    </testcase>
    <testcase classname="pp-budget.wall_time" name="off">
      <skipped message="enforcement off"/>
    </testcase>
    <testcase classname="pp-budget.rss" name="absent">
      <failure message="no data: no record of rss in scope global" type="failure">no data: no record of rss in scope global</failure>
    </testcase>
    <testcase classname="pp-budget.rss" name="absent-warn">
      <system-out>warning: no data: no record of rss in scope global</system-out>
    </testcase>
    <testcase classname="pp-budget.rss" name="absent-ok">
      <skipped message="no data: no record of rss in scope global"/>
    </testcase>
  </testsuite>
</testsuites>'
	valid_junit
}

@test "pp-budget: scopes, windows and enforcement warning in the testcases" {
	b=$fx/pp-budget
	run -1 pp-budget -c "$b/budgets.yaml" --output-format junit "$b/ci.csv"
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-budget" tests="4" failures="2" errors="0">
  <testsuite name="pp-budget" tests="4" failures="2" errors="0" skipped="0">
    <testcase classname="pp-budget.api.response_time" name="api-latency">
      <failure message="api.response_time p95 695 ms over the error limit 500 ms (+39%) at 2026-11-01T11:00:00.000000Z; 2 of 3 checks beyond a limit" type="failure">api.response_time p95 695 ms over the error limit 500 ms (+39%) at 2026-11-01T11:00:00.000000Z; 2 of 3 checks beyond a limit</failure>
    </testcase>
    <testcase classname="pp-budget.max_rss" name="build-memory">
      <failure message="max_rss max 2.5 GiB over the error limit 2 GiB (+25%) at 2026-11-01T10:00:00.000000Z" type="failure">max_rss max 2.5 GiB over the error limit 2 GiB (+25%) at 2026-11-01T10:00:00.000000Z</failure>
    </testcase>
    <testcase classname="pp-budget.wall_time" name="migrate-time (scope migrate)">
      <system-out>warning: wall_time 45 s over the error limit 30 s (+50%) at 2026-11-01T11:00:00.000000Z; 1 of 2 checks beyond a limit (enforcement warning)</system-out>
    </testcase>
    <testcase classname="pp-budget.throughput" name="throughput-floor"/>
  </testsuite>
</testsuites>'
	valid_junit
	# the exit status is the program's: warning enforcement passes
	run -0 pp-budget --enforcement warning -c "$b/budgets.yaml" --output-format junit "$b/ci.csv"
	assert_output --partial '<testsuites name="pp-budget" tests="4" failures="0" errors="0">'
	valid_junit
}

@test "pp-budget --github: annotations on stderr, records on stdout" {
	run -1 --separate-stderr pp-budget -c "$(fixture budgets.yaml)" --github "$(fixture runs.csv)"
	assert_equal "$stderr" '::error title=pp-budget.wall_time build-time::wall_time median 2.01 ms over the error limit 1 ms (+101%25) at 2026-11-01T10:00:00.000000Z
::warning title=pp-budget.wall_time fast & <small>::wall_time max 2.5 ms over the warning limit 2.4 ms (+4.2%25) at 2026-11-01T10:00:00.000000Z
::error title=pp-budget.rss absent::no data: no record of rss in scope global
::warning title=pp-budget.rss absent-warn::no data: no record of rss in scope global'
	assert_line --index 0 "ts,budget,scope,metric,stat,observed,limit,unit,severity,over_pct,n,enforcement,message,recommendation,waived"
	assert_equal "${#lines[@]}" 5
	# with junit: the XML on stdout, the annotations on stderr
	run -1 --separate-stderr pp-budget -c "$(fixture budgets.yaml)" --github --output-format junit "$(fixture runs.csv)"
	assert_equal "${#stderr_lines[@]}" 4
	valid_junit
}

@test "pp-budget: junit writes no records, so not with --report or --annotate" {
	run -2 --separate-stderr pp-budget -c "$(fixture budgets.yaml)" --report --output-format junit "$(fixture runs.csv)"
	assert_equal "$stderr" "pp-budget: --output-format junit writes one testcase per budget, no records: not with --report
Try 'pp-budget --help'."
	assert_output ""
	run -2 --separate-stderr pp-budget -c "$(fixture budgets.yaml)" --annotate --output-format junit "$(fixture runs.csv)"
	assert_equal "${stderr_lines[0]}" "pp-budget: --output-format junit writes one testcase per budget, no records: not with --annotate"
}

# --- pp-trend ---------------------------------------------------------

@test "pp-trend --fail-on: one testcase per series, a regression fails" {
	run -1 --separate-stderr pp-trend --fail-on minor --output-format junit "$(fixture history.csv)"
	assert_equal "$stderr" ""
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-trend" tests="2" failures="1" errors="0">
  <testsuite name="pp-trend" tests="2" failures="1" errors="0" skipped="0">
    <testcase classname="pp-trend.build_time" name="host=a&amp;b, &quot;x&quot;">
      <failure message="2026-11-15T00:00:00.000000Z: 100 ms → 150 ms (+50%), moderate regression" type="failure">2026-11-15T00:00:00.000000Z: 100 ms → 150 ms (+50%), moderate regression</failure>
    </testcase>
    <testcase classname="pp-trend.build_time" name="host=c"/>
  </testsuite>
</testsuites>'
	valid_junit
	# a moderate regression passes --fail-on major: exit 0 as before
	run -0 pp-trend --fail-on major --output-format junit "$(fixture history.csv)"
	assert_output --partial '<testsuites name="pp-trend" tests="2" failures="0" errors="0">'
	valid_junit
	run -1 pp-trend --fail-on moderate --output-format junit "$TOP/share/pp/examples/history.csv"
	valid_junit
}

@test "pp-trend --fail-on --github: annotations on stderr, summaries on stdout" {
	run -1 --separate-stderr pp-trend --fail-on minor --github "$(fixture history.csv)"
	assert_equal "$stderr" '::error title=pp-trend.build_time host=a&b%2C "x"::2026-11-15T00:00:00.000000Z: 100 ms → 150 ms (+50%25), moderate regression'
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp ',1,moderate$'
	assert_line --index 2 --regexp ',0,$'
}

@test "pp-trend: junit and --github need --fail-on, junit no record mode" {
	run -2 --separate-stderr pp-trend --output-format junit "$(fixture history.csv)"
	assert_equal "$stderr" "pp-trend: $refusal
Try 'pp-trend --help'."
	run -2 --separate-stderr pp-trend --github "$(fixture history.csv)"
	assert_equal "${stderr_lines[0]}" "pp-trend: --github goes with --fail-on"
	run -2 --separate-stderr pp-trend --fail-on minor --changes --output-format junit "$(fixture history.csv)"
	assert_equal "${stderr_lines[0]}" "pp-trend: --output-format junit writes one testcase per series, no records: not with --changes"
	assert_output ""
}

# --- pp-abtest --------------------------------------------------------

@test "pp-abtest analyze --fail-on slower: one testcase per metric and variant" {
	ab=$fx/pp-abtest/ab.csv
	run -1 --separate-stderr pp-abtest analyze --control cache --fail-on slower --output-format junit "$ab"
	assert_equal "$stderr" ""
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-abtest" tests="1" failures="1" errors="0">
  <testsuite name="pp-abtest" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="pp-abtest.latency" name="control">
      <failure message="control slower than cache: +10.1% (95% interval +8.93% to +11.3%), mann-whitney p 2.5e-42" type="failure">control slower than cache: +10.1% (95% interval +8.93% to +11.3%), mann-whitney p 2.5e-42</failure>
    </testcase>
  </testsuite>
</testsuites>'
	valid_junit
	run -0 pp-abtest analyze --fail-on slower --output-format junit "$ab"
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-abtest" tests="1" failures="0" errors="0">
  <testsuite name="pp-abtest" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="pp-abtest.latency" name="cache"/>
  </testsuite>
</testsuites>'
	valid_junit
	run -0 pp-abtest analyze --control a --fail-on slower --output-format junit "$(fixture few.csv)"
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-abtest" tests="1" failures="0" errors="0">
  <testsuite name="pp-abtest" tests="1" failures="0" errors="0" skipped="1">
    <testcase classname="pp-abtest.t" name="b">
      <skipped message="insufficient data: 1 value of b, 2 of a, 5 needed"/>
    </testcase>
  </testsuite>
</testsuites>'
	valid_junit
}

@test "pp-abtest --github: annotations on stderr, records on stdout" {
	run -1 --separate-stderr pp-abtest analyze --control cache --fail-on slower --github "$fx/pp-abtest/ab.csv"
	assert_equal "$stderr" '::error title=pp-abtest.latency control::control slower than cache: +10.1%25 (95%25 interval +8.93%25 to +11.3%25), mann-whitney p 2.5e-42'
	assert_equal "$(csv_get verdict 2)" slower
}

@test "pp-abtest: junit and --github only in analyze --fail-on, not --plan" {
	ab=$fx/pp-abtest/ab.csv
	run -2 --separate-stderr pp-abtest analyze --output-format junit "$ab"
	assert_equal "$stderr" "pp-abtest: $refusal
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest assign --key-field user_id --variants a=1,b=1 --output-format junit "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: $refusal"
	run -2 --separate-stderr pp-abtest analyze --github "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --github goes with analyze --fail-on slower"
	run -2 --separate-stderr pp-abtest analyze --fail-on slower --plan --mde 5% --sd 30% --output-format junit
	assert_equal "${stderr_lines[0]}" "pp-abtest: --plan has no verdicts: not with --output-format junit"
	run -2 --separate-stderr pp-abtest analyze --fail-on slower --plan --mde 5% --sd 30% --github
	assert_equal "${stderr_lines[0]}" "pp-abtest: --plan has no verdicts: not with --github"
}

# --- pp-cost ----------------------------------------------------------

@test "pp-cost --require-coverage: the coverage testcase" {
	c=$fx/pp-cost
	run -1 --separate-stderr pp-cost -q -c "$c/prices.yaml" --require-coverage 100% --output-format junit "$c/usage.csv"
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-cost" tests="1" failures="1" errors="0">
  <testsuite name="pp-cost" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="pp-cost" name="coverage">
      <failure message="priced 8 of 11 records (72.7%), below the required 100%" type="failure">priced 8 of 11 records (72.7%), below the required 100%</failure>
    </testcase>
  </testsuite>
</testsuites>'
	valid_junit
	run -0 pp-cost -q -c "$c/prices.yaml" --require-coverage 70 --output-format junit "$c/usage.csv"
	assert_output '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pp-cost" tests="1" failures="0" errors="0">
  <testsuite name="pp-cost" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="pp-cost" name="coverage"/>
  </testsuite>
</testsuites>'
	valid_junit
	: > "$tmp/empty.csv"
	run -0 pp-cost -q -c "$c/prices.yaml" --require-coverage 70 --output-format junit "$tmp/empty.csv"
	assert_output --partial '<skipped message="no records"/>'
	valid_junit
}

@test "pp-cost --github: the annotation after the coverage line" {
	c=$fx/pp-cost
	run -1 --separate-stderr pp-cost -q -c "$c/prices.yaml" --require-coverage 100% --github "$c/usage.csv"
	assert_equal "${stderr_lines[-1]}" '::error title=pp-cost coverage::priced 8 of 11 records (72.7%25), below the required 100%25'
	assert_line --index 0 --partial "cost"
	run -0 --separate-stderr pp-cost -q -c "$c/prices.yaml" --require-coverage 70 --github "$c/usage.csv"
	assert_equal "$stderr" ""
}

@test "pp-cost: junit and --github need --require-coverage, junit no other output" {
	c=$fx/pp-cost
	run -2 --separate-stderr pp-cost -c "$c/prices.yaml" --output-format junit "$c/usage.csv"
	assert_equal "$stderr" "pp-cost: $refusal
Try 'pp-cost --help'."
	run -2 --separate-stderr pp-cost -c "$c/prices.yaml" --github "$c/usage.csv"
	assert_equal "${stderr_lines[0]}" "pp-cost: --github goes with --require-coverage"
	run -2 --separate-stderr pp-cost -c "$c/prices.yaml" --require-coverage 1 --by model --output-format junit "$c/usage.csv"
	assert_equal "${stderr_lines[0]}" "pp-cost: --output-format junit writes the coverage check, no records: not with --cost-records, --by, --top, --report, --forecast or --suggest"
}

# --- programs that are no gate ---------------------------------------

@test "programs that are no gate refuse --output-format junit (exit 2)" {
	for p in pp-sample pp-report pp-optimize pp-alert; do
		run -2 --separate-stderr "$p" --output-format junit "$(fixture runs.csv)"
		assert_equal "$stderr" "$p: $refusal
Try '$p --help'."
		assert_output ""
	done
}

@test "--output-format junit is named in the error of an unknown format" {
	run -2 --separate-stderr pp-budget -c "$(fixture budgets.yaml)" --output-format xml "$(fixture runs.csv)"
	assert_equal "${stderr_lines[0]}" "pp-budget: --output-format: 'xml' is not csv, tsv, json, table, openmetrics, markdown or junit"
	run -2 --separate-stderr pp-trend --input-format junit "$(fixture history.csv)"
	assert_equal "${stderr_lines[0]}" "pp-trend: --input-format: 'junit' is not csv, tsv, json or another tool's format of pp(7)"
}

@test "a write error of the JUnit document exits 4" {
	run -4 --separate-stderr sh -c "pp-budget -c '$(fixture budgets.yaml)' --output-format junit '$(fixture runs.csv)' > /dev/full"
	assert_equal "$stderr" "pp-budget: JUnit XML: write error: No space left on device"
}
