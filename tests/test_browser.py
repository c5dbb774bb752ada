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
from urllib.parse import quote, urlsplit

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
    # Figures load lazily (docutils.conf): load them all now, so that every image is checked.
    page.evaluate("""() => Promise.all([...document.images].map(img => {
        img.loading = 'eager';
        return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
    }))""")
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


def render_everything(page) -> None:
    """Lay out every code cell now. Cells far from the viewport wait for the reader
    (`content-visibility: auto`, bbb.css), and axe cannot check the colour contrast of text that has
    no layout (it reports it as "incomplete", not as a violation): audit the page as read through."""
    page.add_style_tag(content="div.cell_input { content-visibility: visible !important; }")


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
        render_everything(page)
        results = axe.run(page)
        for violation in results.response["violations"]:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"axe {violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
        context.close()
        failures += [f"{rel} [{scheme}]: {p}" for p in problems]
    assert not failures, "\n".join(failures)


def test_figures_below_the_first_screen_wait_for_the_reader(server, browser):
    """Lazy figures (docutils.conf): at load, a long chapter fetches none of the figures far below the
    first screen; a link to a section lands on its heading and stays there while figures arrive; each
    figure loads, whole, when scrolled to."""
    rel = "chapters/transport.html"
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    fetched = []
    page.on("request", lambda req: req.resource_type == "image" and "/_images/" in req.url and fetched.append(req.url))
    page.goto(f"{server}/{rel}", wait_until="networkidle")
    figures = page.evaluate("() => [...document.querySelectorAll('article img')].map(img => img.src)")
    assert len(figures) >= 4 and len(fetched) < len(figures), f"all {len(fetched)} figures fetched at load"
    for index in range(len(figures)):
        page.evaluate("i => document.querySelectorAll('article img')[i].scrollIntoView()", index)
        page.wait_for_function("i => { const img = document.querySelectorAll('article img')[i];"
                               " return img.complete && img.naturalWidth > 0; }", arg=index)
    context.close()

    # Links into the page land and stay while the figures above them load (a reader scrolls up).
    missed = links_that_miss(browser, server, rel)
    assert not missed, "\n".join(missed)


def links_that_miss(browser, server: str, rel: str) -> list[str]:
    """Open every link to a section, figure or exercise of a page; return those whose target is not
    at the top (0-150 px, where the page has room to scroll) or that moves by more than 2 px when the
    reader scrolls up (figures and code cells above are loaded and laid out then) and back."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(f"{server}/{rel}", wait_until="networkidle")
    targets = page.evaluate("""() => [...document.querySelectorAll(
        '.bd-article section[id], .bd-article div.exercise[id], .bd-article figure[id]')].map(e => e.id)""")
    assert len(targets) >= 20, f"{rel}: {targets}"
    where = "id => document.getElementById(id).getBoundingClientRect().top"
    missed = []
    for target in targets:
        page.goto(f"{server}/{rel}#{target}", wait_until="networkidle")
        first = page.evaluate(where, target)
        room = page.evaluate("() => document.documentElement.scrollHeight - innerHeight - scrollY")
        page.mouse.wheel(0, -600)
        page.wait_for_timeout(250)
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(250)
        then = page.evaluate(where, target)
        if (room > 5 and not 0 <= first <= 150) or abs(then - first) > 2:
            missed.append(f"{rel}#{target}: {first:.0f} px from the top, then {then:.0f} px")
    context.close()
    return missed


def test_code_far_below_waits_for_the_reader_yet_links_and_find_reach_everything(server, browser):
    """Code cells far from the viewport are not laid out at load (bbb.css); yet every link to a section,
    figure or exercise of the longest chapter lands on its target and it stays there when the reader
    scrolls up (cells above are laid out then) and back, and find-in-page finds the last cell's code."""
    rel = "chapters/imaging.html"
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.add_init_script("window.skipped = new Set(); document.addEventListener("
                         "'contentvisibilityautostatechange', e => e.skipped && window.skipped.add(e.target), true);")
    page.goto(f"{server}/{rel}", wait_until="networkidle")
    cells = page.evaluate("() => document.querySelectorAll('div.cell_input').length")
    skipped = page.evaluate("() => window.skipped.size")
    assert cells >= 20 and skipped >= cells // 2, f"{skipped} of {cells} code cells deferred at load"
    # The last code shown (solutions are folded away, and find-in-page skips what is folded).
    last_code = page.evaluate("() => [...document.querySelectorAll('div.cell_input pre')].filter(pre =>"
                              " !pre.closest('.dropdown, details')).at(-1).textContent.trim().split('\\n')[0].trim()")
    assert page.evaluate("text => window.find(text)", last_code), f"find-in-page missed {last_code!r}"
    context.close()
    missed = links_that_miss(browser, server, rel)
    assert not missed, "\n".join(missed)


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


def test_search_finds_symbols_and_accented_names(server, browser):
    """The real search page (Sphinx's searchtools.js with the book's stemmer and index) finds a
    symbol by its typed name, leading to its row of the Notation table, and a person by name, with
    or without the accent. The same queries, looked up in the index in Python: test_search.py."""
    from test_search import QUERIES, SYMBOLS

    failures = []
    for query, expected in QUERIES.items():
        context, page, problems = visit(browser, f"{server}/search.html?q={quote(query)}", "light")
        page.wait_for_function("() => document.querySelector('#search-results .search-summary')"
                               "?.textContent.length > 0", timeout=15_000)
        hrefs = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
        context.close()
        pages = {urlsplit(h).path.lstrip("/").removesuffix(".html") for h in hrefs}
        failures += [f"{query}: {p}" for p in problems]
        if not expected <= pages:
            failures.append(f"searching {query!r} finds {sorted(pages)}, not {sorted(expected - pages)}")
        if query in SYMBOLS and not any(h.split("#")[0].endswith("chapters/glossary.html") and "#index-" in h
                                        for h in hrefs):
            failures.append(f"searching {query!r} does not lead to the symbol's row of the Notation table")
    assert not failures, "\n".join(failures)


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
                # texture, 16,384 px; the imaging chapter is over 30,000 px. Every code cell laid
                # out first, as a reader who scrolled through sees it.
                render_everything(page)
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


# --- typesetting of mathematics (MathML, the site's math font: _ext/bbb_mathml.py, bbb.css) --------

MATH_FONT = "STIX Two Math"


def math_page(browser, server, rel: str):
    context, page, problems = visit(browser, f"{server}/{rel}", "light")
    assert not problems, problems
    page.evaluate("() => document.fonts.ready")
    return context, page


def test_fences_of_the_matrix_and_the_cases_brace_stretch(server, browser):
    """Eq. 4.1's parentheses and the brace of Eq. 3.5's cases span (nearly) their table: with no
    math font Chromium drew them at text size (16 px beside a 138 px matrix)."""
    for rel, equation, fences in [("chapters/immune-cells.html", "eq-immune-cells-generator", 2),
                                  ("chapters/transport.html", "eq-transport-kin", 1)]:
        context, page = math_page(browser, server, rel)
        found = page.evaluate("""id => {
            const table = document.querySelector(`#equation-${id} mtable`);
            const fences = [...table.parentElement.children].filter(el => el.localName === 'mo'
                && '(){}[]'.includes(el.textContent.trim()) && el.textContent.trim() !== '');
            return {table: table.getBoundingClientRect().height,
                    fences: fences.map(el => [el.textContent, el.getBoundingClientRect().height])};
        }""", equation)
        context.close()
        assert len(found["fences"]) == fences, f"{rel} {equation}: {found}"
        for text, height in found["fences"]:
            assert height >= 0.8 * found["table"], f"{rel} {equation}: {text!r} is {height:.0f} px beside a {found['table']:.0f} px table"


def test_aligned_rows_share_the_x_of_their_equals_sign(server, browser):
    """In every aligned table of the book (rows split at &, as Eq. 5.4), the = that starts the
    second column of each row sits at one x (+-2 px): the columns are right- and left-aligned."""
    checked = 0
    for rel in ("chapters/imaging.html", "chapters/transport.html", "chapters/immune-cells.html"):
        context, page = math_page(browser, server, rel)
        # For each row whose second cell has an =: [x of the =, right end of the first cell's content].
        tables = page.evaluate("""() => [...document.querySelectorAll('mtable[columnspacing^="0em"]')].map(t =>
            [...t.children].map(row => {
                const [left, right] = row.children;
                const eq = right && [...right.querySelectorAll('mo')].find(mo => mo.textContent.trim() === '=');
                const ends = [...left.children].map(el => el.getBoundingClientRect().right);
                return eq && ends.length ? [eq.getBoundingClientRect().left, Math.max(...ends)] : null;
            }).filter(x => x !== null))""")
        context.close()
        for rows in tables:
            if len(rows) > 1:
                checked += 1
                xs, ends = [r[0] for r in rows], [r[1] for r in rows]
                assert max(xs) - min(xs) <= 2, f"{rel}: the = of aligned rows at x = {xs}"
                assert max(ends) - min(ends) <= 2, f"{rel}: the left sides of aligned rows end at x = {ends}"
    assert checked >= 1, "no aligned equation with two rows found (Eq. 5.4 has one)"


def test_the_radical_stretches_over_a_tall_radicand(server, browser):
    """A square root over a fraction, set on a built page (its stylesheet and font): the radical
    sign's ink, left of the radicand, spans most of the radicand's height."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    context, page = math_page(browser, server, "chapters/transport.html")
    page.evaluate("""() => {
        const div = document.createElement('div');
        div.id = 'radical-probe';
        div.style = 'position:fixed; left:20px; top:20px; padding:20px; background:#fff; color:#000; z-index:9999; font-size:32px';
        div.innerHTML = '<math display="block"><msqrt><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow>'
            + '<mrow><mi>c</mi><mo>+</mo><mi>d</mi></mrow></mfrac></msqrt></math>';
        document.body.appendChild(div);
    }""")
    page.evaluate("() => document.fonts.ready")
    box = page.evaluate("""() => {
        const sqrt = document.querySelector('#radical-probe msqrt').getBoundingClientRect();
        const frac = document.querySelector('#radical-probe mfrac').getBoundingClientRect();
        return {x: sqrt.left, y: sqrt.top, width: frac.left - sqrt.left, height: sqrt.height,
                frac_top: frac.top, frac_height: frac.height};
    }""")
    shot = page.screenshot(clip={"x": box["x"], "y": box["y"] - 4, "width": box["width"], "height": box["height"] + 8})
    context.close()
    ink = np.asarray(Image.open(BytesIO(shot)).convert("L")) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.size, "no radical sign drawn"
    ink_height = (rows.max() - rows.min()) / (ink.shape[0] / (box["height"] + 8))
    assert ink_height >= 0.8 * box["frac_height"], f"radical {ink_height:.0f} px beside a {box['frac_height']:.0f} px radicand"


def test_every_character_of_the_math_is_drawn_with_the_math_font(server, browser, book):
    """Chromium reports the fonts it drew each token element with: on every page with math, only
    the site's STIX Two Math (a character missing from the subset would come from a system font;
    then add it to SYMBOLS in _ext/make_math_font.py and make the font again)."""
    failures = []
    pages = [rel for rel in site_pages(book.html) if "<math" in (book.html / rel).read_text()]
    assert len(pages) >= 5
    for rel in pages:
        context, page = math_page(browser, server, rel)
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        seen = set()
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "math mi, math mn, math mo, math mtext"})["nodeIds"]:
            described = cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
            key = (described["localName"], tuple(described.get("attributes", [])),
                   "".join(c.get("nodeValue", "") for c in described.get("children", [])))
            if key in seen or not key[2].strip():
                continue
            seen.add(key)
            fonts = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
            if fonts - {MATH_FONT}:
                failures.append(f"{rel}: <{key[0]}>{key[2]}</{key[0]}> drawn with {sorted(fonts)}")
        context.close()
    assert not failures, "\n".join(failures[:30])


def test_the_math_font_loads_on_pages_with_math_only(server, browser):
    for rel, expected in (("chapters/imaging.html", 1), ("chapters/index.html", 0)):
        context = browser.new_context()
        page = context.new_page()
        fonts = []
        page.on("request", lambda req: req.resource_type == "font" and fonts.append(req.url))
        page.goto(f"{server}/{rel}", wait_until="networkidle")
        context.close()
        math_fonts = [u for u in fonts if "stix-two-math" in u]
        assert len(math_fonts) == expected, f"{rel}: font requests {fonts}"
