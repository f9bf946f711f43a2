#!/usr/bin/env bash
# build.sh: build lede, publish the sample site, run the tests.
#   ./build.sh          build build/lede and build/liblede.a
#   ./build.sh run      build, then publish the sample site to public/
#   ./build.sh test     build, run every test, then all of them again under
#                       -fsanitize=address,undefined
#   ./build.sh bench    build, then run the benchmarks
#   ./build.sh clean    remove build/ and public/
# Missing Debian packages are installed with apt-get when run as root;
# otherwise the exact command is printed.
set -euo pipefail
cd "$(dirname "$0")"

DEPS=(build-essential pkg-config liblua5.4-dev libyaml-dev libpcre2-dev libjansson-dev
      libcmark-gfm-dev libcmark-gfm-extensions-dev libutf8proc-dev libmicrohttpd-dev)
JOBS=$(nproc 2>/dev/null || echo 2)

deps() {
	local missing=() p
	for p in "${DEPS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	((${#missing[@]})) || return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "build.sh: installing ${missing[*]}" >&2
		DEBIAN_FRONTEND=noninteractive apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
	else
		echo "build.sh: missing packages: ${missing[*]}" >&2
		echo "install them with:" >&2
		echo "  sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
}

build() { # build [BUILD_DIR [EXTRA_CFLAGS]] [targets]
	local dir=${1:-build} extra=${2:-}
	shift $(($# < 2 ? $# : 2))
	make --no-print-directory -f core/Makefile -j"$JOBS" BUILD="$dir" EXTRA_CFLAGS="$extra" "$@"
}

ASAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

cmd=${1:-build}
case "$cmd" in
build)
	deps
	build build ""
	;;
run)
	deps
	build build ""
	./build/lede build
	echo "build.sh: open public/index.html"
	;;
test)
	deps
	build build "" all tests
	build build/asan "$ASAN" all tests
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	tests/run.sh build build/asan
	;;
bench)
	deps
	build build "" all tests bench
	tests/bench/run.sh build
	;;
clean)
	rm -rf build public
	;;
*)
	echo "usage: ./build.sh [build|run|test|bench|clean]" >&2
	exit 2
	;;
esac
