#!/usr/bin/env bash
# tests/bench/run.sh BUILD_DIR: the benchmarks. Figures are ratios against
# a baseline measured in the same run (machines here are noisy); nothing
# here is a pass/fail test.
set -euo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best_of() { # best_of N CMD... -> the best wall time in seconds
	local n=$1 best=
	shift
	for _ in $(seq "$n"); do
		local s e t
		s=$(date +%s.%N)
		if ! "$@" >/dev/null 2>"$tmp/bench-stderr"; then
			echo "bench: '$*' failed:" >&2
			tail -5 "$tmp/bench-stderr" >&2
			exit 1
		fi
		e=$(date +%s.%N)
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')
		if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
	done
	echo "$best"
}

echo "## extraction (links and quotations, one core)"
if [ -x "$b/bench/extract_bench" ]; then
	"$b/bench/extract_bench"
fi

echo
echo "## whole-site build"
n=${LEDE_BENCH_ARTICLES:-2000}
site=$tmp/site
mkdir -p "$site/content"
cp lede.yaml "$site/"
i=0
while [ "$i" -lt "$n" ]; do
	for f in content/*.md; do
		grep -q '^draft: true' "$f" && continue
		[ "$i" -ge "$n" ] && break
		base=$(basename "$f" .md)
		cp "$f" "$site/content/$base-$i.md"
		i=$((i + 1))
	done
done
bytes=$(cat "$site"/content/*.md | wc -c)
echo "corpus: $n articles, $((bytes / 1024)) KiB"
base=$(best_of 3 sh -c "cat '$site'/content/*.md >/dev/null")
j1=$(best_of 3 "$b/lede" build -C "$site" -o "$tmp/out1" -q -j 1)
j2=$(best_of 3 "$b/lede" build -C "$site" -o "$tmp/out2" -q -j 2)
printf 'baseline (cat every article): %.3f s\n' "$base"
awk -v n="$n" -v j1="$j1" -v j2="$j2" -v base="$base" 'BEGIN {
	printf "lede build -j 1: %.3f s, %.0f articles/s, %.1fx the baseline\n", j1, n / j1, j1 / base
	printf "lede build -j 2: %.3f s, %.0f articles/s, %.2fx the -j 1 speed\n", j2, n / j2, j1 / j2
}'
