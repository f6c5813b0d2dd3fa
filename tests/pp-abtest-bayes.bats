#!/usr/bin/env bats
# pp-abtest analyze --engine bayes: the posterior of the relative change.

load common

setup() {
	tmp=$(mktemp -d)
	# the fixtures of pp-abtest.bats's folder
	fx=$BATS_TEST_DIRNAME/fixtures/pp-abtest
	by=$fx/bayes.csv
}

teardown() {
	rm -rf "$tmp"
}

# Checks field NAME of data row ROW of the CSV in $output against WANT.
near() {
	assert_near "$(csv_get "$1" "$2")" "$3" 1e-8 "row $2: $1"
}

# The numbers of these tests come from tests/fixtures/pp-abtest/
# bayes-ref.py, SciPy 1.10.1 (scipy.stats.norm, scipy.integrate.quad):
#   cd tests/fixtures/pp-abtest && /usr/bin/python3 bayes-ref.py

@test "bayes: chance to win, expected loss and interval match SciPy" {
	run -0 --separate-stderr pp-abtest analyze --engine bayes "$by"
	assert_equal "$stderr" ""
	assert_line --index 0 "metric,variant,control,unit,n,mean,sd,median,median_lo,median_hi,p95,diff,diff_pct,diff_lo,diff_hi,diff_pct_lo,diff_pct_hi,test,chance_to_win,expected_loss,srm_p,verdict"
	# the control's comparison fields are empty
	assert_line --index 1 --regexp '^latency,control,control,s,15,.*,,,,,,,,,,1,control$'
	# latency, lower is better: rel(*arms("latency"), True)
	assert_equal "$(csv_get variant 2)" fast
	assert_equal "$(csv_get test 2)" bayes
	near diff_pct 2 -10.62204637872294
	near chance_to_win 2 0.9999920304334753
	near expected_loss 2 4.153544119101736e-06
	near diff_pct_lo 2 -15.446476194751819
	near diff_pct_hi 2 -5.797616562694061
	# diff is diff_pct of the control's mean, 0.12132 s
	near diff 2 -0.012886666666666666
	assert_equal "$(csv_get verdict 2)" faster
	# throughput, higher is better: rel(*arms("throughput"), False)
	near diff_pct 4 -1.6057808109193095
	near chance_to_win 4 0.2917611546367468
	near expected_loss 4 2.14270457988009
	near diff_pct_lo 4 -7.346391370622779
	near diff_pct_hi 4 4.134829748784161
	assert_equal "$(csv_get verdict 4)" no_change
	# after an empty line, which $lines leaves out
	assert_line --index 5 "metric,variant,winner,decision,gmean_ratio,needed_per_arm"
	# the geometric mean of 1 - 0.1062 and 1 / (1 - 0.0161)
	assert_line --index 6 --regexp '^,,fast,promote,0\.953[0-9]*,$'
}

@test "bayes --log: the ratio of geometric means matches SciPy" {
	# rel(*arms("latency", math.log), True, logs=True)
	run -0 pp-abtest analyze --engine bayes --log "$by"
	assert_equal "$(csv_get test 2)" bayes-log
	near diff_pct 2 -10.634974598732827
	near chance_to_win 2 0.9999706915864555
	near expected_loss 2 1.8544239415459345e-05
	near diff_pct_lo 2 -15.404127766922448
	near diff_pct_hi 2 -5.596956989037283
	# diff is the ratio, 1 + diff_pct / 100
	near diff 2 0.8936502540126717
}

@test "bayes with a normal prior and a 90% interval matches SciPy" {
	# rel(*arms("latency"), True, 0.01, 0.02, 0.90)
	run -0 pp-abtest analyze --engine bayes --prior-mean 1% --prior-sd 2% --confidence 90% "$by"
	near diff_pct 2 -3.6215844018998933
	near chance_to_win 2 0.9901804134748659
	near expected_loss 2 0.005154984811910807
	near diff_pct_lo 2 -6.174751862860155
	near diff_pct_hi 2 -1.068416940939632
}

@test "bayes: --win-threshold makes a likely loss slower, by the metric's direction" {
	# throughput falls 1.6%: a chance to win of 0.29 is one of 0.71 to lose
	run -0 pp-abtest analyze --engine bayes --win-threshold 70% -F metric,variant,verdict "$by"
	assert_line --index 2 "latency,fast,faster"
	assert_line --index 4 "throughput,fast,slower"
	run -0 pp-abtest analyze --engine bayes --win-threshold 70% "$by"
	assert_line --index 6 ",,,keep_control,,"
	run -0 pp-abtest analyze --engine bayes --win-threshold 71% -F metric,variant,verdict "$by"
	assert_line --index 4 "throughput,fast,no_change"
	# told that throughput is better lower, the same fall is a gain
	printf 'metrics:\n  throughput: {better: lower}\n' > "$tmp/c.yaml"
	run -0 pp-abtest analyze --engine bayes --win-threshold 70% -c "$tmp/c.yaml" -F metric,variant,chance_to_win,verdict "$by"
	assert_near "$(csv_get chance_to_win 4)" 0.7082388453632532 1e-8 "1 - 0.2917611546367468"
	assert_line --index 4 --regexp '^throughput,fast,.*,faster$'
}

@test "bayes: an expected loss above --max-risk is no win" {
	# the latency's loss is 4.15e-6%: above 1e-6%, at or below 1e-5%
	run -0 pp-abtest analyze --engine bayes --max-risk 1e-6 -F variant,verdict "$by"
	assert_line --index 2 "fast,no_change"
	run -0 pp-abtest analyze --engine bayes --max-risk 1e-5% -F variant,verdict "$by"
	assert_line --index 2 "fast,faster"
}

@test "bayes: --fail-on slower fails on a likely loss, and says its chance" {
	run -1 --separate-stderr pp-abtest analyze --engine bayes --control fast --fail-on slower --github -F metric,variant,verdict "$by"
	assert_line --index 2 "latency,control,slower"
	assert_equal "$stderr" "::error title=pp-abtest.latency control::control slower than fast: +11.9%25 (95%25 interval +5.85%25 to +17.9%25), bayes chance to win 5.7e-05"
	run -0 pp-abtest analyze --engine bayes --fail-on slower "$by"
}

@test "bayes: no variance, no posterior: the change alone, no_change" {
	printf 'variant,value\n' > "$tmp/flat.csv"
	for i in 1 2 3 4 5; do printf 'control,1\nb,2\n' >> "$tmp/flat.csv"; done
	run -0 pp-abtest analyze --engine bayes -F variant,diff,diff_pct,diff_pct_lo,diff_pct_hi,chance_to_win,expected_loss,verdict "$tmp/flat.csv"
	assert_line --index 2 "b,1,100,,,,,no_change"
}

@test "bayes: too few values is insufficient_data, as with the tests" {
	run -0 pp-abtest analyze --engine bayes --min-samples 20 -F variant,verdict "$by"
	assert_line --index 2 "fast,insufficient_data"
}

@test "bayes: a table leaves the expected loss out, JSON keeps every number" {
	run -0 pp-abtest analyze --engine bayes --output-format table "$by"
	assert_line --index 0 --regexp '^metric +variant +n +mean +median +p95 +diff_pct +diff_pct_lo +diff_pct_hi +chance_to_win +verdict$'
	run -0 pp-abtest analyze --engine bayes --output-format json "$by"
	assert_line --index 1 --partial '"test":"bayes","chance_to_win":0.9999920304,"expected_loss":4.153544119e-06,"srm_p":1,"verdict":"faster"}'
}

@test "--engine freq is the default" {
	run -0 pp-abtest analyze "$by"
	first=$output
	run -0 pp-abtest analyze --engine freq "$by"
	assert_equal "$output" "$first"
	assert_equal "$(csv_get test 2)" mann-whitney
}

@test "bad values of the bayes options are exit 2" {
	run -2 --separate-stderr pp-abtest analyze --engine nope "$by"
	assert_equal "$stderr" "pp-abtest: --engine: 'nope' is not freq or bayes
Try 'pp-abtest --help'."
	assert_output ""
	run -2 --separate-stderr pp-abtest analyze --engine bayes --win-threshold 120% "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --win-threshold: '120%' is not a percentage strictly between 50 and 100"
	assert_output ""
	run -2 --separate-stderr pp-abtest analyze --engine bayes --win-threshold 50 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --win-threshold: '50' is not a percentage strictly between 50 and 100"
	run -2 --separate-stderr pp-abtest analyze --engine bayes --max-risk -1 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --max-risk: '-1' is not a percentage of 0 or more"
	assert_output ""
	run -2 --separate-stderr pp-abtest analyze --engine bayes --prior-sd 0 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --prior-sd: '0' is not a percentage above 0"
	assert_output ""
	run -2 --separate-stderr pp-abtest analyze --engine bayes --prior-mean 5x --prior-sd 1 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --prior-mean: '5x' is not a percentage"
	assert_output ""
}

@test "bayes options without --engine bayes, or with what it excludes, are exit 2" {
	run -2 --separate-stderr pp-abtest analyze --engine bayes --prior-mean 5 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --prior-mean needs --prior-sd: a flat prior has no mean"
	assert_output ""
	run -2 --separate-stderr pp-abtest analyze --win-threshold 90 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --win-threshold goes with --engine bayes"
	run -2 --separate-stderr pp-abtest analyze --engine freq --prior-sd 2 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --prior-sd goes with --engine bayes"
	run -2 --separate-stderr pp-abtest analyze --max-risk 1 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --max-risk goes with --engine bayes"
	run -2 --separate-stderr pp-abtest analyze --engine bayes --sequential "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --engine bayes and --sequential: choose one"
	run -2 --separate-stderr pp-abtest analyze --engine bayes --test welch "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --engine bayes compares means: not with --test or --quantile"
	run -2 --separate-stderr pp-abtest analyze --engine bayes --quantile 0.9 "$by"
	assert_equal "${stderr_lines[0]}" "pp-abtest: --engine bayes compares means: not with --test or --quantile"
	run -2 --separate-stderr pp-abtest analyze --engine bayes --plan --mde 5% --sd 30%
	assert_equal "${stderr_lines[0]}" "pp-abtest: --plan has no verdicts: not with --engine bayes"
	assert_output ""
}

@test "--help lists the bayes options" {
	run -0 pp-abtest --help
	assert_output --partial "--engine ENGINE"
	assert_output --partial "--win-threshold P"
	assert_output --partial "--max-risk P"
	assert_output --partial "--prior-mean P"
	assert_output --partial "--prior-sd P"
}
