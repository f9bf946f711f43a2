#!/usr/bin/python3
"""tests/cli/browser.py URL ARTICLE_URL ARTICLE_FILE SHOTS_DIR: drives a
headless Chromium (already started, its DevTools port in the file
$CDP_PORT_FILE) through the DevTools protocol: loads the article page that
`lede serve` shows, checks its title, takes screenshots at 390x844 and
1280x800 and checks they are not blank, edits the article's title on disk
and waits for the page to show it without reloading it from here, then
breaks the article and expects the error overlay, then fixes it.
Prints "ok - ..." / "not ok - ..." lines. Standard library plus Debian's
python3-websocket."""
import base64
import json
import os
import re
import struct
import sys
import time
import urllib.request
import zlib

import websocket

results = []


def report(ok, name, detail=""):
    print(("ok - " if ok else "not ok - ") + name, flush=True)
    if not ok and detail:
        print("    " + detail, file=sys.stderr)


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        return r.get("result", {}).get("value")

    def wait_event(self, name, limit=60):
        end = time.monotonic() + limit
        while time.monotonic() < end:
            for i, ev in enumerate(self.events):
                if ev["method"] == name:
                    del self.events[i]
                    return ev
            self.ws.settimeout(max(0.1, end - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            if "method" in msg:
                self.events.append(msg)
        return None


def poll(fn, limit=60):
    """fn() until truthy; at most limit seconds (the sanitizer build is slow)."""
    end = time.monotonic() + limit
    while True:
        v = fn()
        if v or time.monotonic() > end:
            return v
        time.sleep(0.1)


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), f"PNG depth {depth} type {ctype}"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def not_blank(path, want_w, want_h):
    with open(path, "rb") as f:
        w, h, bpp, rows = png_pixels(f.read())
    if (w, h) != (want_w, want_h):
        return False, f"{w}x{h}, not {want_w}x{want_h}"
    counts = {}
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    top = max(counts.values())
    other = 1 - top / (w * h)
    # Text on a page: many colors (antialiasing) and a share of pixels
    # that are not the background.
    if len(counts) < 16 or other < 0.005:
        return False, f"{len(counts)} colors, {other:.2%} not background"
    return True, ""


def main():
    url, article_url, article, shots = sys.argv[1:5]
    port = open(os.environ["CDP_PORT_FILE"]).read().split()[0]
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
    page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
    page.call("Page.enable")
    page.call("Runtime.enable")

    def view(w, h, mobile):
        page.call("Emulation.setDeviceMetricsOverride", width=w, height=h,
                  deviceScaleFactor=1, mobile=mobile)

    def title():
        return page.eval("(document.querySelector('h1.title')||{}).textContent||''")

    view(390, 844, True)
    page.call("Page.navigate", url=article_url)
    report(page.wait_event("Page.loadEventFired") is not None, "the article page loads")
    report(title() == "Welcome to lede", "it shows the article's title", repr(title()))
    report(page.eval("!!document.getElementById('__lede_reload')") is True,
           "the served page has the reload script")
    report(page.eval("!!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')") is True,
           "the page allows only its origin's scripts (the site's layout says so)")
    report(poll(lambda: page.eval("document.fonts.status") == "loaded"), "fonts are ready")
    for w, h, mobile in ((390, 844, True), (1280, 800, False)):
        view(w, h, mobile)
        shot = page.call("Page.captureScreenshot", format="png")
        path = os.path.join(shots, f"article-{w}x{h}.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        ok, why = not_blank(path, w, h)
        report(ok, f"the screenshot at {w}x{h} is not blank", why)

    # A marker that only survives if nobody reloads the page...
    page.eval("window.__marker = 1")
    with open(article) as f:
        text = f.read()
    with open(article, "w") as f:
        f.write(re.sub(r'(?m)^title: .*$', 'title: "Seoul opens its data"', text))
    got = poll(lambda: title() == "Seoul opens its data")
    report(got, "editing the title on disk updates the open page", repr(title()))
    # ...so its absence shows the page reloaded itself.
    report(page.eval("window.__marker === undefined") is True, "the page reloaded by itself")

    broken = os.path.join(os.path.dirname(article), "broken.md")
    with open(broken, "w") as f:
        f.write("---\ntitle: Broken\n---\nNo date.\n")
    overlay = "(document.getElementById('__lede_overlay')||{}).textContent||''"
    got = poll(lambda: "content/broken.md:1:1: error: missing date" in page.eval(overlay))
    report(got, "a build error shows as an overlay with file:line:col", repr(page.eval(overlay)))
    shot = page.call("Page.captureScreenshot", format="png")
    path = os.path.join(shots, "overlay-1280x800.png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    ok, why = not_blank(path, 1280, 800)
    report(ok, "the overlay screenshot is not blank", why)
    os.remove(broken)
    got = poll(lambda: page.eval(overlay) == "" and title() == "Seoul opens its data")
    report(got, "fixing the error reloads the page without the overlay", repr(page.eval(overlay)))
    many_tabs(port, article_url, article)


def many_tabs(port, article_url, article, n=8):
    """An editor's many tabs of the preview: a browser opens at most 6
    connections to one server, and each page's event stream held one
    open, so the 7th tab, opened after the others, never loaded. Each tab
    loads, and an edit reloads every one."""
    tabs = []
    for i in range(n):
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/json/new?{article_url}?tab={i}", method="PUT")
        tabs.append(json.load(urllib.request.urlopen(req)))
        time.sleep(0.5)  # one after the other, each page's stream connected
    pages = [Page(t["webSocketDebuggerUrl"]) for t in tabs]

    def titles():
        return [p.eval("(document.querySelector('h1.title')||{}).textContent||''") for p in pages]

    got = poll(lambda: all(t == "Seoul opens its data" for t in titles()), 30)
    report(got, f"{n} tabs of the preview all load", repr(titles()))
    for p in pages:
        p.eval("window.__marker = 1")
    with open(article) as f:
        text = f.read()
    with open(article, "w") as f:
        f.write(re.sub(r'(?m)^title: .*$', 'title: "Seoul opens all its data"', text))
    got = poll(lambda: all(t == "Seoul opens all its data" for t in titles()), 30)
    report(got and all(p.eval("window.__marker === undefined") is True for p in pages),
           f"an edit reloads all {n} tabs", repr(titles()))
    for t in tabs:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/json/close/{t['id']}").read()


if __name__ == "__main__":
    main()
