"""Speed for readers on slow networks and phones: what a page loads, and how.

Part of the book's Sphinx extension (see bbb_site.py). Here, through Sphinx's public
`html-page-context` event: a page loads only the extension assets it uses (the lists of stylesheets
and scripts in the page's context); Thebe's assets are dropped; SVG figures carry their size; and a
page has a meta description from its first paragraph. The rest (one stylesheet bundle, icon fonts
cut to the icons in use, deferred scripts, search scripts on the search page only) is a rewrite of
the finished pages: bbb_rewrite.py.
"""

import re
from pathlib import Path

# Jupyter Book v1 always loads sphinx-thebe (it is in JB 1.0.4's default extensions, whatever
# `launch_buttons.thebe` says); its configuration script then declares `const THEBE_JS_URL` twice on
# every page (a JavaScript error) and points at a CDN. This book does not offer Thebe, so its assets
# are dropped. Upstream: jupyter-book/jupyter-book#1603 asked for a way to disable Thebe (closed
# without one for v1); no issue found for the double declaration (see UPSTREAM.md). Drop this when
# JB stops loading sphinx-thebe for books without Thebe.
UNUSED_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")


def _is_thebe(asset) -> bool:
    filename = str(getattr(asset, "filename", None) or asset)
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return filename.split("?")[0].endswith(UNUSED_ASSETS) or "THEBE_JS_URL" in body


def drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


# Assets that extensions add to every page, and the mark in a page's body that shows the page uses
# them. A page without the mark does not load the asset.
ASSET_USED_IF = {
    "sphinx-design.min.css": 'class="sd-',
    "design-tabs.js": "sd-tab-set",
    "togglebutton.css": "dropdown",
    "togglebutton.js": "dropdown",
    "bbb-toggle-labels.js": "dropdown",
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
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", drop_assets_a_page_does_not_use, priority=950)
    app.connect("html-page-context", describe_page)
    app.connect("html-page-context", size_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
