#!/usr/bin/env bats
# The readers of go test -bench output (gobench) and of Google Benchmark's
# --benchmark_format=json output (gbench), through the programs' reader.

load common

setup() {
	tmp=$(mktemp -d)
	# The fixtures with a known time: records without one get the mtime.
	cp "$(fixture gobench.txt)" "$tmp/go.txt"
	touch -d 2026-12-04T12:00:00Z "$tmp/go.txt"
	cp "$(fixture gbench.json)" "$tmp/g.json"
}

teardown() {
	rm -rf "$tmp"
}

# The records read from the files, as CSV (pp-sample adds sample_rate).
records() {
	pp-sample --rate 100% --output-format csv "$@"
}

# --- gobench ----------------------------------------------------------

@test "gobench: each value and unit of a benchmark line is a record" {
	run -0 --separate-stderr records "$tmp/go.txt"
	assert_line --index 0 "ts,metric,value,unit,benchmark,procs,goos,goarch,pkg,cpu,run,sample_rate"
	# BenchmarkSort-2  45818  2785 ns/op  100.0 elems/op  920 B/op  2 allocs/op
	assert_line --index 1 "2026-12-04T12:00:00.000000Z,time_per_op,2.785e-06,s,BenchmarkSort,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	assert_line --index 2 "2026-12-04T12:00:00.000000Z,elems_per_op,100.0,count,BenchmarkSort,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	assert_line --index 3 "2026-12-04T12:00:00.000000Z,bytes_per_op,920,bytes,BenchmarkSort,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	assert_line --index 4 "2026-12-04T12:00:00.000000Z,allocs_per_op,2,count,BenchmarkSort,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	# BenchmarkSHA256-2  53212  3844 ns/op  266.38 MB/s  0 B/op  0 allocs/op
	assert_line --index 13 "2026-12-04T12:00:00.000000Z,time_per_op,3.844e-06,s,BenchmarkSHA256,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	assert_line --index 14 "2026-12-04T12:00:00.000000Z,throughput,2.6638e+08,bytes/s,BenchmarkSHA256,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	# 12 lines: Sort and SHA256 have four values, the others three.
	assert_equal "${#lines[@]}" 43
	assert_equal "$stderr" ""
}

@test "gobench: -count repetitions are runs 1, 2, 3 of each benchmark" {
	run -0 records "$tmp/go.txt"
	assert_equal "$(count_lines ',time_per_op,.*,1,1$')" 4
	assert_equal "$(count_lines ',time_per_op,.*,2,1$')" 4
	assert_equal "$(count_lines ',time_per_op,.*,3,1$')" 4
	assert_line "2026-12-04T12:00:00.000000Z,time_per_op,3.061e-07,s,BenchmarkSprintf/size=100,2,linux,amd64,example.com/b,AMD EPYC,3,1"
}

@test "gobench: sub-benchmark names are kept whole, GOMAXPROCS is procs" {
	run -0 records "$tmp/go.txt"
	assert_line "2026-12-04T12:00:00.000000Z,time_per_op,1.264e-07,s,BenchmarkSprintf/size=10,2,linux,amd64,example.com/b,AMD EPYC,1,1"
	assert_line "2026-12-04T12:00:00.000000Z,bytes_per_op,23,bytes,BenchmarkSprintf/size=10,2,linux,amd64,example.com/b,AMD EPYC,2,1"
	assert_equal "$(count_lines ',BenchmarkSprintf/size=100,2,')" 9
}

@test "gobench: configuration lines label what follows; a new value restarts the runs" {
	printf '%s\n' 'BenchmarkA 10 5 ns/op' 'pkg: one' 'note: a b  ' \
	    'BenchmarkA 10 6 ns/op' 'BenchmarkA 10 7 ns/op' 'pkg: two' \
	    'note:' 'BenchmarkA 10 8 ns/op' 'PASS' 'ok  	two	0.1s' \
	    > "$tmp/c.txt"
	run -0 --separate-stderr pp-sample --rate 100% --output-format json "$tmp/c.txt"
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2-)" \
'"metric":"time_per_op","value":5e-09,"unit":"s","benchmark":"BenchmarkA","run":1,"sample_rate":1}
"metric":"time_per_op","value":6e-09,"unit":"s","benchmark":"BenchmarkA","pkg":"one","note":"a b","run":1,"sample_rate":1}
"metric":"time_per_op","value":7e-09,"unit":"s","benchmark":"BenchmarkA","pkg":"one","note":"a b","run":2,"sample_rate":1}
"metric":"time_per_op","value":8e-09,"unit":"s","benchmark":"BenchmarkA","pkg":"two","run":1,"sample_rate":1}'
	assert_equal "$stderr" ""
}

@test "gobench: units of the benchmark's own, MB/s and exponents" {
	printf '%s\n' 'BenchmarkX-8 1 1.5e+03 ns/op 2.5 MB/s 7 hits/op 3 ns/insert' \
	    'BenchmarkX-8 1 2 sec/op 1e3 B/s 0.25 ns/op' > "$tmp/u.txt"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/u.txt"
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2-7)" \
'metric,value,unit,benchmark,procs,run
time_per_op,1.5e-06,s,BenchmarkX,8,1
throughput,2.5e+06,bytes/s,BenchmarkX,8,1
hits_per_op,7,count,BenchmarkX,8,1
ns_per_insert,3,count,BenchmarkX,8,1
time_per_op,2,s,BenchmarkX,8,2
throughput,1e3,bytes/s,BenchmarkX,8,2
time_per_op,2.5e-10,s,BenchmarkX,8,2'
}

@test "gobench: read without --input-format, from a file or the standard input" {
	run -0 --separate-stderr pp-sample --rate 100% < "$tmp/go.txt"
	assert_equal "$(count_lines ',time_per_op,')" 12
	printf 'BenchmarkB_c-4\t100\t12 ns/op\n' > "$tmp/b.txt"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/b.txt"
	assert_line --index 1 --regexp '^[^,]+,time_per_op,1.2e-08,s,BenchmarkB_c,4,1,1$'
	run -0 --separate-stderr pp-sample --rate 100% --input-format gobench "$tmp/b.txt"
	assert_line --index 1 --regexp '^[^,]+,time_per_op,1.2e-08,s,BenchmarkB_c,4,1,1$'
}

@test "gobench: a line that only looks like one is not detected" {
	# A lower-case letter after Benchmark, or no number after the name.
	printf 'Benchmarks,value\nx,1\n' > "$tmp/n.csv"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/n.csv"
	assert_line --index 0 "Benchmarks,value,sample_rate"
	printf 'BenchmarkX ran\nx\n' > "$tmp/n.txt"
	run -0 --separate-stderr pp-sample --rate 100% --output-format csv "$tmp/n.txt"
	assert_line --index 0 "BenchmarkX ran,sample_rate"
}

@test "gobench: malformed benchmark lines are bad records naming the format" {
	printf '%s\n' 'goos: linux' 'BenchmarkA-4 10 abc ns/op' \
	    'BenchmarkB-4 10 5 ns/op 3' 'BenchmarkC-4 x 5 ns/op' \
	    'BenchmarkD-4 10' 'BenchmarkE' 'run: 5' 'metric: x' \
	    'BenchmarkF 5 1 ns/op' > "$tmp/bad.txt"
	run -0 --separate-stderr records "$tmp/bad.txt"
	assert_equal "$stderr" \
"pp-sample: $tmp/bad.txt:2: Go benchmark format: BenchmarkA-4: value 'abc' of 'ns/op' is not a number
pp-sample: $tmp/bad.txt:3: Go benchmark format: BenchmarkB-4: value '3' has no unit
pp-sample: $tmp/bad.txt:4: Go benchmark format: BenchmarkC-4: iteration count 'x' is not a whole number
pp-sample: $tmp/bad.txt:5: Go benchmark format: BenchmarkD-4: no value and unit after the iteration count
pp-sample: $tmp/bad.txt:7: Go benchmark format: configuration key 'run' is a field of pp's metric records
pp-sample: $tmp/bad.txt:8: Go benchmark format: configuration key 'metric' is a field of pp's metric records"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp '^[^,]+,time_per_op,1e-09,s,BenchmarkF,linux,1,1$'
}

@test "gobench: --strict makes the first bad line fatal" {
	printf '%s\n' 'BenchmarkA-4 10 5 ns/op' 'BenchmarkB-4 10 5 ns/op 3' \
	    'BenchmarkC-4 x 5 ns/op' > "$tmp/bad.txt"
	run -3 --separate-stderr pp-sample --strict --rate 100% "$tmp/bad.txt"
	assert_equal "$stderr" "pp-sample: $tmp/bad.txt:2: Go benchmark format: BenchmarkB-4: value '3' has no unit"
}

@test "gobench: --input-format gobench on other input is refused once" {
	printf '%s\n' 'ts,metric,value' 'BenchmarkA 10 5 ns/op' > "$tmp/o.csv"
	run -0 --separate-stderr pp-sample --rate 100% --input-format gobench "$tmp/o.csv"
	assert_equal "$stderr" "pp-sample: $tmp/o.csv:1: not Go benchmark output (go test -bench): 'ts,metric,value' is neither a configuration line nor a benchmark line"
	assert_output ""
}

@test "gobench: pp-trend summarises the runs of each benchmark" {
	run -0 pp-trend --output-format csv "$tmp/go.txt"
	assert_line --index 0 --partial "metric,benchmark,procs,goos,goarch,pkg,cpu,unit,n,"
	# (2785 + 2667 + 2619) / 3 ns
	assert_line --partial "time_per_op,BenchmarkSort,2,linux,amd64,example.com/b,AMD EPYC,s,3,2026-12-04T12:00:00.000000Z,2026-12-04T12:00:00.000000Z,2.690333333e-06,"
}

@test "gobench: pp-abtest analyze compares the runs" {
	# Each metric has runs 1 to 3 of every benchmark: the variants.
	run -0 pp-abtest analyze --variant-field run --control 1 --output-format csv "$tmp/go.txt"
	assert_line --index 0 --partial "metric,variant,control,unit,n,mean,sd,median,"
	# Run 1: 2785, 3844, 126.4 and 502.0 ns; the median is their middle two's mean.
	assert_line --index 1 --partial "time_per_op,1,1,s,4,1.81435e-06,1.791933618e-06,1.6435e-06,"
}

@test "gobench: pp-budget holds a benchmark to its budget" {
	run -1 pp-budget -c "$(fixture gobench-budgets.yaml)" --output-format csv "$tmp/go.txt"
	assert_line --index 1 "2026-12-04T12:00:00.000000Z,sort-time,sort,time_per_op,max,2.785e-06,2.7e-06,s,error,3.148148148,3,strict,,\"caching, parallelization, query optimization\","
	assert_equal "${#lines[@]}" 2
}

# --- gbench -----------------------------------------------------------

@test "gbench: real_time and cpu_time in seconds, rates and counters" {
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/g.json"
	# BM_Sort repetition 0: 3.7322110626077750e+02 ns, time of context.date.
	assert_line --index 0 '{"ts":"2026-12-04T13:45:32.000000Z","metric":"real_time","value":3.732211062607775e-07,"unit":"s","benchmark":"BM_Sort","run":1,"sample_rate":1}'
	assert_line --index 1 '{"ts":"2026-12-04T13:45:32.000000Z","metric":"cpu_time","value":3.7023168074818003e-07,"unit":"s","benchmark":"BM_Sort","run":1,"sample_rate":1}'
	assert_line --index 2 '{"ts":"2026-12-04T13:45:32.000000Z","metric":"items_per_second","value":270101142.6086382,"unit":"count/s","benchmark":"BM_Sort","run":1,"sample_rate":1}'
	assert_line --index 3 '{"ts":"2026-12-04T13:45:32.000000Z","metric":"elems","value":100,"unit":"count","benchmark":"BM_Sort","run":1,"sample_rate":1}'
	# BM_Copy/64/threads:2 repetition 0, in us.
	assert_line '{"ts":"2026-12-04T13:45:32.000000Z","metric":"real_time","value":1.4408630023162956e-09,"unit":"s","benchmark":"BM_Copy/64/threads:2","threads":2,"run":1,"sample_rate":1}'
	assert_line '{"ts":"2026-12-04T13:45:32.000000Z","metric":"bytes_per_second","value":22221403837.29024,"unit":"bytes/s","benchmark":"BM_Copy/64/threads:2","threads":2,"run":1,"sample_rate":1}'
	# 3 repetitions and 4 aggregates: 4 records each for BM_Sort, 3 for BM_Copy.
	assert_equal "${#lines[@]}" 49
	assert_equal "$stderr" ""
}

@test "gbench: aggregates carry an aggregate label; cv is a ratio" {
	run -0 pp-sample --rate 100% "$tmp/g.json"
	assert_line '{"ts":"2026-12-04T13:45:32.000000Z","metric":"real_time","value":3.734431071240992e-07,"unit":"s","benchmark":"BM_Sort","aggregate":"mean","sample_rate":1}'
	assert_line '{"ts":"2026-12-04T13:45:32.000000Z","metric":"cpu_time","value":1.540772069465863e-09,"unit":"s","benchmark":"BM_Sort","aggregate":"stddev","sample_rate":1}'
	assert_line '{"ts":"2026-12-04T13:45:32.000000Z","metric":"real_time","value":0.0021076829069476438,"unit":"ratio","benchmark":"BM_Sort","aggregate":"cv","sample_rate":1}'
	assert_equal "$(count_lines '"aggregate":"median"')" 7
	assert_equal "$(count_lines '"run":')" 21
}

@test "gbench: detected in JSON on one line, or forced" {
	tr -d '\n' < "$tmp/g.json" > "$tmp/one.json"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/one.json"
	assert_equal "${#lines[@]}" 49
	run -0 --separate-stderr pp-sample --rate 100% --input-format gbench < "$tmp/g.json"
	assert_equal "${#lines[@]}" 49
}

@test "gbench: without a date, records get the file's time" {
	printf '{"context": {}, "benchmarks": [{"name": "BM_A", "run_type": "iteration", "repetition_index": 0, "threads": 1, "real_time": 5, "cpu_time": 4, "time_unit": "ms"}]}\n' > "$tmp/d.json"
	touch -d 2026-12-04T12:00:00Z "$tmp/d.json"
	run -0 --separate-stderr pp-sample --rate 100% --output-format csv "$tmp/d.json"
	assert_equal "$output" "ts,metric,value,unit,benchmark,run,sample_rate
2026-12-04T12:00:00.000000Z,real_time,0.005,s,BM_A,1,1
2026-12-04T12:00:00.000000Z,cpu_time,0.004,s,BM_A,1,1"
}

@test "gbench: bad entries are bad records naming the format" {
	cat > "$tmp/bad.json" <<'EOF'
{"context": {"date": "2026-12-04T14:30:00+01:00"}, "benchmarks": [
 {"run_type": "iteration", "real_time": 1, "cpu_time": 1, "time_unit": "ns"},
 {"name": "BM_B", "real_time": "1", "cpu_time": 1, "time_unit": "ns"},
 {"name": "BM_C", "real_time": 1, "cpu_time": 1, "time_unit": "fortnight"},
 {"name": "BM_D", "real_time": 1, "cpu_time": 1},
 {"name": "BM_E", "run_type": "aggregate", "real_time": 1, "cpu_time": 1, "time_unit": "s"},
 {"name": "BM_F", "error_occurred": true, "error_message": "disk full", "real_time": 0, "cpu_time": 0, "time_unit": "s"},
 {"name": "BM_G", "run_type": "aggregate", "aggregate_name": "BigO", "cpu_coefficient": 1, "big_o": "N"},
 42,
 {"name": "BM_H", "real_time": 2, "cpu_time": 1, "time_unit": "s"}
]}
EOF
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/bad.json"
	assert_equal "$stderr" "pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[0]: no \"name\" string
pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[1] (BM_B): real_time is not a number
pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[2] (BM_C): time_unit 'fortnight' is not ns, us, ms or s
pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[3] (BM_D): time_unit '' is not ns, us, ms or s
pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[4] (BM_E): an aggregate without an \"aggregate_name\" string
pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[5] (BM_F): the benchmark failed: disk full
pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[7]: not an object"
	# The date's offset is kept in UTC.
	assert_equal "$output" '{"ts":"2026-12-04T13:30:00.000000Z","metric":"real_time","value":2,"unit":"s","benchmark":"BM_H","sample_rate":1}
{"ts":"2026-12-04T13:30:00.000000Z","metric":"cpu_time","value":1,"unit":"s","benchmark":"BM_H","sample_rate":1}'
}

@test "gbench: --strict makes the first bad entry fatal" {
	printf '{"context": {}, "benchmarks": [{"name": "BM_A", "real_time": null, "cpu_time": 1, "time_unit": "ns"}]}\n' > "$tmp/bad.json"
	run -3 --separate-stderr pp-sample --strict --rate 100% "$tmp/bad.json"
	assert_equal "$stderr" "pp-sample: $tmp/bad.json:1: Google Benchmark JSON benchmarks[0] (BM_A): real_time is not a number"
}

@test "gbench: --input-format gbench on other JSON is refused" {
	printf '{"context": {}}\n' > "$tmp/o.json"
	run -0 --separate-stderr pp-sample --rate 100% --input-format gbench "$tmp/o.json"
	assert_equal "$stderr" "pp-sample: $tmp/o.json:1: not Google Benchmark --benchmark_format=json output: no \"benchmarks\" array"
	assert_output ""
}

@test "gbench: pp-trend's mean of the repetitions is the mean aggregate" {
	run -0 pp-trend --output-format csv "$tmp/g.json"
	# Google Benchmark's BM_Sort_mean: real_time 3.7344310712409919e+02 ns.
	assert_line --index 1 --partial "real_time,BM_Sort,s,3,2026-12-04T13:45:32.000000Z,2026-12-04T13:45:32.000000Z,3.734431071e-07,"
}

@test "gbench: pp-abtest analyze reads the repetitions, not the aggregates" {
	# Variants are repetitions: aggregates have no run and stay out.
	run -0 pp-abtest analyze --variant-field run --control 1 --output-format csv "$tmp/g.json"
	assert_line --index 1 --partial "real_time,1,1,s,2,1.873309846e-07,"
}

@test "gbench: pp-budget holds an aggregate to its budget" {
	run -1 pp-budget -c "$(fixture gbench-budgets.yaml)" --output-format csv "$tmp/g.json"
	assert_line --index 1 "2026-12-04T13:45:32.000000Z,sort-time,sort-mean,real_time,max,3.734431071e-07,3e-07,s,error,24.48103571,1,strict,,\"caching, parallelization, query optimization\","
	assert_equal "${#lines[@]}" 2
}

@test "a NUL byte in a line of a text format is a bad record of its own" {
	printf 'goos: linux\nBenchmarkX-2 10 5 n\000s/op\nBenchmarkX-2 10 7 ns/op\n' > "$tmp/nul.txt"
	run -0 --separate-stderr pp-sample --rate 100% "$tmp/nul.txt"
	assert_equal "$stderr" "pp-sample: $tmp/nul.txt:2: a NUL byte in a line of Go benchmark output (go test -bench)"
	assert_equal "$(printf '%s\n' "$output" | cut -d, -f2,3)" "metric,value
time_per_op,7e-09"
}
