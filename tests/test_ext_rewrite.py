"""_ext/bbb_rewrite.py: the one step over the finished HTML, each rewrite on its own, then the site
of the fixture book."""

import json
import re

import pytest

import bbb_rewrite as rw

HEAD = """<head>
  <link href="../_static/styles/theme.css?digest=abc" rel="stylesheet" />
<link href="../_static/styles/pydata-sphinx-theme.css?digest=abc" rel="stylesheet" />
    <link rel="stylesheet" type="text/css" href="../_static/pygments.css?v=1" />
  <!-- So that users can add custom icons -->
  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>
  <!-- Pre-loaded scripts that we'll load fully later -->
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=abc" />
    <script src="../_static/documentation_options.js?v=2"></script>
    <script src="../_static/doctools.js?v=3"></script>
    <script async="async" src="https://example.org/x.js"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = '{page}';</script>
    <script>DOCUMENTATION_OPTIONS.search_as_you_type = false;</script>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
</head>"""


def test_primary_sidebar_becomes_a_labelled_region():
    html = '<div class="sidebar-primary-items__start sidebar-primary__section">\n<div class="x"></div>'
    out = rw.label_primary_sidebar(html)
    assert 'class="sidebar-primary-items__start sidebar-primary__section" role="region" aria-label="' in out
    assert rw.label_primary_sidebar(out) == out, "a second run changes nothing"


def test_citation_entries_become_list_items():
    html = '<div role="list" class="citation-list">\n<div class="citation" id="x" role="doc-biblioentry">'
    out = rw.citation_list_items(html)
    assert 'role="listitem"' in out and "doc-biblioentry" not in out and 'role="list"' in out


def test_exercise_titles_become_headings_one_level_below_their_section():
    html = ('<h1>Page</h1><div class="exercise admonition" id="ex-a">\n<p class="admonition-title">Exercise 1</p>'
            '<h2>Section</h2><div class="exercise objective-1 admonition" id="ex-b">\n\n<p class="admonition-title">E 2</p>'
            '<div class="solution dropdown admonition" id="s"><p class="admonition-title">Solution</p></div>'
            '<h3>Sub</h3><div class="exercise admonition" id="ex-c"><p class="admonition-title">E 3</p>'
            '<h2>Next</h2>')
    out = rw.exercise_titles_as_headings(html)
    assert re.findall(r'id="(ex-\w)">\s*<p class="admonition-title" role="heading" aria-level="(\d)"', out) == [
        ("ex-a", "2"), ("ex-b", "3"), ("ex-c", "4")]
    assert out.count('role="heading"') == 3, "solutions are not headings"
    assert rw.exercise_titles_as_headings(out) == out, "a second run changes nothing"


def test_scripts_wait_and_search_scripts_serve_the_search_page_only():
    page = rw.rewrite_page(HEAD.format(page="chapters/x"), inline={"_static/documentation_options.js": "var D = 1;"})
    assert "fontawesome.js" not in page and 'rel="preload"' not in page
    assert "searchtools.js" not in page and "searchindex.js" not in page
    assert "<script>var D = 1;</script>" in page and "documentation_options.js" not in page
    assert '<script defer src="../_static/doctools.js?v=3">' in page
    assert '<script async="async" src="https://example.org/x.js">' in page  # async stays as it is
    for tag in re.findall(r"<script[^>]*\bsrc=[^>]*>", page):
        assert re.search(r"\b(defer|async)\b", tag), tag


def test_the_search_page_keeps_its_search_chain_synchronous():
    page = rw.rewrite_page(HEAD.format(page="search"), inline={})
    for name in ("doctools.js", "searchtools.js", "language_data.js", "searchindex.js"):
        (tag,) = re.findall(rf'<script[^>]*src="[^"]*{re.escape(name)}[^"]*"', page)
        assert "defer" not in tag, tag


def test_stylesheets_are_listed_and_replaced_by_one_link():
    html = HEAD.format(page="x")
    assert rw.local_stylesheets(html) == ["styles/theme.css", "styles/pydata-sphinx-theme.css", "pygments.css"]
    out = rw.link_bundle(html, "../_static/bundle-0123456789ab.css")
    assert rw.local_stylesheets(out) == ["bundle-0123456789ab.css"]
    assert rw.local_stylesheets('<link rel="stylesheet" href="https://cdn.example/x.css" />') is None


def test_bundle_inlines_imports_and_rebases_urls(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "basic.css").write_text("p{color:red}")
    (tmp_path / "styles" / "theme.css").write_text('@import "../basic.css";\n.a{background:url(../img/a.png)}')
    (tmp_path / "styles" / "b.css").write_text('@charset "UTF-8";\n.b{background:url("data:x")}')
    seen = set()
    css = "".join(rw.stylesheet_text(tmp_path, n, seen) for n in ["styles/theme.css", "basic.css", "styles/b.css"])
    assert css.count("p{color:red}") == 1, "an imported file is bundled once"
    assert "url(img/a.png)" in css and 'url("data:x")' in css and "@import" not in css and "@charset" not in css


def test_icon_rules_are_cut_to_the_icons_in_use():
    css = '.fa-house:before{content:"\\f015"}.fa-cat:before,.fa-dog:before{content:"\\f6be"}.x{--i:"\\f111"}'
    out, glyphs = rw.keep_used_icon_rules(css, {"fa-house"})
    assert ".fa-house" in out and ".fa-cat" not in out
    assert glyphs == {"f015", "f111"}


def test_the_fixture_site_is_rewritten(tiny_books):
    html = tiny_books["full"].html
    manifest = json.loads((html / "_static" / rw.MANIFEST).read_text())
    assert len(manifest) >= 2, "pages that use different assets get different bundles"
    for page in rw.site_pages(html):
        text = page.read_text()
        names = rw.local_stylesheets(text)
        if names:  # the redirecting root page has none
            assert len(names) == 1 and names[0].startswith("bundle-"), f"{page.name}: {names}"
            assert re.search(r'bundle-[0-9a-f]{12}\.css\?v=[0-9a-f]{8}"', text)
        head = text.split("</head>")[0]
        assert "fontawesome.js" not in head and 'rel="preload"' not in head
    for font in ("fa-solid-900", "fa-brands-400"):
        subset = html / "_static" / f"{font}-subset.woff"
        assert subset.exists() and subset.stat().st_size < 20_000
    bundle = (html / "_static" / next(iter(manifest))).read_text()
    assert "fa-solid-900-subset.woff" in bundle and "fa-solid-900.woff2" not in bundle


def test_rewriting_twice_changes_nothing(tiny_books, tmp_path):
    import shutil

    site = tmp_path / "html"
    shutil.copytree(tiny_books["full"].html, site)
    before = {p: p.read_text() for p in rw.site_pages(site)}
    rw.rewrite_site(site)
    assert {p: p.read_text() for p in rw.site_pages(site)} == before


@pytest.mark.parametrize("page", ["chapter.html", "bibliography.html"])
def test_the_fixture_pages_have_the_accessibility_fixes(tiny_books, page):
    text = (tiny_books["full"].html / page).read_text()
    assert 'role="region" aria-label="Book contents and search"' in text
    if page == "bibliography.html":
        assert 'role="listitem"' in text and "doc-biblioentry" not in text
    if page == "chapter.html":
        assert len(re.findall(r'<div class="exercise[^>]*>\s*<p class="admonition-title" role="heading" aria-level="3"',
                              text)) == 2, "the fixture's two exercises, in its section Overview (h2)"
