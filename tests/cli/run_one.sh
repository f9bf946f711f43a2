#!/usr/bin/env bash
# tests/cli/run_one.sh LEDE: `tests/run.sh BUILD NAME` runs only the golden
# test NAME (at -j 1 and -j 4, as the whole suite does), and
# `UPDATE=1 tests/run.sh BUILD NAME` regenerates only that one. Runs on a
# copy of tests/run.sh and two golden tests, so nothing in the repository
# is rewritten.
set -uo pipefail
build=$(realpath "$(dirname "$1")")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"

repo=$tmp/repo
mkdir -p "$repo/tests/golden"
cp tests/run.sh "$repo/tests/"
cp -R tests/golden/config-limits tests/golden/config-unknown-key "$repo/tests/golden/"
# config-limits is broken on purpose: a run of config-unknown-key alone
# does not see it.
echo "not what lede says" >"$repo/tests/golden/config-limits/expected/stderr"
run() { (cd "$repo" && tests/run.sh "$@") >"$tmp/out" 2>&1; }

check "one golden test runs alone" run "$build" config-unknown-key
check "at -j 1 and -j 4 (two passes)" grep -qx "2 passed, 0 failed" "$tmp/out"
check "so the broken one does not fail it" bash -c "! grep -q config-limits '$tmp/out'"
check "tests/golden/NAME/ names it too" run "$build" tests/golden/config-unknown-key/
check "the broken one alone fails" bash -c "! (cd '$repo' && tests/run.sh '$build' config-limits >/dev/null 2>&1)"

echo "stale" >"$repo/tests/golden/config-unknown-key/expected/stderr"
check "UPDATE=1 with a name succeeds" env UPDATE=1 bash -c "cd '$repo' && tests/run.sh '$build' config-unknown-key >'$tmp/out' 2>&1"
check "and says which it regenerated" grep -qx "# updated golden/config-unknown-key" "$tmp/out"
check "that golden is regenerated" cmp tests/golden/config-unknown-key/expected/stderr \
	"$repo/tests/golden/config-unknown-key/expected/stderr"
check "the other is left as it was" grep -qx "not what lede says" "$repo/tests/golden/config-limits/expected/stderr"
check "and it passes again" run "$build" config-unknown-key

check "an unknown name is an error (status 2)" bash -c "cd '$repo' && tests/run.sh '$build' no-such-test 2>'$tmp/err'; test \$? -eq 2"
check "that says what it wanted" grep -q "neither a build folder nor a golden test" "$tmp/err"
check_done
