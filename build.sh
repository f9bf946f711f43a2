#!/usr/bin/env bash
# build.sh: build lede, publish the sample site, run the tests.
#   ./build.sh          build build/lede and build/liblede.a
#   ./build.sh run      build, then publish the sample site to public/
#   ./build.sh test     build with -Werror, run every test, then all of them
#                       again under -fsanitize=address,undefined
#   ./build.sh bench    build with -Werror, then run the benchmarks
#   ./build.sh install [PREFIX]
#                       build, then install lede into PREFIX (default
#                       /usr/local; DESTDIR is prepended): bin/lede, the
#                       bundled plugins, templates and static files in
#                       share/lede/plugins, the man page, the docs, and
#                       for embedding include/lede.h, lib/liblede.a and
#                       lib/pkgconfig/lede.pc;
#                       LEDE=FILE installs that binary instead of building
#   ./build.sh lint     check that the C sources are formatted as
#                       .clang-format says (CI runs it)
#   ./build.sh clean    remove build/ and public/
# Missing Debian packages are installed with apt-get when run as root;
# otherwise the exact command is printed.
set -euo pipefail
cd "$(dirname "$0")"

DEPS=(build-essential pkg-config liblua5.4-dev libyaml-dev libpcre2-dev libjansson-dev
      libcmark-gfm-dev libcmark-gfm-extensions-dev libutf8proc-dev libmicrohttpd-dev
      libvips-dev libglib2.0-dev libcurl4-openssl-dev libxxhash-dev
      libgoogle-perftools-dev)
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
		echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
}

# Warnings are errors where lede's own checks run (test, bench; CI runs
# ./build.sh test), not in a plain build or an install: a packager's newer
# compiler may warn where ours does not (WERROR in core/Makefile).
WERROR=0

build() { # build [BUILD_DIR [EXTRA_CFLAGS]] [targets]
	local dir=${1:-build} extra=${2:-}
	shift $(($# < 2 ? $# : 2))
	make --no-print-directory -f core/Makefile -j"$JOBS" BUILD="$dir" EXTRA_CFLAGS="$extra" \
		WERROR="$WERROR" "$@"
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
	WERROR=1
	build build "" all tests
	build build/asan "$ASAN" all tests
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	tests/run.sh build build/asan
	;;
bench)
	deps
	WERROR=1
	build build "" all tests bench
	tests/bench/run.sh build
	;;
install)
	bin=${LEDE:-build/lede}
	if [ -z "${LEDE:-}" ]; then
		deps
		build build ""
	fi
	prefix=${2:-/usr/local}
	case $prefix in /*) ;; *) echo "build.sh: install wants an absolute PREFIX, not '$prefix'" >&2; exit 2 ;; esac
	dest=${DESTDIR:-}$prefix
	# The installed lede finds share/lede/plugins from its own location, so
	# the tree may be moved as a whole (see core/engine.c find_bundled).
	install -d "$dest/bin" "$dest/share/lede" "$dest/share/man/man1" "$dest/share/doc/lede"
	install -m 755 "$bin" "$dest/bin/lede"
	rm -rf "$dest/share/lede/plugins"
	cp -R plugins "$dest/share/lede/plugins"
	chmod -R u=rwX,go=rX "$dest/share/lede/plugins"
	install -m 644 docs/lede.1 "$dest/share/man/man1/lede.1"
	install -m 644 README.md docs/*.md "$dest/share/doc/lede/"
	# The C library for embedding (include/lede.h), found with
	# `pkg-config lede`; the one built beside the binary installed.
	lib=$(dirname "$bin")/liblede.a
	if [ -f "$lib" ]; then
		install -d "$dest/include" "$dest/lib/pkgconfig"
		install -m 644 include/lede.h "$dest/include/lede.h"
		install -m 644 "$lib" "$dest/lib/liblede.a"
		version=$(sed -n 's/^#define LEDE_VERSION_STRING "\(.*\)"/\1/p' include/lede.h)
		cat >"$dest/lib/pkgconfig/lede.pc" <<-EOF
			prefix=$prefix
			includedir=\${prefix}/include
			libdir=\${prefix}/lib

			Name: lede
			Description: news publishing engine (Markdown, Lua plugins, outlets), embeddable
			Version: $version
			Requires: lua5.4 yaml-0.1 libpcre2-8 libcmark-gfm libutf8proc jansson glib-2.0 gobject-2.0 libxxhash
			Cflags: -I\${includedir}
			Libs: -L\${libdir} -llede -lcmark-gfm-extensions -lpthread -lm -ldl
		EOF
	fi
	echo "build.sh: installed $dest/bin/lede, plugins in $dest/share/lede/plugins"
	;;
lint)
	# The C sources as .clang-format describes them (CI runs this; the
	# config is written for Debian 12's clang-format 14).
	if ! command -v clang-format >/dev/null; then
		echo "build.sh: lint needs clang-format; install it with:" >&2
		echo "  sudo apt-get install -y clang-format" >&2
		exit 1
	fi
	mapfile -t files < <(find core include tests -name '*.[ch]' -type f | sort)
	if ! clang-format --dry-run --Werror "${files[@]}"; then
		echo "build.sh: lint: the files above drift from .clang-format" \
			"($(clang-format --version | sed 's/.*version \([0-9.]*\).*/clang-format \1/'));" \
			"clang-format -i FILE puts one right" >&2
		exit 1
	fi
	echo "build.sh: lint: ${#files[@]} C files as .clang-format says"
	;;
clean)
	rm -rf build public
	;;
*)
	echo "usage: ./build.sh [build|run|test|bench|lint|clean|install [PREFIX]]" >&2
	exit 2
	;;
esac
