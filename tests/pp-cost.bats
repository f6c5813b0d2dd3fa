#!/usr/bin/env bats
# pp-cost: exact money from usage records and a price sheet.

load common

setup() {
	tmp=$(mktemp -d)
	prices=$(fixture prices.yaml)
	usage=$(fixture usage.csv)
}

teardown() {
	rm -rf "$tmp"
}

@test "annotate: every record with its cost, exact, and the coverage" {
	run -0 --separate-stderr pp-cost -c "$prices" "$usage"
	assert_line --index 0 "ts,metric,value,unit,model,integration,execution_id,prompt_hash,cost,currency,category,price_rule"
	# 1,234,567 tokens at 2.50 per 1M = 3.0864175
	assert_line --index 1 "2026-11-01T10:00:00Z,llm.tokens.input,1234567,count,gpt-4o,,e1,p1,3.0864175,USD,llm,gpt-4o-in"
	# 3,600,500 ms = 3600.5 s at 0.0000166667 per s = 0.06000845335,
	# rounded half to even to the nano: 0.060008453
	assert_line --index 8 "2026-11-01T12:00:00Z,cpu_time,3600500,ms,,,e1,,0.060008453,USD,compute,cpu"
	# 10 GB at 0.09 per GB
	assert_line --index 9 "2026-11-02T12:00:00Z,network.egress,10,GB,,,e2,,0.90,USD,network,egress"
	# no rule for paypal: passed through, cost empty
	assert_line --index 7 "2026-11-01T11:00:00Z,api.calls,3,count,,paypal,e2,,,,,"
	assert_equal "$stderr" "pp-cost: $usage:11: field 'value': '-2' is negative: no cost
pp-cost: $usage:12: field 'value': 'abc' is not a number
pp-cost: priced 8 of 11 records (72.7%), 9.208643453 USD; unpriced: api.calls (2), cpu_time (1)"
}

@test "--require-coverage exits 1 when anything is unpriced" {
	run -1 --separate-stderr pp-cost -c "$prices" --require-coverage 100% "$usage"
	assert_equal "${stderr_lines[-1]}" "pp-cost: coverage 72.7% is below --require-coverage 100%"
	run -0 pp-cost -q -c "$prices" --require-coverage 70 "$usage"
	head -9 "$usage" | grep -v paypal > "$tmp/all.csv"
	run -0 pp-cost -q -c "$prices" --require-coverage 100% "$tmp/all.csv"
}

@test "a million small items sum to the exact total" {
	seq 1 1000000 | awk 'BEGIN { print "metric,value,integration" } { print "api.calls,1,stripe" }' > "$tmp/many.csv"
	run -0 --separate-stderr pp-cost -c "$prices" --by integration "$tmp/many.csv"
	assert_line --index 1 "stripe,400.00,USD,100,1000000,,"
	assert_equal "$stderr" "pp-cost: priced 1000000 of 1000000 records (100.0%), 400.00 USD"
}

@test "--by: totals per group, share and cost per execution" {
	run -0 pp-cost -q -c "$prices" --by category "$usage"
	assert_equal "$output" "category,cost,currency,share_pct,n,cost_per_execution,cost_per_second
llm,8.247835,USD,89.56623244,4,4.1239175,
network,0.90,USD,9.773426505,1,0.90,
compute,0.060008453,USD,0.6516535612,1,0.060008453,
api,0.0008,USD,0.008687490227,2,0.0004,"
	run -0 pp-cost -q -c "$prices" --by category,model "$usage"
	assert_line --index 1 "llm,gpt-4o,8.172835,USD,88.75178023,3,4.0864175,"
}

@test "--top N: the largest drivers" {
	run -0 pp-cost -q -c "$prices" --top 2 --by price_rule "$usage"
	assert_equal "$output" "rank,price_rule,cost,currency,share_pct,n,cost_per_execution,cost_per_second
1,gpt-4o-in,6.172835,USD,67.03305467,2,3.0864175,
2,gpt-4o-out,2.00,USD,21.71872557,1,2.00,"
}

@test "--report daily: totals per day and category, change from the day before" {
	run -0 pp-cost -q -c "$prices" --report daily "$usage"
	assert_line --index 0 "ts,metric,value,unit,period,category,n,change_pct"
	assert_line --index 3 "2026-11-01T00:00:00.000000Z,cost,8.247835,USD,day,llm,4,"
	assert_line --index 4 "2026-11-02T00:00:00.000000Z,cost,0.90,USD,day,network,1,"
	printf 'ts,metric,value,integration\n2026-11-01T10:00:00Z,api.calls,10,stripe\n2026-11-02T10:00:00Z,api.calls,15,stripe\n' > "$tmp/two.csv"
	run -0 pp-cost -q -c "$prices" --report daily "$tmp/two.csv"
	assert_line --index 2 "2026-11-02T00:00:00.000000Z,cost,0.006,USD,day,api,1,50"
	run -0 pp-cost -q -c "$prices" --report monthly --tz +02:00 "$tmp/two.csv"
	assert_line --index 1 "2026-10-31T22:00:00.000000Z,cost,0.01,USD,month,api,2,"
}

@test "--since and --until keep a period" {
	run -0 --separate-stderr pp-cost -c "$prices" --since 2026-11-02 --by category "$usage"
	assert_line --index 1 "network,0.90,USD,100,1,0.90,"
	run -0 --separate-stderr pp-cost -c "$prices" --until 2026-11-01T11:00:00Z --by category "$usage"
	assert_line --index 1 "llm,8.247835,USD,100,4,4.1239175,"
	run -2 --separate-stderr pp-cost -c "$prices" --since 'last week' "$usage"
	assert_equal "${stderr_lines[0]}" "pp-cost: --since: 'last week' is not a time: give a date (2026-01-31), RFC 3339 (2026-01-31T12:00:00Z), Unix seconds or now"
}

@test "--cost-records: cost metric records for pp-trend and pp-budget" {
	run -0 pp-cost -q -c "$prices" --cost-records "$usage"
	assert_line --index 0 "ts,metric,value,unit,category,price_rule,usage_metric,model,integration,execution_id,prompt_hash"
	assert_line --index 1 "2026-11-01T10:00:00.000000Z,cost,3.0864175,USD,llm,gpt-4o-in,llm.tokens.input,gpt-4o,,e1,p1"
	printf 'budgets:\n  items:\n    - {name: llm-per-day, metric: cost, scope: {match: {category: llm}}, stat: sum, window: 1d, warning: 5 USD}\n' > "$tmp/b.yaml"
	run -0 sh -c "pp-cost -q -c '$prices' --cost-records '$usage' | pp-budget -c '$tmp/b.yaml'"
	assert_line --index 1 --regexp ',llm-per-day,inline,cost,sum,8\.247835,5,USD,warning,'
}

@test "a record's own cost wins under --mode auto; display and calculate" {
	printf 'ts,metric,value,integration,cost\n1,api.calls,1,stripe,0.05\n2,api.calls,1,stripe,\n' > "$tmp/own.csv"
	run -0 pp-cost -q -c "$prices" "$tmp/own.csv"
	assert_line --index 1 "1,api.calls,1,stripe,0.05,USD,,record"
	assert_line --index 2 "2,api.calls,1,stripe,0.0004,USD,api,stripe"
	run -0 pp-cost -q -c "$prices" --mode calculate "$tmp/own.csv"
	assert_line --index 1 "1,api.calls,1,stripe,0.0004,USD,api,stripe"
	run -0 pp-cost -q --mode display "$tmp/own.csv"
	assert_line --index 2 "2,api.calls,1,stripe,,,,"
}

@test "storage: a GiB-month from byte-seconds or from a gauge over time" {
	printf 'prices:\n  hours_per_month: 730\n  rules:\n    - {match: {metric: storage}, price: "0.023", per: 1GiB-month}\n' > "$tmp/p.yaml"
	# 1 GiB held for 730 hours: 1073741824 x 2628000 byte-seconds
	printf 'metric,value,unit\nstorage,2821793513472000,byte-seconds\n' > "$tmp/bs.csv"
	run -0 pp-cost -q -c "$tmp/p.yaml" "$tmp/bs.csv"
	assert_line --index 1 "storage,2821793513472000,byte-seconds,0.023,USD,,rule 1"
	# a 2 GiB gauge read at 0 h and 365 h: the second pays for 365 h
	printf 'ts,metric,value,unit\n2026-01-01T00:00:00Z,storage,2,GiB\n2026-01-16T05:00:00Z,storage,2,GiB\n' > "$tmp/g.csv"
	run -0 pp-cost -q -c "$tmp/p.yaml" "$tmp/g.csv"
	assert_line --index 1 "2026-01-01T00:00:00Z,storage,2,GiB,0.00,USD,,rule 1"
	assert_line --index 2 "2026-01-16T05:00:00Z,storage,2,GiB,0.023,USD,,rule 1"
}

@test "a gauge read out of order pays nothing for the time going back" {
	printf 'prices:\n  rules:\n    - {match: {metric: storage}, price: "0.023", per: 1GiB-month}\n' > "$tmp/p.yaml"
	printf 'ts,metric,value,unit\n2026-01-16T05:00:00Z,storage,2,GiB\n2026-01-01T00:00:00Z,storage,2,GiB\n' > "$tmp/g.csv"
	run -0 pp-cost -q -c "$tmp/p.yaml" "$tmp/g.csv"
	assert_line --index 2 "2026-01-01T00:00:00Z,storage,2,GiB,0.00,USD,,rule 1"
}

@test "amounts in another currency are not added; a total past 9.2e9 is exact" {
	printf 'metric,value,cost,currency\na,1,5,EUR\n' > "$tmp/eur.csv"
	run -0 --separate-stderr pp-cost -c "$prices" "$tmp/eur.csv"
	assert_equal "${stderr_lines[0]}" "pp-cost: $tmp/eur.csv:2: field 'currency': 'EUR' is not the sheet's USD: not added"
	printf 'metric,value,cost\na,1,5000000000\na,1,5000000000\n' > "$tmp/big.csv"
	run -0 --separate-stderr pp-cost -c "$prices" --by metric "$tmp/big.csv"
	assert_line --index 1 'a,10000000000.00,USD,100,2,,'
	assert_equal "$stderr" "pp-cost: priced 2 of 2 records (100.0%), 10000000000.00 USD"
}

@test "every quantity within the limits is priced exactly: 400 random ones in every unit" {
	# tests/fixtures/pp-cost/gen-property.py: random decimals of 1 to 18
	# digits, 0 to 21 places, in ns ... d and B ... TiB, whose value in
	# the base unit has at most 18 significant digits, each with its
	# amount by Python's decimal (half to even to the nano-unit)
	run -0 --separate-stderr pp-cost -c "$(fixture property-prices.yaml)" "$(fixture property.csv)"
	assert_equal "$stderr" "pp-cost: priced 400 of 400 records (100.0%), 17135252899.834824734 USD"
	assert_equal "$(printf '%s\n' "$output" | awk -F, 'NR > 1 && $4 != $5' | head -3)" ""
	assert_equal "${#lines[@]}" 401
}

@test "many decimals in a big unit are priced; a number too large says so" {
	printf 'prices:\n  rules:\n    - {name: eg, match: {metric: egress}, price: "1", per: 1TB}\n    - {name: cpu, match: {metric: cpu}, price: "1", per: 1d}\n    - {name: st, match: {metric: storage}, price: "2", per: 0.5TB-month}\n    - {name: st15, match: {metric: st15}, price: "3", per: 1.5TB-month}\n' > "$tmp/p.yaml"
	printf 'ts,metric,value,unit\n2026-01-01T00:00:00Z,egress,0.978579732138,TB\n2026-01-01T00:00:00Z,egress,0.141901234274,GB\n2026-01-01T00:00:00Z,cpu,0.000000138590304253591,d\n2026-01-01T00:00:00Z,egress,1e20,B\n2026-01-01T00:00:00Z,egress,12345678901234567890,B\n2026-01-01T00:00:00Z,egress,9300000000000000000,B\n' > "$tmp/u.csv"
	run -0 --separate-stderr pp-cost -c "$tmp/p.yaml" "$tmp/u.csv"
	assert_line --index 1 '2026-01-01T00:00:00Z,egress,0.978579732138,TB,0.978579732,USD,,eg'
	assert_line --index 2 '2026-01-01T00:00:00Z,egress,0.141901234274,GB,0.000141901,USD,,eg'
	assert_line --index 3 '2026-01-01T00:00:00Z,cpu,0.000000138590304253591,d,0.000000139,USD,,cpu'
	assert_equal "${stderr_lines[0]}" "pp-cost: $tmp/u.csv:5: field 'value': '1e20' is too large to price exactly (at most 18 significant digits, below 9.2e18)"
	assert_equal "${stderr_lines[1]}" "pp-cost: $tmp/u.csv:6: field 'value': '12345678901234567890' is too large to price exactly (at most 18 significant digits, below 9.2e18)"
	assert_equal "${stderr_lines[2]}" "pp-cost: $tmp/u.csv:7: field 'value': '9300000000000000000' is too large to price exactly (at most 18 significant digits, below 9.2e18)"
	# half and one and a half TB-months are pers like any other
	printf 'ts,metric,value,unit\n2026-01-01T00:00:00Z,storage,1,TB\n2026-01-31T10:00:00Z,storage,1,TB\n2026-01-01T00:00:00Z,st15,1,TB\n2026-01-31T10:00:00Z,st15,1,TB\n' > "$tmp/s.csv"
	run -0 pp-cost -q -c "$tmp/p.yaml" "$tmp/s.csv"
	assert_line --index 2 '2026-01-31T10:00:00Z,storage,1,TB,4.00,USD,,st'
	assert_line --index 4 '2026-01-31T10:00:00Z,st15,1,TB,2.00,USD,,st15'
}

@test "several price sheets, each from its date" {
	printf 'prices:\n  - since: 2026-01-01\n    rules: [{match: {metric: api.calls}, price: "0.001"}]\n  - since: 2026-06-01\n    rules: [{match: {metric: api.calls}, price: "0.002"}]\n' > "$tmp/p.yaml"
	printf 'ts,metric,value\n2026-03-01T00:00:00Z,api.calls,1\n2026-07-01T00:00:00Z,api.calls,1\n' > "$tmp/u.csv"
	run -0 pp-cost -q -c "$tmp/p.yaml" "$tmp/u.csv"
	assert_line --index 1 "2026-03-01T00:00:00Z,api.calls,1,0.001,USD,,rule 1"
	assert_line --index 2 "2026-07-01T00:00:00Z,api.calls,1,0.002,USD,,rule 1"
}

@test "--forecast: the next day, week and month from daily totals" {
	# 10 days of 1, 2, ... 10 USD: the line is exact, the next day 11,
	# the week 11 + ... + 17 = 98, the month 11 + ... + 40 = 765
	for d in $(seq 1 10); do printf '2026-11-%02dT12:00:00Z,api.calls,1,stripe,%d\n' "$d" "$d"; done |
	    sed '1i ts,metric,value,integration,cost' > "$tmp/daily.csv"
	run -0 pp-cost -q -c "$prices" --forecast "$tmp/daily.csv"
	assert_equal "$output" "ts,metric,value,unit,horizon,lo,hi,days
2026-11-11T00:00:00.000000Z,cost,11.00,USD,day,11.00,11.00,10
2026-11-11T00:00:00.000000Z,cost,98.00,USD,week,98.00,98.00,10
2026-11-11T00:00:00.000000Z,cost,765.00,USD,month,765.00,765.00,10"
}

@test "--suggest: savings with their evidence and basis" {
	run -0 pp-cost -q -c "$prices" --suggest "$usage"
	assert_line --index 0 "type,savings,currency,evidence,basis"
	# 2,469,134 input tokens at 0.15 instead of 2.50 per 1M
	assert_line --index 1 "cheaper_model,5.8024649,USD,gpt-4o takes 8.172835 of 8.247835 LLM spend (99.1%),llm.tokens.input at mini-in's price (0.15 per 1M) instead of gpt-4o-in"
	assert_line --index 2 "caching,3.0864175,USD,1 repeated prompts (same prompt_hash),the cost of every repeat after the first"
	assert_line --index 3 --regexp '^compression,0\.63,USD,'
	seq 1 30 | awk 'BEGIN { print "ts,metric,value,integration" } { printf "2026-11-01T10:00:%02d.%dZ,api.calls,1,stripe\n", 10, $1 }' > "$tmp/burst.csv"
	run -0 pp-cost -q -c "$prices" --suggest "$tmp/burst.csv"
	assert_line --index 1 'batching,0.0116,USD,30 calls in bursts of 10 or more less than 1 s apart,"one call per burst instead of each, at the mean price per call"'
}

@test "bad price sheets exit 3 with file, line and column" {
	printf 'prices:\n  rules:\n    - {match: {metric: a}, price: "1,5"}\n' > "$tmp/p.yaml"
	run -3 --separate-stderr pp-cost -c "$tmp/p.yaml" "$usage"
	assert_equal "$stderr" "pp-cost: $tmp/p.yaml:3:35: price: '1,5' is not a decimal such as \"0.0004\""
	printf 'prices:\n  rules:\n    - {match: {metric: a}, price: "-1"}\n' > "$tmp/p.yaml"
	run -3 --separate-stderr pp-cost -c "$tmp/p.yaml" "$usage"
	assert_equal "$stderr" "pp-cost: $tmp/p.yaml:3:35: price: '-1' is negative"
	printf 'prices:\n  rules:\n    - {match: {metric: a}, price: "1", per: 1parsec}\n' > "$tmp/p.yaml"
	run -3 --separate-stderr pp-cost -c "$tmp/p.yaml" "$usage"
	assert_equal "$stderr" "pp-cost: $tmp/p.yaml:3:45: per: unknown unit 'parsec' (K M G, ns us ms s min h d, B KB MB GB TB KiB MiB GiB TiB, or a size-month)"
	printf 'prices:\n  rules:\n    - {category: x, price: "1"}\n' > "$tmp/p.yaml"
	run -3 --separate-stderr pp-cost -c "$tmp/p.yaml" "$usage"
	assert_equal "$stderr" "pp-cost: $tmp/p.yaml:3:7: a rule needs match:"
	printf 'prices:\n  rules:\n    - {match: {metric: a}, price: "1", cateogry: x}\n' > "$tmp/p.yaml"
	run -3 --separate-stderr pp-cost -c "$tmp/p.yaml" "$usage"
	assert_equal "$stderr" "pp-cost: $tmp/p.yaml:3:40: unknown key 'cateogry'"
	printf 'metrics: {}\n' > "$tmp/p.yaml"
	run -3 --separate-stderr pp-cost -c "$tmp/p.yaml" "$usage"
	assert_equal "$stderr" "pp-cost: no price sheet: the configuration has no prices: section (or use --mode display)"
}

@test "usage in a unit that does not go with the price is unpriced" {
	printf 'ts,metric,value,unit\n1,cpu_time,5,bytes\n' > "$tmp/u.csv"
	run -0 --separate-stderr pp-cost -c "$prices" "$tmp/u.csv"
	assert_equal "${stderr_lines[0]}" "pp-cost: $tmp/u.csv:2: unit 'bytes' does not go with cpu's per '1s'"
}

@test "bad options exit 2; a full disk exit 4" {
	run -2 --separate-stderr pp-cost -c "$prices" --report hourly "$usage"
	assert_equal "${stderr_lines[0]}" "pp-cost: --report: 'hourly' is not daily, weekly or monthly"
	run -2 --separate-stderr pp-cost -c "$prices" --by category --report daily "$usage"
	assert_equal "${stderr_lines[0]}" "pp-cost: --cost-records, --by, --top, --report, --forecast and --suggest: choose one (--top takes --by)"
	run -2 --separate-stderr pp-cost -c "$prices" --mode guess "$usage"
	assert_equal "${stderr_lines[0]}" "pp-cost: --mode: 'guess' is not auto, calculate or display"
	run -4 --separate-stderr sh -c "pp-cost -q -c '$prices' '$usage' > /dev/full"
	assert_equal "$stderr" "pp-cost: standard output: write error: No space left on device"
}
