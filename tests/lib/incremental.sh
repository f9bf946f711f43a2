# tests/lib/incremental.sh: what the tests of the incremental-build
# invariant share (tests/cli/incremental.sh, tests/cli/incremental_random.sh):
# an incremental build into out/, a clean full build into full/, and their
# comparison. Source it once $lede (the program), $tmp (the test's scratch
# folder) and $site (the site's folder) are set.

# incr [ARGS...]: the incremental build, into out/ (stderr in incr.err,
# status in $incr_status), with the collection records on disk
# (--records-memory 0: thin records, read back from the spill file and
# from the last manifest), against a full build that keeps them in
# memory; tests/cli/state.sh builds incrementally with them in memory
incr() {
	(cd "$site" && "$lede" build -o "$tmp/out" -j 2 --records-memory 0 "$@") >/dev/null \
		2>"$tmp/incr.err"
	incr_status=$?
}
# full [ARGS...]: a clean full build into a fresh full/ (stderr in
# full.err, status in $full_status); with $full_from set, into a copy of
# that folder instead (a full build over what a last build left)
full() {
	rm -rf "$tmp/full"
	[ -z "${full_from:-}" ] || cp -a "$full_from" "$tmp/full"
	(cd "$site" && "$lede" build --full -o "$tmp/full" -j 2 "$@") >/dev/null 2>"$tmp/full.err"
	full_status=$?
}
# The manifest without what differs between two builds of the same
# inputs: when files were published and when sources were stat'ed.
manifest() { sed -E 's/"(since|built)":"[^"]*"//g; s/"stat":\[[^]]*\]//g' "$1/.lede-manifest"; }
# The messages without the summary (which counts what was reused) and
# the profile, the output folder's name as OUT.
messages() {
	sed -e '/^lede: profile/,$d' -e '/^lede: [0-9]* of [0-9]* articles ready/d' \
		-e "s|$tmp/out|OUT|g; s|$tmp/full|OUT|g" "$1"
}
# same_as_full: out/ and full/ hold the same tree, the same build state
# and came with the same messages and status; what differs, on stdout
same_as_full() {
	diff -ru -x .lede-manifest "$tmp/full" "$tmp/out" &&
		diff -u <(manifest "$tmp/full") <(manifest "$tmp/out") &&
		diff -u <(messages "$tmp/full.err") <(messages "$tmp/incr.err") &&
		test "$incr_status" = "$full_status"
}
