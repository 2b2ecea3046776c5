"""Browser tests of cruxmap's interactive HTML map and live preview, in headless Chromium.

Run by `tests/it/browser.rs` (which skips when Chromium or Playwright is missing):

    python3 tests/browser/map_test.py --cruxmap target/debug/cruxmap --chromium /usr/bin/chromium

Uses the system Chromium through Playwright; it never downloads a browser. With
`--screenshots DIR` it also saves what the pages look like.
"""

import argparse
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAP = ROOT / "graphs" / "alignment-faking.argdown"
CLAIM = "[Scheming is empirically real]"

# Argdown needs `<` and `_` escaped in text; the claims' texts then hold them verbatim.
HOSTILE = r"""# Hostile texts

[Script]: \<script>window.\_\_pwned = 1\</script> a script tag.
  - [Image]: "\>\<img src=x onerror="window.\_\_pwned = 2"> an image.
  + [Link]: \<a href="javascript:window.\_\_pwned=3">click me\</a> javascript:window.\_\_pwned=4
  + [Close </svg> and </script>]: \</svg>\<svg onload="window.\_\_pwned=5"> closes the drawing.
"""


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def frames(page):
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


class Page:
    """One open page that fails on any script error."""

    def __init__(self, browser, url):
        self.errors = []
        self.dialogs = []
        # CSP off: escaping alone must keep hostile text inert, and Playwright evaluates strings.
        self.page = browser.new_page(viewport={"width": 1400, "height": 850}, bypass_csp=True)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        # Any request but the page itself (and the live preview's own) is a leak.
        self.requests = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready]")

    def data(self):
        return json.loads(self.page.text_content("#cruxmap-data"))

    def selected(self):
        return self.page.eval_on_selector_all("g.claim.selected", "gs => gs.map(g => g.dataset.id)")

    def ids(self, cls):
        return set(self.page.eval_on_selector_all("g.claim." + cls, "gs => gs.map(g => g.dataset.id)"))


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def test_map(browser, cruxmap, tmp, shots):
    html = tmp / "map.html"
    run([cruxmap, "render", str(MAP), "-o", str(html)], cwd=ROOT)
    url = html.as_uri()
    p = Page(browser, url)
    page = p.page
    data = p.data()
    # Every claim has its box.
    boxes = page.eval_on_selector_all("g.claim", "gs => gs.map(g => g.dataset.id)")
    check(sorted(boxes) == sorted(c["id"] for c in data["claims"]), "a claim has no box")
    check(len(boxes) > 50, f"only {len(boxes)} boxes")
    # Search: matches are highlighted and stepped through.
    page.fill("#search", "scheming")
    page.wait_for_function("document.getElementById('count').textContent.includes('found')")
    want = [c["id"] for c in data["claims"]
            if "scheming" in (c["title"] + " " + c["text"] + " " + " ".join(c["tags"])).lower()]
    check(p.ids("match") == set(want), f"search matched {p.ids('match')} not {want}")
    page.press("#search", "Enter")
    page.wait_for_function("document.getElementById('count').textContent.startsWith('1 of')")
    check(p.selected() == [want[0]], f"first match not selected: {p.selected()}")
    page.press("#search", "Enter")
    check(p.selected() == [want[1]], "Enter does not step to the next match")
    # Click a claim: the panel shows it, and what it rests on and what rests on it light up.
    page.fill("#search", "")
    page.click(f'g.claim[data-id="{CLAIM}"] rect', force=True)
    page.wait_for_function(f"document.querySelector('#claim h3').textContent === {json.dumps(CLAIM)}")
    claim = next(c for c in data["claims"] if c["id"] == CLAIM)
    panel = page.text_content("#claim")
    check(claim["text"][:40] in panel, "panel lacks the claim's text")
    check("alignment-faking.argdown:" in panel, "panel lacks the source location")
    for c, _ in claim["sup"] + claim["att"]:
        check(data["claims"][c]["id"] in panel, f"panel lacks {data['claims'][c]['id']}")
    # "What rests on it" agrees with `cruxmap query rests-on`.
    query = json.loads(run([cruxmap, "query", str(MAP), f'rests-on "{CLAIM}"', "-f", "json"], cwd=ROOT).stdout)
    check(p.ids("rested-by") == {m["id"] for m in query["matches"]},
          f"rests-on-it set {p.ids('rested-by')} differs from the query's")
    # "Rests on": every claim that supports it, directly or through others.
    seen, stack = set(), [data["claims"].index(claim)]
    while stack:
        for s, _ in data["claims"][stack.pop()]["sup"]:
            if s not in seen:
                seen.add(s)
                stack.append(s)
    check(p.ids("rests-on") == {data["claims"][s]["id"] for s in seen}, "rests-on set is wrong")
    check(urllib.parse.unquote(page.evaluate("location.hash")) == "#" + CLAIM, "hash does not name the claim")
    if shots:
        page.screenshot(path=str(shots / "html-map.png"))
    # A link in the panel walks the map.
    target = data["claims"][claim["sup"][0][0]]["id"]
    page.click(f"#claim a:text-is({json.dumps(target)})")
    page.wait_for_function(f"document.querySelector('#claim h3').textContent === {json.dumps(target)}")
    # The URL hash selects a claim on load.
    p2 = Page(browser, url + "#" + urllib.parse.quote(CLAIM))
    check(p2.selected() == [CLAIM], "the hash did not select the claim")
    # Sections collapse and expand.
    before = page.eval_on_selector_all("g.claim.hidden", "gs => gs.length")
    page.click("#sections li >> nth=1")
    hidden = page.eval_on_selector_all("g.claim.hidden", "gs => gs.length")
    check(hidden > before, "collapsing a section hid nothing")
    page.click("#sections li >> nth=1")
    check(page.eval_on_selector_all("g.claim.hidden", "gs => gs.length") == before, "expanding did not restore")
    # Keyboard zoom and fit change the transform.
    page.focus("#viewport")
    t0 = page.evaluate("document.getElementById('canvas').style.transform")
    page.keyboard.press("+")
    check(page.evaluate("document.getElementById('canvas').style.transform") != t0, "+ does not zoom")
    page.keyboard.press("0")
    for pg in (p, p2):
        check(not pg.errors, f"script errors: {pg.errors}")
        check(all(r.startswith("file:") for r in pg.requests), f"the page fetched {pg.requests}")
    print("ok: html map", file=sys.stderr)


def test_hostile(browser, cruxmap, tmp):
    source = tmp / "hostile.argdown"
    source.write_text(HOSTILE)
    html = tmp / "hostile.html"
    run([cruxmap, "render", str(source), "-o", str(html)])
    p = Page(browser, html.as_uri())
    page = p.page
    data = p.data()
    for c in data["claims"]:
        page.click(f"g.claim[data-id={json.dumps(c['id'])}] rect", force=True)
        page.wait_for_function(f"document.querySelector('#claim h3').textContent === {json.dumps(c['id'])}")
        check(c["text"] in page.text_content("#claim"), f"{c['id']}: text not shown as text")
    frames(page)
    check(page.evaluate("window.__pwned") is None, "hostile text ran")
    check(not p.dialogs, f"dialogs opened: {p.dialogs}")
    check(page.eval_on_selector_all("img, a[href^=javascript], svg svg, [onerror], [onload]", "e => e.length") == 0,
          "hostile text became markup")
    check(page.eval_on_selector_all("script", "e => e.length") == 2, "a claim added a script element")
    shown = page.text_content("svg")
    check("<script>" in shown and "onerror" in shown, "hostile text not drawn as text")
    check(not p.errors, f"script errors: {p.errors}")
    print("ok: hostile text", file=sys.stderr)


def test_serve(browser, cruxmap, tmp, shots):
    source = tmp / "live.argdown"
    source.write_text("# Live\n\n[Root]: the root claim.\n  + [Reason]: a reason.\n")
    proc = subprocess.Popen([cruxmap, "serve", str(source), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        check(m is not None, f"no address printed: {line!r}")
        base = m.group(0)
        p = Page(browser, base + "#" + urllib.parse.quote("[Reason]"))
        page = p.page
        check(p.selected() == ["[Reason]"], "hash did not select on the served page")
        page.keyboard.press("+")
        zoom = page.evaluate("document.getElementById('canvas').style.transform")
        # Edit: the new claim appears without a reload, zoom and selection kept.
        source.write_text("# Live\n\n[Root]: the root claim.\n  + [Reason]: a reason.\n  - [Fresh objection]: it is new.\n")
        page.wait_for_selector('g.claim[data-id="[Fresh objection]"]', timeout=10000)
        check(p.selected() == ["[Reason]"], "selection lost on redraw")
        check(page.evaluate("document.getElementById('canvas').style.transform") == zoom, "zoom lost on redraw")
        # A syntax error shows a banner with file:line:col over the last good map.
        source.write_text("# Live\n\n[Root]: the root claim.\n  + [Reason]: a reason with <b> inside.\n")
        page.wait_for_selector("#banner:not([hidden])", timeout=10000)
        banner = page.text_content("#banner")
        check(re.search(r"live\.argdown:\d+:\d+", banner) is not None, f"banner lacks file:line:col: {banner!r}")
        check(page.query_selector('g.claim[data-id="[Fresh objection]"]') is not None, "last good map gone")
        if shots:
            page.screenshot(path=str(shots / "serve-error.png"))
        # Fixed again: the banner goes.
        source.write_text("# Live\n\n[Root]: the root claim.\n  + [Reason]: a reason.\n")
        page.wait_for_selector("#banner[hidden]", state="attached", timeout=10000)
        # Only its own page: no files from elsewhere.
        for bad in ["../" * 6 + "etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "live.argdown", "src/main.rs"]:
            r = page.request.get(base + bad)
            check(r.status == 404, f"{bad} served with {r.status}")
        check(not p.errors, f"script errors: {p.errors}")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("serve did not quit on Ctrl-C")
    check(code == 0, f"serve exited with {code} on Ctrl-C")
    print("ok: serve", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cruxmap", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--screenshots")
    parser.add_argument("--only", choices=["map", "hostile", "serve"])
    args = parser.parse_args()
    cruxmap = str(pathlib.Path(args.cruxmap).resolve())
    shots = pathlib.Path(args.screenshots) if args.screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t, sync_playwright() as pw:
        tmp = pathlib.Path(t)
        browser = pw.chromium.launch(executable_path=args.chromium)
        try:
            if args.only in (None, "map"):
                test_map(browser, cruxmap, tmp, shots)
            if args.only in (None, "hostile"):
                test_hostile(browser, cruxmap, tmp)
            if args.only in (None, "serve"):
                test_serve(browser, cruxmap, tmp, shots)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
