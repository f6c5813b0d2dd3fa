#!/usr/bin/env bats
# pp-budget: budgets, severities, enforcement, waivers, report, annotate.

load common

setup() {
	tmp=$(mktemp -d)
	conf=$(fixture budgets.yaml)
	ci=$(fixture ci.csv)
}

teardown() {
	rm -rf "$tmp"
}

# A configuration from standard input.
config() {
	cat > "$tmp/b.yaml"
}

@test "violations: one record per failing budget window, strict exits 1" {
	run -1 pp-budget -c "$conf" "$ci"
	assert_line --index 0 "ts,budget,scope,metric,stat,observed,limit,unit,severity,over_pct,n,enforcement,message,recommendation,waived"
	# p95 (R type 7) of 0.12, 0.13, 0.45 is 0.418 > 400ms: a warning
	assert_line --index 2 '2026-11-01T10:00:00.000000Z,api-latency,global,api.response_time,p95,0.418,0.4,s,warning,4.5,3,strict,see runbook,"caching, parallelization, query optimization",'
	# 600ms and 700ms: p95 0.695 > 500ms: an error; units converted
	assert_line --index 3 '2026-11-01T11:00:00.000000Z,api-latency,global,api.response_time,p95,0.695,0.5,s,error,39,2,strict,see runbook,"caching, parallelization, query optimization",'
	assert_line --index 4 '2026-11-01T10:00:00.000000Z,build-memory,global,max_rss,max,2684354560,2147483648,bytes,error,25,2,strict,,"lazy loading, compression",'
	assert_equal "${#lines[@]}" 5
}

@test "scopes match by glob, inherit their parent's match and enforcement" {
	run -1 pp-budget -c "$conf" "$ci"
	# only the nightly-* db-migrate run counts; the scope says warning
	assert_line --index 1 '2026-11-01T11:00:00.000000Z,migrate-time,migrate,wall_time,each,45,30,s,error,50,1,warning,,"caching, parallelization, query optimization",'
	assert_equal "$(count_lines ',migrate-time,')" 1
}

@test "a scope's parent may have no match of its own" {
	# found by make fuzz: the parent's missing matches went to memcpy as
	# a null pointer (undefined; make asan said so on stderr)
	config <<'EOF2'
budgets:
  scopes:
    - {name: all, enforcement: warning}
    - {name: migrate, parent: all, match: {node: db-migrate}}
  items:
    - {name: migrate-time, metric: wall_time, scope: migrate, stat: each, error: 30s}
EOF2
	run -0 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" ""
	# both db-migrate runs over 30s, at the parent's enforcement
	assert_equal "$(count_lines ',migrate-time,migrate,wall_time,each,45,30,s,error,50,1,warning,')" 2
	assert_equal "${#lines[@]}" 3
}

@test "a scope may have no match: it takes every record" {
	# found by make fuzz: a budget copied the scope's missing matches
	# with memcpy from a null pointer (make asan said so on stderr)
	config <<'EOF2'
budgets:
  scopes:
    - {name: all, enforcement: warning}
    - {name: none, match: {}}
  items:
    - {name: t-all, metric: wall_time, scope: all, stat: each, error: 30s}
    - {name: t-none, metric: wall_time, scope: none, stat: each, error: 30s}
EOF2
	run -1 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" ""
	# the two wall_time records over 30s, whatever their node
	assert_equal "$(count_lines ',t-all,all,wall_time,each,45,30,s,error,50,1,warning,')" 2
	assert_equal "$(count_lines ',t-none,none,wall_time,each,45,30,s,error,50,1,strict,')" 2
}

@test "min_samples and for are whole numbers up to 1000000000" {
	# found by make fuzz: 1e84 was converted to a long (undefined)
	config <<'EOF2'
budgets:
  defaults: {min_samples: 1e84}
  items:
    - {name: a, metric: m, error: 1}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:2:27: min_samples: '1e84' is not a whole number from 1 to 1000000000"
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, error: 1, min_samples: 1000000001}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:51: min_samples: '1000000001' is not a whole number from 1 to 1000000000"
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, error: 1, for: 1e84}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:43: for: '1e84' is not a whole number of windows from 1 to 1000000000"
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, error: 1, for: 1000000000, min_samples: 1000000000, on_missing: pass}
EOF2
	run -0 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" ""
}

@test "--enforcement warning reports and exits 0; off skips" {
	run -0 pp-budget -c "$conf" --enforcement warning "$ci"
	assert_equal "$(count_lines ',error,')" 3
	run -0 pp-budget -c "$conf" --enforcement off "$ci"
	assert_output ""
	run -2 --separate-stderr pp-budget -c "$conf" --enforcement lax "$ci"
	assert_equal "${stderr_lines[0]}" "pp-budget: --enforcement: 'lax' is not strict, warning or off"
}

@test "warnings alone never fail a strict budget" {
	config <<'EOF2'
budgets:
  items:
    - {name: lat, metric: api.response_time, stat: max, warning: 100ms, error: 10s}
EOF2
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_line --index 1 --regexp ',lat,global,api.response_time,max,0\.7,0\.1,s,warning,600,7,strict,,'
}

@test "better: higher inverts the comparison" {
	config <<'EOF2'
metrics:
  throughput: {better: higher}
budgets:
  items:
    - {name: floor, metric: throughput, stat: each, warning: 100, error: 50}
EOF2
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 '2026-11-01T11:00:00.000000Z,floor,global,throughput,each,90,100,count,warning,10,1,strict,,,'
}

@test "a waiver before its date waives; past its date it does not" {
	config <<'EOF2'
budgets:
  items:
    - {name: mem, metric: max_rss, stat: max, error: 2GiB}
  waivers:
    - {budget: mem, until: 2999-12-31, reason: "migration"}
EOF2
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_line --index 1 --regexp ',mem,global,max_rss,max,2684354560,2147483648,bytes,error,25,2,strict,,"lazy loading, compression",migration$'
	run -0 pp-budget -c "$tmp/b.yaml" --report "$ci"
	assert_line --index 1 "mem,max_rss,global,max,1,0,0,0,0,0,1,100,pass,strict"
	sed -i 's/2999-12-31/2001-01-01/' "$tmp/b.yaml"
	run -1 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_line --index 1 --regexp ',error,25,2,strict,,"lazy loading, compression",$'
}

@test "for: 2 counts only consecutive failing windows" {
	config <<'EOF2'
budgets:
  items:
    - {name: lat, metric: api.response_time, stat: max, window: 1h, error: 400ms, for: 2}
EOF2
	# windows 10h (0.45: fails), 11h (0.7: fails), 12h (0.11: passes)
	run -1 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp '^2026-11-01T11:00:00\.000000Z,lat,global,api\.response_time,max,0\.7,0\.4,s,error,'
	sed -i 's/for: 2/for: 3/' "$tmp/b.yaml"
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_output ""
}

@test "a budget without data fails under on_missing: fail" {
	config <<'EOF2'
budgets:
  defaults: {on_missing: fail}
  items:
    - {name: gone, metric: no.such.metric, stat: mean, error: 1s}
EOF2
	run -1 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_line --index 1 --regexp '^[^,]+,gone,global,no\.such\.metric,mean,,,s,no_data,,0,strict,,'
	sed -i 's/on_missing: fail/on_missing: warn/' "$tmp/b.yaml"
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_line --index 1 --regexp ',no_data,'
	sed -i 's/on_missing: warn/on_missing: pass/' "$tmp/b.yaml"
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_output ""
	run -0 pp-budget -c "$tmp/b.yaml" --report "$ci"
	assert_line --index 1 "gone,no.such.metric,global,mean,0,0,0,0,0,1,0,,no_data,strict"
}

@test "too few samples is insufficient_data, never a silent pass" {
	config <<'EOF2'
budgets:
  defaults: {min_samples: 3, on_missing: warn}
  items:
    - {name: lat, metric: api.response_time, stat: p95, window: 1h, error: 10s}
EOF2
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$(count_lines ',insufficient_data,')" 2
	assert_line --index 1 --regexp '^2026-11-01T11:00:00\.000000Z,lat,global,api\.response_time,p95,,,s,insufficient_data,,2,'
}

@test "sum, count and rate over windows, limits in a currency" {
	printf 'ts,metric,value,unit,category\n2026-11-01T01:00:00Z,cost,25,USD,api\n2026-11-01T02:00:00Z,cost,30,USD,api\n2026-11-01T03:00:00Z,cost,90,USD,llm\n2026-11-02T01:00:00Z,cost,10,USD,api\n' > "$tmp/cost.csv"
	config <<'EOF2'
budgets:
  items:
    - name: api-cost-per-day
      metric: cost
      scope: {match: {category: api}}
      stat: sum
      window: 1d
      warning: 40 USD
      critical: 60 USD
    - {name: calls, metric: cost, stat: count, window: 1d, error: 2}
    - {name: per-hour, metric: cost, stat: rate, window: 1d, warning: 0.00001}
EOF2
	run -1 pp-budget -c "$tmp/b.yaml" "$tmp/cost.csv"
	assert_line --index 1 '2026-11-01T00:00:00.000000Z,api-cost-per-day,inline,cost,sum,55,40,USD,warning,37.5,2,strict,,"caching, batching, a cheaper model",'
	assert_line --index 2 --regexp '^2026-11-01T00:00:00\.000000Z,calls,global,cost,count,3,2,count,error,50,3,'
	# 3 records in a day: 3 / 86400 per second
	assert_line --index 3 --regexp '^2026-11-01T00:00:00\.000000Z,per-hour,global,cost,rate,3\.472222222e-05,'
	assert_equal "${#lines[@]}" 5
}

@test "p100 is the maximum, as max is" {
	awk 'BEGIN { print "ts,metric,value,unit"; for (i = 1; i <= 10; i++) printf "2026-11-01T10:%02d:00Z,m,%d,s\n", i, i }' > "$tmp/m.csv"
	config <<'EOF2'
budgets:
  items:
    - {name: top, metric: m, stat: p100, window: 1h, error: 5s}
    - {name: max, metric: m, stat: max, window: 1h, error: 5s}
    - {name: p10, metric: m, stat: p10, window: 1h, error: 1800ms}
EOF2
	run -1 pp-budget -c "$tmp/b.yaml" "$tmp/m.csv"
	assert_line --index 1 --regexp '^2026-11-01T10:00:00\.000000Z,top,global,m,p100,10,5,s,error,'
	assert_line --index 2 --regexp '^2026-11-01T10:00:00\.000000Z,max,global,m,max,10,5,s,error,'
	# p10 is the 0.1 quantile, 1.9 (R: quantile(1:10, 0.1))
	assert_line --index 3 --regexp '^2026-11-01T10:00:00\.000000Z,p10,global,m,p10,1\.9,1\.8,s,error,'
	assert_equal "${#lines[@]}" 4
}

@test "a metric glob, and the min of a window" {
	config <<'EOF2'
budgets:
  items:
    - {name: any-wall, metric: "wall_*", stat: min, window: 1h, error: 20s}
    - {name: tp-min, metric: "through*", stat: min, error: 80}
EOF2
	# wall_time: 10h holds only 12 (passes); 11h holds 45 and 45: min 45
	run -1 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_line --index 1 --regexp '^2026-11-01T11:00:00\.000000Z,any-wall,global,wall_\*,min,45,20,s,error,125,2,'
	assert_line --index 2 --regexp '^2026-11-01T10:00:00\.000000Z,tp-min,global,through\*,min,90,80,count,error,12\.5,2,'
	assert_equal "${#lines[@]}" 3
}

@test "relative limits against a baseline value or a --baseline file" {
	config <<'EOF2'
budgets:
  items:
    - {name: vs-main, metric: api.response_time, stat: median, baseline: 200ms, warning: +10%, error: +50%}
EOF2
	# median of the seven values is 0.13: 35% below 200ms: passes
	run -0 pp-budget -c "$tmp/b.yaml" "$ci"
	assert_output ""
	printf 'ts,metric,value,unit\n1,api.response_time,0.1,s\n2,api.response_time,0.1,s\n3,api.response_time,0.08,s\n' > "$tmp/main.csv"
	config <<'EOF2'
budgets:
  items:
    - {name: vs-main, metric: api.response_time, stat: median, baseline: p50, warning: +10%, error: +50%}
EOF2
	# baseline p50 0.1; 0.13 is 30% worse: a warning at the +10% limit 0.11
	run -0 pp-budget -c "$tmp/b.yaml" --baseline "$tmp/main.csv" "$ci"
	assert_line --index 1 --regexp ',vs-main,global,api\.response_time,median,0\.13,0\.11,s,warning,18\.18181818,7,'
	run -2 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "${stderr_lines[0]}" "pp-budget: budget 'vs-main' takes its baseline from --baseline FILE"
}

@test "--report: compliance per budget and a total line" {
	run -1 pp-budget -c "$conf" --report "$ci"
	assert_equal "$output" "budget,metric,scope,stat,checks,passed,failed_warning,failed_error,failed_critical,no_data,waived,compliance_pct,worst,enforcement
api-latency,api.response_time,global,p95,3,1,1,1,0,0,0,33.33333333,error,strict
build-memory,max_rss,global,max,1,0,0,1,0,0,0,0,error,strict
migrate-time,wall_time,migrate,each,2,1,0,1,0,0,0,50,error,warning
throughput-floor,throughput,global,mean,1,1,0,0,0,0,0,100,pass,strict
total,,,,7,3,1,3,0,0,0,42.85714286,error,"
}

@test "--by-day adds compliance per day, a sparkline in a table" {
	printf 'ts,metric,value\n2026-11-01T01:00:00Z,lat,1\n2026-11-01T02:00:00Z,lat,3\n2026-11-02T01:00:00Z,lat,1\n' > "$tmp/d.csv"
	config <<'EOF2'
budgets:
  items:
    - {name: lat, metric: lat, stat: each, error: 2}
EOF2
	run -1 pp-budget -c "$tmp/b.yaml" --report --by-day "$tmp/d.csv"
	assert_line --index 0 "budget,metric,scope,stat,checks,passed,failed_warning,failed_error,failed_critical,no_data,waived,compliance_pct,worst,enforcement,daily,days"
	assert_line --index 1 "lat,lat,global,each,3,2,0,1,0,0,0,66.66666667,error,strict,50 100,2026-11-01 2026-11-02"
	run -1 pp-budget -c "$tmp/b.yaml" --report --by-day --output-format table "$tmp/d.csv"
	assert_line --index 1 --regexp '^lat .* 66\.7% +error +▅█$'
	run -2 --separate-stderr pp-budget -c "$tmp/b.yaml" --by-day "$tmp/d.csv"
	assert_equal "${stderr_lines[0]}" "pp-budget: --by-day goes with --report"
}

@test "--annotate passes every record through with its status" {
	run -1 pp-budget -c "$conf" --annotate "$ci"
	assert_equal "${#lines[@]}" 15
	assert_line --index 0 "ts,metric,value,unit,workflow,node,budget_status,budget"
	assert_line --index 3 "2026-11-01T10:20:00Z,api.response_time,0.450,s,ci,api,warning,api-latency"
	assert_line --index 4 "2026-11-01T11:00:00Z,api.response_time,600,ms,ci,api,error,api-latency"
	assert_line --index 12 "2026-11-01T11:00:00Z,wall_time,45,s,ci,db-migrate,,"
}

@test "records without a usable value are skipped with warnings" {
	printf 'ts,metric,value\n1,lat,1\n2,lat,abc\n3,lat,\n4,lat,5\n' > "$tmp/bad.csv"
	config <<'EOF2'
budgets:
  items:
    - {name: lat, metric: lat, stat: max, error: 2}
EOF2
	run -1 --separate-stderr pp-budget -c "$tmp/b.yaml" "$tmp/bad.csv"
	assert_equal "$stderr" "pp-budget: $tmp/bad.csv:3: field 'value': 'abc' is not a number
pp-budget: $tmp/bad.csv:4: field 'value' is missing"
	assert_line --index 1 --regexp ',lat,global,lat,max,5,2,,error,150,2,'
}

@test "the configuration is checked whole before any data is read" {
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, eror: 1}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$tmp/none.csv"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:28: unknown key 'eror'"
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, stat: p95x, error: 1}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:34: stat 'p95x' does not exist (each, mean, median, min, max, pNN, sum, count or rate)"
	config <<'EOF2'
metrics:
  m: {unit: s}
budgets:
  items:
    - {name: a, metric: m, error: 500}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:5:35: limit '500' has no unit, and m is in s"
	config <<'EOF2'
budgets:
  scopes:
    - {name: x, parent: y, match: {a: b}}
    - {name: y, parent: x}
  items:
    - {name: a, metric: m, error: 1}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:7: scope 'x': its parents make a cycle"
	config <<'EOF2'
budgets:
  scopes:
    - {name: x, parent: zz}
  items:
    - {name: a, metric: m, error: 1}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:7: scope 'x': unknown parent 'zz'"
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, warning: 600ms, error: 500ms}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:37: warning: 600ms is past the error limit, 500ms (lower is better for m)"
	config <<'EOF2'
budgets:
  items:
    - {name: a, metric: m, scope: nosuch, error: 1}
EOF2
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:3:35: unknown scope 'nosuch'"
}

@test "no budgets defined is exit 3" {
	printf 'metrics: {}\n' > "$tmp/b.yaml"
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: no budgets defined: the configuration has no budgets: section (see pp-config(5))"
	printf 'budgets:\n  items: []\n' > "$tmp/b.yaml"
	run -3 --separate-stderr pp-budget -c "$tmp/b.yaml" "$ci"
	assert_equal "$stderr" "pp-budget: $tmp/b.yaml:2:10: no budgets defined: items: needs at least one budget"
	run -3 --separate-stderr pp-budget "$ci"
	assert_equal "$stderr" "pp-budget: no budgets defined: give -c FILE or set PP_CONFIG"
}

@test "a full disk is exit 4; --help and --version" {
	run -4 --separate-stderr sh -c "pp-budget -c '$conf' --enforcement warning '$ci' > /dev/full"
	assert_equal "$stderr" "pp-budget: standard output: write error: No space left on device"
	run -0 pp-budget --help
	assert_line --index 0 --partial "usage: pp-budget [options] -c FILE"
	run -0 pp-budget --version
	assert_output --regexp '^pp-budget \(pp\) '
}

@test "pp-sample into pp-budget: the CI gate" {
	config <<'EOF2'
budgets:
  items:
    - {name: fast, metric: wall_time, stat: median, error: 10s}
    - {name: ok, metric: exit_status, stat: max, error: 0.5}
EOF2
	run -0 sh -c "pp-sample -n 5 -- true | pp-budget -c '$tmp/b.yaml'"
	assert_output ""
	run -1 sh -c "pp-sample -n 5 -- false | pp-budget -c '$tmp/b.yaml'"
	assert_line --index 1 --regexp ',ok,global,exit_status,max,1,0\.5,count,error,'
}

@test "-g is refused: scopes choose a budget's series" {
	run -2 --separate-stderr pp-budget -g host
	assert_equal "$stderr" "pp-budget: -g: a budget's series are chosen by its metric and scope (match: in budgets:), not by -g
Try 'pp-budget --help'."
}
