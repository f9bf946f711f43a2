#!/usr/bin/env bash
# tests/bench/run.sh BUILD_DIR: the benchmarks. Nothing here passes or
# fails; the figures compare versions (and lede with Hugo) on one machine.
#
#   extract  links and quotations per second (tests/bench/extract_bench.c)
#   sample   the sample site's lede.yaml on copies of the sample articles
#   site     the "full site" on the generated corpus, lede -j 1, lede -j 2
#            and Hugo (when installed): wall, CPU, peak RSS, median of runs
#   incremental  the same site, one article edited: the incremental build
#            against a full one (--full), lede -j 2, and their ratio (both
#            with --no-link-check: a build that checks links makes every page)
#
# Environment (see docs/internals.md, "Benchmarks"):
#   LEDE_BENCH_ARTICLES  corpus sizes: one number N runs 1000, 10000, 100000
#                        up to N (and N); a list ("1000 100000") runs those.
#                        Default 10000, that is 1k and 10k.
#   LEDE_BENCH_RUNS      measurements per figure, the median is kept (3)
#   LEDE_BENCH_WARMUP    untimed runs of each tool before its measured ones
#                        at each size of the site part (1): the corpus in
#                        the page cache for every tool alike, whatever ran
#                        before it (a 100k Hugo build takes 13 GiB)
#   LEDE_BENCH_DIR       corpora (cached), sites and results (BUILD_DIR/bench)
#   LEDE_BENCH_PARTS     which parts to run ("extract sample site incremental"; "sizes"
#                        prints the sizes LEDE_BENCH_ARTICLES gives, only)
#   LEDE_BENCH_GEN       the corpus generator (../shared/bench/gen_corpus.py)
#   LEDE_BENCH_SAMPLE_ARTICLES  the sample part's article count (2000)
#   LEDE_BENCH_KEEP=1    keep the last output folders (the smoke test reads them)
#   LEDE_BENCH_OUT       where the output folders go (default: a
#                        folder in /dev/shm when it is a tmpfs and
#                        LEDE_BENCH_KEEP is not set, else the work folder). A fresh output folder each run means the
#                        last run's was just removed, and on an ext4 without
#                        a journal (this project's CI machines) the kernel
#                        then skips the inodes freed in the last minutes one
#                        by one for every file made: a cost that grows with
#                        the square of the archive and is the file system's,
#                        not the tool's (docs/internals.md, "Benchmarks")
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
b=${1:-build}
case $b in /*) ;; *) b=$root/$b ;; esac
parts=" ${LEDE_BENCH_PARTS:-extract sample site incremental} "
runs=${LEDE_BENCH_RUNS:-3}
warmup=${LEDE_BENCH_WARMUP:-1}
work=${LEDE_BENCH_DIR:-$b/bench}
case $work in /*) ;; *) work=$root/$work ;; esac
gen=${LEDE_BENCH_GEN:-../shared/bench/gen_corpus.py}
mkdir -p "$work"
tmp=$(mktemp -d)
outs=${LEDE_BENCH_OUT:-}
if [ -z "$outs" ] && [ "${LEDE_BENCH_KEEP:-}" != 1 ] &&
	[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ]; then
	outs=$(mktemp -d /dev/shm/lede-bench.XXXXXX)
	trap 'rm -rf "$tmp" "$outs"' EXIT
else
	outs=${outs:-$work}
	trap 'rm -rf "$tmp"' EXIT
fi

die() { echo "bench: $*" >&2; exit 1; }

# The corpus is dated five hours apart from 2018 on: at 100k articles its
# newest are decades ahead of today. Hugo builds them with --buildFuture;
# lede publishes them anyway, but warns for each ('date' after the build
# time), and an article whose build warns is built again by every
# incremental build. The build time is set past the corpus, so that both
# tools build an archive of the past and the incremental figures measure
# reuse (the user's LEDE_NOW, if set, is kept).
export LEDE_NOW=${LEDE_NOW:-2100-01-01T00:00:00Z}

# sizes: one number is the top of the 1k, 10k, 100k ladder; a list is taken
# as it is.
sizes() {
	local spec=${LEDE_BENCH_ARTICLES:-10000} s
	[[ $spec =~ ^[[:space:]]*[0-9]+([[:space:]]+[0-9]+)*[[:space:]]*$ ]] ||
		die "LEDE_BENCH_ARTICLES='$spec': give a number or a list of numbers, like \"1000 10000 100000\""
	local list
	read -r -a list <<<"$spec"
	if ((${#list[@]} > 1)); then
		echo "${list[@]}"
		return
	fi
	local n=${list[0]} out=()
	for s in 1000 10000 100000; do ((s <= n)) && out+=("$s"); done
	[[ " ${out[*]} " == *" $n "* ]] || out+=("$n")
	echo "${out[@]}"
}

# measure TIMES_FILE CMD...: run CMD once under GNU time, append
# "wall user sys maxrss_kib" to TIMES_FILE; a failure stops the bench.
measure() {
	local times=$1
	shift
	if ! /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr"; then
		echo "bench: '$*' failed:" >&2
		tail -5 "$tmp/stderr" >&2
		exit 1
	fi
	tail -1 "$tmp/time" >>"$times"
}

# median FILE COLUMN: the median of a column of numbers.
median() {
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '
		{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The resolved sizes alone (for the smoke test): LEDE_BENCH_PARTS=sizes.
if [[ $parts == *" sizes "* ]]; then
	sizes
	exit 0
fi

# ---------------------------------------------------------------- extract
if [[ $parts == *" extract "* ]]; then
	echo "## extraction (links and quotations, one core)"
	if [ -x "$b/bench/extract_bench" ]; then
		"$b/bench/extract_bench"
	fi
	echo
fi

# ---------------------------------------------------------------- sample
# The sample site's own lede.yaml (every outlet and bundled format) on the
# sample articles copied N times: the speed of everything lede ships.
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

if [[ $parts == *" sample "* ]]; then
	echo "## sample site (every bundled outlet, the sample articles copied)"
	n=${LEDE_BENCH_SAMPLE_ARTICLES:-2000}
	site=$tmp/sample
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
	rm -rf "$site" "$tmp/out1" "$tmp/out2"
	printf 'baseline (cat every article): %.3f s\n' "$base"
	awk -v n="$n" -v j1="$j1" -v j2="$j2" -v base="$base" 'BEGIN {
		printf "lede build -j 1: %.3f s, %.0f articles/s, %.1fx the baseline\n", j1, n / j1, j1 / base
		printf "lede build -j 2: %.3f s, %.0f articles/s, %.2fx the -j 1 speed\n", j2, n / j2, j1 / j2
	}'
	echo
fi

# ---------------------------------------------------------------- site
[[ $parts == *" site "* || $parts == *" incremental "* ]] || exit 0
[[ $parts == *" site "* ]] && echo "## full site: lede and Hugo on the generated corpus"
read -r -a sizes_list <<<"$(sizes)"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (Debian: apt-get install time)"

# corpus N: print the folder of the N-article corpus, generating it once.
# The corpus's `outlets:` key names partner papers, not lede outlets:
# renamed to `partners:` (see ../shared/bench/README.md).
corpus() {
	local n=$1 dir=$work/corpus-$1
	if [ ! -f "$dir/.complete" ]; then
		[ -f "$gen" ] || return 1
		command -v python3 >/dev/null || die "the corpus generator needs python3"
		rm -rf "$dir"
		echo "bench: generating the $n-article corpus in $dir (once)" >&2
		python3 "$gen" "$n" "$dir" >/dev/null
		find "$dir" -name '*.md' -print0 | xargs -0 sed -i 's/^outlets:/partners:/'
		touch "$dir/.complete"
	fi
	echo "$dir"
}

# The lede site: html with index pages (20 a page) and tag pages, RSS,
# Atom and JSON Feed of the html outlet (50 items), reading_time on every
# article, smartquotes on the html outlet. content/ holds hard links to the
# corpus (a symlink leading out of the site folder is not followed).
lede_site() { # lede_site CORPUS_DIR
	mkdir -p "$work/lede-site"
	rm -rf "$work/lede-site/content"
	cp -rl "$1" "$work/lede-site/content" 2>/dev/null || cp -r "$1" "$work/lede-site/content"
	cat >"$work/lede-site/lede.yaml" <<YAML
# Written by tests/bench/run.sh: the full-site benchmark.
site: { title: Bench News, base_url: "https://news.example.org", language: en }
content: content
plugins: [reading_time]
outlets:
  web:
    format: html
    path: "{lang}/{section}/{slug}/"
    index: { path: index.html, per_page: 20 }
    tags: { path: "tags/{tag}/" }
    plugins: [smartquotes]
  rss: { format: rss, path: feed.rss, link_to: web, limit: 50 }
  atom: { format: atom, path: feed.atom, link_to: web, limit: 50 }
  jsonfeed: { format: jsonfeed, path: feed.json, link_to: web, limit: 50 }
YAML
}

# The Hugo site doing the same: an article page (with Hugo's reading time;
# Goldmark's typographer, on by default, does the smart quotes), the home
# page paginated by 20, a page per tag paginated by 20, and RSS, Atom and
# JSON Feed of the home page (50 items, full content). Hugo's default
# kinds stay on (the tags list page and sitemap.xml are extra work lede
# does not do); per-tag feeds are off, as lede has none.
hugo_site() { # hugo_site CORPUS_DIR
	local h=$work/hugo-site
	rm -rf "$h" && mkdir -p "$h/layouts/_default"
	cat >"$h/config.toml" <<TOML
# Written by tests/bench/run.sh: the full-site benchmark.
baseURL = "https://news.example.org/"
title = "Bench News"
languageCode = "en"
contentDir = "$1"
paginate = 20
[taxonomies]
  tag = "tags"
[services.rss]
  limit = 50
[mediaTypes."application/atom+xml"]
  suffixes = ["xml"]
[mediaTypes."application/feed+json"]
  suffixes = ["json"]
[outputFormats.Atom]
  mediaType = "application/atom+xml"
  baseName = "atom"
[outputFormats.JSONFeed]
  mediaType = "application/feed+json"
  baseName = "feed"
  isPlainText = true
[outputs]
  home = ["HTML", "RSS", "Atom", "JSONFeed"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
TOML
	cat >"$h/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | relURL }}" title="rss">
<link rel="alternate" type="application/atom+xml" href="{{ "atom.xml" | relURL }}" title="atom">
<link rel="alternate" type="application/feed+json" href="{{ "feed.json" | relURL }}" title="jsonfeed">
<meta property="og:description" content="{{ .Summary | plainify }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header class="site"><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
HTML
	cat >"$h/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article class="article">
{{ with .Params.section }}<p class="kicker">{{ . }}</p>{{ end }}
<h1 class="title">{{ .Title }}</h1>
<p class="meta"><span class="byline">By {{ delimit .Params.authors ", " }}</span> · <time class="date" datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "Monday 2 January 2006" }}</time> · <span class="reading-time">{{ .ReadingTime }} min read</span></p>
<div class="body">
{{ .Content }}
</div>
<ul class="tags">
{{ range .GetTerms "tags" }}<li><a class="tag" rel="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
</article>{{ end }}
HTML
	# The home page, a section and a tag page: one paginated list.
	cat >"$h/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ol class="index">
{{ range $pager.Pages }}<li class="index-item" lang="{{ .Params.lang }}">
{{ with .Params.section }}<p class="kicker">{{ . }}</p>{{ end }}
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time class="date" datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "Monday 2 January 2006" }}</time>
<p class="summary">{{ .Summary | plainify }}</p>
</li>
{{ end }}</ol>
{{ if gt $pager.TotalPages 1 }}<nav class="pagination">
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
<span>Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}</span>
{{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
</nav>{{ end }}{{ end }}
HTML
	cat >"$h/layouts/_default/terms.html" <<'HTML'
{{ define "main" }}<h1 class="title">{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
HTML
	cat >"$h/layouts/index.rss.xml" <<'XML'
{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<rss version="2.0"><channel>
<title>{{ site.Title }}</title><link>{{ .Permalink }}</link><description>{{ site.Title }}</description>
{{ range first 50 site.RegularPages }}<item>
<title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
{{ range .Params.tags }}<category>{{ . }}</category>{{ end }}
<description>{{ .Content | html }}</description>
</item>
{{ end }}</channel></rss>
XML
	cat >"$h/layouts/index.atom.xml" <<'XML'
{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ site.LanguageCode }}">
<id>{{ "atom.xml" | absURL }}</id><title type="text">{{ site.Title }}</title>
<updated>{{ (index site.RegularPages 0).Date.Format "2006-01-02T15:04:05Z07:00" }}</updated>
<link rel="self" type="application/atom+xml" href="{{ "atom.xml" | absURL }}"/>
<link rel="alternate" type="text/html" href="{{ .Permalink }}"/>
{{ range first 50 site.RegularPages }}<entry>
<id>{{ .Permalink }}</id><title type="text">{{ .Title }}</title>
<updated>{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}</updated>
<link rel="alternate" type="text/html" href="{{ .Permalink }}"/>
{{ range .Params.authors }}<author><name>{{ . }}</name></author>{{ end }}
{{ range .Params.tags }}<category term="{{ . }}"/>{{ end }}
<summary type="text">{{ .Summary | plainify }}</summary>
<content type="html">{{ .Content | html }}</content>
</entry>
{{ end }}</feed>
XML
	cat >"$h/layouts/index.jsonfeed.json" <<'JSON'
{{- $items := slice -}}
{{- range first 50 site.RegularPages -}}
{{- $authors := slice -}}{{- range .Params.authors -}}{{- $authors = $authors | append (dict "name" .) -}}{{- end -}}
{{- $items = $items | append (dict "id" .Permalink "url" .Permalink "title" .Title "content_html" (string .Content) "summary" (.Summary | plainify) "date_published" (.Date.Format "2006-01-02T15:04:05Z07:00") "authors" $authors "tags" .Params.tags) -}}
{{- end -}}
{{- dict "version" "https://jsonfeed.org/version/1.1" "title" site.Title "home_page_url" .Permalink "feed_url" ("feed.json" | absURL) "items" $items | jsonify (dict "indent" "  ") -}}
JSON
}

if ! [ -f "$gen" ]; then
	echo "bench: $gen not found (the corpus generator of ../shared/bench);" \
		"only corpora already generated in $work are measured"
fi
if command -v hugo >/dev/null 2>&1; then
	hugo_v=$(hugo version 2>/dev/null | awk '{ print $2 }')
else
	hugo_v=
	echo "bench: hugo is not installed (Debian: apt-get install hugo); lede only"
fi

# The machine, with its load: other jobs on a shared machine show in the
# wall times (CPU times suffer less).
machine="$(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)),"
machine+=" $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo),"
machine+=" lede $(git rev-parse --short HEAD 2>/dev/null || echo '?')${hugo_v:+, hugo $hugo_v}"
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

# incremental N CORPUS_DIR: the lede site on a copy of the corpus (hard
# links; an edit writes a new file, so the corpus is never changed): a
# full build (--full, into a fresh folder), then, run after run, one
# article edited (a sentence added to its last paragraph, a different
# article each run) and the incremental build into that folder; with the
# link check (as lede builds by default) and without (--no-link-check).
incremental() {
	local n=$1 s=$work/incr-site out=$outs/out-incr check
	rm -rf "$s" "$out" && mkdir -p "$s"
	cp "$work/lede-site/lede.yaml" "$s/"
	cp -rl "$2" "$s/content" 2>/dev/null || cp -r "$2" "$s/content"
	local files
	mapfile -t files < <(find "$s/content" -name '*.md' | sort)
	for check in on off; do
		local flags=()
		[ "$check" = off ] && flags=(--no-link-check)
		: >"$tmp/incr-full"
		: >"$tmp/incr-one"
		for r in $(seq "$runs"); do
			echo "bench: $n articles, link check $check, full build (--full), run $r of $runs" >&2
			rm -rf "$out"
			measure "$tmp/incr-full" nice -n 10 "$b/lede" build -C "$s" -o "$out" -q -j 2 \
				--full "${flags[@]}"
		done
		for r in $(seq "$runs"); do
			echo "bench: $n articles, link check $check, one article edited, run $r of $runs" >&2
			local f=${files[$(((r * 7919) % ${#files[@]}))]}
			sed -i '$ s/$/ Edited for the benchmark./' "$f" # a new file: the corpus stays
			measure "$tmp/incr-one" nice -n 10 "$b/lede" build -C "$s" -o "$out" -q -j 2 \
				"${flags[@]}"
		done
		awk '{ print $2 + $3 }' "$tmp/incr-full" >"$tmp/cpu-full"
		awk '{ print $2 + $3 }' "$tmp/incr-one" >"$tmp/cpu-one"
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$check" "$(median "$tmp/incr-full" 1)" \
			"$(median "$tmp/cpu-full" 1)" "$(median "$tmp/incr-one" 1)" \
			"$(median "$tmp/cpu-one" 1)" >>"$work/incremental.tsv"
	done
	rm -rf "$s" "$out"
}

results=$work/results.tsv
: >"$results"
: >"$work/incremental.tsv"
for n in "${sizes_list[@]}"; do
	if ! dir=$(corpus "$n"); then
		echo "bench: no $n-article corpus and no generator: skipped"
		continue
	fi
	lede_site "$dir"
	[[ $parts == *" incremental "* ]] && incremental "$n" "$dir"
	[[ $parts == *" site "* ]] || continue
	[ -n "$hugo_v" ] && hugo_site "$dir"
	# Round by round (a warm-up round first): each round runs every
	# tool once, so a machine that slows down for a while slows each
	# tool alike, and -j 1 / -j 2 is also taken per round (the median
	# of the rounds' ratios, and their range: a pair run a few seconds
	# apart sees the same machine).
	tools="lede-j1 lede-j2"
	[ -n "$hugo_v" ] && tools+=" hugo"
	for tool in $tools; do : >"$tmp/$tool"; done
	for r in $(seq $((1 - warmup)) "$runs"); do
		for tool in $tools; do
			if ((r < 1)); then
				echo "bench: $n articles, $tool, warm-up run (not measured)" >&2
			else
				echo "bench: $n articles, $tool, run $r of $runs" >&2
			fi
			# A fresh output folder (and Hugo cache) each run, and the
			# other tools' folders gone too (on a tmpfs, a 100k site's
			# are a gigabyte or more of memory each), removed outside
			# the measurement.
			out=$outs/out-$tool
			[ "${LEDE_BENCH_KEEP:-}" = 1 ] || rm -rf "$outs"/out-*
			rm -rf "$out" "$work/hugo-cache"
			# (a warm-up's figures go nowhere)
			into=$tmp/$tool
			((r < 1)) && into=$tmp/warmup
			case $tool in
			lede-j1) measure "$into" "$b/lede" build -C "$work/lede-site" -o "$out" -q -j 1 ;;
			lede-j2) measure "$into" "$b/lede" build -C "$work/lede-site" -o "$out" -q -j 2 ;;
			hugo) measure "$into" hugo --quiet --buildFuture -s "$work/hugo-site" -d "$out" \
				--cacheDir "$work/hugo-cache" ;;
			esac
			# A build that silently published little would look fast.
			files=$(find "$out" -type f | wc -l)
			((files > n)) || die "$tool wrote $files files for $n articles: is the site broken? (kept in $out)"
			echo "$files" >"$tmp/files-$tool"
		done
	done
	# -j 1 / -j 2 round by round: median, lowest, highest
	pair=$(paste -d ' ' "$tmp/lede-j1" "$tmp/lede-j2" | awk '$5 > 0 { print $1 / $5 }' | sort -g |
		awk '{ v[NR] = $1 } END { if (!NR) exit
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.4f %.4f %.4f", m, v[1], v[NR] }')
	for tool in $tools; do
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$(median "$tmp/$tool" 1)" \
			"$(awk '{ print $2 + $3 }' "$tmp/$tool" >"$tmp/cpu" && median "$tmp/cpu" 1)" \
			"$(median "$tmp/$tool" 4)" "$(cat "$tmp/files-$tool")" \
			"$([ "$tool" = lede-j2 ] && echo "$pair")" >>"$results"
	done
	[ "${LEDE_BENCH_KEEP:-}" = 1 ] || rm -rf "$outs"/out-* "$work/hugo-cache"
done

# The table: per size, each tool's medians, then the ratios.
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $machine; load average $load_before before, $(load) after"
awk -F '\t' -v runs="$runs" -v md="$work/results.md" -v head="$(date -u '+%Y-%m-%d'); $machine" '
	function ratio(a, b) { return b > 0 ? a / b : 0 }
	{ n[NR] = $1; tool[NR] = $2; key = $1 SUBSEP $2
	  wall[key] = $3; cpu[key] = $4; rss[key] = $5 / 1024; files[key] = $6; pair[key] = $7
	  if (!($1 in seen)) { seen[$1] = 1; order[++ns] = $1 } }
	END {
		if (!ns) exit
		name["lede-j1"] = "lede -j 1"; name["lede-j2"] = "lede -j 2"; name["hugo"] = "hugo"
		printf "median of %d runs; wall and CPU (user+sys) in seconds, peak RSS in MiB\n", runs
		printf "%s; median of %d runs.\n\n", head, runs > md
		printf "%9s  %-16s %8s %8s %8s %7s\n", "articles", "", "wall", "CPU", "RSS", "files"
		print "| articles | run | wall s | CPU s | peak RSS MiB | files |" > md
		print "| ---: | --- | ---: | ---: | ---: | ---: |" > md
		for (i = 1; i <= ns; i++) {
			s = order[i]
			split("lede-j1 lede-j2 hugo", ts, " ")
			for (t = 1; t <= 3; t++) {
				k = s SUBSEP ts[t]
				if (!(k in wall)) continue
				printf "%9s  %-16s %8.2f %8.2f %8.1f %7d\n", s, name[ts[t]], wall[k], cpu[k], rss[k], files[k]
				printf "| %s | %s | %.2f | %.2f | %.1f | %d |\n", s, name[ts[t]], wall[k], cpu[k], rss[k], files[k] > md
			}
			j1 = s SUBSEP "lede-j1"; j2 = s SUBSEP "lede-j2"; h = s SUBSEP "hugo"
			if (h in wall) {
				printf "%9s  %-16s %7.2fx %7.2fx %7.2fx\n", s, "lede -j 2 / hugo", ratio(wall[j2], wall[h]), ratio(cpu[j2], cpu[h]), ratio(rss[j2], rss[h])
				printf "| %s | lede -j 2 / hugo | %.2fx | %.2fx | %.2fx | |\n", s, ratio(wall[j2], wall[h]), ratio(cpu[j2], cpu[h]), ratio(rss[j2], rss[h]) > md
			}
			printf "%9s  %-16s %7.2fx\n", s, "lede -j 1 / -j 2", ratio(wall[j1], wall[j2])
			printf "| %s | lede -j 1 / -j 2 (wall) | %.2fx | | | |\n", s, ratio(wall[j1], wall[j2]) > md
			if (split(pair[j2], p, " ") == 3) {
				printf "%9s  %-16s %7.2fx  (%.2fx to %.2fx)\n", s, "  round by round", p[1], p[2], p[3]
				printf "| %s | lede -j 1 / -j 2, round by round (median, range) | %.2fx | %.2fx to %.2fx | | |\n", s, p[1], p[2], p[3] > md
			}
		}
	}' "$results"
[ -s "$results" ] && echo "(also in $work/results.md)"

# Incremental builds: one article edited, against a full build.
if [ -s "$work/incremental.tsv" ]; then
	echo
	echo "## incremental: one article edited, lede -j 2 (median of $runs runs, seconds)"
	awk -F '\t' -v md="$work/results.md" '
		BEGIN {
			printf "%9s %5s  %10s %9s  %10s %9s  %11s %10s\n", "articles", "links", "full wall",
			       "full CPU", "incr wall", "incr CPU", "incr/full", "(CPU)"
			print "\n| articles | link check | full wall s | full CPU s | incremental wall s | incremental CPU s | incremental / full (wall) | (CPU) |" >> md
			print "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |" >> md
		}
		{
			rw = $3 > 0 ? $5 / $3 : 0; rc = $4 > 0 ? $6 / $4 : 0
			printf "%9s %5s  %10.2f %9.2f  %10.2f %9.2f  %10.1f%% %9.1f%%\n", $1, $2, $3, $4, $5, $6, rw * 100, rc * 100
			printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.1f%% | %.1f%% |\n", $1, $2, $3, $4, $5, $6, rw * 100, rc * 100 >> md
		}' "$work/incremental.tsv"
fi
exit 0
