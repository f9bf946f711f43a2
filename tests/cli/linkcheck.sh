#!/usr/bin/env bash
# tests/cli/linkcheck.sh LEDE: the link check. A build warns about every
# internal link of its pages and feeds that leads to no file of the site,
# at the article's line when its Markdown holds the link, else once per
# template; the same messages for every -j; --warnings-as-errors fails on
# them; --no-link-check and check_links: false turn it off. `lede check
# --links` asks the external links of a local HTTP server started here
# (200, 404, 500, a slow answer, redirects, a server without HEAD) and
# keeps the good answers in .lede-linkcache.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
. "$(dirname "$0")/../lib/check.sh"

site=$tmp/site
mkdir -p "$site/content" "$site/static/files" "$site/templates"
cat >"$site/lede.yaml" <<'EOF'
site: {title: Links, base_url: "https://news.example.org", language: en}
outlets:
  web:
    format: html
    path: "{section}/{slug}/"
    index: {path: index.html, per_page: 2}
    tags: {path: "tags/{tag}/"}
  atom: {format: atom, path: feed.atom, link_to: web}
EOF
echo "a b" >"$site/static/files/a b.txt"
cat >"$site/content/2020-01-01-alpha.md" <<'EOF'
---
title: Alpha
date: 2020-01-01
section: news
tags: [one]
---

Alpha links to [beta](../beta/), to [the front page](/), to a [file with
a space](/files/a%20b.txt) and to [its own notes](#notes).

A [gone page](../gone/) and [a missing image](/media/nope.jpg) are broken,
so is [a fragment](#nowhere) and [an absolute one](https://news.example.org/news/lost/).
[Mail](mailto:desk@example.org) and [elsewhere](https://example.com/x) are not checked.
The [user's file](/verify.html) is in the output folder.

<p id="notes">Notes.</p>
EOF
cat >"$site/content/2020-01-02-beta.md" <<'EOF'
---
title: Beta
date: 2020-01-02
section: news
tags: [two]
---

Beta links back to [alpha](../alpha/) and to [a tag](../../tags/one/).
EOF
cat >"$site/content/2020-01-03-gamma.md" <<'EOF'
---
title: Gamma
date: 2020-01-03
section: news
---

Gamma climbs [out of the site](../../../../etc/passwd).
EOF
# raw HTML stays out of pages unless allowed; the id above needs it
sed -i '1i allow_raw_html: true' "$site/lede.yaml"
mkdir -p "$tmp/out" && echo mine >"$tmp/out/verify.html"

build() { # build NAME [ARGS...]: stderr in NAME.err, status in NAME.status
	local name=$1
	shift
	(cd "$site" && "$lede" build -o "$tmp/out" -q "$@") 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.status"
}
build j1 -j 1
build j4 -j 4
a=content/2020-01-01-alpha.md
cat >"$tmp/want.err" <<EOF
$a:11:3: warning: broken link to '../gone/': no file news/gone/index.html in the site (on news/alpha/index.html)
$a:11:29: warning: broken link to '/media/nope.jpg': no file media/nope.jpg in the site (on news/alpha/index.html)
$a:12:7: warning: broken link to '#nowhere': no id 'nowhere' on the page (on news/alpha/index.html)
$a:12:34: warning: broken link to 'https://news.example.org/news/lost/': no file news/lost/index.html in the site (on news/alpha/index.html)
content/2020-01-03-gamma.md:7:14: warning: broken link to '../../../../etc/passwd': it leads out of the site's folder (on news/gamma/index.html)
EOF
check "a broken link is a warning at its article's line, nothing else is" diff -u "$tmp/want.err" "$tmp/j1.err"
check "the messages are the same with -j 4" cmp "$tmp/j1.err" "$tmp/j4.err"
check "warnings alone leave the exit status 0" grep -qx 0 "$tmp/j1.status"
check "the pages are written all the same" test -s "$tmp/out/news/alpha/index.html"

build werror -j 2 --warnings-as-errors
check "--warnings-as-errors fails on a broken link" grep -qx 1 "$tmp/werror.status"
check "... and says why" grep -q "^lede: 5 warnings treated as errors" "$tmp/werror.err"

(cd "$site" && "$lede" check -o "$tmp/out" -q) 2>"$tmp/check.err"
check "lede check reports the same links" diff -u "$tmp/want.err" "$tmp/check.err"

build off -j 2 --no-link-check
check "--no-link-check turns the check off" test ! -s "$tmp/off.err"
cp "$site/lede.yaml" "$tmp/lede.yaml.orig"
echo "check_links: false" >>"$site/lede.yaml"
build off2 -j 2
check "check_links: false turns it off" test ! -s "$tmp/off2.err"
cp "$tmp/lede.yaml.orig" "$site/lede.yaml"
echo "check_links: maybe" >>"$site/lede.yaml"
build bad -j 2
check "check_links must be true or false" grep -q "^lede.yaml:.*check_links" "$tmp/bad.err"
cp "$tmp/lede.yaml.orig" "$site/lede.yaml"

# A template's broken link: once, with the number of pages.
cat >"$site/templates/index.mustache" <<'EOF'
<!doctype html><title>{{site.title}}</title><a href="about/">About</a>
{{#articles}}<a href="{{url}}">{{title}}</a>{{/articles}}
{{#next_url}}<a href="{{next_url}}">next</a>{{/next_url}}
EOF
build tpl -j 2
check "a template's broken link is reported once, with its pages" \
	grep -qx "templates/index.mustache: warning: broken link to 'about/': no file about/index.html in the site (on index.html, and 3 other pages)" "$tmp/tpl.err"
check "the pagination and tag pages' links resolve" test "$(grep -c "templates/index" "$tmp/tpl.err")" = 1
rm "$site/templates/index.mustache"

# Fixing the content makes the warnings go.
sed -i 's|\[gone page\](../gone/)|[gone page](../beta/)|; s|/media/nope.jpg|/files/a%20b.txt|; s|#nowhere|#notes|; s|news/lost/|news/beta/|' "$site/$a"
sed -i 's|(../../../../etc/passwd)|(../alpha/)|' "$site/content/2020-01-03-gamma.md"
build fixed -j 2
check "a site without broken links builds without warnings" test ! -s "$tmp/fixed.err"

# Clean links: the manifest marks the pages with a link to something not a
# file of the build (a broken link, a file of the user's), and a reused
# page that had none is not read again, unless a file of the last build is
# gone (here the tag page beta links to, once alpha drops the tag).
m=$tmp/out/.lede-manifest
check "the manifest marks pages whose links are not clean" bash -c "tail -1 '$m' | grep -q '^{\"lede-manifest-end\":.*\"clean\":true'"
check "...alpha's, with a link to a file of the user's" grep -q '^{"file":"news/alpha/index.html".*"dirty":true' "$m"
check "...not beta's" grep -q '^{"file":"news/beta/index.html"' "$m"
check "...(clean)" sh -c "! grep -q '^{\"file\":\"news/beta/index.html\".*\"dirty\"' '$m'"
sed -i 's/^tags: \[one\]/tags: [uno]/' "$site/$a"
cp -a "$tmp/out" "$tmp/gone-full"
build gone -j 2
check "a file gone: a reused clean page's link to it is reported" \
	grep -qx "content/2020-01-02-beta.md:8:[0-9]*: warning: broken link to '../../tags/one/': no file tags/one/index.html in the site (on news/beta/index.html)" "$tmp/gone.err"
(cd "$site" && "$lede" build --full -o "$tmp/gone-full" -q) 2>"$tmp/gone-full.err"
check "...as a full build reports it" diff -u "$tmp/gone-full.err" "$tmp/gone.err"
check "...and the page is marked" grep -q '^{"file":"news/beta/index.html".*"dirty":true' "$m"
build again -j 2
check "a marked page's links are read again: the same warning" diff -u "$tmp/gone.err" "$tmp/again.err"
sed -i 's/^tags: \[uno\]/tags: [one]/' "$site/$a"
build back -j 2
check "fixed, the page is clean again" sh -c "! grep -q '^{\"file\":\"news/beta/index.html\".*\"dirty\"' '$m'"
check "...without warnings" test ! -s "$tmp/back.err"
# A clean page's links, damaged by hand: checked as JSON when the manifest
# is read, the page is not clean, so the check reads its links, and says
# it cannot.
sed -i '/^{"file":"news\/beta\/index.html"/s/"links":"/"links":"\\q/' "$m"
check "a clean page's links damaged by hand" grep -q '"links":"\\q' "$m"
sed -i 's/Gamma climbs/Gamma walks/' "$site/content/2020-01-03-gamma.md"
build damaged -j 2
check "...an error naming the page" grep -q "^news/beta/index.html: error: its links, as the last build recorded them, could not be read back from the build state" "$tmp/damaged.err"
check "...exit 1" grep -qx 1 "$tmp/damaged.status"
check "...and the page marked, to be read next time" grep -q '^{"file":"news/beta/index.html".*"dirty":true' "$m"
build damaged2 -j 2
check "...where the error is said again" grep -q "^news/beta/index.html: error: its links, as the last build recorded them" "$tmp/damaged2.err"
(cd "$site" && "$lede" build --full -o "$tmp/out" -q) 2>"$tmp/mended.err"
check "...until --full writes them again" test ! -s "$tmp/mended.err"

# --- external links over HTTP ------------------------------------------------
cat >"$tmp/server.py" <<'EOF'
import http.server, socketserver, sys, time
log = open(sys.argv[2], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        log.write("%s %s\n" % (self.command, self.path))
        p = self.path
        if p == "/slow":
            time.sleep(5)
        if p in ("/ok", "/slow") or (p == "/nohead" and self.command == "GET"):
            code, loc = 200, None
        elif p == "/nohead":
            code, loc = 405, None
        elif p == "/moved":
            code, loc = 301, "/ok"
        elif p == "/loop":
            code, loc = 302, "/loop"
        elif p == "/broken":
            code, loc = 500, None
        else:
            code, loc = 404, None
        try:
            self.send_response(code)
            if loc:
                self.send_header("Location", loc)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")
        except OSError:
            pass
    def do_HEAD(self): self.answer(False)
    def do_GET(self): self.answer(True)
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
with open(sys.argv[1], "w") as f:
    f.write(str(s.server_address[1]))
s.serve_forever()
EOF
python3 "$tmp/server.py" "$tmp/port" "$tmp/requests.log" &
server_pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
u=http://127.0.0.1:$port
cat >"$site/content/2020-01-04-delta.md" <<EOF
---
title: Delta
date: 2020-01-04
section: news
---

Sources:
[fine]($u/ok),
[gone]($u/missing),
[failing]($u/broken),
[slow]($u/slow),
[moved]($u/moved),
[looping]($u/loop),
[no HEAD]($u/nohead),
[fine again]($u/ok).
EOF
d=content/2020-01-04-delta.md
sed -i "s|https://example.com/x|$u/ok|" "$site/$a" # no network beyond this server
build ext-build -j 2
check "a build asks no external link" test ! -s "$tmp/requests.log"

links() { (cd "$site" && "$lede" check -o "$tmp/out" -q --links --link-timeout 1 "$@") 2>"$tmp/links.err"; echo $? >"$tmp/links.status"; }
links
cat >"$tmp/want-ext.err" <<EOF
$d:9:1: warning: broken link to '$u/missing': the server answered 404 (on news/delta/index.html)
$d:10:1: warning: broken link to '$u/broken': the server answered 500 (on news/delta/index.html)
$d:11:1: warning: broken link to '$u/slow': no answer within 1 s (on news/delta/index.html)
$d:13:1: warning: broken link to '$u/loop': more than 5 redirects (on news/delta/index.html)
EOF
check "check --links reports 4xx, 5xx, timeouts and redirect loops at the article's line" \
	diff -u "$tmp/want-ext.err" "$tmp/links.err"
check "... with exit status 0 (warnings)" grep -qx 0 "$tmp/links.status"
check "HEAD first" grep -qx "HEAD /ok" "$tmp/requests.log"
check "GET when the server answers HEAD with 405" \
	sh -c "grep -x '[A-Z]* /nohead' '$tmp/requests.log' | tr '\n' ' ' | grep -qx 'HEAD /nohead GET /nohead '"
check "redirects are followed" grep -qx "HEAD /ok" "$tmp/requests.log"
check "one request per URL, however often it is linked" test "$(grep -cx 'HEAD /ok' "$tmp/requests.log")" = 2
cache=$site/.lede-linkcache
check "the cache keeps the answers" grep -q "^$u/ok	[0-9]*	200$" "$cache"
check "... each URL once" test "$(cut -f1 "$cache" | sort | uniq -d | wc -l)" = 0

: >"$tmp/requests.log"
links
check "the second check reports the same" diff -u "$tmp/want-ext.err" "$tmp/links.err"
check "good answers come from the cache" sh -c "! grep -q ' /ok$\| /nohead$\| /moved$' '$tmp/requests.log'"
check "broken links are asked again" grep -qx "HEAD /missing" "$tmp/requests.log"

: >"$tmp/requests.log"
LEDE_NOW=2026-01-03T12:00:00Z links
check "a day later the cache has expired" grep -qx "HEAD /ok" "$tmp/requests.log"

echo "check_links: false" >>"$site/lede.yaml"
links
check "--links checks even when check_links: false turns the build's check off" \
	grep -q "/missing': the server answered 404" "$tmp/links.err"
cp "$tmp/lede.yaml.orig" "$site/lede.yaml"

links --warnings-as-errors
check "check --links --warnings-as-errors fails on a broken external link" grep -qx 1 "$tmp/links.status"
(cd "$site" && "$lede" check --links --link-timeout 0) 2>"$tmp/usage.err"
check "--link-timeout wants seconds" grep -q "link-timeout wants seconds" "$tmp/usage.err"

# A link written with an entity or a backslash escape: its warning is
# at its place in the article, not on the template (the page holds the
# decoded URL; the article, the URL as written).
ent=$tmp/ent
mkdir -p "$ent/content"
printf 'site: {title: T}\noutlets:\n  web: {format: html, path: "{slug}/"}\n' >"$ent/lede.yaml"
printf -- '---\ntitle: a\ndate: 2021-01-01\n---\n\n[p](nofile1) and [e](&#x41;nofile2) and [a](no&amp;file3) and [s](a\\_b)\n' \
	>"$ent/content/a.md"
(cd "$ent" && "$lede" build -q -o "$tmp/ent-out") 2>"$tmp/ent.err"
check "an entity in a link's URL: its warning at its place" \
	grep -qx "content/a.md:6:18: warning: broken link to 'Anofile2': no file a/Anofile2 in the site (on a/index.html)" "$tmp/ent.err"
check "...&amp; too" grep -q "^content/a.md:6:41: warning: broken link to 'no&file3'" "$tmp/ent.err"
check "...and a backslash escape" grep -q "^content/a.md:6:63: warning: broken link to 'a_b'" "$tmp/ent.err"

# A new site keeps the cache out of version control.
"$lede" new site "$tmp/new" >/dev/null
check "lede new site ignores .lede-linkcache" grep -qx "/.lede-linkcache" "$tmp/new/.gitignore"

# Columns count bytes in every message: a link after two accented letters
# is at the column a front matter error or an image warning would give.
col=$tmp/columns
mkdir -p "$col/content"
printf 'site: { title: C, base_url: "https://x.org" }\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$col/lede.yaml"
printf -- '---\ntitle: S\ndate: 2024-01-01\n---\n\n\xc3\xa9\xc3\xa9 [x](gone.html) and ![i](gone.png)\n' >"$col/content/s.md"
(cd "$col" && "$lede" build -o "$tmp/col-out") 2>"$tmp/col.err"
check "a link's column counts bytes" grep -qF \
	"content/s.md:6:6: warning: broken link to 'gone.html'" "$tmp/col.err"
check "...the image's link at the image warning's column" bash -c \
	"grep -qF 'content/s.md:6:25: warning: content/gone.png: no such image' '$tmp/col.err' &&
	 grep -qF \"content/s.md:6:25: warning: broken link to 'gone.png'\" '$tmp/col.err'"
# A link to another article's source that the build does not give its
# page (one in raw HTML; a Markdown one is linked: golden article-links):
# broken, and the warning names the page to link to, from the article's
# folder or from the site's root, in a full build and in each
# incremental one (whose reused pages the check does not read again).
src=$tmp/sources
mkdir -p "$src/content/news"
printf 'site: { title: S, base_url: "https://x.org" }\nallow_raw_html: true\noutlets:\n  web: { format: html, path: "{section}/{slug}/" }\n' >"$src/lede.yaml"
printf -- '---\ntitle: Budget\ndate: 2024-01-01\nsection: news\n---\nThe budget.\n' >"$src/content/news/budget.md"
printf -- '---\ntitle: Vote\ndate: 2024-01-02\nsection: politics\n---\nAfter <a href="news/budget.md#cuts">the budget</a> and <a href="/content/news/budget.md">again</a>.\n' >"$src/content/vote.md"
want_src="content/vote.md:6:7: warning: broken link to 'news/budget.md#cuts': no file politics/vote/news/budget.md in the site (on politics/vote/index.html); it names an article's source, not its page: link to '../../news/budget/#cuts'
content/vote.md:6:56: warning: broken link to '/content/news/budget.md': no file content/news/budget.md in the site (on politics/vote/index.html); it names an article's source, not its page: link to '../../news/budget/'"
for run in full unchanged edited; do
	[ "$run" = edited ] && echo "More." >>"$src/content/news/budget.md"
	(cd "$src" && "$lede" build -o "$tmp/src-out") 2>"$tmp/src-$run.err"
	check "a link to an article's source names its page ($run build)" \
		diff -u <(echo "$want_src") <(grep -v "^lede:" "$tmp/src-$run.err")
done
# ...a web page's link, to a web page: not to the article's newsletter
# text or wire item when no html outlet publishes it (its page there is
# filtered out), a warning that says so instead.
src=$tmp/sources-text
mkdir -p "$src/content/news"
printf 'site: { title: S, base_url: "https://x.org" }\noutlets:\n  web: { format: html, path: "{section}/{slug}/", filter: { section: politics } }\n  letter: { format: text, path: "letter/{slug}.txt" }\n' >"$src/lede.yaml"
printf -- '---\ntitle: Budget\ndate: 2024-01-01\nsection: news\n---\nThe budget.\n' >"$src/content/news/budget.md"
printf -- '---\ntitle: Vote\ndate: 2024-01-02\nsection: politics\n---\nAfter [the budget](news/budget.md#cuts).\n' >"$src/content/vote.md"
want_src="content/vote.md:6:7: warning: broken link to 'news/budget.md#cuts': no file news/budget/index.html in the site (on politics/vote/index.html); it names the source of content/news/budget.md, which has no web page to link to (no html outlet publishes it): publish it in one, or remove the link"
for run in full edited; do
	[ "$run" = edited ] && echo "More." >>"$src/content/vote.md"
	(cd "$src" && "$lede" build -o "$tmp/src-text-out") 2>"$tmp/src-text-$run.err"
	check "a link to the source of an article without a web page: no text file named ($run build)" \
		diff -u <(echo "$want_src") <(grep -v "^lede:" "$tmp/src-text-$run.err")
done

check_done
