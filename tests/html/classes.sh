#!/usr/bin/env bash
# tests/html/classes.sh DIR...: every class used in the .html pages under
# DIR that link lede's style.css has a rule in plugins/static/style.css, so
# what the bundled formats, plugins and scripts emit is styled (a class
# nobody styles is how `.note.correction` went unstyled).
set -uo pipefail
cd "$(dirname "$0")/../.."
exec python3 - "$@" <<'PY'
import os, re, sys
css = open("plugins/static/style.css", encoding="utf-8").read()
css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
styled = set(re.findall(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)", css))
used = {}
for d in sys.argv[1:]:
    for root, _, files in os.walk(d):
        for f in sorted(files):
            if not f.endswith(".html"):
                continue
            path = os.path.join(root, f)
            html = open(path, encoding="utf-8").read()
            if "style.css" not in html:
                continue
            for attr in re.findall(r'\sclass="([^"]*)"', html):
                for c in attr.split():
                    # a code block's language (```sh): a hint for a
                    # syntax highlighter the site may add, not a style
                    if not c.startswith("language-"):
                        used.setdefault(c, path)
passed = failed = 0
for c in sorted(used):
    if c in styled:
        passed += 1
        print("ok - style.css styles ." + c)
    else:
        failed += 1
        print("not ok - style.css styles ." + c + " (used in " + used[c] + ")")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or not used else 0)
PY
