#!/usr/bin/env bats
# -F/--fields and --precision, common options (pp(7), OUTPUT FOR PEOPLE):
# every program selects and orders its output fields the same way; a
# table leaves out, without -F, what a person reads second.
# (pp-report's columns: tests/pp-report.bats.)

load common

ex=$BATS_TEST_DIRNAME/../share/pp/examples

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	rm -rf "$tmp"
}

@test "pp-sample: -F selects and orders the fields of every record" {
	run -0 --separate-stderr pp-sample --rate 100% -F value,metric "$ex/metrics.csv"
	assert_equal "$stderr" ""
	assert_line --index 0 'value,metric'
	assert_line --index 1 '0.131,api.response_time'
}

@test "pp-trend: -F with a glob, in the list's order, each field once" {
	run -0 pp-trend -c "$ex/pp.yaml" -F 'metric,forecast_7d*,metric' "$ex/history.csv"
	assert_line --index 0 'metric,forecast_7d,forecast_7d_lo,forecast_7d_hi'
	assert_line --index 1 'api.response_time,0.1189885219,0.1117425632,0.1262344805'
	assert_equal "${#lines[@]}" 4
}

@test "pp-trend: a table leaves out what -F all shows" {
	run -0 pp-trend -c "$ex/pp.yaml" --output-format table "$ex/history.csv"
	assert_line --index 0 --regexp '^metric +host +n +p50 +p95 +slope_pct +direction +forecast_7d +wow_pct +changes +severity +trend$'
	run -0 pp-trend -c "$ex/pp.yaml" --output-format table -F all "$ex/history.csv"
	assert_line --index 0 --regexp '^metric +host +unit +n +first_ts +last_ts +mean +sd +min +p50 .* mom_p +changes +severity +trend$'
	run -0 pp-trend -c "$ex/pp.yaml" --output-format csv -F all "$ex/history.csv"
	assert_line --index 0 'metric,host,unit,n,first_ts,last_ts,mean,sd,min,p50,p95,max,slope,slope_lo,slope_hi,slope_pct,r2,direction,forecast_1d,forecast_1d_lo,forecast_1d_hi,forecast_7d,forecast_7d_lo,forecast_7d_hi,forecast_30d,forecast_30d_lo,forecast_30d_hi,wow_pct,wow_p,mom_pct,mom_p,changes,severity'
}

@test "pp-budget: -F on violations and on the report" {
	run -1 pp-budget -c "$ex/budgets.yaml" -F budget,severity,over_pct "$ex/history.csv"
	assert_line --index 0 'budget,severity,over_pct'
	assert_line --index 1 'build-time,no_data,'
	run -1 pp-budget -c "$ex/budgets.yaml" --report -F budget,compliance_pct "$ex/history.csv"
	assert_line --index 0 'budget,compliance_pct'
	assert_line --index 7 'throughput-floor,55.55555556'
}

@test "pp-abtest: -F on the comparison, the decision and the assignment" {
	run -0 pp-abtest analyze -F variant,median,verdict,decision "$ex/ab.csv"
	assert_output 'variant,median,verdict
control,0.108213,control
cache,0.0989139,faster

variant,decision
,promote'
	run -0 sh -c "cut -d, -f1 '$ex/ab.csv' | pp-abtest assign --key-field user_id --variants control=50,cache=50 --seed s -F variant,user_id | head -n 2"
	assert_output 'variant,user_id
cache,u0'
}

@test "pp-cost: -F on a summary, money exact in CSV" {
	run -0 --separate-stderr pp-cost -c "$ex/pp.yaml" --by category -F category,cost "$ex/usage.csv"
	assert_line --index 0 'category,cost'
	assert_line --index 1 'llm,48.488335'
}

@test "pp-optimize: -F on findings" {
	run -0 --separate-stderr pp-optimize -F 'type,impact_*' --output-format csv "$ex/spans.csv"
	assert_line --index 0 'type,impact_s,impact_pct,impact_calls,impact_bytes'
	assert_line --index 1 'query_optimization,1.2,32.87671147,0,0'
}

@test "pp-alert: -F on the delivery log" {
	run -0 pp-alert --exec 'cat >/dev/null' -F status,alerts,receiver \
	    "$BATS_TEST_DIRNAME/fixtures/pp-alert/violations.csv"
	assert_output 'status,alerts,receiver
sent,3,exec'
}

@test "JSON Lines: -F orders the members" {
	run -0 pp-sample --rate 100% --output-format json -F unit,value "$ex/metrics.csv"
	assert_line --index 0 '{"unit":"s","value":0.131}'
}

@test "a record with none of the fields is not written" {
	run -0 pp-abtest analyze -F verdict "$ex/ab.csv"
	assert_output 'verdict
control
faster'
}

@test "a field no record has is a warning that names it" {
	run -0 --separate-stderr pp-trend -c "$ex/pp.yaml" -F metric,p_95 "$ex/history.csv"
	assert_equal "$stderr" "pp-trend: --fields: no record has a field 'p_95'"
	assert_line --index 0 'metric'
	run -0 --separate-stderr pp-trend -q -c "$ex/pp.yaml" -F metric,p_95 "$ex/history.csv"
	assert_equal "$stderr" ""
}

@test "-F '' and a list of only commas are usage errors" {
	run -2 --separate-stderr pp-trend -F '' "$ex/history.csv"
	assert_equal "${stderr_lines[0]}" "pp-trend: --fields: '' names no field (or 'all' for every one)"
	run -2 --separate-stderr pp-sample --fields ,, "$ex/metrics.csv"
	assert_equal "${stderr_lines[0]}" "pp-sample: --fields: ',,' names no field (or 'all' for every one)"
}

@test "--precision: 1 to 15 significant digits, else a usage error" {
	run -0 pp-trend -c "$ex/pp.yaml" --output-format table --precision 2 -F metric,p50 "$ex/history.csv"
	assert_line --index 1 --regexp '^api\.response_time +120 ms$'
	run -0 pp-trend -c "$ex/pp.yaml" --output-format markdown --precision 6 -F metric,p50 "$ex/history.csv"
	assert_line --index 2 '| api.response_time | 120.1 ms |'
	run -2 --separate-stderr pp-trend --precision 0 "$ex/history.csv"
	assert_equal "${stderr_lines[0]}" "pp-trend: --precision: '0' is not a whole number from 1 to 15"
	run -2 --separate-stderr pp-trend --precision 16 "$ex/history.csv"
	assert_equal "${stderr_lines[0]}" "pp-trend: --precision: '16' is not a whole number from 1 to 15"
	run -2 --separate-stderr pp-cost --precision abc "$ex/usage.csv"
	assert_equal "${stderr_lines[0]}" "pp-cost: --precision: 'abc' is not a whole number from 1 to 15"
}

@test "--precision leaves machine formats exact" {
	run -0 pp-trend -c "$ex/pp.yaml" --precision 2 -F metric,p50,mean "$ex/history.csv"
	assert_line --index 1 'api.response_time,0.1201,0.1199305785'
}

@test "every program lists -F and --precision in --help" {
	for p in pp-sample pp-trend pp-budget pp-abtest pp-cost pp-optimize pp-alert pp-report; do
		run -0 "$p" --help
		assert_output --partial '-F, --fields LIST'
		assert_output --partial '--precision N'
	done
}
