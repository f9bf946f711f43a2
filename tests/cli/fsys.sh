#!/usr/bin/env bash
# tests/cli/fsys.sh LEDE: a build stays inside its folders. Symlinks in
# static/ and content/ are followed only inside the site folder; loops and
# dangling links are warned about once; nothing is written through a symlink
# leading out of the output folder; copies drop setuid and other mode bits;
# a killed build's temporary files are removed by the next one, and nothing
# else is. The symlinks are made here: git cannot keep ones leading out of
# the repository.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"
# same FILE TEXT: FILE holds exactly TEXT (and a final newline).
same() { diff -u <(printf '%s\n' "$2") "$1"; }
# site DIR: a small site with one article, content/a.md.
site() {
	mkdir -p "$1/content" "$1/static"
	printf 'site: {title: x, base_url: "https://x.org/"}\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$1/lede.yaml"
	article "$1/content/a.md" A
}
article() { printf -- '---\ntitle: %s\ndate: 2020-01-01\n---\nText.\n' "$2" >"$1"; }
# timeout: a loop followed again must fail the test, not hang the suite.
build() { # build SITE: into SITE.out, stderr in SITE.err, status in SITE.rc
	timeout 300 "$lede" build -C "$1" -o "$1.out" -q -j 2 2>"$1.err"
	echo $? >"$1.rc"
}

# Outside every site: what no symlink may reach.
mkdir -p "$tmp/secret"
echo 'root:x:0:0' >"$tmp/secret/shadow"
echo '---' >"$tmp/secret/evil.md"

s=$tmp/static-out
site "$s"
ln -s "$tmp/secret" "$s/static/etc"
ln -s "$tmp/secret/shadow" "$s/static/shadow"
build "$s"
check "static: a symlink leading outside is not followed" test ! -e "$s.out/etc" -a ! -e "$s.out/shadow"
check "static: each is warned about, exit 0" same "$s.err" "static/etc: warning: symlink leads outside the site folder ($tmp/secret); not followed
static/shadow: warning: symlink leads outside the site folder ($tmp/secret/shadow); not followed"
check "static: the build still succeeds" same "$s.rc" 0

# The static or content folder itself leading outside: an error, nothing
# built (a warning and a build without them removed what they published).
s=$tmp/static-top
site "$s"
echo css >"$s/static/site.css"
build "$s"
rm -r "$s/static"
ln -s "$tmp/secret" "$s/static"
build "$s"
check "static: the static folder itself leading outside is an error" same "$s.err" "lede.yaml: error: the static folder 'static' is a symlink to $tmp/secret, outside the site folder, and lede follows no symlink out of it (it would publish what is there); nothing was built. Move the files into the site folder"
check "static: ...exit 2, nothing of it copied" test "$(cat "$s.rc")" = 2 -a ! -e "$s.out/shadow"
check "static: ...what it published before stays" same "$s.out/site.css" css

s=$tmp/content-top
site "$s"
build "$s"
mkdir -p "$tmp/elsewhere-content"
mv "$s/content/a.md" "$tmp/elsewhere-content/"
rmdir "$s/content"
ln -s "$tmp/elsewhere-content" "$s/content"
build "$s"
check "content: the content folder itself leading outside is an error" same "$s.err" "lede.yaml: error: the content folder 'content' is a symlink to $tmp/elsewhere-content, outside the site folder, and lede follows no symlink out of it; nothing was built. To build from that folder, give its path in lede.yaml: content: $tmp/elsewhere-content"
check "content: ...exit 2, its articles' pages kept" test "$(cat "$s.rc")" = 2 -a -f "$s.out/a/index.html"
printf 'content: %s\n' "$tmp/elsewhere-content" >>"$s/lede.yaml"
rm "$s/content"
build "$s"
check "content: ...built from there when lede.yaml names it" test "$(cat "$s.rc")" = 0 -a -f "$s.out/a/index.html" -a ! -s "$s.err"

s=$tmp/static-in
site "$s"
mkdir -p "$s/assets/img"
echo png >"$s/assets/img/logo.png"
ln -s ../assets/img "$s/static/img"
ln -s img "$s/static/pictures"
ln -s nowhere "$s/static/gone"
ln -s . "$s/static/img-loop"
printf '#!/bin/sh\n' >"$s/static/tool"
chmod 4777 "$s/static/tool"
build "$s"
check "static: symlinks inside the site are followed" same "$s.out/img/logo.png" png
check "static: a symlink to a symlink inside the site is followed" same "$s.out/pictures/logo.png" png
check "static: dangling links and loops are warned about once" same "$s.err" "static/gone: warning: dangling symlink (to nowhere); skipped
static/img-loop: warning: symlink loop (leads back to a folder it is in); not followed"
check "static: copies are plain 0644 files (no setuid)" same <(stat -c %a "$s.out/tool") 644

# Published files are for all to read, whatever the umask: a narrow one
# (077) is widened for them, a usual one (022) needs nothing done.
for mask in 077 022; do
	s=$tmp/umask-$mask
	site "$s"
	echo 'body {}' >"$s/static/style.css"
	(umask $mask && build "$s")
	check "umask $mask: pages and static files are 0644" same <(stat -c %a "$s.out/a/index.html" "$s.out/style.css") "644
644"
done

s=$tmp/content-loop
site "$s"
ln -s . "$s/content/loop"
mkdir "$s/content/x"
article "$s/content/x/b.md" B
ln -s .. "$s/content/x/up"
ln -s x "$s/content/y"
build "$s"
check "content: a loop is reported once, each article loaded once" same "$s.err" "content/loop: warning: symlink loop (leads back to a folder it is in); not followed
content/x/up: warning: symlink loop (leads back to a folder it is in); not followed"
check "content: the loop costs no error" same "$s.rc" 0
check "content: both articles are published" test -f "$s.out/a/index.html" -a -f "$s.out/b/index.html"

s=$tmp/content-links
site "$s"
mkdir -p "$s/drafts-box" "$s/content/2020"
article "$s/content/2020/c.md" C
article "$s/drafts-box/d.md" D
ln -s 2020 "$s/content/featured"
ln -s a.md "$s/content/also-a.md"
ln -s ../drafts-box "$s/content/box"
ln -s "$tmp/secret/evil.md" "$s/content/evil.md"
ln -s "$tmp/secret" "$s/content/secret"
ln -s missing.md "$s/content/gone.md"
mkdir "$s/plugins"
echo 'return { article = function(a) lede.log.info(a.path) end }' >"$s/plugins/paths.lua"
printf 'plugins: [paths]\n' >>"$s/lede.yaml"
timeout 300 "$lede" build -C "$s" -o "$s.out" -j 2 2>"$s.err"
echo $? >"$s.rc"
check "content: links inside the site are followed, each article once, by its own path" same "$s.err" "content/evil.md: warning: symlink leads outside the site folder ($tmp/secret/evil.md); not followed
content/secret: warning: symlink leads outside the site folder ($tmp/secret); not followed
plugins/paths.lua:1: info: content/2020/c.md (content/2020/c.md)
plugins/paths.lua:1: info: content/a.md (content/a.md)
plugins/paths.lua:1: info: content/box/d.md (content/box/d.md)
content/gone.md: error: cannot read: a dangling symlink (to missing.md); restore the file it leads to, or remove the link to withdraw the article
lede: 3 of 4 articles ready, 4 files written (4 changed), 1 error, 2 warnings"
check "content: the site folder's own symlinked article is published" test -f "$s.out/d/index.html"

# An article whose file becomes a link to nowhere (its checkout gone) is an
# article that cannot be read: an error, its last version kept (a warning
# and its pages removed, before).
s=$tmp/content-dangling
site "$s"
article "$s/content/b.md" B
mkdir "$s/shared" && mv "$s/content/b.md" "$s/shared/b.md" && ln -s ../shared/b.md "$s/content/b.md"
build "$s"
check "content: an article through a link inside the site is published" test -f "$s.out/b/index.html" -a "$(cat "$s.rc")" = 0
rm "$s/shared/b.md"
build "$s"
check "content: its link leading nowhere now: an error, exit 1" test "$(cat "$s.rc")" = 1 && grep -q "^content/b.md: error: cannot read: a dangling symlink (to ../shared/b.md); restore the file it leads to, or remove the link to withdraw the article$" "$s.err"
check "...its last version kept" test -f "$s.out/b/index.html" && grep -q "^content/b.md: warning: kept the version published on " "$s.err"
rm "$s/content/b.md"
build "$s"
check "...and withdrawn when the link goes" test ! -e "$s.out/b/index.html" -a "$(cat "$s.rc")" = 0

# A hard link is the same file (its inode, as the folder listing gives it):
# published once, by the first of its paths.
s=$tmp/content-hard
site "$s"
article "$s/content/b.md" B
ln "$s/content/a.md" "$s/content/z.md"
mkdir "$s/content/sub"
ln "$s/content/a.md" "$s/content/sub/a.md"
build "$s"
check "content: a hard-linked article is published once, by its first path" test ! -s "$s.err"
check "...as a, not as z or sub/a; another file is another article" test -f "$s.out/a/index.html" -a -f "$s.out/b/index.html" -a ! -e "$s.out/z" -a "$(cat "$s.rc")" = 0

# Writing: a symlink in the output folder leading out of it is refused.
s=$tmp/write
site "$s"
article "$s/content/b.md" B
article "$s/content/c.md" C
mkdir -p "$s.out" "$tmp/elsewhere" "$s.out/inner" "$s.out/c"
ln -s "$tmp/elsewhere" "$s.out/a"
ln -s inner "$s.out/b"
echo victim >"$tmp/victim"
ln -s "$tmp/victim" "$s.out/c/index.html"
build "$s"
check "write: a symlink in place of a page is replaced, not written through" test "$(cat "$tmp/victim")" = victim -a -f "$s.out/c/index.html" -a ! -L "$s.out/c/index.html"
check "write: nothing is written through a symlink leading out" test -z "$(ls -A "$tmp/elsewhere")"
check "write: that page is an error naming the link" same "$s.err" "$s.out/a: error: symlink leads outside the output folder ($tmp/elsewhere); a/index.html is not written through it: remove the link"
check "write: the error costs only that page (exit 1)" same "$s.rc" 1
check "write: a symlink inside the output folder is written through" test -f "$s.out/inner/index.html"

# A file of the user's where a page needs a folder: the error names it,
# the file stays, the other pages publish.
s=$tmp/in-way
site "$s"
article "$s/content/b.md" B
mkdir -p "$s.out"
echo mine >"$s.out/a"
build "$s"
check "in the way: the error names the file where a folder goes" same "$s.err" "a/index.html: error: cannot put the file in place: a in the output folder is a file, not a folder; move it away (or delete it) and build again"
check "in the way: the file stays, exit 1" test "$(cat "$s.out/a")" = mine -a "$(cat "$s.rc")" = 1
check "in the way: the other page publishes" test -f "$s.out/b/index.html"

# Collection pages (written by the outlet's page writer, a thread of its
# own): those a symlink leading out would take are errors, reported in the
# order the pages were made, each costing only its page, at -j 1 and -j 2.
s=$tmp/pages
mkdir -p "$s/content" "$s/static"
printf 'site: {title: x, base_url: "https://x.org/"}\noutlets:\n  web: {format: html, path: "{slug}/", index: {path: index.html, per_page: 1}, tags: {path: "tags/{tag}/"}}\n' >"$s/lede.yaml"
for n in 1 2 3; do
	printf -- '---\ntitle: P%s\ndate: 2020-01-0%s\ntags: [red, blue]\n---\nText.\n' $n $n >"$s/content/p$n.md"
done
mkdir -p "$s.out/tags" "$tmp/pages-out"
ln -s "$tmp/pages-out" "$s.out/page"
ln -s "$tmp/pages-out" "$s.out/tags/blue"
for j in 1 2; do
	timeout 300 "$lede" build -C "$s" -o "$s.out" -q -j $j 2>"$s.err"
	echo $? >"$s.rc"
	check "pages -j $j: each refused page is an error, in the order made" same "$s.err" "$s.out/page: error: symlink leads outside the output folder ($tmp/pages-out); page/2/index.html is not written through it: remove the link
$s.out/page: error: symlink leads outside the output folder ($tmp/pages-out); page/3/index.html is not written through it: remove the link
$s.out/tags/blue: error: symlink leads outside the output folder ($tmp/pages-out); tags/blue/index.html is not written through it: remove the link
$s.out/tags/blue: error: symlink leads outside the output folder ($tmp/pages-out); tags/blue/page/2/index.html is not written through it: remove the link
$s.out/tags/blue: error: symlink leads outside the output folder ($tmp/pages-out); tags/blue/page/3/index.html is not written through it: remove the link
[lede]/templates/article.mustache: warning: broken link to '../tags/blue/index.html': no file tags/blue/index.html in the site (on p1/index.html, the page of content/p1.md, and 2 other pages)
[lede]/templates/index.mustache: warning: broken link to 'page/2/index.html': no file page/2/index.html in the site (on index.html)"
	check "pages -j $j: exit 1" same "$s.rc" 1
	check "pages -j $j: nothing written through the links" test -z "$(ls -A "$tmp/pages-out")"
	check "pages -j $j: the other collection pages are written" test -f "$s.out/index.html" -a -f "$s.out/tags/red/index.html" -a -f "$s.out/tags/red/page/3/index.html"
done
timeout 300 "$lede" build -C "$s" -o "$s.out" -j 2 >"$s.err" 2>&1
check "pages: the summary counts the written pages only (3 articles, the style sheet, 4 collection pages)" grep -Eq "^lede: 3 of 3 articles ready( \(3 unchanged\))?, 8 files written" "$s.err"

# Leftovers of a killed build: only lede's own temporary files go.
s=$tmp/leftovers
site "$s"
mkdir -p "$s.out/a" "$s.out/deep/er" "$tmp/keep"
touch "$s.out/.index.html.tmp-AbC123" "$s.out/a/.index.html.tmp-x9Y8z7" "$s.out/deep/er/.f.css.tmp-000000"
touch "$s.out/.mine.tmp-12345" "$s.out/.mine.tmp-1234567" "$s.out/index.html.tmp-AbC123" "$s.out/.tmp-AbC123"
touch "$tmp/keep/.x.tmp-QQQQQQ"
ln -s "$tmp/keep/.x.tmp-QQQQQQ" "$s.out/.y.tmp-QQQQQQ"
ln -s "$tmp/keep" "$s.out/linked"
mkdir "$s.out/.d.tmp-DDDDDD"
build "$s"
check "leftovers: lede's temporary files are removed" same <(cd "$s.out" && find . -name '*tmp*' | sort) "./.d.tmp-DDDDDD
./.mine.tmp-12345
./.mine.tmp-1234567
./.tmp-AbC123
./.y.tmp-QQQQQQ
./index.html.tmp-AbC123"
check "leftovers: nothing through a symlink is removed" test -f "$tmp/keep/.x.tmp-QQQQQQ"
check "leftovers: the build is clean" test ! -s "$s.err"
# The output folder is read for them only when the last build did not
# finish: it leaves .lede-stage-running, which a finished build removes.
check "leftovers: a finished build leaves no running mark" test ! -e "$s.out/.lede-stage-running"
touch "$s.out/a/.index.html.tmp-Late12"
build "$s"
check "leftovers: after a finished build, the folder is not searched" test -e "$s.out/a/.index.html.tmp-Late12"
touch "$s.out/.lede-stage-running"
build "$s"
check "leftovers: after an interrupted one, they go" test ! -e "$s.out/a/.index.html.tmp-Late12"
check "leftovers: ...and the mark with them" test ! -e "$s.out/.lede-stage-running"
# Another build's output folder inside this one (its build state or
# running mark there) is not searched: that build may be writing its
# manifest now.
s=$tmp/nested
site "$s"
mkdir -p "$s.out/preview/a"
touch "$s.out/preview/.lede-manifest" "$s.out/preview/.lede-manifest.tmp-Ab12Cd" "$s.out/preview/a/.index.html.tmp-Ef34Gh"
mkdir -p "$s.out/other"
touch "$s.out/other/.lede-stage-running" "$s.out/other/.x.tmp-Ij56Kl" "$s.out/.index.html.tmp-Mn78Op"
build "$s"
check "leftovers: another build's output folder inside is left alone" test -e "$s.out/preview/.lede-manifest.tmp-Ab12Cd" -a -e "$s.out/preview/a/.index.html.tmp-Ef34Gh" -a -e "$s.out/other/.x.tmp-Ij56Kl"
check "...while this one's own leftovers go" test ! -e "$s.out/.index.html.tmp-Mn78Op"

# Paths past the system's limit: a clear error, not a silent truncation.
s=$tmp/deep
site "$s"
long=$(printf 'd%.0s' {1..200})
deep=$s/content
for _ in $(seq 24); do deep=$deep/$long; done
mkdir -p "$deep"
article "$deep/z.md" Z 2>/dev/null || (cd "$s/content" && for _ in $(seq 24); do cd "$long"; done && article z.md Z)
build "$s"
check "deep: a folder too deep to open is an error" grep -q 'error: cannot read: the path is longer than the system allows; shorten the folder names' "$s.err"
check "deep: the rest still publishes (exit 1)" test "$(cat "$s.rc")" = 1 -a -f "$s.out/a/index.html"

# A slug names the page's file: one longer than a file name may be is an
# error where the slug comes from (the front matter's slug, the file name,
# or the title when the name slugs to nothing), and so is a tag whose
# page it would name; the other articles publish.
s=$tmp/long
site "$s"
long=$(printf 'x%.0s' $(seq 260))
printf -- '---\ntitle: Given\ndate: 2020-01-01\nslug: %s\n---\nText.\n' "$long" >"$s/content/given.md"
article "$s/content/$(printf 'n%.0s' $(seq 252)).md" Named
printf -- '---\ntitle: %s\ndate: 2020-01-01\n---\nText.\n' "$long" >"$s/content/---.md"
printf -- '---\ntitle: Tagged\ndate: 2020-01-01\ntags: [ok, %s]\n---\nText.\n' "$long" >"$s/content/tagged.md"
build "$s"
check "long slug: from the front matter, said there" grep -q '^content/given.md:4:7: error: the article.s slug (from its front matter) is 260 bytes long, 250 at most: it names the page.s file; shorten it$' "$s.err"
check "long slug: from the file name" grep -q "^content/n*\.md: error: the article.s slug (from its file name) is 252 bytes long, 250 at most: it names the page.s file; rename the file, or give a shorter slug: in the front matter$" "$s.err"
check "long slug: from the title" grep -q '^content/---.md:2:8: error: the article.s slug (from its title) is 260 bytes long' "$s.err"
check "long tag: said where it is" grep -q "^content/tagged.md:4:12: error: tag 'x*\.\.\.' is too long to name its page (tags/{tag}/): its slug is 260 bytes, 250 at most; shorten it$" "$s.err"
check "long slug: four errors, the rest publishes (exit 1)" bash -c "test \"\$(grep -c ': error: ' '$s.err')\" = 4 -a \"\$(cat '$s.rc')\" = 1 -a -f '$s.out/a/index.html'"
printf -- '---\ntitle: Given\ndate: 2020-01-01\nslug: %s\n---\nText.\n' "$(printf 'x%.0s' $(seq 250))" >"$s/content/given.md"
build "$s"
check "long slug: 250 bytes is a page" test -f "$s.out/$(printf 'x%.0s' $(seq 250))/index.html"

# A name too long made of several placeholders ({section}-{slug}): the
# page cannot be staged, an error of the article, saying why; a name of
# the pattern's own too long: lede.yaml's error.
s=$tmp/combined
site "$s"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{section}-{slug}/"}\n' >"$s/lede.yaml"
printf -- '---\ntitle: C\ndate: 2020-01-03\nsection: %s\nslug: %s\n---\nText.\n' "$(printf 's%.0s' $(seq 200))" "$(printf 'g%.0s' $(seq 100))" >"$s/content/c.md"
build "$s"
check "a page's name too long: the article's error, saying why" grep -q "^content/c.md: error: its page s*-g*/index.html (outlet 'web') cannot be staged in .*: File name too long: a folder or file name in its path is over 255 bytes; shorten the outlet's path or what fills it in\$" "$s.err"
check "...the rest published (exit 1)" test "$(cat "$s.rc")" = 1 -a -f "$s.out/-a/index.html"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "%s/{slug}/"}\n' "$(printf 'p%.0s' $(seq 300))" >"$s/lede.yaml"
build "$s"
check "a name of the path's own too long: lede.yaml's error" grep -q "^lede.yaml:3:29: error: outlet 'web': path 'p*\.\.\.' holds a folder or file name of 300 bytes; a name holds 255 at most\$" "$s.err"
check "...nothing built (exit 2)" test "$(cat "$s.rc")" = 2

# A language names folders ({lang} in paths): one that is not a language
# tag is an error at the article (or in lede.yaml), not a page written
# into "fr CA/x/" or refused at the output folder's edge.
s=$tmp/langs
site "$s"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{lang}/{section}/{slug}/", sections: {path: "{section}/"}}\n' >"$s/lede.yaml"
printf -- '---\ntitle: T\ndate: 2020-01-01\nlang: "../../../../evil"\n---\nText.\n' >"$s/content/trav.md"
printf -- '---\ntitle: S\ndate: 2020-01-01\nlang: "fr CA/x"\n---\nText.\n' >"$s/content/space.md"
printf -- '---\ntitle: B\ndate: 2020-01-01\nlang: pt-BR\n---\nText.\n' >"$s/content/ptbr.md"
printf -- '---\ntitle: U\ndate: 2020-01-01\nlang: fr_CA\n---\nText.\n' >"$s/content/frca.md"
printf -- '---\ntitle: W\ndate: 2020-01-01\nlang: aa-%s\n---\nText.\n' "$(printf 'a%.0s' $(seq 33))" >"$s/content/wide.md"
# A language's name is not its code: `lang: English` names no folder an
# outlet filtering on `en` takes.
printf -- '---\ntitle: N\ndate: 2020-01-01\nlang: English\n---\nText.\n' >"$s/content/named.md"
printf -- '---\ntitle: Y\ndate: 2020-01-01\nlang: yue\n---\nText.\n' >"$s/content/yue.md"
printf -- '---\ntitle: K\ndate: 2020-01-01\nlang: x-klingon\n---\nText.\n' >"$s/content/private.md"
printf -- '---\ntitle: L\ndate: 2020-01-01\nsection: %s\n---\nText.\n' "$long" >"$s/content/section.md"
build "$s"
check "lang: a path is an error at the article" grep -q "^content/trav.md:4:7: error: lang '../../../../evil' is not a language tag (it names the page's folder): a code of two or three letters, then letters, digits or '-' (en, fr, pt-BR)$" "$s.err"
check "lang: a language's name is an error, with its code" grep -q "^content/named.md:4:7: error: lang 'English' is not a language tag (it names the page's folder): a code of two or three letters, then letters, digits or '-' (en, fr, pt-BR); did you mean 'en'?$" "$s.err"
check "lang: a code of three letters and a private tag are pages" test -f "$s.out/yue/yue/index.html" -a -f "$s.out/x-klingon/private/index.html"
check "lang: a space and a slash too" grep -q "^content/space.md:4:7: error: lang 'fr CA/x' is not a language tag" "$s.err"
check "lang: nothing written for them" test ! -e "$s.out/fr CA" -a ! -e "$tmp/evil"
check "lang: 36 letters is not a tag (35 at most)" grep -q "^content/wide.md:4:7: error: lang 'aa-a*' is not a language tag" "$s.err"
check "lang: pt-BR and fr_CA are pages" test -f "$s.out/pt-BR/ptbr/index.html" -a -f "$s.out/fr_CA/frca/index.html"
check "section: too long to name its page, said where it is" grep -q "^content/section.md:4:10: error: section 'x*\.\.\.' is too long to name its page ({section}/): its slug is 260 bytes, 250 at most; shorten it$" "$s.err"
check "lang and section: five errors (exit 1)" bash -c "test \"\$(grep -c ': error: ' '$s.err')\" = 5 -a \"\$(cat '$s.rc')\" = 1 -a -f '$s.out/en/a/index.html'"
printf 'site: {title: x, language: "e n"}\noutlets:\n  web: {format: html}\n' >"$s/lede.yaml"
build "$s"
check "site.language not a tag: lede.yaml's error, nothing built (exit 2)" bash -c "grep -q \"^lede.yaml:1:28: error: 'language' must be a language tag: a code of two or three letters, then letters, digits or '-' (en, fr, pt-BR), not 'e n'\\\$\" '$s.err' && test \"\$(cat '$s.rc')\" = 2"
printf 'site: {title: x, language: Deutsch}\noutlets:\n  web: {format: html}\n' >"$s/lede.yaml"
build "$s"
check "site.language a language's name: the error says its code" grep -q "^lede.yaml:1:28: error: 'language' must be a language tag: a code of two or three letters, then letters, digits or '-' (en, fr, pt-BR), not 'Deutsch'; did you mean 'de'?$" "$s.err"

# The output folder is none of the site's own folders, nor inside one:
# the next build would take its pages for articles, static files,
# templates or plugins (and publish them again, stale or not).
s=$tmp/outin
site "$s"
mkdir -p "$s/templates" "$s/plugins"
for o in content static static/sub/ templates plugins "$s/content/../static"; do
	( cd "$s" && "$lede" build -o "$o" -q ) 2>"$s.err"
	rc=$?
	check "-o ${o#"$s"/}: refused (exit 2)" test "$rc" = 2
	check "-o ${o#"$s"/}: says why" grep -q "^error: the output folder '$o' is \(inside \)\?the site's [a-z]* folder '[a-z]*': the next build would take its pages for the site's own files; build into a folder of its own (-o public)$" "$s.err"
done
check "-o into the site's folders: nothing written" bash -c "test -z \"\$(find '$s' -name index.html -o -name .lede-manifest)\""
( cd "$s" && "$lede" build -o . -q ) 2>"$s.err"
check "-o .: the site's own folder may hold the output (GitHub Pages)" test $? = 0 -a -f "$s/a/index.html"
# Articles at the site's root (content: .) with public/ in it: built as
# before, and what is in public/ is not taken for articles.
s=$tmp/rootcontent
mkdir -p "$s"
printf 'site: {title: x}\ncontent: .\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$s/lede.yaml"
article "$s/a.md" A
mkdir -p "$s/public/old" && article "$s/public/old/b.md" B
( cd "$s" && "$lede" build ) 2>"$s.err"
check "content: . with public/ in it: builds (exit 0)" test $? = 0 -a -f "$s/public/a/index.html"
check "...and public/'s files are not articles" bash -c "grep -q '1 of 1 articles ready' '$s.err' && test ! -e '$s/public/b'"
( cd "$s" && "$lede" check ) 2>"$s.err"
check "...nor for lede check" grep -q '1 of 1 articles ready' "$s.err"
( cd "$s" && "$lede" build -o . -q ) 2>"$s.err"
check "content: . and -o .: refused (exit 2)" test $? = 2
check "...saying why" grep -q "^error: the output folder '.' is the site's content folder '.': " "$s.err"

# A file whose name is not UTF-8 (a Latin-1 name from an old archive)
# would put bytes that are not UTF-8 into the build state's JSON, and
# the next build could not read its line back: an error naming it (its
# bytes as \xHH), the file left out, the rest published.
s=$tmp/latin1
site "$s"
article "$s/content/caf$(printf '\xe9').md" Cafe
printf 'x\n' >"$s/static/r$(printf '\xe9')sum$(printf '\xe9').txt"
( cd "$s" && "$lede" build -o out -j 2 ) 2>"$s.err"
check "name not UTF-8: exit 1" test $? = 1
check "name not UTF-8: an article, said with its bytes escaped" grep -qx 'content/caf\\xE9.md: error: its name is not UTF-8 (the bytes shown as \\xHH), and lede names files in UTF-8 (the build state, feeds, links); rename it' "$s.err"
check "name not UTF-8: a static file too" grep -q '^static/r\\xE9sum\\xE9.txt: error: its name is not UTF-8' "$s.err"
check "name not UTF-8: left out, the rest published" bash -c "test -f '$s/out/a/index.html' -a ! -e '$s/out/caf' && ! ls '$s/out' | grep -q sum"
check "name not UTF-8: the build state is UTF-8" bash -c "iconv -f UTF-8 -t UTF-8 '$s/out/.lede-manifest' >/dev/null"
( cd "$s" && "$lede" build -o out -j 2 ) 2>"$s.err"
check "name not UTF-8: the next build reuses the rest" grep -q '1 of 1 articles ready (1 unchanged)' "$s.err"

# A folder of articles that cannot be listed (no read permission, a
# checkout made by another user): the articles the last build published
# from it are loaded, fail to read and keep their last version (their
# pages removed with exit 1, before); a folder that can be searched but
# not listed still builds them. Run as an unprivileged user: root reads
# any folder.
s=$tmp/unlisted
as_user=()
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
site "$s"
mkdir "$s/content/news" "$s/plugins"
article "$s/content/news/b.md" B
article "$s/content/news/c.md" C
chmod 755 "$tmp"
chown -R 65534:65534 "$s" 2>/dev/null
ubuild() { # ubuild SITE [ARGS]: build as that user
	local d=$1
	shift
	"${as_user[@]}" timeout 300 "$lede" build -C "$d" -o "$d/out" -j 2 "$@" 2>"$d.err"
	echo $? >"$d.rc"
}
ubuild "$s" -q
check "unlisted folder: its articles published first" test -f "$s/out/b/index.html" -a -f "$s/out/c/index.html" -a "$(cat "$s.rc")" = 0
chmod 000 "$s/content/news"
ubuild "$s"
check "unlisted folder: an error for the folder and each article, exit 1" same "$s.err" "content/news: error: cannot read the folder: Permission denied
content/news/b.md: error: cannot read: Permission denied
content/news/b.md: warning: kept the version published on 2026-01-01T12:00:00Z (outlets web), as this build failed for it
content/news/c.md: error: cannot read: Permission denied
content/news/c.md: warning: kept the version published on 2026-01-01T12:00:00Z (outlets web), as this build failed for it
lede: 1 of 3 articles ready (1 unchanged), 2 files written (0 changed), 2 kept from the last build, 3 errors, 2 warnings"
check "...their pages kept" test -f "$s/out/b/index.html" -a -f "$s/out/c/index.html" -a "$(cat "$s.rc")" = 1
printf 'return { parallel = false, article = function(a) end }\n' >"$s/plugins/serial.lua"
printf 'plugins: [serial]\n' >>"$s/lede.yaml"
chown -R 65534:65534 "$s/plugins" "$s/lede.yaml" 2>/dev/null
ubuild "$s" -q
check "...on one state too (a plugin with parallel = false)" test -f "$s/out/b/index.html" -a -f "$s/out/c/index.html" -a "$(cat "$s.rc")" = 1
check "...where the content folder is walked once" test "$(grep -c 'cannot read the folder' "$s.err")" = 1
chmod 311 "$s/content/news"
ubuild "$s" -q
check "unlisted folder that can be searched: its articles still build" test "$(cat "$s.rc")" = 1 && grep -q '^content/news: error: cannot read the folder' "$s.err" && ! grep -q 'kept the version' "$s.err"
chmod 755 "$s/content/news"
rm "$s/content/news/c.md"
ubuild "$s"
check "...listed again: an article gone from it is withdrawn" test ! -e "$s/out/c/index.html" -a -f "$s/out/b/index.html" -a "$(cat "$s.rc")" = 0
chmod 000 "$s/content"
ubuild "$s" --allow-empty
check "the content folder itself unlisted: nothing built, exit 2, even with --allow-empty" test "$(cat "$s.rc")" = 2 -a -f "$s/out/b/index.html" -a -f "$s/out/a/index.html"
check "...its error said" grep -qx 'content: error: cannot read the folder: Permission denied' "$s.err"
chmod 755 "$s/content"
rm -r "$s/out"
chmod 000 "$s/content/news"
ubuild "$s"
check "unlisted folder on a first build: nothing to keep, exit 1" test "$(cat "$s.rc")" = 1 -a -f "$s/out/a/index.html" -a ! -e "$s/out/b"
chmod 755 "$s/content/news"

# Two folders that cannot be listed, one's name the start of the other's:
# each keeps the articles it published, found in one pass over the state.
mkdir "$s/content/news2"
article "$s/content/news2/d.md" D
chown -R 65534:65534 "$s/content" 2>/dev/null
ubuild "$s" -q
chmod 000 "$s/content/news" "$s/content/news2"
ubuild "$s"
check "two unlisted folders: each article kept, exit 1" bash -c "test \$(cat '$s.rc') = 1 && test -f '$s/out/b/index.html' -a -f '$s/out/d/index.html' && test \$(grep -c 'kept the version' '$s.err') = 2"
chmod 755 "$s/content/news" "$s/content/news2"

# A FIFO in the output folder, where the running mark or a page goes: read
# or opened for writing, it hung the build for good. Now it is not
# waited on: the mark is made elsewhere or not at all, the page replaces
# it.
s=$tmp/fifo
site "$s"
timeout 30 "$lede" build -C "$s" -o "$s.out" -q 2>/dev/null
mkfifo "$s.out/.lede-stage-running"
rm "$s.out/a/index.html" && mkfifo "$s.out/a/index.html"
timeout 30 "$lede" build -C "$s" -o "$s.out" -q 2>"$s.err"
echo $? >"$s.rc"
check "FIFOs in the output folder: the build ends, exit 0" same "$s.rc" 0
check "...the page is written over the FIFO" test -f "$s.out/a/index.html" -a ! -p "$s.out/a/index.html"

# A file of the user's in the way, the build after it says so again: the
# article whose page was not put in place is made again, not reused
# without its page (exit 0, the page missing, before).
s=$tmp/in-way
build "$s"
check "in the way, again: the same error" same "$s.err" "a/index.html: error: cannot put the file in place: a in the output folder is a file, not a folder; move it away (or delete it) and build again"
check "in the way, again: exit 1" same "$s.rc" 1
rm "$s.out/a"
build "$s"
check "in the way, moved: the page publishes" test -f "$s.out/a/index.html" -a "$(cat "$s.rc")" = 0

# An outlet's path changed between builds so that a file of the last build
# stands where this one needs a folder ({slug} to {slug}/), or a folder of
# it where this one writes a file ({slug}/ to {slug}): those files go
# first, in the same build. The page was not put in place ("a in the
# output folder is a file", "Is a directory"), and the next build reused
# the article without it, exit 0.
s=$tmp/moved
site "$s"
article "$s/content/b.md" B
printf 'site: {title: x}\noutlets:\n  txt: {format: text, path: "{slug}"}\n' >"$s/lede.yaml"
build "$s"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$s/lede.yaml"
build "$s"
check "{slug} to {slug}/: exit 0, no message" test "$(cat "$s.rc")" = 0 -a ! -s "$s.err"
check "{slug} to {slug}/: the pages are in place" test -f "$s.out/a/index.html" -a -f "$s.out/b/index.html"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{slug}.html"}\n  txt: {format: text, path: "{slug}"}\n' >"$s/lede.yaml"
build "$s"
check "{slug}/ to {slug}: exit 0, no message" test "$(cat "$s.rc")" = 0 -a ! -s "$s.err"
check "{slug}/ to {slug}: the files are in place" test -f "$s.out/a" -a -f "$s.out/b" -a -f "$s.out/a.html"
check "{slug}/ to {slug}: the old pages went" test ! -e "$s.out/a/index.html"
# ...but a file in that folder that lede did not write stays: an error
# (again at the next build), the folder and its file left as they are.
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$s/lede.yaml"
build "$s"
echo mine >>"$s.out/a/index.html"
printf 'site: {title: x}\noutlets:\n  txt: {format: text, path: "{slug}"}\n' >"$s/lede.yaml"
build "$s"
check "a hand-edited page in the way: the error says so" grep -qxF "a: error: cannot put the file in place: a in the output folder is a folder, holding files lede did not write; move them away (or delete them) and build again" "$s.err"
check "...exit 1, the file kept" test "$(cat "$s.rc")" = 1 -a "$(tail -1 "$s.out/a/index.html")" = mine
build "$s"
check "...and the next build says it again" grep -qF "a: error: cannot put the file in place" "$s.err"
check "...exit 1" same "$s.rc" 1


# The same path changes with --no-prune: the last build's files are kept,
# and stand in the way. The error said "a folder, holding files lede did
# not write" of lede's own pages, or "move it away (or delete it)" of its
# own file; it says they are the last build's, kept by --no-prune.
s=$tmp/moved-kept
site "$s"
printf 'site: {title: x}\noutlets:\n  txt: {format: text, path: "{slug}"}\n' >"$s/lede.yaml"
build "$s"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$s/lede.yaml"
timeout 300 "$lede" build -C "$s" -o "$s.out" -q --no-prune 2>"$s.err"
check "--no-prune, {slug} to {slug}/: the file kept is named" grep -qxF "a/index.html: error: cannot put the file in place: a in the output folder is a file the last build wrote, kept by --no-prune; build once without --no-prune, which removes it, or move it away" "$s.err"
build "$s"
check "...built without --no-prune: exit 0, the page in place" test "$(cat "$s.rc")" = 0 -a -f "$s.out/a/index.html"
printf 'site: {title: x}\noutlets:\n  txt: {format: text, path: "{slug}"}\n' >"$s/lede.yaml"
timeout 300 "$lede" build -C "$s" -o "$s.out" -q --no-prune 2>"$s.err"
check "--no-prune, {slug}/ to {slug}: the folder kept is named" grep -qxF "a: error: cannot put the file in place: a in the output folder is a folder of files the last build wrote, kept by --no-prune; build once without --no-prune, which removes them, or move them away" "$s.err"
build "$s"
check "...built without --no-prune: exit 0, the file in place" test "$(cat "$s.rc")" = 0 -a -f "$s.out/a"

# Every file the commit cannot put in place is named, not the first only:
# b's page went missing without a word until a's was dealt with.
s=$tmp/moved-kept-two
site "$s"
article "$s/content/b.md" B
printf 'site: {title: x}\noutlets:\n  txt: {format: text, path: "{slug}"}\n' >"$s/lede.yaml"
build "$s"
printf 'site: {title: x}\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$s/lede.yaml"
timeout 300 "$lede" build -C "$s" -o "$s.out" -q --no-prune 2>"$s.err"
echo $? >"$s.rc"
for n in a b; do
	check "two pages not in place: $n's is named" grep -qxF "$n/index.html: error: cannot put the file in place: $n in the output folder is a file the last build wrote, kept by --no-prune; build once without --no-prune, which removes it, or move it away" "$s.err"
done
check "...two errors, exit 1" test "$(grep -c 'error:' "$s.err")" = 2 -a "$(cat "$s.rc")" = 1

check_done
