# tests/lib/check.sh: what the shell tests in tests/cli share. Source it
# once $tmp (the test's scratch folder) is set; end the test with
# check_done, which prints the "N passed, M failed" line tests/run.sh reads.
passed=0 failed=0

# check NAME CMD...: "ok - NAME" when CMD succeeds; otherwise "not ok -
# NAME" and the start of what CMD printed, indented, on stderr.
check() {
	local name=$1
	shift
	if "$@" >"$tmp/.check.out" 2>&1; then
		passed=$((passed + 1)); echo "ok - $name"
	else
		failed=$((failed + 1)); echo "not ok - $name"
		sed 's/^/    /' "$tmp/.check.out" | cut -c1-200 | head -40 >&2
	fi
}

check_done() {
	echo "$passed passed, $failed failed"
	((failed == 0))
}
