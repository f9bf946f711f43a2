#!/usr/bin/env bash
# tests/html/a11y.sh DIR...: what docs/templates.md ("What the bundled
# templates guarantee") promises of the pages lede's bundled layout makes
# (those under DIR that link style.css), checked on the markup: a lang on
# <html> and dir="rtl" for a right-to-left one; one <main>, reached by the
# skip link; one h1 and no heading level skipped; an alt on every <img>;
# a datetime on every <time>; ids unique; aria-current "page" only on a
# link to the page itself; every <nav> and the footnotes' <section>
# named (aria-label); the external_links plugin's arrow aria-hidden, its
# link told apart by visually hidden words. Then the colours of plugins/static/style.css:
# text 4.5:1 on the backgrounds it sits on, the focus ring 3:1 (WCAG 2.1
# AA), in light and dark mode. No network, python3 only.
set -uo pipefail
cd "$(dirname "$0")/../.."
exec python3 - "$@" <<'PY'
import os, re, sys
from html.parser import HTMLParser

passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + what)
    else:
        failed += 1
        print("not ok - " + what)

RTL = {"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}

class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_attrs = None
        self.headings = []
        self.imgs_without_alt = 0
        self.times_without_datetime = 0
        self.ids = {}
        self.mains = []
        self.skip = None
        self.current = []
        self.stylesheet = False
        self.unnamed = []      # <nav> and section.footnotes without aria-label
        self.marks_read = 0    # .external-mark not aria-hidden
        self.external = []     # per a.external: whether it held .visually-hidden
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and self.html_attrs is None:
            self.html_attrs = a
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img" and "alt" not in a:
            self.imgs_without_alt += 1
        elif tag == "time" and not a.get("datetime"):
            self.times_without_datetime += 1
        elif tag == "main":
            self.mains.append(a.get("id"))
        elif tag == "a" and "skip" in (a.get("class") or "").split() and self.skip is None:
            self.skip = a.get("href", "")
        elif tag == "link" and a.get("rel") == "stylesheet" and (a.get("href") or "").endswith("style.css"):
            self.stylesheet = True
        classes = (a.get("class") or "").split()
        if (tag == "nav" or (tag == "section" and "footnotes" in classes)) and not a.get("aria-label"):
            self.unnamed.append(tag + "." + ".".join(classes))
        if "external-mark" in classes and a.get("aria-hidden") != "true":
            self.marks_read += 1
        if tag == "a" and "external" in classes:
            self.external.append(False)
        if "visually-hidden" in classes and self.external:
            self.external[-1] = True
        if tag == "a" and "aria-current" in a:
            self.current.append((a["aria-current"], a.get("href")))

def pages(dirs):
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith(".html"):
                    yield os.path.join(root, f)

for path in pages(sys.argv[1:]):
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    if not p.stylesheet or p.html_attrs is None:
        continue  # not a page of the bundled layout
    lang = p.html_attrs.get("lang", "")
    check(lang != "", path + ": <html lang>")
    if lang.split("-")[0].lower() in RTL:
        check(p.html_attrs.get("dir") == "rtl", path + ': dir="rtl" for lang ' + lang)
    check(len(p.mains) == 1 and p.mains[0], path + ": one <main> with an id")
    check(p.skip is not None and p.mains and p.skip == "#" + (p.mains[0] or ""),
          path + ": the skip link leads to <main>")
    check(p.headings.count(1) == 1 and p.headings[:1] == [1],
          path + ": one h1, the first heading (%s)" % p.headings)
    skipped = [(x, y) for x, y in zip(p.headings, p.headings[1:]) if y > x + 1]
    check(not skipped, path + ": no heading level skipped %s" % skipped)
    check(p.imgs_without_alt == 0, path + ": every <img> has an alt")
    check(p.times_without_datetime == 0, path + ": every <time> has a datetime")
    dup = sorted(i for i, n in p.ids.items() if n > 1)
    check(not dup, path + ": ids unique %s" % dup)
    here = os.path.basename(path)
    bad = [(v, h) for v, h in p.current
           if v not in ("page", "true", "location")
           or (v == "page" and h is not None
               and os.path.normpath(os.path.join(os.path.dirname(path), h)) != os.path.normpath(path))]
    check(not bad, path + ': aria-current="page" only on a link to the page itself %s' % bad)
    check(not p.unnamed, path + ": every <nav> and the footnotes named (aria-label) %s" % p.unnamed)
    if p.external:
        check(p.marks_read == 0 and all(p.external),
              path + ": an external link's arrow aria-hidden, its words visually hidden")

# The stylesheet's colours: each text colour on each background it is used
# on, the focus ring on the backgrounds, in the light palette (:root) and
# the dark one (the prefers-color-scheme: dark block).
css = open("plugins/static/style.css", encoding="utf-8").read()
css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
def palette(block):
    return dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", block))
light = palette(re.search(r":root\s*\{(.*?)\}", css, re.S).group(1))
dark_block = re.search(r"prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S)
dark = dict(light, **palette(dark_block.group(1)))
def lum(h):
    def ch(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = ch(h[1:3]), ch(h[3:5]), ch(h[5:7])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
def ratio(a, b):
    x, y = sorted((lum(a), lum(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)
for name, pal in (("light", light), ("dark", dark)):
    for fg, least in (("fg", 4.5), ("muted", 4.5), ("accent", 4.5), ("link", 4.5), ("focus", 3.0)):
        for bg in ("bg", "soft"):
            r = ratio(pal[fg], pal[bg])
            check(r >= least, "style.css %s: --%s on --%s %.2f:1 (at least %.1f:1)" % (name, fg, bg, r, least))
check("focus-visible" in css and "outline" in css, "style.css: a visible focus style")

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or passed == 0 else 0)
PY
