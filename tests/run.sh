#!/usr/bin/env bash
# tests/run.sh BUILD_DIR... [NAME...]: every test against each build (the
# normal one, then the sanitizer one). Ends with "N passed, M failed"; exit
# 1 on any failure. UPDATE=1 regenerates the golden files instead of
# comparing. A NAME (a folder of tests/golden/) runs only that golden test,
# at -j 1 and -j 4 as the whole suite does: `tests/run.sh build sample`;
# `UPDATE=1 tests/run.sh build sample` regenerates only that one.
set -uo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
CONF=../shared/conformance
passed=0
failed=0
failures=()

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); failures+=("$1"); echo "not ok - $1"; }

# tracer_crashed LABEL FILE...: whether what a test printed (in the
# files; - for standard input) holds LeakSanitizer's own crash, saying so.
# Its tracer crashes now and then, more under load (google/sanitizers#1353:
# "Tracer caught signal 11"); that is no finding of lede's (a leak reads
# "detected memory leaks"), so the test runs again, twice at most (a suite
# of many builds, doc-blocks, met it twice in a row in one run of four).
tracer_crashed() {
	local label=$1
	shift
	grep -q 'LeakSanitizer has encountered a fatal error' "$@" || return 1
	echo "# $label: LeakSanitizer's tracer crashed (google/sanitizers#1353), not a finding; run again"
}

# A program that prints "ok - ..." / "not ok - ..." lines: each counts.
tap() { # tap LABEL CMD...
	local label=$1 out rc
	shift
	out=$("$@" 2>"$tmp/stderr"); rc=$?
	local again
	for again in 1 2; do
		{ ((rc != 0)) || grep -q '^not ok - ' <<<"$out"; } &&
			tracer_crashed "$label" - "$tmp/stderr" <<<"$out" || break
		out=$("$@" 2>"$tmp/stderr"); rc=$?
	done
	local p f
	p=$(grep -c '^ok - ' <<<"$out" || true)
	f=$(grep -c '^not ok - ' <<<"$out" || true)
	passed=$((passed + p))
	if ((f)); then
		grep '^not ok - ' <<<"$out" | sed "s|^not ok - |not ok - $label: |"
		sed 's/^/    /' "$tmp/stderr" | head -40
		failed=$((failed + f))
		failures+=("$label ($f)")
	elif ((rc != 0)); then
		bad "$label: exit status $rc"
		sed 's/^/    /' "$tmp/stderr" | head -40
	elif ((p == 0)) && grep -q '^# skipped' <<<"$out"; then
		grep '^# skipped' <<<"$out" | sed "s|^# skipped|# $label: skipped|"
	elif ((p == 0)); then
		bad "$label: ran no test"
	fi
	echo "# $label: $p passed, $f failed"
}

# lede_into DIR CMD...: runs CMD into DIR/public (fresh) with its stdout,
# stderr and status in DIR; again (twice at most), from a fresh folder,
# when LeakSanitizer's own tracer crashed (tracer_crashed).
lede_into() {
	local dir=$1
	shift
	rm -rf "$dir/public"
	"$@" >"$dir/stdout" 2>"$dir/stderr"
	echo $? >"$dir/status"
	local again
	for again in 1 2; do
		tracer_crashed "${dir##*/}" "$dir/stderr" || break
		rm -rf "$dir/public"
		"$@" >"$dir/stdout" 2>"$dir/stderr"
		echo $? >"$dir/status"
	done
}

golden() { # golden BUILD NAME
	local lede=$1/lede name=$2 dir=tests/golden/$2
	local out=$tmp/golden-$name
	rm -rf "$out" && mkdir -p "$out"
	local args=(build -C "$dir" -o "$out/public" -q -j 1)
	[ -f "$dir/args" ] && read -r -a args <"$dir/args" && args=("${args[@]//@OUT@/$out/public}") && args=("${args[@]//@DIR@/$dir}")
	lede_into "$out" "$lede" "${args[@]}"
	# The build state (hashes, records) is not part of the site: it is
	# compared between -j 1 and -j 4 below, and tested in tests/cli/state.sh.
	rm -f "$tmp/manifest-$name"
	[ -f "$out/public/.lede-manifest" ] && mv "$out/public/.lede-manifest" "$tmp/manifest-$name"
	# Sanitizer reports would differ from the golden stderr: show them.
	if grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$out/stderr"; then
		bad "golden/$name: sanitizer report"
		head -40 "$out/stderr"
		return
	fi
	if [ "${UPDATE:-}" = 1 ] && [ "$1" = "${builds[0]}" ]; then
		# expected/public may be a link to another golden's tree (a run
		# that must publish exactly what that one does): keep the link.
		if [ -L "$dir/expected/public" ]; then
			rm -f "$dir/expected/stdout"
			for f in stdout stderr status; do
				[ -f "$out/$f" ] && cp "$out/$f" "$dir/expected/$f"
			done
		else
			rm -rf "$dir/expected" && mkdir -p "$dir/expected"
			cp -r "$out/." "$dir/expected/"
		fi
		[ "$name" = sample ] || [ -L "$dir/expected/public" ] || rm -f "$dir/expected/public/style.css"
		[ -s "$dir/expected/stdout" ] || rm -f "$dir/expected/stdout"
		[ -d "$dir/expected/public" ] || mkdir -p "$dir/expected/public"
		echo "# updated golden/$name"
		ok
		return
	fi
	[ -s "$out/stdout" ] || rm -f "$out/stdout"
	# git keeps no empty folders (some expected/ hold a .gitkeep instead):
	# compare copies without .gitkeep files and empty folders.
	rm -rf "$tmp/want" && cp -rL "$dir/expected" "$tmp/want"
	# lede's stylesheet is copied into every site; the sample golden keeps
	# it, the others need not carry a copy of it each.
	[ -f "$tmp/want/public/style.css" ] || rm -f "$out/public/style.css"
	find "$tmp/want" -name .gitkeep -delete
	find "$tmp/want" "$out" -mindepth 1 -type d -empty -delete 2>/dev/null
	if diff -ru "$tmp/want" "$out" >"$tmp/diff"; then
		ok
	else
		bad "golden/$name"
		head -60 "$tmp/diff"
	fi
	# Output and messages do not depend on the number of workers, nor on
	# whether the collection records wait on disk (--records-memory 0):
	# the same site at -j 4 with them on disk gives the same tree and
	# the same build state, byte for byte.
	if [ ! -f "$dir/args" ]; then
		local out4=$tmp/golden4-$name
		rm -rf "$out4" && mkdir -p "$out4"
		lede_into "$out4" "$lede" build -C "$dir" -o "$out4/public" -q -j 4 --records-memory 0
		if [ -f "$out4/public/.lede-manifest" ]; then
			# (the sources' stat holds when it was taken)
			cmp -s <(sed -E 's/"stat":\[[^]]*\]//g' "$out4/public/.lede-manifest") \
				<(sed -E 's/"stat":\[[^]]*\]//g' "$tmp/manifest-$name") ||
				echo "the build state differs" >>"$out4/stderr"
			rm -f "$out4/public/.lede-manifest"
		fi
		sed -i "s|$out4/|$out/|g" "$out4/stderr"
		[ -s "$out4/stdout" ] || rm -f "$out4/stdout"
		[ -f "$tmp/want/public/style.css" ] || rm -f "$out4/public/style.css"
		find "$out4" -mindepth 1 -type d -empty -delete 2>/dev/null
		if diff -ru "$out" "$out4" >"$tmp/diff4"; then
			ok
		else
			bad "golden/$name: -j 4 differs from -j 1"
			head -40 "$tmp/diff4"
		fi
	fi
}

# Arguments naming a golden test (NAME or tests/golden/NAME) select it;
# the others are build folders.
builds=()
names=()
for arg in "$@"; do
	n=${arg#tests/golden/}
	n=${n%/}
	if [ -n "$n" ] && [ "${n#*/}" = "$n" ] && [ -d "tests/golden/$n" ]; then
		names+=("$n")
	elif [ -d "$arg" ]; then
		builds+=("$arg")
	else
		echo "tests/run.sh: '$arg' is neither a build folder nor a golden test (tests/golden/NAME)" >&2
		exit 2
	fi
done
if ((${#builds[@]} == 0)); then
	echo "usage: [UPDATE=1] tests/run.sh BUILD_DIR... [NAME...]" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for b in "${builds[@]}"; do
	echo "## build: $b"
	if ((${#names[@]})); then
		for n in "${names[@]}"; do golden "$b" "$n"; done
		continue
	fi
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] && tap "$(basename "$t")" "$t"
	done
	# Fuzz targets' recorded crashes and seed inputs, replayed without
	# libFuzzer (tests/fuzz/replay.c; fuzzing itself: tests/fuzz/run.sh).
	for t in "$b"/tests/replay_*; do
		[ -x "$t" ] || continue
		name=${t##*/replay_}
		dirs=()
		for d in "tests/fuzz/regressions/$name" "tests/fuzz/seeds/$name"; do
			[ -d "$d" ] && dirs+=("$d")
		done
		((${#dirs[@]})) && tap "fuzz-replay-$name" "$t" "${dirs[@]}"
	done
	for d in tests/golden/*/; do
		[ -d "$d" ] || continue
		golden "$b" "$(basename "$d")"
	done
	echo "# golden: done"
	# Feeds and ninjs documents the golden sites just produced, checked
	# against the RFCs and schemas (each step skips what it lacks).
	if [ -d "$tmp/golden-feeds/public" ]; then
		tap "feeds-validate" tests/feeds/validate.sh "$tmp/golden-feeds/public"
	fi
	# ... and the feeds of the images golden, which carry enclosures.
	if [ -d "$tmp/golden-images/public" ]; then
		tap "feeds-validate-images" tests/feeds/validate.sh "$tmp/golden-images/public"
	fi
	# The first and last dates lede takes, at the zones at both ends.
	if [ -d "$tmp/golden-date-utc-range/public" ]; then
		tap "feeds-validate-dates" tests/feeds/validate.sh "$tmp/golden-date-utc-range/public"
	fi
	# Corrected and killed stories in the feeds (tests/golden/editorial).
	if [ -d "$tmp/golden-editorial/public" ]; then
		tap "feeds-validate-editorial" tests/feeds/validate.sh "$tmp/golden-editorial/public"
	fi
	# Footnotes' links in the feeds' content, made absolute (RSS, JSON Feed).
	if [ -d "$tmp/golden-footnotes/public" ]; then
		tap "feeds-validate-footnotes" tests/feeds/validate.sh "$tmp/golden-footnotes/public"
	fi
	# Links to pages named in other scripts (slugs: unicode), percent-encoded.
	if [ -d "$tmp/golden-slugs-unicode/public" ]; then
		tap "feeds-validate-slugs" tests/feeds/validate.sh "$tmp/golden-slugs-unicode/public"
	fi
	# A paged feed's first, middle and last pages, with their RFC 5005 links.
	for pg in "" page/2 page/3; do
		if [ -d "$tmp/golden-paged-feeds/public/$pg" ]; then
			tap "feeds-validate-paged${pg:+-${pg//\//-}}" tests/feeds/validate.sh \
				"$tmp/golden-paged-feeds/public/$pg"
		fi
	done
	# Every article page's schema.org NewsArticle JSON-LD parses and is whole.
	dirs=()
	for g in sample editorial editions sections sitemap slugs-unicode rtl; do
		[ -d "$tmp/golden-$g/public" ] && dirs+=("$tmp/golden-$g/public")
	done
	((${#dirs[@]})) && tap "jsonld" tests/html/jsonld.sh "${dirs[@]}"
	# Full HTML pages from the bundled html format (the other golden sites
	# write fragments or raw HTML on purpose). Once: it needs node.
	if [ "$b" = "${builds[0]}" ]; then
		dirs=()
		for g in sample feeds transforms filters yaml-errors plugin-raises five-outlets \
			script-digest script-quotes script-quotes-edge editorial editions sections sitemap footnotes style \
			images images-alt slugs-unicode rtl a11y; do
			[ -d "$tmp/golden-$g/public" ] && dirs+=("$tmp/golden-$g/public")
		done
		if ((${#dirs[@]})); then
			tap "html-validate" tests/html/validate.sh "${dirs[@]}"
			tap "html-classes" tests/html/classes.sh "${dirs[@]}"
			# What docs/templates.md promises of the bundled templates:
			# skip link, headings, alt, lang/dir, aria-current, contrast.
			tap "html-a11y" tests/html/a11y.sh "${dirs[@]}"
			# The Nu HTML Checker, when LEDE_VNU names vnu.jar (else skipped).
			tap "html-vnu" tests/html/vnu.sh "${dirs[@]}"
		fi
	fi
	if [ -x tests/ninjs/validate.sh ] && [ -d "$tmp/golden-ninjs/public" ]; then
		tap "ninjs-validate" tests/ninjs/validate.sh "$tmp/golden-ninjs/public"
		[ -d "$tmp/golden-images/public" ] &&
			tap "ninjs-validate-images" tests/ninjs/validate.sh "$tmp/golden-images/public/wire"
	fi
	if [ -x tests/ninjs/validate.sh ] && [ -d "$tmp/golden-editorial/public" ]; then
		tap "ninjs-validate-editorial" tests/ninjs/validate.sh "$tmp/golden-editorial/public"
	fi
	# Bodies whose relative links and footnotes were made absolute.
	if [ -x tests/ninjs/validate.sh ] && [ -d "$tmp/golden-ninjs-links/public" ]; then
		tap "ninjs-validate-links" tests/ninjs/validate.sh "$tmp/golden-ninjs-links/public"
	fi
	if [ -x "$b/lede" ] && compgen -G "tests/lua/*_test.lua" >/dev/null; then
		tap "lua" "$b/lede" test -C tests/lua/site tests/lua/*_test.lua
	fi
	# Every ```lua test block in the docs is a test file that must pass.
	if [ -x "$b/lede" ] && compgen -G "docs/*.md" >/dev/null; then
		rm -rf "$tmp/doc-examples" && mkdir -p "$tmp/doc-examples"
		awk -v dir="$tmp/doc-examples" '
			FNR == 1 { n = 0; base = FILENAME; sub(/^.*\//, "", base); sub(/\.md$/, "", base) }
			/^```lua test[[:space:]]*$/ { n++; out = sprintf("%s/%s-%03d_test.lua", dir, base, n); inblk = 1; next }
			inblk && /^```[[:space:]]*$/ { inblk = 0; close(out); next }
			inblk { print > out }
		' docs/*.md
		if compgen -G "$tmp/doc-examples/*_test.lua" >/dev/null; then
			tap "doc-examples" "$b/lede" test -C tests/lua/site "$tmp"/doc-examples/*_test.lua
		fi
	fi
	for t in tests/cli/*.sh; do tap "$(basename "$t" .sh)" "$t" "$b/lede"; done
	# The full-site benchmark on a tiny corpus, once (it times nothing).
	[ "$b" = "${builds[0]}" ] && tap "bench-smoke" tests/bench/smoke.sh "$b"
	tap "doc-blocks" tests/docs/check.sh "$b/lede"
	if [ -x "$b/tests/quotes_eval" ]; then
		tap "quotes" "$b/tests/quotes_eval" tests/quotes/articles
		tap "quotes-heldout" "$b/tests/quotes_eval" tests/quotes/heldout
		tap "quotes-heldout2" "$b/tests/quotes_eval" tests/quotes/heldout2
		tap "quotes-heldout3" "$b/tests/quotes_eval" tests/quotes/heldout3
	fi
	if [ -d "$CONF/mustache" ] && [ -x "$b/tests/mustache_spec" ]; then
		tap "mustache-spec" "$b/tests/mustache_spec" "$CONF/mustache"
	fi
	if [ -d "$CONF/links/linkify-it" ] && [ -x "$b/tests/linkify" ]; then
		"$b/tests/linkify" "$CONF/links/linkify-it" >"$tmp/linkify" 2>&1 && ok || bad "linkify conformance"
		grep '^#' "$tmp/linkify"
	fi
	# The whole GFM spec and cmark-gfm's extension tests through lede's
	# Markdown -> HTML path, an example a line; intended deviations are
	# listed in the runner (docs/internals.md, "The GFM spec").
	if [ -d "$CONF/markdown" ] && [ -x "$b/tests/gfm_spec" ]; then
		tap "gfm-spec" "$b/tests/gfm_spec" "$CONF/markdown"
	fi
	if [ -f "$CONF/links/gfm/autolinks.json" ] && [ -x "$b/tests/gfm_autolinks" ]; then
		"$b/tests/gfm_autolinks" "$CONF/links/gfm/autolinks.json" >"$tmp/gfm" 2>&1 && ok || bad "gfm autolinks conformance"
		grep '^# gfm' "$tmp/gfm"
	fi
done
if ((failed)); then
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
((failed == 0))
