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

# The same corpus through Hugo, when it is installed (Debian's hugo), with
# templates doing what lede's html outlet does: a page per article, an
# index, a page per tag. Both get the same work and no extra plugins.
if command -v hugo >/dev/null 2>&1; then
	echo
	echo "## against Hugo ($(hugo version 2>/dev/null | cut -d' ' -f2))"
	hs=$tmp/hugo
	mkdir -p "$hs/content/posts" "$hs/layouts/_default"
	cp "$site"/content/*.md "$hs/content/posts/"
	cat >"$hs/config.toml" <<'TOML'
baseURL = "https://news.example.org/"
title = "Metropolis News"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
  tag = "tags"
TOML
	cat >"$hs/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html lang="{{ .Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><article><h1>{{ .Title }}</h1><time>{{ .Date.Format "Monday 2 January 2006" }}</time>
{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article></body></html>
HTML
	cat >"$hs/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ol>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}
</ol></body></html>
HTML
	cat >"$site/lede-plain.yaml" <<'YAML'
site: {title: Metropolis News, base_url: "https://news.example.org", language: en}
outlets:
  web:
    format: html
    path: "{lang}/{section}/{slug}/"
    index: { path: index.html }
    tags: { path: "tags/{tag}/" }
YAML
	hugo_t=$(best_of 3 hugo --quiet -s "$hs" -d "$tmp/hugo-out")
	lede_t=$(best_of 3 "$b/lede" build -C "$site" -c lede-plain.yaml -o "$tmp/out3" -q -j 2)
	awk -v n="$n" -v h="$hugo_t" -v l="$lede_t" 'BEGIN {
		printf "hugo: %.3f s (%.0f articles/s)\n", h, n / h
		printf "lede, the same pages (html outlet, index, tag pages, no plugins): %.3f s (%.0f articles/s), %.2fx Hugo'"'"'s time\n", l, n / l, l / h
	}'
fi
