#!/usr/bin/env bats
# The fuzz corpora (tests/fuzz/corpus/TARGET), replayed through each
# harness built with the normal compiler (under make asan, with the
# sanitizers): an input that once crashed a target stays fixed.
# make fuzz finds new inputs; README.md says how to add one here.

load common

# Replays the corpus of target $1; every file must run to the end.
replay() {
	local corpus="$TOP/tests/fuzz/corpus/$1" b=${B:-build} n
	case $b in /*) ;; *) b=$TOP/$b ;; esac
	n=$(find "$corpus" -type f ! -name '.*' | wc -l)
	[ "$n" -gt 0 ] || fail "no corpus for $1"
	# Loaders that exit(3) are left mid-way: what they held is no leak.
	case $1 in
	yaml|conf-*) export ASAN_OPTIONS=detect_leaks=0 ;;
	esac
	# UBSan (make asan) stops at the first report, as make fuzz does.
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	run -0 --separate-stderr "$b/fuzz/replay-$1" "$corpus"
	assert_output "$n inputs"
}

@test "fuzz corpus replays: records" { replay records; }
@test "fuzz corpus replays: imports" { replay imports; }
@test "fuzz corpus replays: units" { replay units; }
@test "fuzz corpus replays: money" { replay money; }
@test "fuzz corpus replays: otlp" { replay otlp; }
@test "fuzz corpus replays: yaml" { replay yaml; }
@test "fuzz corpus replays: conf-trend" { replay conf-trend; }
@test "fuzz corpus replays: conf-budget" { replay conf-budget; }
@test "fuzz corpus replays: conf-abtest" { replay conf-abtest; }
@test "fuzz corpus replays: conf-cost" { replay conf-cost; }
@test "fuzz corpus replays: conf-alert" { replay conf-alert; }
@test "fuzz corpus replays: conf-optimize" { replay conf-optimize; }
