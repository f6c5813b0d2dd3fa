# Shared setup of the bats suites: the programs under test come first on
# PATH (PP_BINDIR, as make check and make asan set it, else bin/).
bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
PATH="${PP_BINDIR:-$TOP/bin}:$TOP/bin:$PATH"
export PATH
unset PP_CONFIG

# The path of a fixture of this suite.
fixture() {
	printf '%s/fixtures/%s/%s' "$BATS_TEST_DIRNAME" \
	    "$(basename "$BATS_TEST_FILENAME" .bats)" "$1"
}

# Counts the lines of output that match an extended regular expression.
count_lines() {
	printf '%s\n' "$output" | grep -Ec "$1" || true
}

# The value of field NAME in data row ROW (1 = first) of CSV in $output.
csv_get() {
	printf '%s\n' "$output" | awk -F, -v name="$1" -v row="${2:-1}" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	NR == row + 1 { print $(col[name]); exit }'
}

# Fails unless GOT is within REL (relative) of WANT.
assert_near() {
	awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN {
		d = g - w; if (d < 0) d = -d
		a = w < 0 ? -w : w; if (a < 1e-300) a = 1
		exit !(g != "" && d <= r * a) }' ||
	    fail "$4: got '$1', want $2 (within $3 relative)"
}
