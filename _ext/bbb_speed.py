"""Speed for readers on slow networks and phones: what a page loads, and how.

Part of the book's Sphinx extension (see bbb_site.py). Jupyter Book v1 always loads sphinx-thebe,
which declares its configuration script twice on every page (a JavaScript error) and points at a
CDN; this book does not offer Thebe, so its assets are dropped. Every script waits (`defer`) so
none blocks the first paint; a page loads only the extension assets it uses; its stylesheets come
as one bundle, with Font Awesome's rules and fonts cut to the icons the site shows; its SVG figures
carry their size; and it has a meta description from its first paragraph.
"""

import hashlib
import re
from pathlib import Path

UNUSED_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return filename.endswith(UNUSED_ASSETS) or "THEBE_JS_URL" in body


def drop_unused_assets(app, pagename, templatename, context, doctree):
    """Drop Thebe's assets, and let no script block the first paint: every script file loads with
    `defer`; documentation_options.js, which inline scripts on every page read at once, is written
    into the page instead of fetched (it is a few hundred bytes). doctools.js stays synchronous on the
    search page only, whose own scripts call its `_ready` at once."""
    from sphinx.builders.html._assets import _JavaScript

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]
    scripts = []
    for asset in context.get("script_files", []):
        filename = getattr(asset, "filename", None)
        attributes = getattr(asset, "attributes", None)
        if filename and filename.endswith("documentation_options.js"):
            path = Path(app.outdir) / filename
            if path.exists():
                scripts.append(_JavaScript("", body=path.read_text(encoding="utf-8").strip()))
                continue
        if (filename and attributes is not None and "async" not in attributes
                and not (pagename == "search" and filename.endswith("doctools.js"))):
            asset = _JavaScript(filename, **{**attributes, "defer": "defer"})
        scripts.append(asset)
    if "script_files" in context:
        context["script_files"] = scripts


# Assets that extensions add to every page, and the mark in a page's body that shows the page uses
# them. A page without the mark does not load the asset.
ASSET_USED_IF = {
    "sphinx-design.min.css": 'class="sd-',
    "design-tabs.js": "sd-tab-set",
    "togglebutton.css": "dropdown",
    "togglebutton.js": "dropdown",
    "copybutton.css": "<pre",
    "copybutton.js": "<pre",
    "clipboard.min.js": "<pre",
    "pygments.css": "<pre",
    "exercise.css": "exercise",
}


def drop_assets_a_page_does_not_use(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if not body:
        return

    def used(asset) -> bool:
        name = Path(str(getattr(asset, "filename", None) or asset).split("?")[0]).name
        if name.startswith("mystnb.") and name.endswith(".css"):
            return "cell docutils container" in body or "cell_output" in body
        mark = ASSET_USED_IF.get(name)
        return mark is None or mark in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if used(asset)]


def bundle_stylesheets(app, pagename, templatename, context, doctree):
    """Serve a page's stylesheets as one file. Each stylesheet is a request that must finish before
    the page can be drawn; on a slow phone connection a dozen of them cost seconds. Here the page
    links one bundle named after its list of stylesheets; write_bundles() makes it once the build
    has copied every stylesheet into _static/."""

    if app.builder.format != "html" or "css_files" not in context:
        return
    names = ["basic.css", "styles/pydata-sphinx-theme.css"]
    for asset in context["css_files"]:
        name = str(getattr(asset, "filename", asset)).split("?")[0]
        if name.startswith(("http:", "https:", "//")):
            return  # a stylesheet from elsewhere: leave the page as it is
        names.append(name.removeprefix("_static/"))
    bundle = "bundle-" + hashlib.sha256("|".join(names).encode()).hexdigest()[:12] + ".css"
    app.__dict__.setdefault("_bbb_bundles", {})[bundle] = names
    context["css_files"] = []
    context["bbb_css_bundle"] = f"_static/{bundle}"


def write_bundles(app, exception):
    """Write each bundle: the stylesheets in their order, with relative url()s rebased for the
    bundle's place in _static/ and the rules of unused icons left out; then add a hash of its
    content to the pages' links to it, so that browsers never keep a stale copy."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    # Font Awesome's stylesheet names some 1,900 icons; the site shows a dozen. Keep the rules of
    # the icons that a page or a script of the site names (fontawesome.js is not loaded: see
    # templates/layout.html).
    used_icons = set()
    sources = [*Path(app.outdir).rglob("*.html"), *static.rglob("*.js")]
    for path in sources:
        if path.name != "fontawesome.js":
            used_icons |= set(re.findall(r"fa-[a-z0-9-]+", path.read_text(encoding="utf-8", errors="ignore")))

    kept_glyphs = set()

    def keep_used_icons(match):
        names = re.findall(r"\.(fa-[a-z0-9-]+):before", match.group(1))
        if not used_icons & set(names):
            return ""
        kept_glyphs.update(re.findall(r'content:"\\([0-9a-f]+)"', match.group(0)))
        return match.group(0)

    versions = {}
    for bundle, names in app.__dict__.get("_bbb_bundles", {}).items():
        parts = []
        for name in names:
            text = (static / name).read_text(encoding="utf-8")
            folder = Path(name).parent

            def rebase(match, folder=folder):
                url = match.group(2)
                if url.startswith(("data:", "http:", "https:", "/", "#")):
                    return match.group(0)
                return f"url({match.group(1)}{(folder / url).as_posix()}{match.group(1)})"

            text = re.sub(r'url\(\s*([\'"]?)([^\'")]+)\1\s*\)', rebase, text)
            text = re.sub(r'@charset\s+"[^"]*";', "", text)
            text = re.sub(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"[^"]*"\}', keep_used_icons, text)
            parts.append(f"/* {name} */\n{text}\n")
        css = '@charset "UTF-8";\n' + "".join(parts)
        # Icons the stylesheets draw by code point, such as the admonitions' (--pst-icon-... variables).
        kept_glyphs.update(re.findall(r'"\\((?:f|e)[0-9a-f]{3})"', css))
        kept_glyphs.update(f"{ord(char):x}" for char in re.findall("[\ue000-\uf8ff]", css))
        css = subset_icon_fonts(static, css, kept_glyphs)
        (static / bundle).write_text(css, encoding="utf-8")
        versions[bundle] = hashlib.sha256(css.encode()).hexdigest()[:8]
    if not versions:
        return
    pattern = re.compile(r'(bundle-[0-9a-f]{12}\.css)(\?v=[0-9a-f]+)?"')
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: f'{m.group(1)}?v={versions.get(m.group(1), "0")}"', html)
        if new != html:
            page.write_text(new, encoding="utf-8")


def subset_icon_fonts(static: Path, css: str, glyphs: set[str]) -> str:
    """Font Awesome's fonts hold every icon (270 KB for the solid and brand sets); cut each down to
    the glyphs the site uses, as WOFF files of a few KB, and point the bundle's @font-face rules at
    them. fontTools comes with Matplotlib."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    fonts = static / "vendor" / "fontawesome" / "webfonts"
    codepoints = sorted(int(g, 16) for g in glyphs)
    for name in ("fa-solid-900", "fa-regular-400", "fa-brands-400"):
        source = fonts / f"{name}.ttf"
        if not source.exists() or not codepoints:
            continue
        target = static / f"{name}-subset.woff"
        # Written for each bundle, with the glyphs of all bundles so far: the last has them all.
        font = TTFont(source, recalcTimestamp=False)
        options = subset.Options()
        options.flavor = "woff"
        options.ignore_missing_unicodes = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(target, reorderTables=True)
        css = re.sub(rf'src:url\([^)]*{name}\.woff2\) format\("woff2"\),url\([^)]*{name}\.ttf\) format\("truetype"\)',
                     f'src:url({target.name}) format("woff")', css)
    return css


def describe_page(app, pagename, templatename, context, doctree):
    """A <meta name="description"> from the page's first paragraph of running text."""
    if doctree is None:
        return
    from html import escape

    from docutils import nodes as dn

    for paragraph in doctree.findall(dn.paragraph):
        if any(isinstance(a, (dn.Admonition, dn.table, dn.footnote, dn.citation)) for a in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) < 60:
            continue
        if len(text) > 155:
            text = text[:155].rsplit(" ", 1)[0] + "…"
        context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{escape(text)}" />\n'
        return


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def size_images(app, pagename, templatename, context, doctree):
    """Give each SVG figure its width and height, so the page does not jump as images load."""
    body = context.get("body", "")
    # Images are copied into the site after the pages are written: read them where they come from.
    sources = {Path(dest).name: Path(app.srcdir) / src for src, dest in app.builder.images.items()}

    def add_size(match):
        tag, src = match.group(0), match.group(1)
        if " width=" in tag or not src.endswith(".svg"):
            return tag
        path = sources.get(Path(src).name)
        if path is None or not path.exists():
            return tag
        head = path.read_text(errors="ignore")[:600]
        size = re.search(r'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', head, re.S)
        if not size:
            return tag
        width, height = (round(float(v) * 4 / 3) for v in size.groups())
        return tag[:-2].rstrip() + f' width="{width}" height="{height}" />'

    context["body"] = re.sub(r'<img [^>]*?src="([^"]+)"[^>]*/>', add_size, body)


def setup(app):
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("html-page-context", drop_assets_a_page_does_not_use, priority=950)
    app.connect("html-page-context", bundle_stylesheets, priority=990)
    app.connect("html-page-context", describe_page)
    app.connect("html-page-context", size_images)
    app.connect("build-finished", write_bundles, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
