"""Site fixes for this book: offline, accessible, no dead weight.

A small Sphinx extension, loaded through `sphinx.local_extensions` in _config.yml. Jupyter Book v1
always loads sphinx-thebe, which declares its configuration script twice on every page (a
JavaScript error) and points at a CDN; this book does not offer Thebe (launch_buttons.thebe is
false), so its assets are dropped from every page. Docutils marks each bibliography entry with the
deprecated ARIA role doc-biblioentry inside a role="list", which axe-core reports as a critical
fault; the entries become plain list items. The rest is styling in static/bbb.css and one
template override in templates/ (landmarks for the primary sidebar).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
UNUSED_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return filename.endswith(UNUSED_ASSETS) or "THEBE_JS_URL" in body


def drop_unused_assets(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def fix_citation_roles(app, pagename, templatename, context, doctree):
    if "body" in context and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.config.html_static_path.append(str(HERE / "static"))
    app.add_css_file("bbb.css")
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("html-page-context", fix_citation_roles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
