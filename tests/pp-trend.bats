#!/usr/bin/env bats
# pp-trend: summary, change points, anomalies, forecasts, the gate.

load common

setup() {
	tmp=$(mktemp -d)
	daily=$(fixture daily.csv)
}

teardown() {
	rm -rf "$tmp"
}

# Series from tests/fixtures/pp-trend/gen.awk: kind, seed, then awk -v's.
gen() {
	local kind=$1 seed=$2
	shift 2
	awk -v kind="$kind" -v seed="$seed" "$@" -f "$(fixture gen.awk)"
}

# --- summary ----------------------------------------------------------

@test "summary statistics match R" {
	# daily.csv: 40 daily values in ms (R: set.seed(7); 100 + 0.8 * (0:39) +
	# round(rnorm(40, 0, 3), 2)); pp-trend reports seconds.  Expected from
	# R 4.2.2 on read.csv("daily.csv"): mean, sd, quantile(type 7),
	# lm(v ~ days), confint, predict(interval = "prediction").
	run -0 pp-trend --window all "$daily"
	assert_line --index 0 "metric,host,unit,n,first_ts,last_ts,mean,sd,min,p50,p95,max,slope,slope_lo,slope_hi,slope_pct,r2,direction,forecast_1d,forecast_1d_lo,forecast_1d_hi,forecast_7d,forecast_7d_lo,forecast_7d_hi,forecast_30d,forecast_30d_lo,forecast_30d_hi,wow_pct,wow_p,mom_pct,mom_p,changes,severity"
	assert_equal "$(csv_get metric),$(csv_get host),$(csv_get unit),$(csv_get n)" "api.latency,a,s,40"
	assert_equal "$(csv_get first_ts)" "2026-01-01T00:00:00.000000Z"
	assert_equal "$(csv_get last_ts)" "2026-02-09T00:00:00.000000Z"
	assert_near "$(csv_get mean)" 0.11641225 1e-9 mean
	assert_near "$(csv_get sd)" 0.00939988338375563 1e-9 sd
	assert_near "$(csv_get min)" 0.09721 1e-9 min
	assert_near "$(csv_get p50)" 0.117555 1e-9 p50
	assert_near "$(csv_get p95)" 0.130061 1e-9 p95
	assert_near "$(csv_get max)" 0.13214 1e-9 max
	assert_near "$(csv_get slope)" 0.000759036585365854 1e-8 slope
	assert_near "$(csv_get slope_lo)" 0.000671912091490672 1e-8 slope_lo
	assert_near "$(csv_get slope_hi)" 0.000846161079241035 1e-8 slope_hi
	assert_near "$(csv_get slope_pct)" 0.652024666962329 1e-8 slope_pct
	assert_near "$(csv_get r2)" 0.891134154372027 1e-8 r2
	assert_near "$(csv_get forecast_1d)" 0.1319725 1e-8 forecast_1d
	assert_near "$(csv_get forecast_1d_lo)" 0.125289704875421 1e-8 forecast_1d_lo
	assert_near "$(csv_get forecast_1d_hi)" 0.138655295124579 1e-8 forecast_1d_hi
	assert_near "$(csv_get forecast_7d)" 0.136526719512195 1e-8 forecast_7d
	assert_near "$(csv_get forecast_7d_lo)" 0.129685643448212 1e-8 forecast_7d_lo
	assert_near "$(csv_get forecast_30d_hi)" 0.161734969085258 1e-8 forecast_30d_hi
	assert_equal "$(csv_get direction)" degrading
}

@test "week over week and month over month match R" {
	# R 4.2.2: newest is Monday 2026-02-09; median(this week) / median(last
	# week) - 1, wilcox.test(this, last)$p.value; the same for February
	# against January (normal approximation: there are ties).
	run -0 pp-trend "$daily"
	assert_near "$(csv_get wow_pct)" 4.64048146974976 1e-8 wow_pct
	assert_near "$(csv_get wow_p)" 0.25 1e-8 wow_p
	assert_near "$(csv_get mom_pct)" 10.5654761904762 1e-8 mom_pct
	assert_near "$(csv_get mom_p)" 6.71639454038139e-06 1e-6 mom_p
}

@test "the window is counted back from the newest record" {
	run -0 pp-trend "$daily"
	assert_equal "$(csv_get n)" 31
	assert_equal "$(csv_get first_ts)" "2026-01-10T00:00:00.000000Z"
	# R 4.2.2: median(v[10:40])
	assert_near "$(csv_get p50)" 0.12055 1e-9 "p50 of the window"
	run -0 pp-trend --window 7d "$daily"
	assert_equal "$(csv_get n)" 8
}

@test "records out of order give the same summary" {
	{ head -1 "$daily"; tail -n +2 "$daily" | sort -r; } > "$tmp/shuffled.csv"
	run -0 pp-trend "$daily"
	want=$output
	run -0 pp-trend "$tmp/shuffled.csv"
	assert_equal "$output" "$want"
}

@test "fewer than 3 points: insufficient_data, no forecast" {
	printf 'ts,metric,value\n2026-01-01T00:00:00Z,m,1\n2026-01-02T00:00:00Z,m,2\n' > "$tmp/two.csv"
	run -0 pp-trend "$tmp/two.csv"
	assert_equal "$(csv_get n),$(csv_get direction),$(csv_get slope),$(csv_get forecast_1d)" "2,insufficient_data,,"
}

@test "a constant series divides by no zero" {
	seq 1 20 | awk 'BEGIN { print "ts,metric,value" } { printf "%d,m,5\n", 1767225600 + $1 * 86400 }' > "$tmp/flat.csv"
	run -0 --separate-stderr pp-trend "$tmp/flat.csv"
	assert_equal "$(csv_get sd),$(csv_get slope),$(csv_get r2),$(csv_get direction),$(csv_get changes)" "0,0,0,stable,0"
	refute_output --partial nan
	refute_output --partial inf
	run -0 pp-trend --anomalies "$tmp/flat.csv"
	assert_output ""
	run -0 pp-trend --anomalies --method esd "$tmp/flat.csv"
	assert_output ""
}

@test "better: higher turns a rising metric into improving" {
	printf 'metrics:\n  api.latency: {better: higher}\n' > "$tmp/pp.yaml"
	run -0 pp-trend -c "$tmp/pp.yaml" --window all "$daily"
	assert_equal "$(csv_get direction)" improving
}

@test "a rising rate or throughput is improving unless metrics: says otherwise" {
	awk -F, 'BEGIN { OFS = "," } NR > 1 { $4 = "B/s" } { print }' "$daily" > "$tmp/bps.csv"
	run -0 pp-trend --window all "$tmp/bps.csv"
	assert_equal "$(csv_get unit),$(csv_get direction)" "B/s,improving"
	awk -F, 'BEGIN { OFS = "," } NR > 1 { $2 = "api.throughput"; $4 = "" } { print }' "$daily" > "$tmp/tput.csv"
	run -0 pp-trend --window all "$tmp/tput.csv"
	assert_equal "$(csv_get direction)" improving
	printf 'metrics:\n  "api.*": {better: lower}\n' > "$tmp/pp.yaml"
	run -0 pp-trend -c "$tmp/pp.yaml" --window all "$tmp/bps.csv"
	assert_equal "$(csv_get direction)" degrading
	run -0 pp-trend -c "$tmp/pp.yaml" --window all "$tmp/tput.csv"
	assert_equal "$(csv_get direction)" degrading
}

@test "--min-change sets what counts as a trend" {
	# the window's slope is 0.522%/day: 15.7% over 30 days
	run -0 pp-trend --min-change 15% "$daily"
	assert_equal "$(csv_get direction)" degrading
	run -0 pp-trend --min-change 16% "$daily"
	assert_equal "$(csv_get direction)" stable
}

@test "--tz moves calendar weeks" {
	# the newest point, Sunday 23:30 UTC, is Monday in +02:00: a new week
	{ head -1 "$daily"; tail -n +2 "$daily"; echo "2026-02-15T23:30:00Z,api.latency,140,ms,a"; } > "$tmp/tz.csv"
	run -0 pp-trend "$tmp/tz.csv"
	utc=$(csv_get wow_pct)
	run -0 pp-trend --tz +02:00 "$tmp/tz.csv"
	[ "$(csv_get wow_pct)" != "$utc" ]
	run -0 pp-trend --tz Europe/Athens "$tmp/tz.csv"
	[ "$(csv_get wow_pct)" != "$utc" ]
	run -2 --separate-stderr pp-trend --tz Mars/Olympus "$tmp/tz.csv"
	assert_equal "${stderr_lines[0]}" "pp-trend: --tz: unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Paris, or +HH:MM)"
}

@test "the table has a sparkline of each series" {
	run -0 pp-trend --output-format table -c share/pp/examples/pp.yaml "$TOP/share/pp/examples/history.csv"
	assert_line --index 0 --regexp '^metric +host +n +p50 +p95 +slope_pct +direction +forecast_7d +wow_pct +changes +severity +trend$'
	assert_line --index 1 --regexp '^api\.response_time +web1 +121 +120 ms +125 ms +0\.0% +stable +119 ms +1\.8% +0 +[▁▂▃▄▅▆▇█]{8,}$'
	assert_output --regexp '[▁▂▃▄▅▆▇█]{8,}'
}

@test "records without a time or a value are skipped with warnings" {
	printf 'ts,metric,value\n2026-01-01T00:00:00Z,m,1\nyesterday,m,2\n2026-01-03T00:00:00Z,m,abc\n2026-01-04T00:00:00Z,m,\n,m,3\n2026-01-06T00:00:00Z,m,4\n2026-01-07T00:00:00Z,m,5\n' > "$tmp/bad.csv"
	run -0 --separate-stderr pp-trend "$tmp/bad.csv"
	assert_equal "$stderr" "pp-trend: $tmp/bad.csv:3: field 'ts': 'yesterday' is not a time
pp-trend: $tmp/bad.csv:4: field 'value': 'abc' is not a number
pp-trend: $tmp/bad.csv:5: field 'value' is missing
pp-trend: $tmp/bad.csv:6: field 'ts' is empty"
	assert_equal "$(csv_get n)" 3
	run -3 --separate-stderr pp-trend --strict "$tmp/bad.csv"
	assert_equal "$stderr" "pp-trend: $tmp/bad.csv:3: field 'ts': 'yesterday' is not a time"
}

@test "units are converted to the base unit" {
	printf 'ts,metric,value,unit\n1,m,1500,ms\n2,m,1.5,s\n3,m,1500000,us\n' > "$tmp/u.csv"
	run -0 pp-trend --window all "$tmp/u.csv"
	assert_equal "$(csv_get unit),$(csv_get mean),$(csv_get sd)" "s,1.5,0"
}

@test "JSON Lines in, JSON Lines out; an empty input writes nothing" {
	run -0 sh -c "pp-sample --output-format json '$daily' | pp-trend --window all"
	assert_output --regexp '^\{"metric":"api.latency","host":"a","unit":"s","n":40,'
	: > "$tmp/empty.csv"
	run -0 pp-trend "$tmp/empty.csv"
	assert_output ""
}

# --- change points ----------------------------------------------------

@test "a step is found within two points, on every seed" {
	for seed in $(seq 1 10); do
		gen step "$seed" -v n=300 -v at=150 -v jump=0.1 -v sd=0.03 > "$tmp/s.csv"
		run -0 pp-trend --window all --changes "$tmp/s.csv"
		assert_equal "${#lines[@]}" 2
		# point 150 is 2026-01-07T06:00Z; +-2 points is 04:00 to 08:00
		assert_line --index 1 --regexp '^2026-01-07T0[4-8]:00:00\.000000Z,m,s,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.e-]+,degrading,minor$'
	done
}

@test "two steps, up then down, are both found" {
	awk 'function g() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
	BEGIN { srand(3); print "ts,metric,value"
	for (i = 0; i < 300; i++) printf "%d,m,%.4f\n", 1767225600 + i * 3600,
	    (i >= 100 && i < 200 ? 150 : 100) * (1 + 0.03 * g()) }' > "$tmp/two.csv"
	run -0 pp-trend --window all --changes "$tmp/two.csv"
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp '^2026-01-05T0[2-6]:.*,degrading,moderate$'
	assert_line --index 2 --regexp '^2026-01-09T0[6-9]:.*,improving,moderate$'
}

@test "no change on flat noisy series, over thirty seeds" {
	for seed in $(seq 1 30); do
		gen flat "$seed" -v n=300 -v sd=0.05 > "$tmp/f.csv"
		run -0 pp-trend --window all --changes "$tmp/f.csv"
		assert_output ""
	done
}

@test "no change on a slow drift without a step, over twenty seeds" {
	for seed in $(seq 1 20); do
		gen drift "$seed" -v n=300 -v drift=0.3 -v sd=0.03 > "$tmp/d.csv"
		run -0 pp-trend --window all --changes "$tmp/d.csv"
		assert_output ""
	done
}

@test "autocorrelated noise: no change on a flat AR(1) series, a step on it found" {
	# ar05.csv: bench/changepoints ar 5 200 0.5, 200 points of AR(1)
	# noise of lag-1 autocorrelation 0.5 and cv 5% around 100.  Taken as
	# independent, its slow swings gave three change points (p 1.7e-07,
	# 2.5e-05, 4.5e-08); the penalty and the tests inflated for the
	# residuals' autocorrelation give none.
	run -0 pp-trend --window all --changes "$(fixture ar05.csv)"
	assert_output ""
	run -0 pp-trend --window all "$(fixture ar05.csv)"
	assert_equal "$(csv_get changes)" 0
	# the same noise with a 20% step at point 100 (00:01:40)
	awk -F, -v OFS=, 'NR > 1 && NR - 2 >= 100 { $3 = sprintf("%.4f", $3 * 1.2) } 1' \
	    "$(fixture ar05.csv)" > "$tmp/arstep.csv"
	run -0 pp-trend --window all --changes "$tmp/arstep.csv"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp '^2026-01-01T00:01:40\.000000Z,m,s,100\.98[0-9]*,117\.63[0-9]*,16\.49[0-9]*,[0-9.e-]+,degrading,minor$'
}

@test "a window that splits unevenly again and again has at most 256 candidates" {
	# A sawtooth of 20,000 points: a step every 50, each split peels one
	# off; unbounded, that took time quadratic in the points.
	awk 'BEGIN { print "ts,metric,value"; for (i = 0; i < 20000; i++) printf "%d,lat,%d\n", 1700000000 + i, i % 50 }' > "$tmp/saw.csv"
	run -0 pp-trend --window all --changes "$tmp/saw.csv"
	[ "${#lines[@]}" -gt 100 ] && [ "${#lines[@]}" -le 257 ] ||
	    fail "${#lines[@]} lines"
}

@test "short series: Hunter's two 11-point steps are found where Hunter finds them" {
	# hunter.csv: datastax-labs/hunter tests/series_test.py,
	# test_change_point_detection: series1 halves after point 6, series2
	# drops 10% after point 4 (Hunter: indexes 6 and 4).  p-values from
	# R 4.2: lm(v ~ seg + i) for the common slope, then the Welch test of
	# the levelled sides with the slope's variance as a third term
	# (changes.c); 2.003814047e-05 and 3.499124459e-06.
	run -0 pp-trend --window all --changes "$(fixture hunter.csv)"
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp '^2026-01-07T00:00:00\.000000Z,series1,,0\.99881818[0-9]*,0\.5,-49\.9[0-9]*,2\.0038140[0-9]*e-05,improving,major$'
	assert_line --index 2 --regexp '^2026-01-05T00:00:00\.000000Z,series2,,1\.99954545[0-9]*,1\.82909090[0-9]*,-8\.52[0-9]*,3\.4991244[0-9]*e-06,improving,minor$'
	# Hunter's min_magnitude test: at 20%, only series1's
	run -0 pp-trend --window all --changes --min-magnitude 20% "$(fixture hunter.csv)"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp '^2026-01-07T00:00:00\.000000Z,series1,'
}

@test "short series: no change on a flat 11-point series" {
	# flat11.csv: 100 * (1 + 0.05 N(0,1)), rounded.  Its best split, at
	# point 7, leaves two rising sides: a slope fitted on 11 points taken
	# as exact would extrapolate them into a step (Welch p 1e-4).
	run -0 pp-trend --window all --changes "$(fixture flat11.csv)"
	assert_output ""
	run -0 pp-trend --window all "$(fixture flat11.csv)"
	assert_equal "$(csv_get changes)" 0
}

@test "short series: a step without noise is certain; 5 points have no change" {
	awk 'BEGIN { print "ts,metric,value"; for (i = 0; i < 11; i++)
	    printf "%d,q,%d\n", 1767225600 + i * 86400, i < 6 ? 10 : 20 }' > "$tmp/q.csv"
	run -0 pp-trend --window all --changes "$tmp/q.csv"
	assert_equal "${lines[1]}" "2026-01-07T00:00:00.000000Z,q,,10,20,100,0,degrading,major"
	# 3 points a part, so 6 at least; 5 have no candidate
	awk 'BEGIN { print "ts,metric,value"; for (i = 0; i < 5; i++)
	    printf "%d,q,%d\n", 1767225600 + i * 86400, i < 3 ? 10 : 20 }' > "$tmp/q5.csv"
	run -0 pp-trend --window all --changes "$tmp/q5.csv"
	assert_output ""
	awk 'BEGIN { print "ts,metric,value"; for (i = 0; i < 6; i++)
	    printf "%d,q,%d\n", 1767225600 + i * 86400, i < 3 ? 10 : 20 }' > "$tmp/q6.csv"
	run -0 pp-trend --window all --changes "$tmp/q6.csv"
	assert_line --index 1 "2026-01-04T00:00:00.000000Z,q,,10,20,100,0,degrading,major"
}

@test "--changes on the example history finds web2's step" {
	run -0 pp-trend --changes -c share/pp/examples/pp.yaml "$TOP/share/pp/examples/history.csv"
	assert_line --index 0 "ts,metric,host,unit,before,after,change_pct,p_value,direction,severity"
	assert_line --index 1 --regexp '^2026-11-15T00:00:00\.000000Z,api\.response_time,web2,s,0\.1[12][0-9]*,0\.16[0-9]*,3[0-9.]+,[0-9.e-]+,degrading,moderate$'
	assert_equal "${#lines[@]}" 2
}

@test "--min-magnitude and --max-pvalue confirm changes" {
	run -0 pp-trend --changes --min-magnitude 40% "$TOP/share/pp/examples/history.csv"
	assert_output ""
	run -0 pp-trend --changes --max-pvalue 1e-30 "$TOP/share/pp/examples/history.csv"
	assert_output ""
}

@test "severity bands come from trend: in the configuration" {
	printf 'trend:\n  severity: {moderate: 0.1, major: 0.25}\n' > "$tmp/pp.yaml"
	run -0 pp-trend --changes -c "$tmp/pp.yaml" "$TOP/share/pp/examples/history.csv"
	assert_line --index 1 --regexp ',degrading,major$'
}

@test "--fail-on gates on regressions of at least that severity" {
	h=$TOP/share/pp/examples/history.csv
	run -1 pp-trend --fail-on moderate "$h"
	assert_equal "$(csv_get severity 2)" moderate
	run -1 pp-trend --fail-on minor --changes "$h"
	run -0 pp-trend --fail-on major "$h"
	run -1 pp-trend --fail-on moderate --anomalies "$h"
	run -1 pp-trend --fail-on moderate --forecast 1 "$h"
	# an improvement is no regression
	awk -F, 'NR == 1 || $5 == "web2" { if (NR > 1 && $1 >= "2026-11-15") $3 = $3 / 2; print }' OFS=, "$h" > "$tmp/better.csv"
	run -0 pp-trend --fail-on minor --changes "$tmp/better.csv"
	assert_line --index 1 --regexp ',improving,(minor|moderate|major)$'
}

# --- anomalies --------------------------------------------------------

@test "--anomalies scores points against the median and MAD" {
	# R 4.2.2: v <- web2's api.response_time, a sawtooth with one spike
	# and no change point, all of it; qnorm(0.75) * (1.45 - median(v)) /
	# mad(v, constant = 1) = 222.91886244 (from 01:04 on, where a false
	# change point used to cut the window: 222.750240002)
	run -0 pp-trend --changes "$TOP/share/pp/examples/metrics.csv"
	refute_output --partial 'api.response_time'
	run -0 pp-trend --anomalies "$TOP/share/pp/examples/metrics.csv"
	assert_equal "$output" "ts,metric,value,unit,host,score,baseline,anomaly,method
2026-11-01T01:20:00.000000Z,api.response_time,1.45,s,web2,222.9188624,0.128,high,mad"
	run -0 pp-trend --anomalies --threshold 1e6 "$TOP/share/pp/examples/metrics.csv"
	assert_output ""
}

@test "--method esd finds the NIST example's three outliers" {
	# NIST/SEMATECH e-Handbook 1.3.5.17.3: Rosner's data, 3 outliers;
	# R1 = 3.118906
	run -0 pp-trend --anomalies --method esd "$(fixture nist-esd.csv)"
	assert_equal "${#lines[@]}" 4
	assert_line --index 1 --regexp ',rosner,5\.34,,'
	assert_line --index 2 --regexp ',rosner,5\.42,,'
	assert_line --index 3 --regexp '^[^,]+,rosner,6\.01,,3\.118906[0-9]*,2\.320740741,high,esd$'
	run -0 pp-trend --anomalies --method esd --alpha 1e-9 "$(fixture nist-esd.csv)"
	assert_output ""
}

# --- forecasts --------------------------------------------------------

@test "--forecast with the least-squares line matches R" {
	# R 4.2.2: predict(lm(v ~ days), data.frame(days = 40), interval =
	# "prediction"), in seconds
	run -0 pp-trend --window all --forecast 2 "$daily"
	assert_line --index 0 "ts,metric,value,unit,host,lo,hi,horizon,model"
	assert_line --index 1 --regexp '^2026-02-10T00:00:00\.000000Z,api\.latency,0\.1319725,s,a,0\.125289704[89][0-9]*,0\.13865529[0-9]*,1,linear$'
	assert_line --index 2 --regexp '^2026-02-11T00:00:00\.000000Z,.*,2,linear$'
}

@test "--model holt matches R's HoltWinters" {
	# R 4.2.2: predict(HoltWinters(ts(v), gamma = FALSE, alpha = 0.5,
	# beta = 0.2), 3, prediction.interval = TRUE), in seconds
	run -0 pp-trend --window all --forecast 3 --model holt --smoothing 0.5 --trend-smoothing 0.2 "$daily"
	assert_equal "$(csv_get ts 1)" "2026-02-10T00:00:00.000000Z"
	assert_near "$(csv_get value 1)" 0.132039406717352 1e-9 "h=1"
	assert_near "$(csv_get lo 1)" 0.120083839527559 1e-8 "h=1 lo"
	assert_near "$(csv_get hi 1)" 0.143994973907145 1e-8 "h=1 hi"
	assert_near "$(csv_get value 3)" 0.133802195134277 1e-9 "h=3"
	assert_near "$(csv_get lo 3)" 0.117540865679559 1e-8 "h=3 lo"
	assert_near "$(csv_get hi 3)" 0.150063524588994 1e-8 "h=3 hi"
}

@test "--model holt fits its parameters by least squares" {
	# R 4.2.2: HoltWinters(ts(v), gamma = FALSE): alpha 0.594798, beta
	# 0.737941 (optim); the grid here agrees to 0.005
	run -0 pp-trend --window all --forecast 1 --model holt "$daily"
	assert_near "$(csv_get alpha)" 0.594798 0.01 alpha
	assert_near "$(csv_get beta)" 0.737941 0.01 beta
}

@test "--confidence sets the level of the intervals" {
	# R 4.2.2: predict(lm(v ~ days), data.frame(days = 40), interval =
	# "prediction", level = 0.8)
	run -0 pp-trend --window all --forecast 1 --confidence 80% "$daily"
	assert_near "$(csv_get lo)" 0.127667062154316 1e-8 lo
	assert_near "$(csv_get hi)" 0.136277937845684 1e-8 hi
}

@test "--period sets Holt's periods: means of each" {
	# R 4.2.2: y <- the means of each two days; predict(HoltWinters(ts(y),
	# gamma = FALSE, alpha = 0.5, beta = 0.2), 2, prediction.interval = TRUE)
	run -0 pp-trend --window all --forecast 2 --period 2d --model holt --smoothing 0.5 --trend-smoothing 0.2 "$daily"
	# periods end at the newest point, 2026-02-09
	assert_equal "$(csv_get ts 1),$(csv_get ts 2)" "2026-02-11T00:00:00.000000Z,2026-02-13T00:00:00.000000Z"
	assert_near "$(csv_get value 1)" 0.131931975161522 1e-9 "h=1"
	assert_near "$(csv_get lo 2)" 0.125586731786709 1e-8 "h=2 lo"
	assert_near "$(csv_get hi 2)" 0.14128244231492 1e-8 "h=2 hi"
}

@test "--max-outliers bounds how many points ESD tests" {
	# 2% of 54 points is one test: R1 = 3.119 < lambda1 = 3.159 (NIST)
	run -0 pp-trend --anomalies --method esd --max-outliers 2% "$(fixture nist-esd.csv)"
	assert_output ""
}

@test "-g names the labels of a series" {
	run -0 pp-trend -g metric "$TOP/share/pp/examples/history.csv"
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp '^metric,unit,n,'
	assert_equal "$(csv_get n 1),$(csv_get n 2)" "242,121"
}

# --- usage ------------------------------------------------------------

@test "bad options exit 2 naming the option" {
	run -2 --separate-stderr pp-trend --window 0 "$daily"
	assert_equal "$stderr" "pp-trend: --window: '0' is not a positive duration (e.g. 500ms, 1s, 30d)
Try 'pp-trend --help'."
	run -2 --separate-stderr pp-trend --min-change -5% "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --min-change: '-5%' is not a percentage of 0 or more"
	run -2 --separate-stderr pp-trend --forecast 3 --model arima "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --model: 'arima' is not linear or holt"
	run -2 --separate-stderr pp-trend --forecast 0 "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --forecast: '0' is not a whole number of periods from 1"
	run -2 --separate-stderr pp-trend --changes --anomalies "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --changes, --anomalies and --forecast: choose one"
	run -2 --separate-stderr pp-trend --forecast 2 --smoothing 0.3 "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --smoothing and --trend-smoothing need --model holt"
	run -2 --separate-stderr pp-trend --fail-on huge "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --fail-on: 'huge' is not minor, moderate or major"
	run -2 --separate-stderr pp-trend --method esd "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --method goes with --anomalies"
}

@test "the trend: section is checked before any data is read" {
	printf 'trend:\n  window: 7d\n  min_chnage: 5%%\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/pp.yaml" "$tmp/none.csv"
	assert_equal "$stderr" "pp-trend: $tmp/pp.yaml:3:3: unknown key 'min_chnage'"
	printf 'trend:\n  severity: {moderate: 0.5, major: 0.2}\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/pp.yaml" "$daily"
	assert_equal "$stderr" "pp-trend: $tmp/pp.yaml:2:13: severity: need 0 < moderate < major (|ln(after/before)|), got 0.5 and 0.2"
	printf 'trend:\n  window: 7d\n' > "$tmp/pp.yaml"
	run -0 pp-trend -c "$tmp/pp.yaml" "$daily"
	assert_equal "$(csv_get n)" 8
	run -0 pp-trend -c "$tmp/pp.yaml" --window 14d "$daily"
	assert_equal "$(csv_get n)" 15
}

@test "a trend: value is checked even when an option overrides it" {
	printf 'trend:\n  window: banana\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/pp.yaml" --window 7d "$daily"
	assert_equal "$stderr" "pp-trend: $tmp/pp.yaml:2:11: 'banana' is not a duration (e.g. 500ms, 30d)"
	printf 'trend:\n  tz: Mars/Base\n' > "$tmp/pp.yaml"
	run -3 --separate-stderr pp-trend -c "$tmp/pp.yaml" --tz UTC "$daily"
	assert_equal "$stderr" "pp-trend: $tmp/pp.yaml:2:7: tz: unknown time zone 'Mars/Base'"
}

@test "Holt's periods are bounded" {
	run -2 --separate-stderr pp-trend --forecast 1 --model holt --period 1s "$daily"
	assert_equal "${stderr_lines[0]}" "pp-trend: --period: the window holds 2592001 periods of 1 s, more than 100000: choose a longer period"
}

@test "a full disk is exit 4; --help and --version" {
	run -4 --separate-stderr sh -c "pp-trend '$daily' > /dev/full"
	assert_equal "$stderr" "pp-trend: standard output: write error: No space left on device"
	run -0 pp-trend --help
	assert_line --index 0 --partial "usage: pp-trend [options]"
	run -0 pp-trend --version
	assert_output --regexp '^pp-trend \(pp\) '
}

@test "values near DBL_MAX: no output field is ever inf or nan, and pp reads it all back" {
	# Sums of such values overflow: the fields that cannot be computed are
	# empty, a line that cannot be fitted says insufficient_data, and no
	# forecast is made from it.
	awk 'BEGIN { split("1e308 1.7e308 1e-300 1.79e308 -1.5e308", v, " ")
		print "ts,metric,value,unit"
		for (d = 1; d <= 30; d++)
			printf "2026-11-%02dT00:00:00Z,m,%s,s\n", d, v[d % 5 + 1] }' > "$tmp/big.csv"
	for mode in "" --changes --anomalies "--anomalies --method esd" "--forecast 5" "--forecast 5 --model holt"; do
		run -0 --separate-stderr pp-trend $mode --window all --output-format csv "$tmp/big.csv"
		refute_output --regexp '[Ii][Nn][Ff]|[Nn][Aa][Nn]'
		printf '%s\n' "$output" > "$tmp/out.csv"
		run -0 --separate-stderr pp-sample --strict --output-format json "$tmp/out.csv"
		refute_output --regexp '[Ii]nf|[Nn]a[Nn]'
	done
	run -0 pp-trend --window all --output-format json "$tmp/big.csv"
	assert_output --partial '"mean":"","sd":"","min":-1.5e+308,'
	assert_output --partial '"slope":"","slope_lo":"","slope_hi":"","slope_pct":"","r2":"","direction":"insufficient_data"'
	run -0 pp-trend --window all --forecast 5 "$tmp/big.csv"
	assert_output ""
}

# --- after a change point ---------------------------------------------

# N points DT seconds apart near 100, from AT on near 200, the point
# SPIKE 260; the noise a fixed cycle of 11, irregular enough for the
# noise estimate of the change points.
step_series() {
	awk -v n="$1" -v at="$2" -v dt="$3" -v spike="$4" 'BEGIN {
		split("0 1.5 -1 0.5 -2 1 -0.5 2 -1.5 0.8 -0.7", e, " ")
		print "ts,metric,value"
		for (i = 0; i < n; i++)
			printf "%d,m,%g\n", 1767225600 + i * dt,
			    (i == spike ? 260 : (i < at ? 100 : 200) + e[i % 11 + 1]) }'
}

@test "--anomalies: each segment between change points on its own" {
	step_series 56 40 3600 47 > "$tmp/step.csv"
	run -0 pp-trend --window all --changes "$tmp/step.csv"
	assert_equal "$(csv_get ts)" 2026-01-02T16:00:00.000000Z
	# against the whole window's median, every one of the 16 points
	# after the step was abnormal; against its own segment, the spike
	run -0 pp-trend --window all --anomalies "$tmp/step.csv"
	assert_equal "${#lines[@]}" 2
	assert_equal "$(csv_get ts),$(csv_get value),$(csv_get baseline),$(csv_get anomaly)" "2026-01-02T23:00:00.000000Z,260,200,high"
	run -0 pp-trend --window all --anomalies --method esd "$tmp/step.csv"
	assert_equal "${#lines[@]}" 2
	assert_equal "$(csv_get value),$(csv_get method)" 260,esd
}

@test "forecasts: fitted after the last change point" {
	# 30 days near 100, then 30 near 200: the line of the whole window
	# said 226 the next day
	step_series 60 30 86400 -1 > "$tmp/step.csv"
	run -0 pp-trend --window all "$tmp/step.csv"
	assert_equal "$(csv_get changes)" 1
	assert_near "$(csv_get forecast_1d)" 200 0.01 forecast_1d
	assert_near "$(csv_get forecast_1d_hi)" 202.6 0.01 forecast_1d_hi
	run -0 pp-trend --window all --forecast 1 "$tmp/step.csv"
	assert_near "$(csv_get value)" 200 0.01 "--forecast 1"
	run -0 pp-trend --window all --forecast 1 --model holt "$tmp/step.csv"
	assert_near "$(csv_get value)" 200 0.01 "--forecast 1 --model holt"
}

@test "forecasts: none further ahead than the data span" {
	# 8 points over 7 seconds, growing: no forecast a day ahead
	awk 'BEGIN { print "ts,metric,value,unit"
		for (i = 0; i < 8; i++)
			printf "%d,m,%d,B\n", 1767225600 + i, 1000 + 250 * i }' > "$tmp/short.csv"
	run -0 pp-trend "$tmp/short.csv"
	assert_equal "$(csv_get n),$(csv_get direction)" 8,degrading
	assert_equal "$(csv_get forecast_1d),$(csv_get forecast_1d_lo),$(csv_get forecast_7d),$(csv_get forecast_30d),$(csv_get forecast_30d_hi)" ",,,,"
	run -0 pp-trend --forecast 30 "$tmp/short.csv"
	assert_output ""
	# a period within the span: the forecasts up to it
	run -0 pp-trend --forecast 30 --period 2s "$tmp/short.csv"
	assert_equal "$(csv_get horizon 3),$(csv_get value 3)" 3,4250
	assert_equal "$(csv_get horizon 4)" ""
}
