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
