#!/usr/bin/env bash
# tests/cli/lint.sh LEDE: ./build.sh lint fails when a C file drifts from
# .clang-format and passes on the sources as they are. LEDE is not used:
# this runs build.sh's lint on a copy of the repository's C sources, then
# on the copy with one badly formatted line added.
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! command -v clang-format >/dev/null; then
	echo "# skipped: clang-format is not installed (apt-get install clang-format)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"

mkdir -p "$tmp/repo"
cp -r build.sh .clang-format core include tests "$tmp/repo/"
(cd "$tmp/repo" && ./build.sh lint) >"$tmp/ok.out" 2>"$tmp/ok.err"
check "the sources as they are pass" test $? = 0
check "... and it says how many files" grep -q "^build.sh: lint: [0-9]* C files as .clang-format says" "$tmp/ok.out"

printf 'int  lint_drift( void ){return 1;}\n' >>"$tmp/repo/core/arena.c"
(cd "$tmp/repo" && ./build.sh lint) >"$tmp/bad.out" 2>"$tmp/bad.err"
check "a drifting file fails" test $? = 1
check "... named at its line" grep -q "core/arena.c:[0-9]*:[0-9]*: error: code should be clang-formatted" "$tmp/bad.err"
check "... with how to put it right" grep -q "clang-format -i FILE puts one right" "$tmp/bad.err"
check_done
