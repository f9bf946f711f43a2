#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS [TARGET...]]: builds the libFuzzer targets
# (tests/fuzz/fuzz_TARGET.c) with clang, ASan and UBSan, and runs each for
# SECONDS (default 60), one after the other. Needs clang and
# libclang-rt-14-dev.
#
# The core is compiled once (core/Makefile with BUILD=build/libfuzzer) into
# a library every target links. Each target's corpus lives in
# build/libfuzzer/corpus/TARGET (kept between runs), seeded from
# tests/fuzz/seeds/TARGET/, its regressions and a few of the repository's
# own files. Inputs are capped at 4096 bytes (-max_len): under the 10,000
# levels of `>` or `-` that the known deep-nesting crash needs, so the
# fuzzers look for other bugs.
#
# A crash (or leak, timeout, out-of-memory) is written to
# build/libfuzzer/crashes/TARGET/; the script prints its path and the
# commands to reproduce and record it, and exits 1. The last line is
# "fuzz: N targets clean" or "fuzz: K of N targets crashed": it counts
# targets, not tests, so it is not a "passed, failed" line that could be
# mistaken for the test suite's total.
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift $(($# ? 1 : 0))
out=build/libfuzzer
jobs=$(nproc 2>/dev/null || echo 2)

if ! command -v clang >/dev/null; then
	echo "fuzz: clang is missing; install it with:" >&2
	echo "  sudo apt-get install -y clang libclang-rt-14-dev" >&2
	echo "fuzz: 0 of 0 targets built"
	exit 1
fi

targets=("$@")
if ((${#targets[@]} == 0)); then
	for t in tests/fuzz/fuzz_*.c; do
		t=${t#tests/fuzz/fuzz_}
		targets+=("${t%.c}")
	done
fi

# The core and the targets' objects through the project's Makefile
# (incremental, parallel), with clang's fuzzer instrumentation; then one
# link per target against libFuzzer's main().
san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
objs=()
for t in "${targets[@]}"; do
	[ -f "tests/fuzz/fuzz_$t.c" ] || { echo "fuzz: no target tests/fuzz/fuzz_$t.c" >&2; exit 2; }
	objs+=("$out/fuzz/fuzz_$t.o")
done
echo "fuzz: building ${targets[*]} in $out"
make --no-print-directory -s -f core/Makefile -j"$jobs" BUILD="$out" CC=clang CFLAGS="-O1 -g" \
	WERROR=1 EXTRA_CFLAGS="$san" "$out/liblede.a" "${objs[@]}" >/dev/null || { echo "fuzz: build failed"; exit 2; }
# the same libraries as the build (core/Makefile), so no link misses one
# (asked of make itself)
libs=$(make --no-print-directory -s -f core/Makefile BUILD="$out" --eval 'lede-print-libs: ; @echo $(PKG_LIBS)' lede-print-libs)
for t in "${targets[@]}"; do
	# shellcheck disable=SC2086
	clang -fsanitize=fuzzer,address,undefined "$out/fuzz/fuzz_$t.o" "$out/liblede.a" $libs \
		-o "$out/fuzz_$t" || { echo "fuzz: linking fuzz_$t failed"; exit 2; }
done

seed() { # seed TARGET: what the target's corpus starts from
	case $1 in
	article) ls content/*.md tests/quotes/articles/*.md ;;
	config) ls lede.yaml tests/golden/*/lede.yaml ;;
	template) ls plugins/templates/*.mustache ;;
	esac 2>/dev/null
	ls -d "tests/fuzz/seeds/$1"/* "tests/fuzz/regressions/$1"/* 2>/dev/null
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
crashed=()
for t in "${targets[@]}"; do
	corpus=$out/corpus/$t crashes=$out/crashes/$t
	mkdir -p "$corpus" "$crashes"
	seed "$t" | while read -r f; do
		[ -f "$f" ] && [ "$(stat -c %s "$f")" -le 4096 ] && cp "$f" "$corpus/seed-$(basename "$f")"
	done
	echo "fuzz: $t for ${secs}s"
	"$out/fuzz_$t" -max_total_time="$secs" -max_len=4096 -timeout=20 -rss_limit_mb=2560 \
		-print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" >"$out/$t.log" 2>&1
	rc=$?
	grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$out/$t.log" |
		sed "s/^/fuzz: $t: /"
	found=$(grep -o -E "Test unit written to [^ ]+" "$out/$t.log" | tail -1 | sed 's/.* to //')
	if ((rc != 0)) || [ -n "$found" ]; then
		crashed+=("$t")
		echo "fuzz: $t FAILED (exit status $rc); the end of $out/$t.log:"
		grep -v -E '^#[0-9]+' "$out/$t.log" | tail -40 | sed 's/^/    /'
		if [ -n "$found" ]; then
			echo "fuzz: the crashing input: $found"
			echo "fuzz: reproduce with:   $out/fuzz_$t $found"
			echo "fuzz:   or with gcc:    make -f core/Makefile build/tests/replay_$t && build/tests/replay_$t $found"
			echo "fuzz: once fixed, keep it as a regression ./build.sh test replays:"
			echo "fuzz:   mkdir -p tests/fuzz/regressions/$t && cp $found tests/fuzz/regressions/$t/"
		fi
	fi
done
if ((${#crashed[@]})); then
	echo "fuzz: ${#crashed[@]} of ${#targets[@]} targets crashed (${crashed[*]})"
	exit 1
fi
n=${#targets[@]}
echo "fuzz: $n target$( ((n == 1)) || echo s) clean"
