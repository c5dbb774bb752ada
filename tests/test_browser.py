"""The built site in a real browser: accessible, error-free, offline.

Serves the strictly built book on 127.0.0.1 and opens every page in headless Chromium (Debian's
`chromium`, driven by Playwright through its executable path; no browser is downloaded). On every
page, in light and in dark mode: zero axe-core violations of any impact, no JavaScript or console
errors, no request to any host but the local server, no broken image, script or stylesheet.
Screenshots of three representative pages at phone and desktop widths, light and dark, are saved in
_build/screenshots/ (the path is printed at the end of the test run).

Without a Chromium these tests are not run, and the test summary says so (CI installs one).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bookutils import ROOT, chapter_names

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("browser tests NOT RUN: no Chromium found (apt-get install chromium, or set CHROMIUM=path)",
                allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = ROOT / "_build" / "screenshots"
SHOWCASE = ["chapters/index.html", "chapters/transport.html", "chapters/imaging.html"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
MAX_SHOT_HEIGHT = 12_000
SHARDS = 3  # the pages are checked in this many tests per colour scheme


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(QuietHandler, directory=str(book.html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def site_pages(html: Path) -> list[str]:
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not {"_static", "reports", "_sources"} & set(p.relative_to(html).parts))


def visit(browser, url: str, scheme: str, viewport: dict | None = None):
    """Open `url`; return the page and what went wrong while loading it."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport or VIEWPORTS["desktop"],
                                  device_scale_factor=2 if viewport else 1)
    page = context.new_page()
    origin = urlsplit(url).netloc
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("request", lambda req: urlsplit(req.url).netloc not in ("", origin)
            and not req.url.startswith("data:") and problems.append(f"request to another host: {req.url}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda res: res.status >= 400 and problems.append(f"HTTP {res.status}: {res.url}"))
    page.goto(url, wait_until="networkidle")
    # MathJax typesets after load; wait for it where a page has math.
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    broken = page.evaluate("""() => [...document.images]
        .filter(img => img.complete && img.naturalWidth === 0).map(img => img.src)""")
    problems += [f"broken image: {src}" for src in broken]
    # Every icon shows a glyph (the site's stylesheet keeps only the icons the site uses).
    blank = page.evaluate("""() => [...document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]')]
        .filter(el => el.getClientRects().length > 0)
        .filter(el => ['none', 'normal', '""'].includes(getComputedStyle(el, '::before').content))
        .map(el => el.className)""")
    problems += [f"icon without a glyph: {name}" for name in blank]
    # A copy: what axe itself requests later (it asks for a basic.css that no page uses) is not the page's.
    return context, page, list(problems)


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_accessible_and_self_contained(server, browser, book, scheme, shard):
    """Every page, in SHARDS shares (every SHARDS-th page from the `shard`-th), so that parallel
    workers can share the pages out."""
    axe = Axe()
    failures = []
    pages = site_pages(book.html)
    assert len(pages) >= SHARDS
    for rel in pages[shard::SHARDS]:
        context, page, problems = visit(browser, f"{server}/{rel}", scheme)
        results = axe.run(page)
        for violation in results.response["violations"]:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"axe {violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
        context.close()
        failures += [f"{rel} [{scheme}]: {p}" for p in problems]
    assert not failures, "\n".join(failures)


def test_solution_toggles_have_unique_labels_and_exercises_are_headings(server, browser, book):
    """In the browser, after sphinx-togglebutton has made its buttons: each solution's toggle is named
    after its solution ("Solution to Exercise 3.2"), no two alike, and a screen reader's list of
    headings (the accessibility tree's role heading) holds every exercise."""
    failures, toggles = [], 0
    for name in chapter_names():
        context, page, problems = visit(browser, f"{server}/chapters/{name}.html", "light")
        failures += [f"{name}: {p}" for p in problems]
        labels = page.eval_on_selector_all(".solution .toggle-button", "bs => bs.map(b => b.getAttribute('aria-label'))")
        exercises = page.eval_on_selector_all("div.exercise", "es => es.length")
        numbers = page.eval_on_selector_all("div.exercise .caption-number", "ns => ns.map(n => n.textContent.trim())")
        headings = page.get_by_role("heading", name=re.compile(r"^Exercise \d+\.\d+"))
        reachable = headings.count()
        toggles += len(labels)
        if len(labels) != len(set(labels)):
            failures.append(f"{name}: toggle labels repeat: {labels}")
        for label in labels:
            if not re.fullmatch(r"Solution to Exercise \d+\.\d+\b.*", label or ""):
                failures.append(f"{name}: a toggle is labelled {label!r}")
        if not labels or {l.removeprefix("Solution to ").split(" (")[0] for l in labels} - set(numbers):
            failures.append(f"{name}: toggles {labels} do not name this chapter's exercises {numbers}")
        if reachable != exercises:
            failures.append(f"{name}: {exercises} exercises, {reachable} of them reachable as headings")
        context.close()
    assert toggles >= 4 * len(chapter_names())
    assert not failures, "\n".join(failures)


def test_search_finds_a_chapter(server, browser):
    """The search field of a page (the search scripts load on the search page only) finds text."""
    context, page, problems = visit(browser, f"{server}/chapters/index.html", "light")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name='q']")
    field.fill("calnexin")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=calnexin*")
    page.wait_for_selector("#search-results li a", timeout=15_000)
    hits = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    context.close()
    assert not problems, problems
    assert any("chapters/immune-cells.html" in h for h in hits), hits


def test_screenshots_of_representative_pages(server, browser, book):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for rel in SHOWCASE:
        assert (book.html / rel).exists(), f"showcase page {rel} is missing"
        for size, viewport in VIEWPORTS.items():
            for scheme in ("light", "dark"):
                context, page, problems = visit(browser, f"{server}/{rel}", scheme, viewport)
                assert not problems, f"{rel} [{scheme}, {size}]: " + "; ".join(problems)
                theme = page.evaluate("() => document.documentElement.dataset.theme")
                assert theme == scheme, f"{rel}: the theme did not follow the {scheme} colour scheme"
                path = SCREENSHOTS / f"{Path(rel).stem}-{size}-{scheme}.png"
                # Full page on the desktop, but at most MAX_SHOT_HEIGHT: headless Chromium fails now
                # and then ("Unable to capture screenshot") on pages taller than its largest
                # texture, 16,384 px; the imaging chapter is about 19,800 px.
                height = page.evaluate("() => document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, MAX_SHOT_HEIGHT)}
                if size == "desktop":
                    page.screenshot(path=str(path), full_page=True, clip=clip)
                else:
                    page.screenshot(path=str(path))
                context.close()
                saved.append(path)
    assert all(p.stat().st_size > 10_000 for p in saved)
    print(f"\nScreenshots saved in {SCREENSHOTS}")
