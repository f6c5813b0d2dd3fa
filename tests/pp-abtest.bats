#!/usr/bin/env bats
# pp-abtest: assign and analyze.

load common

setup() {
	tmp=$(mktemp -d)
	ab=$(fixture ab.csv)
}

teardown() {
	rm -rf "$tmp"
}

# --- assign -----------------------------------------------------------

@test "assign adds a variant by GrowthBook's bucketing" {
	# GrowthBook cases.json: hash("seed", "a", 2) = 0.0505, ("seed", "b") =
	# 0.2696; with 50/50 both fall in the first range, 10/90 splits them
	printf 'id\na\nb\n' > "$tmp/u.csv"
	run -0 pp-abtest assign --key-field id --variants x=50,y=50 --seed seed "$tmp/u.csv"
	assert_equal "$output" "id,variant
a,x
b,x"
	run -0 pp-abtest assign --key-field id --variants x=10,y=90 --seed seed "$tmp/u.csv"
	assert_equal "$output" "id,variant
a,x
b,y"
}

@test "assign is deterministic and follows the weights" {
	seq 1 20000 | awk 'BEGIN { print "user_id" } { print "u" $1 }' > "$tmp/u.csv"
	run -0 pp-abtest assign --key-field user_id --variants control=30,cache=70 --seed exp "$tmp/u.csv"
	first=$output
	n=$(count_lines ',cache$')
	[ "$n" -gt 13700 ] && [ "$n" -lt 14300 ]
	run -0 pp-abtest assign --key-field user_id --variants control=30,cache=70 --seed exp "$tmp/u.csv"
	assert_equal "$output" "$first"
	run -0 pp-abtest assign --key-field user_id --variants control=30,cache=70 --seed other "$tmp/u.csv"
	[ "$output" != "$first" ]
}

@test "--coverage assigns a share and never moves anyone already in" {
	seq 1 5000 | awk 'BEGIN { print "user_id" } { print "u" $1 }' > "$tmp/u.csv"
	pp-abtest assign --key-field user_id --variants a=50,b=50 --coverage 20% "$tmp/u.csv" > "$tmp/20.csv"
	pp-abtest assign --key-field user_id --variants a=50,b=50 --coverage 60 "$tmp/u.csv" > "$tmp/60.csv"
	n20=$(grep -c ',[ab]$' "$tmp/20.csv")
	[ "$n20" -gt 900 ] && [ "$n20" -lt 1100 ]
	# everyone assigned at 20% keeps their variant at 60%
	run -0 sh -c "paste -d, '$tmp/20.csv' '$tmp/60.csv' | awk -F, 'NR > 1 && \$2 != \"\" && \$2 != \$4' | wc -l"
	assert_output 0
}

@test "a record without the key gets no variant and a warning" {
	printf 'user_id,x\nu1,1\n,2\n' > "$tmp/u.csv"
	run -0 --separate-stderr pp-abtest assign --key-field user_id --variants a=1,b=1 "$tmp/u.csv"
	assert_line --index 2 ",2,"
	assert_equal "$stderr" "pp-abtest: $tmp/u.csv:3: field 'user_id' is missing: no variant"
}

@test "bad weights are exit 2" {
	run -2 --separate-stderr pp-abtest assign --key-field id --variants a=0,b=0
	assert_equal "${stderr_lines[0]}" "pp-abtest: --variants: 'a=0,b=0': the weights sum to 0"
	run -2 --separate-stderr pp-abtest assign --key-field id --variants a=x
	assert_equal "${stderr_lines[0]}" "pp-abtest: --variants: 'a=x': weight 'x' is not a number of 0 or more"
	run -2 --separate-stderr pp-abtest assign --key-field id --variants ab
	assert_equal "${stderr_lines[0]}" "pp-abtest: --variants: 'ab' is not NAME=WEIGHT,..."
	run -2 --separate-stderr pp-abtest assign --variants a=1
	assert_equal "${stderr_lines[0]}" "pp-abtest: assign needs --key-field and --variants"
	run -2 --separate-stderr pp-abtest
	assert_equal "${stderr_lines[0]}" "pp-abtest: a command is needed: assign, analyze, bandit or rollout"
}

# --- analyze ----------------------------------------------------------

@test "analyze with Mann-Whitney matches R" {
	# R 4.2.2 on ab.csv (ms, read as s): wilcox.test(control, cache),
	# median(), chisq.test(c(209, 191), p = c(.5, .5))
	run -0 pp-abtest analyze "$ab"
	assert_line --index 0 "metric,variant,control,unit,n,mean,sd,median,median_lo,median_hi,p95,diff,diff_pct,diff_lo,diff_hi,diff_pct_lo,diff_pct_hi,test,statistic,p_value,p_adjusted,srm_p,verdict"
	assert_equal "$(csv_get variant 1),$(csv_get n 1),$(csv_get verdict 1)" "control,209,control"
	assert_near "$(csv_get mean 1)" 0.109331908133971 1e-9 "control mean"
	assert_near "$(csv_get sd 1)" 0.00611560288913348 1e-9 "control sd"
	assert_near "$(csv_get median 1)" 0.108213 1e-9 "control median"
	assert_near "$(csv_get p95 1)" 0.11910282 1e-9 "control p95"
	assert_near "$(csv_get srm_p 1)" 0.368120250693519 1e-8 srm_p
	assert_equal "$(csv_get variant 2),$(csv_get n 2),$(csv_get test 2)" "cache,191,mann-whitney"
	assert_near "$(csv_get statistic 2)" 35708 0 W
	assert_near "$(csv_get p_value 2)" 2.48108891103779e-42 1e-6 p
	# the Hodges-Lehmann shift: R's wilcox.test(cache, control,
	# conf.int = TRUE, tol.root = 1e-13) (ties: the normal approximation)
	assert_near "$(csv_get diff 2)" -0.0099704 1e-9 "Hodges-Lehmann shift"
	assert_near "$(csv_get diff_lo 2)" -0.0111569 1e-9 "shift, lower"
	assert_near "$(csv_get diff_hi 2)" -0.0088347 1e-9 "shift, upper"
	# in percent of the control's median
	assert_near "$(csv_get diff_pct 2)" "$(echo '-0.0099704 / 0.108213 * 100' | bc -l)" 1e-9 diff_pct
	assert_near "$(csv_get diff_pct_lo 2)" "$(echo '-0.0111569 / 0.108213 * 100' | bc -l)" 1e-9 diff_pct_lo
	assert_near "$(csv_get diff_pct_hi 2)" "$(echo '-0.0088347 / 0.108213 * 100' | bc -l)" 1e-9 diff_pct_hi
	assert_equal "$(csv_get verdict 2)" faster
}

@test "analyze with Mann-Whitney: the exact interval of the shift, as R" {
	# R 4.2.2: wilcox.test(v, c, conf.int = TRUE): exact, no ties;
	# estimate -1.6, interval [-2.8, -0.4], p 0.00622
	{
		echo "variant,value"
		for x in 12.1 10.4 11.8 13.0 9.7 12.6 11.1 10.9; do echo "c,$x"; done
		for x in 10.2 9.1 11.5 8.8 10.0 9.6 10.8 9.3 8.4 10.6; do echo "v,$x"; done
	} > "$tmp/hl.csv"
	run -0 pp-abtest analyze --control c -F diff,diff_lo,diff_hi,diff_pct,p_value,verdict "$tmp/hl.csv"
	assert_line --index 2 --regexp '^-1\.6,-2\.8,-0\.4,-13\.9737991[0-9]*,0\.006216[0-9]*,faster$'
	# at 90%: R's [-2.6, -0.6]
	run -0 pp-abtest analyze --control c --confidence 90 -F diff_lo,diff_hi "$tmp/hl.csv"
	assert_line --index 2 "-2.6,-0.6"
	# a minimum effect the interval does not clear: no_change
	run -0 pp-abtest analyze --control c --min-effect 5% -F verdict "$tmp/hl.csv"
	assert_line --index 2 "no_change"
}

@test "analyze --test welch matches R's t.test" {
	# R 4.2.2: t.test(cache, control)
	run -0 pp-abtest analyze --test welch "$ab"
	assert_near "$(csv_get statistic 2)" -18.2315500698388 1e-9 t
	assert_near "$(csv_get p_value 2)" 2.96177132547389e-54 1e-6 p
	assert_near "$(csv_get diff_lo 2)" -0.0112241546915763 1e-8 lo
	assert_near "$(csv_get diff_hi 2)" -0.0090390490109213 1e-8 hi
	assert_equal "$(csv_get test 2)" welch
}

@test "analyze --log compares geometric means" {
	# R 4.2.2: t.test(log(cache), log(control)); exp of the difference
	run -0 pp-abtest analyze --test welch --log "$ab"
	assert_near "$(csv_get statistic 2)" -18.2832921239885 1e-9 t
	assert_near "$(csv_get diff 2)" 0.907600100309575 1e-9 "ratio"
	assert_near "$(csv_get diff_lo 2)" 0.898187631408418 1e-8 lo
	assert_near "$(csv_get diff_hi 2)" 0.917111206252388 1e-8 hi
	assert_equal "$(csv_get test 2)" welch-log
}

@test "--log goes with Welch's test only, not with --sequential or mw" {
	run -2 --separate-stderr pp-abtest analyze --log --sequential "$ab"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --log and --sequential: choose one
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest analyze --log --test mw "$ab"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --log runs Welch's test on log values: it goes with --test welch only
Try 'pp-abtest --help'."
}

@test "--quantile compares a quantile with a seeded bootstrap" {
	run -0 pp-abtest analyze --quantile 0.95 --resamples 2000 --seed 3 "$ab"
	a=$output
	assert_equal "$(csv_get test 2),$(csv_get verdict 2)" "bootstrap,faster"
	run -0 pp-abtest analyze --quantile 0.95 --resamples 2000 --seed 3 "$ab"
	assert_equal "$output" "$a"
}

@test "the last record names the winner and the decision" {
	run -0 pp-abtest analyze "$ab"
	assert_line --index 3 "metric,variant,winner,decision,gmean_ratio,needed_per_arm"
	assert_line --index 4 --regexp '^,,cache,promote,0\.9078[0-9]*,$'
	# with cache as the control, the old control is slower
	run -1 pp-abtest analyze --control cache --fail-on slower "$ab"
	assert_equal "$(csv_get verdict 2)" slower
	assert_line --index 4 ",,,keep_control,,"
}

@test "a rate or a throughput is better higher unless metrics: says otherwise" {
	# cache's values are about 9% below control's: in ms it is faster, in
	# B/s (any unit ending in /s) or as a hit_ratio it is slower
	awk -F, 'BEGIN { OFS = "," } NR > 1 { $4 = "B/s" } { print }' "$ab" > "$tmp/bps.csv"
	run -0 pp-abtest analyze "$tmp/bps.csv"
	assert_equal "$(csv_get unit 2),$(csv_get verdict 2)" "B/s,slower"
	assert_line --index 4 ",,,keep_control,,"
	run -0 pp-abtest analyze --control cache "$tmp/bps.csv"
	assert_equal "$(csv_get verdict 2)" faster
	awk -F, 'BEGIN { OFS = "," } NR > 1 { $2 = "cache_hit_ratio"; $4 = "" } { print }' "$ab" > "$tmp/hit.csv"
	run -0 pp-abtest analyze "$tmp/hit.csv"
	assert_equal "$(csv_get verdict 2)" slower
	printf 'metrics:\n  latency: {better: lower}\n  "*hit*": {unit: ratio}\n' > "$tmp/pp.yaml"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/bps.csv"
	assert_equal "$(csv_get verdict 2)" faster
	# an entry without better: leaves the default of the name
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/hit.csv"
	assert_equal "$(csv_get verdict 2)" slower
}

@test "an A/A comparison is no_change, and the decision says how many more" {
	awk -F, 'BEGIN { OFS = "," } NR == 1 || $5 == "control" { print }' "$ab" |
	    awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { $5 = NR % 2 ? "a" : "b"; print }' > "$tmp/aa.csv"
	run -0 pp-abtest analyze --control a --min-effect 0.5% "$tmp/aa.csv"
	assert_equal "$(csv_get verdict 2)" no_change
	assert_line --index 4 --regexp '^,,,continue,,[0-9]+$'
}

@test "a p-value equal to alpha is not below it: no verdict" {
	# R 4.2.2: wilcox.test(c(104.1, 104.2, 104.3, 104.4, 104.5, 104.6,
	# 105.5), 101:119): W = 29, exact p = 0.03 (3/100); 1 - 0.97 in
	# floating point is 0.030000000000000027
	{
		echo metric,value,unit,variant
		seq 101 119 | sed 's/.*/m,&,s,control/'
		for v in 104.1 104.2 104.3 104.4 104.5 104.6 105.5; do echo "m,$v,s,fast"; done
	} > "$tmp/eq.csv"
	run -0 pp-abtest analyze --min-effect 0 --confidence 97 -F variant,p_value,verdict "$tmp/eq.csv"
	assert_line --index 2 "fast,0.03,no_change"
	run -0 pp-abtest analyze --min-effect 0 --confidence 96.9 -F variant,p_value,verdict "$tmp/eq.csv"
	assert_line --index 2 "fast,0.03,faster"
}

@test "fewer than --min-samples is insufficient_data" {
	head -9 "$ab" > "$tmp/few.csv"
	run -0 pp-abtest analyze "$tmp/few.csv"
	assert_equal "$(csv_get verdict 2)" insufficient_data
	run -0 pp-abtest analyze --min-samples 250 "$ab"
	assert_equal "$(csv_get verdict 2)" insufficient_data
}

@test "a sample ratio mismatch stops the test" {
	awk -F, 'NR == 1 || $5 == "control" || NR % 4 == 0' "$ab" > "$tmp/srm.csv"
	run -0 pp-abtest analyze "$tmp/srm.csv"
	assert_equal "$(csv_get verdict 2)" srm
	assert_line --index 4 ",,,stop_srm,,"
	# the same counts are fine when that is the split asked for
	run -0 pp-abtest analyze --weights control=80,cache=20 "$tmp/srm.csv"
	[ "$(csv_get verdict 2)" != srm ]
}

# --- units: experiments by user, not by request ---------------------

@test "a request log split by user: the SRM check counts users, not requests" {
	# requests.csv: 300 users split by pp-abtest assign; the users of the
	# cache make more requests.  It is what gen-requests writes.
	req=$TOP/share/pp/examples/requests.csv
	run -0 sh "$TOP/share/pp/examples/gen-requests"
	assert_equal "$output" "$(cat "$req")"
	# by request: R 4.2.2 chisq.test(c(684, 968)), wilcox.test of the
	# requests: a sample ratio mismatch although the split is right
	run -0 pp-abtest analyze -F variant,n,p_value,srm_p,verdict,decision "$req"
	assert_equal "$(csv_get variant 1),$(csv_get n 1),$(csv_get n 2)" "control,684,968"
	assert_near "$(csv_get srm_p 1)" 2.80100453997775e-12 1e-8 "srm_p of requests"
	assert_near "$(csv_get p_value 2)" 7.52016860554972e-29 1e-8 "p of requests"
	assert_equal "$(csv_get verdict 2)" srm
	assert_line --index 4 ",stop_srm"
	# by user: R 4.2.2 chisq.test(c(153, 147)); n is the number of users
	run -0 pp-abtest analyze --unit-field user_id "$req"
	assert_equal "$(csv_get variant 1),$(csv_get n 1),$(csv_get n 2)" "control,153,147"
	assert_near "$(csv_get srm_p 1)" 0.729034489538804 1e-9 "srm_p of users"
	assert_near "$(csv_get mean 1)" 0.0994062091503268 1e-9 "mean of the users' means"
	assert_equal "$(csv_get verdict 2)" faster
	assert_line --index 4 --regexp '^,,cache,promote,'
}

@test "--unit-field tests the units' means, sums: as if aggregated first" {
	# no unit: the values are the doubles awk sums, in the same order
	cut -d, -f1,3,5 "$TOP/share/pp/examples/requests.csv" > "$tmp/req.csv"
	for agg in mean sum; do
		awk -F, -v agg=$agg 'NR == 1 { print; next }
		    !($1 in s) { order[++n] = $1; var[$1] = $3 }
		    { s[$1] += $2; c[$1]++ }
		    END { for (i = 1; i <= n; i++) { u = order[i]
			printf "%s,%.17g,%s\n", u, agg == "sum" ? s[u] : s[u] / c[u], var[u] } }' \
		    "$tmp/req.csv" > "$tmp/users.csv"
		run -0 pp-abtest analyze "$tmp/users.csv"
		want=$output
		run -0 pp-abtest analyze --unit-field user_id --unit-agg $agg "$tmp/req.csv"
		assert_equal "$output" "$want"
	done
}

@test "--unit-agg: a unit's mean, median or sum; bad records said once" {
	# control: c1 has 1, 2, 9; c2 4; c3 5, 7.  v1 is in both variants.
	printf '%s\n' user_id,value,variant c1,1,control v1,3,cache c1,2,control \
	    c2,4,control ,5,cache c1,9,control c3,5,control v1,4,control \
	    v2,6,cache c3,7,control v1,8,cache v3,7,cache > "$tmp/u.csv"
	run -0 --separate-stderr pp-abtest analyze --unit-field user_id -F variant,n,mean,median "$tmp/u.csv"
	assert_line --index 1 "control,3,4.666666667,4"
	assert_line --index 2 "cache,2,6.5,6.5"
	# v1 is left out of both arms; said once, not at line 12 again
	assert_equal "$stderr" "pp-abtest: $tmp/u.csv:6: field 'user_id' is missing: no unit
pp-abtest: $tmp/u.csv:9: unit 'v1' is in variant 'cache' and in 'control': left out"
	run -0 --separate-stderr pp-abtest analyze --unit-field user_id --unit-agg median -F variant,n,mean,median "$tmp/u.csv"
	assert_line --index 1 "control,3,4,4"
	run -0 --separate-stderr pp-abtest analyze --unit-field user_id --unit-agg sum -F variant,n,mean,median "$tmp/u.csv"
	assert_line --index 1 "control,3,9.333333333,12"
	# the gate counts units
	run -0 --separate-stderr pp-abtest analyze --unit-field user_id --fail-on slower --output-format junit "$tmp/u.csv"
	assert_line --index 4 '      <skipped message="insufficient data: 2 units of cache, 3 of control, 5 needed"/>'
	# every unit in two variants: nothing left
	printf '%s\n' user_id,value,variant u1,1,a u1,2,b > "$tmp/mixed.csv"
	run -3 --separate-stderr pp-abtest analyze --unit-field user_id "$tmp/mixed.csv"
	assert_equal "$stderr" "pp-abtest: $tmp/mixed.csv:3: unit 'u1' is in variant 'a' and in 'b': left out
pp-abtest: no unit in one variant only: nothing to compare"
}

@test "bad --unit-field and --unit-agg; unit_field, unit_agg in abtest:" {
	run -2 --separate-stderr pp-abtest analyze --unit-agg sum "$ab"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: --unit-agg goes with --unit-field
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest analyze --unit-field user_id --unit-agg max "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --unit-agg: 'max' is not mean, median or sum"
	run -2 --separate-stderr pp-abtest analyze --unit-field '' "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --unit-field: the name is empty"
	# ab.csv has one record per user: the same comparison either way
	run -0 pp-abtest analyze "$ab"
	want=$output
	printf 'abtest:\n  unit_field: user_id\n  unit_agg: median\n' > "$tmp/pp.yaml"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" "$ab"
	assert_equal "$output" "$want"
	printf 'abtest:\n  unit_field: host\n' > "$tmp/pp.yaml"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" --unit-field user_id "$ab"
	assert_equal "$output" "$want"
	run -3 --separate-stderr pp-abtest analyze -q -c "$tmp/pp.yaml" "$ab"
	assert_equal "$stderr" "pp-abtest: no records with a variant field ('variant'), a unit ('host') and a value"
	printf 'abtest:\n  unit_agg: max\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$ab"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:13: unit_agg: 'max' is not mean, median or sum"
	printf 'abtest:\n  unit_field: ""\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$ab"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:15: unit_field: the name is empty"
}

# --- the control --------------------------------------------------------

@test "the control: --control, else control, else the first weight, never the first seen" {
	printf '%s\n' variant,value b,1 a,2 b,3 a,4 > "$tmp/ba.csv"
	sed 's/^a,/control,/' "$tmp/ba.csv" > "$tmp/bc.csv"
	run -0 pp-abtest analyze -F variant,control,verdict "$tmp/bc.csv"
	assert_line --index 1 "control,control,control"
	assert_line --index 2 "b,control,insufficient_data"
	run -0 pp-abtest analyze --control b -F variant,control "$tmp/bc.csv"
	assert_line --index 1 "b,b"
	# the first of --weights, not b, the first in the data
	run -0 pp-abtest analyze --weights a=50,b=50 -F variant,control "$tmp/ba.csv"
	assert_line --index 1 "a,a"
	# a variant named control before the first of --weights
	run -0 pp-abtest analyze --weights b=50,control=50 -F variant,control "$tmp/bc.csv"
	assert_line --index 1 "control,control"
	# the weights of abtest:, in their order; --weights wins over them
	printf 'abtest:\n  weights: {a: 50%%, b: 50%%}\n' > "$tmp/pp.yaml"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" -F variant,control "$tmp/ba.csv"
	assert_line --index 1 "a,a"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" --weights b=1,a=1 -F variant,control "$tmp/ba.csv"
	assert_line --index 1 "b,b"
}

@test "no control is an error, and so is a control without values" {
	printf '%s\n' variant,value b,1 a,2 b,3 a,4 > "$tmp/ba.csv"
	run -2 --separate-stderr pp-abtest analyze "$tmp/ba.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: no control: name it with --control, call a variant 'control' or list it first in --weights
Try 'pp-abtest --help'."
	run -3 --separate-stderr pp-abtest analyze --weights z=2,a=1,b=1 "$tmp/ba.csv"
	assert_output ""
	assert_equal "$stderr" "pp-abtest: the control, 'z' (the first of --weights), has no values"
	printf 'abtest:\n  weights:\n    z: 2\n    a: 1\n    b: 1\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/ba.csv"
	assert_equal "$stderr" "pp-abtest: the control, 'z' (the first of abtest: weights), has no values"
	printf '%s\n' metric,variant,value m,control,1 m,b,2 n,a,3 n,b,4 > "$tmp/two.csv"
	run -3 --separate-stderr pp-abtest analyze "$tmp/two.csv"
	assert_equal "$stderr" "pp-abtest: the control, 'control' (the variant named control), has no values of n"
	printf 'abtest:\n  weights: {a: 1, c: 1}\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/ba.csv"
	assert_equal "$stderr" "pp-abtest: abtest: weights: variant 'b' of the data has no weight"
	printf 'abtest:\n  weights: {a: 0, b: 0}\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/ba.csv"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:12: weights: they sum to 0"
	printf 'abtest:\n  weights: {a: -1}\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/ba.csv"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:16: weights: '-1' is not a number of 0 or more"
	printf 'abtest:\n  weights: a=1,b=1\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$tmp/ba.csv"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:12: expected a mapping from variant to weight"
}

@test "three variants: p-values adjusted by Holm, BH or none" {
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { if (NR % 3 == 0) $5 = "third"; print }' "$ab" > "$tmp/three.csv"
	run -0 pp-abtest analyze --test welch --correct none "$tmp/three.csv"
	p1=$(csv_get p_value 2)
	p2=$(csv_get p_value 3)
	run -0 pp-abtest analyze --test welch --correct holm "$tmp/three.csv"
	# Holm with two tests: the smaller p doubled, the larger at least so
	small=$(awk -v a="$p1" -v b="$p2" 'BEGIN { print (a < b) ? a : b }')
	assert_near "$(awk -v a="$p1" -v b="$p2" 'BEGIN { print (a < b) ? 2 * a : 2 * b }')" "$(awk -v a="$(csv_get p_adjusted 2)" -v b="$(csv_get p_adjusted 3)" 'BEGIN { print (a < b) ? a : b }')" 1e-6 holm
	run -0 pp-abtest analyze --test welch --correct bh "$tmp/three.csv"
	assert_equal "$(csv_get verdict 1)" control
}

@test "--sequential gives always-valid p-values" {
	run -0 pp-abtest analyze --sequential "$ab"
	assert_equal "$(csv_get test 2),$(csv_get verdict 2)" "msprt,faster"
	awk -F, 'BEGIN { OFS = "," } NR == 1 || $5 == "control" { print }' "$ab" |
	    awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { $5 = NR % 2 ? "a" : "b"; print }' > "$tmp/aa.csv"
	run -0 pp-abtest analyze --control a --sequential "$tmp/aa.csv"
	assert_equal "$(csv_get verdict 2)" no_change
}

@test "--plan: the sample size per arm, for the verdict's margin" {
	# R 4.2.2: power.t.test(delta = 0.05 - 0.01, sd = 0.3, power = 0.8)$n
	# = 883.96: --mde 5% less the default --min-effect 1%
	run -0 pp-abtest analyze --plan --mde 5% --sd 30% --output-format csv
	assert_equal "$output" "metric,mde_pct,min_effect_pct,power,alpha,cv,n_per_arm
,5,1,0.8,0.05,0.3,884"
	# R 4.2.2: power.t.test(delta = 0.05, sd = 0.3, power = 0.9)$n = 757.50
	run -0 pp-abtest analyze --plan --mde 5% --power 90% --sd 0.3 --min-effect 0 --output-format csv
	assert_equal "$(csv_get n_per_arm)" 758
	run -0 pp-abtest analyze --plan --mde 5% "$ab"
	assert_equal "$(csv_get metric)" latency
	run -2 --separate-stderr pp-abtest analyze --plan --sd 30%
	assert_equal "${stderr_lines[0]}" "pp-abtest: --plan needs --mde"
}

@test "--plan: --min-effect changes the planned n" {
	# R 4.2.2: power.t.test(delta = 0.05, sd = 0.3, power = 0.8)$n = 566.08
	run -0 pp-abtest analyze --plan --mde 5% --sd 30% --min-effect 0 --output-format csv
	assert_equal "$(csv_get n_per_arm)" 567
	# R 4.2.2: power.t.test(delta = 0.05 - 0.03, sd = 0.3, power = 0.8)$n
	# = 3532.96
	run -0 pp-abtest analyze --plan --mde 5% --sd 30% --min-effect 3% --output-format csv
	assert_equal "$(csv_get min_effect_pct)" 3
	assert_equal "$(csv_get n_per_arm)" 3533
	# the abtest: section's min_effect counts too
	printf 'abtest:\n  min_effect: 3%%\n' > "$tmp/pp.yaml"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" --plan --mde 5% --sd 30% --output-format csv
	assert_equal "$(csv_get n_per_arm)" 3533
}

@test "--plan: small n with the t distribution, not the normal" {
	# R 4.2.2: power.t.test(delta = 3, sd = 1, power = 0.8)$n = 3.07;
	# the normal approximation gives 1.74
	run -0 pp-abtest analyze --plan --mde 300% --sd 1 --min-effect 0 --output-format csv
	assert_equal "$(csv_get n_per_arm)" 4
}

@test "--plan: --mde not above --min-effect is refused" {
	run -2 --separate-stderr pp-abtest analyze --plan --mde 1% --sd 30%
	assert_equal "${stderr_lines[0]}" "pp-abtest: --plan: --mde 1% is not above --min-effect 1%: no number of values shows a difference of at least --min-effect when the true one is --mde"
	run -2 --separate-stderr pp-abtest analyze --plan --mde 2% --min-effect 3% "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --plan: --mde 2% is not above --min-effect 3%: no number of values shows a difference of at least --min-effect when the true one is --mde"
}

@test "abtest: in the configuration sets defaults; options win" {
	printf 'abtest:\n  test: welch\n  confidence: 90%%\n  min_effect: 2%%\n' > "$tmp/pp.yaml"
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" "$ab"
	assert_equal "$(csv_get test 2)" welch
	run -0 pp-abtest analyze -c "$tmp/pp.yaml" --test mw "$ab"
	assert_equal "$(csv_get test 2)" mann-whitney
	printf 'abtest:\n  tset: welch\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" "$ab"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:3: unknown key 'tset'"
	printf 'abtest:\n  correct: bonferroni\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-abtest analyze -c "$tmp/pp.yaml" --correct holm "$ab"
	assert_equal "$stderr" "pp-abtest: $tmp/pp.yaml:2:12: correct: 'bonferroni' is not holm, bh or none"
}

@test "bad analyze input" {
	awk -F, 'NR == 1 || $5 == "control"' "$ab" > "$tmp/one.csv"
	run -3 --separate-stderr pp-abtest analyze "$tmp/one.csv"
	assert_equal "$stderr" "pp-abtest: only one variant ('control') of latency: nothing to compare"
	run -2 --separate-stderr pp-abtest analyze --control nosuch "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --control: 'nosuch' is not a variant in the data"
	run -2 --separate-stderr pp-abtest analyze --confidence 100 "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --confidence: '100' is not a percentage strictly between 50 and 100"
	run -2 --separate-stderr pp-abtest analyze --test bayes "$ab"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --test: 'bayes' is not mw or welch"
	printf 'variant,value\na,1\nb,x\n' > "$tmp/bad.csv"
	run -3 --separate-stderr pp-abtest analyze "$tmp/bad.csv"
	assert_equal "${stderr_lines[0]}" "pp-abtest: $tmp/bad.csv:3: field 'value': 'x' is not a number"
}

@test "pp-sample runs of two commands, compared: the CI gate" {
	pp-sample -n 12 --label variant=main -- sleep 0.01 > "$tmp/runs.csv"
	pp-sample -n 12 --label variant=branch -- sleep 0.05 | tail -n +2 >> "$tmp/runs.csv"
	grep -E '^ts|,wall_time,' "$tmp/runs.csv" > "$tmp/wall.csv"
	run -1 pp-abtest analyze --control main --fail-on slower "$tmp/wall.csv"
	assert_equal "$(csv_get verdict 2)" slower
}

@test "-g and --time-field are refused, not ignored" {
	run -2 --separate-stderr pp-abtest analyze -g host
	assert_equal "$stderr" "pp-abtest: -g: pp-abtest compares the variants of each metric: keep the series wanted before it (pp-sample --keep)
Try 'pp-abtest --help'."
	run -2 --separate-stderr pp-abtest analyze --time-field t
	assert_equal "$stderr" "pp-abtest: --time-field: pp-abtest reads no time: the order of values does not count
Try 'pp-abtest --help'."
}
