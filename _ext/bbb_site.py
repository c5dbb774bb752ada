"""Site fixes for this book: offline, accessible, no dead weight.

A small Sphinx extension, loaded through `sphinx.local_extensions` in _config.yml. Jupyter Book v1
always loads sphinx-thebe, which declares its configuration script twice on every page (a
JavaScript error) and points at a CDN; this book does not offer Thebe (launch_buttons.thebe is
false), so its assets are dropped from every page. Docutils marks each bibliography entry with the
deprecated ARIA role doc-biblioentry inside a role="list", which axe-core reports as a critical
fault; the entries become plain list items. The rest is styling in static/bbb.css and one
template override in templates/ (landmarks for the primary sidebar).

Time to learn: a chapter's Overview says how long it takes with the token {{ time_to_learn }},
replaced when the page is read by the estimate bbb_times.py computes from the chapter's source.

Notebooks: every chapter page offers its notebook for download, made from the MyST source at build
time by bbb_notebooks.py: the student version (no solutions) and, in the full edition, the version
with solutions. The Binder and Colab buttons open the student notebook from the branch that the
publishing workflow fills with them (NOTEBOOKS_BRANCH below), so that students run clean notebooks.

Editions: with the environment variable BBB_EDITION=student (set by `make student`), the build is
the student edition: sphinx-exercise's `hide_solutions` is switched on, so no solution is written
to the HTML, and a banner says which edition the reader has. sphinx-exercise 1.2.1 does not hide
gated solutions (solution-start ... solution-end, used when a solution has code cells): it drops
the start marker but leaves the content and the end marker, which then fails the build. Here the
start marker is kept as a placeholder, and a transform removes everything up to the end marker.
"""

import os
import re
import sys
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bbb_notebooks  # noqa: E402
import bbb_times  # noqa: E402

NOTEBOOK_DIR = "_downloads/notebooks"
NOTEBOOKS_BRANCH = "notebooks"
UNUSED_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return filename.endswith(UNUSED_ASSETS) or "THEBE_JS_URL" in body


def insert_time_to_learn(app, docname, source):
    """Replace a chapter's {{ time_to_learn }} token with the time computed from its source."""
    if bbb_times.TOKEN in source[0] and is_chapter_notebook(app, docname):
        source[0] = source[0].replace(bbb_times.TOKEN, bbb_times.time_to_learn(app.env.doc2path(docname)))


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
    import hashlib

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
    import hashlib
    import re

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
    import re

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
    import re

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


def fix_citation_roles(app, pagename, templatename, context, doctree):
    if "body" in context and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def student_edition(app) -> bool:
    return os.environ.get("BBB_EDITION", "full") == "student"


class hidden_solution_start(nodes.Element):
    """Where a gated solution began, in the student edition (removed before writing)."""


class HiddenSolutionStart(SolutionStartDirective):
    def run(self):
        super().run()  # records the gate for sphinx-exercise's checks; returns nothing when hidden
        return [hidden_solution_start()]


class RemoveGatedSolutions(SphinxTransform):
    """Student edition: remove each gated solution, from its start to its solution-end marker."""

    default_priority = 9  # before sphinx-exercise merges gated solutions (priority 10)

    def apply(self):
        for start in list(self.document.findall(hidden_solution_start)):
            parent = start.parent
            siblings = parent.children[parent.index(start):]
            for node in list(siblings):
                parent.remove(node)
                if isinstance(node, solution_end_node):
                    break


def configure_edition(app, config):
    edition = os.environ.get("BBB_EDITION", "full")
    if edition not in ("full", "student"):
        raise ValueError(f"BBB_EDITION must be 'full' or 'student', got {edition!r}")
    if edition == "student":
        config.hide_solutions = True
        app.add_directive("solution-start", HiddenSolutionStart, override=True)
        config.html_theme_options["announcement"] = (
            "Student edition: exercises without their solutions.")


def is_chapter_notebook(app, pagename: str) -> bool:
    """A page made from a MyST notebook whose front matter does not opt out of downloads."""
    if pagename not in app.env.found_docs:
        return False
    source = Path(app.env.doc2path(pagename))
    head = source.read_text().split("\n---", 1)[0] if source.suffix == ".md" else ""
    opted_out = re.search(r"^notebook_download:\s*false\s*$", head, re.M)
    return "jupytext:" in head and "kernelspec:" in head and not opted_out


def book_context(app) -> bbb_notebooks.Context:
    """Numbers of figures, equations and exercises, titles, and sources, from the built environment."""
    if getattr(app, "_bbb_context", None) is None:
        env = app.env
        ctx = bbb_notebooks.Context()
        for numbers in env.toc_fignumbers.values():
            for kind in numbers.values():
                for label, number in kind.items():
                    ctx.numbers[label.removeprefix("equation-")] = ".".join(map(str, number))
        for docname, title in env.titles.items():
            ctx.titles[docname] = ctx.titles[docname.split("/")[-1]] = title.astext()
        for label, (_doc, _anchor, section) in env.domaindata["std"]["labels"].items():
            if section:
                ctx.titles.setdefault(label, section)
        bibfiles = [Path(app.srcdir) / f for f in app.config.bibtex_bibfiles]
        for bib in bibfiles:
            cite_text, references = bbb_notebooks.load_bibliography(bib)
            ctx.cite_text.update(cite_text)
            ctx.references.update(references)
        ctx.site_url = app.config.html_baseurl or ""
        app._bbb_context = ctx
    return app._bbb_context


def write_notebooks(app, pagename: str) -> dict[str, str]:
    """Write the page's notebooks into the site; return {"student": path, "solutions": path}."""
    ctx = book_context(app)
    source = Path(app.env.doc2path(pagename))
    book = app.config.html_title
    name = Path(pagename).name
    out = Path(app.outdir) / NOTEBOOK_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    versions = [("student", False)] + ([] if student_edition(app) else [("solutions", True)])
    for version, solutions in versions:
        header = (f"*A chapter of {book}, as a notebook to run and change. "
                  + ("Solutions are included." if solutions else
                     "The exercises are here without their solutions.")
                  + " Run the cells from the top. Text CC BY 4.0, code MIT.*")
        nb = bbb_notebooks.chapter_notebook(source, ctx, solutions=solutions, header=header,
                                            substitutions={bbb_times.TOKEN: bbb_times.time_to_learn(source)})
        filename = f"{name}.ipynb" if version == "student" else f"{name}-solutions.ipynb"
        nbformat.write(nb, out / filename)
        written[version] = f"{NOTEBOOK_DIR}/{filename}"
    return written


def notebook_buttons(app, pagename, templatename, context, doctree):
    """Offer the chapter's notebooks in the download menu, and point Colab at the student one."""
    if not is_chapter_notebook(app, pagename):
        return
    written = write_notebooks(app, pagename)
    pathto = context["pathto"]
    entries = [{"type": "link", "url": pathto(written["student"], 1), "text": "Notebook (.ipynb)",
                "tooltip": "Download this chapter as a notebook to run (without solutions)",
                "icon": "fas fa-code", "label": "download-notebook-button"}]
    if "solutions" in written:
        entries.append({"type": "link", "url": pathto(written["solutions"], 1),
                        "text": "Notebook with solutions", "icon": "fas fa-code",
                        "tooltip": "Download this chapter as a notebook, with the solutions",
                        "label": "download-notebook-solutions-button"})
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            dropped = {"download-notebook-button"} | ({"download-source-button"} if student_edition(app) else set())
            rest = [b for b in button["buttons"] if b.get("label") not in dropped]
            button["buttons"] = entries + rest
        if button.get("label") == "launch-buttons":
            for launch in button["buttons"]:
                notebook = Path(written["student"]).name
                if launch.get("text") == "Colab":
                    base = launch["url"].split("/blob/")[0]
                    launch["url"] = f"{base}/blob/{NOTEBOOKS_BRANCH}/{notebook}"
                if launch.get("text") == "Binder":
                    base = launch["url"].split("?")[0].rsplit("/", 1)[0]
                    launch["url"] = f"{base}/{NOTEBOOKS_BRANCH}?urlpath=lab/tree/{notebook}"


def remove_sources_from_student_edition(app, exception):
    """The page sources and the executed notebooks hold the solutions: the student edition has none."""
    if exception is None and student_edition(app):
        import shutil

        shutil.rmtree(Path(app.outdir) / "_sources", ignore_errors=True)


def setup(app):
    app.config.html_static_path.append(str(HERE / "static"))
    app.add_css_file("bbb.css")
    app.connect("config-inited", configure_edition)
    app.connect("source-read", insert_time_to_learn)
    app.add_node(hidden_solution_start)
    app.add_transform(RemoveGatedSolutions)
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("html-page-context", drop_assets_a_page_does_not_use, priority=950)
    app.connect("html-page-context", bundle_stylesheets, priority=990)
    app.connect("html-page-context", describe_page)
    app.connect("html-page-context", size_images)
    app.connect("html-page-context", notebook_buttons, priority=900)
    app.connect("build-finished", remove_sources_from_student_edition)
    app.connect("build-finished", write_bundles, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
