#!/usr/bin/env bats
# Every command in the EXAMPLES section of every manual page runs, from
# the top of the tree, with exit status 0: examples cannot rot.

load common

setup() {
	cd "$TOP"
	tmp=$(mktemp -d)
	export TMPDIR=$tmp
}

teardown() {
	# the HTTP receiver of the pp-alert(1) examples, if one was started
	[ -n "${rxpid:-}" ] && kill "$rxpid" 2>/dev/null || true
	rm -rf "$tmp"
}

# The "$ " lines of the EXAMPLES section of a page, as shell commands.
examples() {
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$1" |
	    sed -n 's/^\$ //p' | sed 's/\\e/\\/g; s/\\-/-/g; s/\\(aq/'"'"'/g'
}

check_page() {
	local page=$1 n=0 cmd
	[ -f "$page" ] || skip "$page is not written"
	while IFS= read -r cmd; do
		n=$((n + 1))
		run bash -c "set -o pipefail; $cmd"
		# 141: the writer before "| head" ended by SIGPIPE, as cat is
		if [ "$status" -ne 0 ] && ! { [ "$status" -eq 141 ] &&
		    [[ $cmd == *"| head"* ]]; }; then
			echo "example $n of $page failed (status $status): $cmd"
			echo "$output"
			return 1
		fi
	done < <(examples "$page")
	[ "$n" -gt 0 ] || { echo "$page has no runnable examples"; return 1; }
}

@test "pp-sample(1) examples run" {
	check_page man/man1/pp-sample.1
}

@test "pp-trend(1) examples run" {
	check_page man/man1/pp-trend.1
}

@test "pp-budget(1) examples run" {
	check_page man/man1/pp-budget.1
}

@test "pp-abtest(1) examples run" {
	check_page man/man1/pp-abtest.1
}

@test "pp-cost(1) examples run" {
	check_page man/man1/pp-cost.1
}

# pp-alert(1)'s examples send to $SLACK_URL and $HOOK_URL: a local
# receiver on 127.0.0.1, stopped by teardown whatever the outcome.
@test "pp-alert(1) examples run" {
	mkdir "$tmp/rx"
	python3 "$TOP/tests/http-receiver" "$tmp/rx" "$tmp/port" 3>&- &
	rxpid=$!
	for _ in $(seq 1 50); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	[ -s "$tmp/port" ] || { echo "the HTTP receiver did not start"; return 1; }
	export SLACK_URL="http://127.0.0.1:$(cat "$tmp/port")/slack"
	export HOOK_URL="http://127.0.0.1:$(cat "$tmp/port")/hook"
	check_page man/man1/pp-alert.1
}

@test "pp-optimize(1) examples run" {
	check_page man/man1/pp-optimize.1
}

@test "pp(7) examples run" {
	check_page man/man7/pp.7
}

@test "pp-config(5) examples run" {
	check_page man/man5/pp-config.5
}

@test "pp-report(1) examples run" {
	check_page man/man1/pp-report.1
}
