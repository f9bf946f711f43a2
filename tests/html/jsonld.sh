#!/usr/bin/env bash
# tests/html/jsonld.sh OUTDIR...: every article page's schema.org JSON-LD
# (<script type="application/ld+json">) parses as JSON and is a NewsArticle
# with the fields search engines require. Prints ok/not ok per page and
# "N passed, M failed"; "# skipped" without /usr/bin/python3.
set -uo pipefail
py=/usr/bin/python3
[ -x "$py" ] || { echo "# skipped: /usr/bin/python3 missing"; exit 0; }
exec "$py" - "$@" <<'PY'
import json, os, re, sys
need = ["@context", "@type", "headline", "datePublished", "dateModified", "author",
        "publisher", "inLanguage"]
passed = failed = 0
for top in sys.argv[1:]:
    for dirpath, _, files in sorted(os.walk(top)):
        for f in sorted(files):
            if not f.endswith(".html"):
                continue
            path = os.path.join(dirpath, f)
            text = open(path, encoding="utf-8").read()
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
                try:
                    ld = json.loads(block)
                    missing = [k for k in need if k not in ld]
                    assert ld["@type"] == "NewsArticle", "not a NewsArticle"
                    assert not missing, "missing " + ", ".join(missing)
                    assert ld["publisher"].get("name"), "publisher without a name"
                    assert all(a.get("name") for a in ld["author"]), "an author without a name"
                    print("ok - " + path)
                    passed += 1
                except Exception as e:
                    print("not ok - %s: %s" % (path, e))
                    failed += 1
if passed + failed == 0:
    print("not ok - no JSON-LD found")
    failed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
