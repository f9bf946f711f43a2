#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer targets with clang
# (ASan + UBSan) and runs each for SECONDS (default 60), seeded with the
# sample content and the quote test set. Needs clang and libclang-rt-14-dev.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build/fuzz
mkdir -p "$out/corpus"
cp content/*.md tests/quotes/articles/*.md "$out/corpus/" 2>/dev/null || true
pkgs="lua5.4 yaml-0.1 libpcre2-8 libcmark-gfm libutf8proc jansson"
srcs=$(ls core/*.c | grep -v core/main.c)
for t in tests/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
		-D_DEFAULT_SOURCE -Iinclude -Icore $(pkg-config --cflags $pkgs) $srcs "$t" \
		$(pkg-config --libs $pkgs) -lcmark-gfm-extensions -lpthread -lm -o "$out/$name"
	"$out/$name" -max_total_time="$secs" -max_len=20000 "$out/corpus" 2>&1 | tail -4
done
