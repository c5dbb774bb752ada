"""One step over the finished HTML: what a page loads, and two accessibility fixes of the theme.

Part of the book's Sphinx extension (see bbb_site.py). Runs once, when the build has finished
(Sphinx's public `build-finished` event), over every page of the site, and rewrites it:

- stylesheets: a page's local stylesheets become one bundle in _static/ (one request instead of a
  dozen before the first paint), with local @imports inlined, relative url()s rebased, and Font
  Awesome's rules and fonts cut down to the icons the site shows. The fonts are cut once, from the
  icons of every page, so the result does not depend on the order pages are written in;
- scripts: no script blocks the first paint (each script file loads with `defer`; the few hundred
  bytes of documentation_options.js, which inline scripts read at once, are written into the page);
  the search scripts load on the search page only (with search-as-you-type off, the search field of
  every other page just opens search.html); fontawesome.js (1.5 MB, for custom icon kits the site
  does not use) and the theme's preloads of scripts that come at the end of the body are dropped;
- accessibility: the primary sidebar's start section becomes a labelled region, so the site title
  and the search field are inside a landmark (axe-core rule `region`; to go when the theme makes it
  one: _ext/UPSTREAM.md); the citation list's entries get role="listitem" instead of the deprecated
  DPUB role doc-biblioentry, which axe reports as a critical fault inside a role="list" (to go when
  Docutils writes list items: _ext/UPSTREAM.md); each exercise's title becomes a heading
  (`role="heading"`, one level below its section's heading), so that a screen reader's heading
  navigation reaches every exercise (sphinx-exercise writes the title as a paragraph).

Each rewrite is a function from page text to page text, tested on its own (tests/test_ext_rewrite.py).
A page that has already been rewritten (a later build that did not write it again) is left as it
is, except for the bundle's version, so the step can run after every build.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

SIDEBAR_START = '<div class="sidebar-primary-items__start sidebar-primary__section">'
SIDEBAR_LABEL = "Book contents and search"
SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
SEARCH_PAGE_SYNC = ("doctools.js", *SEARCH_SCRIPTS)   # the search page's own scripts call these at once
MANIFEST = "bbb-bundles.json"
ICON_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")

SCRIPT_SRC = re.compile(r'<script\b(?P<attrs>[^>]*?)\bsrc="(?P<src>[^"]+)"(?P<rest>[^>]*)>\s*</script>\n?')
STYLESHEET = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
HREF = re.compile(r'\bhref="([^"]+)"')
BUNDLE_LINK = re.compile(r'(_static/bundle-[0-9a-f]{12}\.css)(\?v=[0-9a-f]+)?"')


# --- accessibility ------------------------------------------------------------------------------


def label_primary_sidebar(html: str, label: str = SIDEBAR_LABEL) -> str:
    """Make the primary sidebar's start section (site title, search field, contents) a labelled
    region. pydata-sphinx-theme 0.17.1 leaves it outside any landmark."""
    return html.replace(SIDEBAR_START, SIDEBAR_START[:-1] + f' role="region" aria-label="{label}">')


def citation_list_items(html: str) -> str:
    """Docutils marks each entry of a role="list" citation list with role="doc-biblioentry", a role
    that DPUB-ARIA 1.1 deprecated and that is not a list item: axe-core's aria-required-children."""
    return html.replace('role="doc-biblioentry"', 'role="listitem"')


EXERCISE_TITLE_OR_HEADING = re.compile(
    r'<h(?P<level>[1-6])\b|(?P<title><div class="exercise\b[^"]*"[^>]*>\s*<p class="admonition-title")(?=>)')


def exercise_titles_as_headings(html: str) -> str:
    """Give each exercise's title (a <p> in sphinx-exercise 1.2.1) the role of a heading, one level
    below the heading before it, which is that of the exercise's section: the page's heading order
    stays intact (axe-core `heading-order`)."""
    level = 1

    def mark(match: re.Match) -> str:
        nonlocal level
        if match["level"]:
            level = int(match["level"])
            return match.group(0)
        return match["title"] + f' role="heading" aria-level="{min(level + 1, 6)}"'

    return EXERCISE_TITLE_OR_HEADING.sub(mark, html)


# --- scripts ------------------------------------------------------------------------------------


def _path_of(src: str) -> str:
    """The path part of a script's or stylesheet's address, without ../ and query."""
    path = src.split("?", 1)[0].split("#", 1)[0]
    while path.startswith("../"):
        path = path[3:]
    return path.removeprefix("./")


def drop_scripts(html: str, paths: tuple[str, ...]) -> str:
    """Remove the <script src> tags whose address ends with one of `paths`."""
    return SCRIPT_SRC.sub(lambda m: "" if _path_of(m["src"]).endswith(paths) else m.group(0), html)


def drop_theme_preloads(html: str) -> str:
    """fontawesome.js (for custom icon kits) and the theme's <link rel=preload> of the two scripts
    that the end of the body loads anyway, which would compete with the stylesheet on a slow line."""
    html = drop_scripts(html, ("scripts/fontawesome.js",))
    html = html.replace("<!-- So that users can add custom icons -->\n", "")
    html = html.replace("<!-- Pre-loaded scripts that we'll load fully later -->\n", "")
    return re.sub(r'[ \t]*<link rel="preload" as="script" href="[^"]+" />\n?', "", html)


def is_search_page(html: str) -> bool:
    return "DOCUMENTATION_OPTIONS.pagename = 'search';" in html


def search_scripts_on_search_page_only(html: str) -> str:
    """With search-as-you-type off (the page says so), the search scripts serve the search page only."""
    if is_search_page(html) or "DOCUMENTATION_OPTIONS.search_as_you_type = false;" not in html:
        return html
    return drop_scripts(html, SEARCH_SCRIPTS)


def defer_scripts(html: str) -> str:
    """Every script file loads with `defer`, except, on the search page, the search chain, whose
    inline code runs at once."""
    keep = SEARCH_PAGE_SYNC if is_search_page(html) else ()

    def defer(match: re.Match) -> str:
        attrs = match["attrs"] + match["rest"]
        if re.search(r"\b(defer|async)\b|type=\"module\"", attrs) or _path_of(match["src"]).endswith(keep):
            return match.group(0)
        return match.group(0).replace("<script", "<script defer", 1)

    return SCRIPT_SRC.sub(defer, html)


def inline_script(html: str, path: str, text: str) -> str:
    """Write a small script into the page instead of fetching it."""

    def inline(match: re.Match) -> str:
        if not _path_of(match["src"]).endswith(path):
            return match.group(0)
        return f"<script>{text.strip()}</script>\n"

    return SCRIPT_SRC.sub(inline, html)


# --- stylesheets --------------------------------------------------------------------------------


def local_stylesheets(html: str) -> list[str] | None:
    """The page's stylesheets, as paths under _static/, in order; None if one is not a local file of
    _static/ (such a page is left as it is)."""
    names = []
    for tag in STYLESHEET.findall(html):
        href = HREF.search(tag)
        if not href or re.match(r"^[a-z]+:|^//", href.group(1)):
            return None
        path = _path_of(href.group(1))
        if not path.startswith("_static/"):
            return None
        names.append(path.removeprefix("_static/"))
    return names


def link_bundle(html: str, href: str) -> str:
    """Replace the page's stylesheet links with one link to `href` (where the first one was)."""
    first = True

    def replace(match: re.Match) -> str:
        nonlocal first
        if not first:
            return ""
        first = False
        indent = re.match(r"[ \t]*", match.group(0)).group(0)
        return f'{indent}<link href="{href}" rel="stylesheet" />\n'

    return STYLESHEET.sub(replace, html)


def bundle_name(names: list[str]) -> str:
    return "bundle-" + hashlib.sha256("|".join(names).encode()).hexdigest()[:12] + ".css"


def stylesheet_text(static: Path, name: str, seen: set[str] | None = None) -> str:
    """A stylesheet of _static/ with its local @imports inlined (each file once) and its relative
    url()s rebased to _static/, where the bundle is."""
    seen = set() if seen is None else seen
    if name in seen:
        return ""
    seen.add(name)
    text = (static / name).read_text(encoding="utf-8")
    folder = posixpath.dirname(name)

    def rebase(match: re.Match) -> str:
        url = match.group(2)
        if re.match(r"^(data:|[a-z]+:|/|#)", url):
            return match.group(0)
        return f"url({match.group(1)}{posixpath.normpath(posixpath.join(folder, url))}{match.group(1)})"

    def imported(match: re.Match) -> str:
        url = match.group(1) or match.group(2)
        if re.match(r"^([a-z]+:|//)", url):
            return match.group(0)
        return stylesheet_text(static, posixpath.normpath(posixpath.join(folder, url)), seen)

    text = re.sub(r'@charset\s+"[^"]*";', "", text)
    text = re.sub(r'@import\s+(?:url\()?\s*["\']([^"\']+)["\']\s*\)?\s*;|@import\s+url\(([^)"\']+)\)\s*;', imported, text)
    text = re.sub(r'url\(\s*([\'"]?)([^\'")]+)\1\s*\)', rebase, text)
    return f"/* {name} */\n{text}\n"


def keep_used_icon_rules(css: str, used_icons: set[str]) -> tuple[str, set[str]]:
    """Drop Font Awesome's `.fa-x:before{content:"\\f123"}` rules of icons no page names; return the
    CSS and the code points the stylesheet still draws (kept rules, and glyphs named in custom
    properties such as the admonitions' --pst-icon-...)."""
    glyphs: set[str] = set()

    def keep(match: re.Match) -> str:
        names = re.findall(r"\.(fa-[a-z0-9-]+):before", match.group(1))
        if not used_icons & set(names):
            return ""
        glyphs.update(re.findall(r'content:"\\([0-9a-f]+)"', match.group(0)))
        return match.group(0)

    css = re.sub(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"[^"]*"\}', keep, css)
    glyphs.update(re.findall(r'"\\((?:f|e)[0-9a-f]{3})"', css))
    glyphs.update(f"{ord(char):x}" for char in re.findall("[\ue000-\uf8ff]", css))
    return css, glyphs


def subset_icon_fonts(static: Path, glyphs: set[str]) -> dict[str, str]:
    """Cut Font Awesome's fonts (270 KB for the solid and brand sets) to `glyphs`, as WOFF files of a
    few KB in _static/; return {font: subset file name}. fontTools comes with Matplotlib."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO lines flood the build log

    fonts = static / "vendor" / "fontawesome" / "webfonts"
    codepoints = sorted(int(g, 16) for g in glyphs)
    written = {}
    for name in ICON_FONTS:
        source = fonts / f"{name}.ttf"
        if not source.exists() or not codepoints:
            continue
        target = static / f"{name}-subset.woff"
        font = TTFont(source, recalcTimestamp=False)
        options = subset.Options()
        options.flavor = "woff"
        options.ignore_missing_unicodes = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(target, reorderTables=True)
        written[name] = target.name
    return written


def point_at_subsets(css: str, subsets: dict[str, str]) -> str:
    for name, target in subsets.items():
        css = re.sub(rf'src:url\([^)]*{name}\.woff2\) format\("woff2"\),url\([^)]*{name}\.ttf\) format\("truetype"\)',
                     f'src:url({target}) format("woff")', css)
    return css


# --- the whole site -----------------------------------------------------------------------------


def rewrite_page(html: str, *, inline: dict[str, str]) -> str:
    """Every rewrite of a page except the stylesheet bundle (which needs the whole site)."""
    html = label_primary_sidebar(html)
    html = citation_list_items(html)
    html = exercise_titles_as_headings(html)
    html = drop_theme_preloads(html)
    html = search_scripts_on_search_page_only(html)
    html = defer_scripts(html)
    for path, text in inline.items():
        html = inline_script(html, path, text)
    return html


def site_pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts)


def rewrite_site(outdir: Path) -> dict[str, list[str]]:
    """Rewrite every page of the built site in `outdir`; write the stylesheet bundles. Returns
    {bundle file name: the stylesheets in it}."""
    outdir = Path(outdir)
    static = outdir / "_static"
    manifest_path = static / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    options = static / "documentation_options.js"
    inline = {"_static/documentation_options.js": options.read_text(encoding="utf-8")} if options.exists() else {}

    pages: dict[Path, str] = {}
    linked: set[str] = set()
    for page in site_pages(outdir):
        html = rewrite_page(page.read_text(encoding="utf-8"), inline=inline)
        names = local_stylesheets(html)
        if names:
            if len(names) == 1 and names[0].startswith("bundle-"):
                bundle = names[0].split("?")[0]   # rewritten by an earlier build
            else:
                bundle = bundle_name(names)
                manifest[bundle] = names
                prefix = posixpath.relpath("_static", page.parent.relative_to(outdir).as_posix() or ".")
                html = link_bundle(html, f"{prefix}/{bundle}")
            linked.add(bundle)
        pages[page] = html
    missing = linked - manifest.keys()
    if missing:
        raise RuntimeError(f"pages link stylesheet bundles that {manifest_path} does not list: {sorted(missing)}; "
                           "build again from clean")
    used = {bundle: manifest[bundle] for bundle in sorted(linked)}

    # Font Awesome names some 1,900 icons; keep those a page or a script of the site names.
    used_icons: set[str] = set()
    for text in [*pages.values(), *(p.read_text(encoding="utf-8", errors="ignore") for p in static.rglob("*.js")
                                   if p.name != "fontawesome.js")]:
        used_icons |= set(re.findall(r"fa-[a-z0-9-]+", text))
    bundles, glyphs = {}, set()
    for bundle, names in used.items():
        seen: set[str] = set()
        css = "".join(stylesheet_text(static, name, seen) for name in names)
        css, kept = keep_used_icon_rules(css, used_icons)
        bundles[bundle], glyphs = css, glyphs | kept
    subsets = subset_icon_fonts(static, glyphs)   # once, with the glyphs of every bundle
    versions = {}
    for bundle, css in bundles.items():
        css = '@charset "UTF-8";\n' + point_at_subsets(css, subsets)
        (static / bundle).write_text(css, encoding="utf-8")
        versions[bundle] = hashlib.sha256(css.encode()).hexdigest()[:8]
    manifest_path.write_text(json.dumps(used, indent=1))

    for page, html in pages.items():
        html = BUNDLE_LINK.sub(lambda m: f'{m.group(1)}?v={versions.get(m.group(1).split("/")[-1], "0")}"', html)
        if html != page.read_text(encoding="utf-8"):
            page.write_text(html, encoding="utf-8")
    return used


def rewrite_finished_site(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        rewrite_site(Path(app.outdir))


def setup(app):
    app.connect("build-finished", rewrite_finished_site, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
