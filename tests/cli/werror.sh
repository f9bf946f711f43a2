#!/usr/bin/env bash
# tests/cli/werror.sh LEDE: warnings are errors where lede's own checks run
# (./build.sh test and bench, WERROR=1), not in a plain ./build.sh, a bare
# make, or ./build.sh install, which a packager may run with a newer
# compiler that warns where ours does not. LEDE is not used: this checks
# the build itself, with `make -n` and a make that records its arguments.
set -uo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"

# The compiler command core/Makefile would run for one object.
make --no-print-directory -n -f core/Makefile BUILD="$tmp/b" "$tmp/b/obj/arena.o" >"$tmp/plain" 2>&1
make --no-print-directory -n -f core/Makefile BUILD="$tmp/b" WERROR=1 "$tmp/b/obj/arena.o" >"$tmp/werror" 2>&1
check "a bare make warns" grep -q -- " -Wall -Wextra " "$tmp/plain"
check "a bare make compiles without -Werror" bash -c "! grep -q -- -Werror '$tmp/plain'"
check "make WERROR=1 compiles with -Werror" grep -q -- " -Werror" "$tmp/werror"

# What build.sh passes to make: a stand-in make on PATH records it and
# fails, which stops build.sh before it builds or runs anything.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/make" <<EOS
#!/bin/sh
echo "\$*" >>"$tmp/make.args"
exit 1
EOS
chmod +x "$tmp/bin/make"
args() { # args BUILD.SH-ARGS...: the make arguments of the first build
	rm -f "$tmp/make.args"
	PATH="$tmp/bin:$PATH" ./build.sh "$@" >/dev/null 2>&1
	cat "$tmp/make.args" 2>/dev/null
}
check "./build.sh builds without -Werror" grep -q -- "WERROR=0" <<<"$(args)"
check "./build.sh run builds without -Werror" grep -q -- "WERROR=0" <<<"$(args run)"
check "./build.sh install builds without -Werror" grep -q -- "WERROR=0" <<<"$(LEDE= args install "$tmp/prefix")"
check "./build.sh test builds with -Werror" grep -q -- "WERROR=1" <<<"$(args test)"
check "./build.sh bench builds with -Werror" grep -q -- "WERROR=1" <<<"$(args bench)"
check "CI runs ./build.sh test" grep -q '^\./build\.sh test' .ci/run
check_done
