"""The book's Sphinx extension: what Jupyter Book v1 and its theme do not do for this book.

Loaded through `sphinx.local_extensions` in _config.yml (which puts _ext/ on sys.path); it loads
the other parts, each through Sphinx's public extension API:

- bbb_editions.py: the student edition, and each chapter as notebooks to download, Binder and Colab;
- bbb_speed.py: what a page loads (through the page context);
- bbb_rewrite.py: one step over the finished HTML: stylesheet bundle, icon fonts, scripts, and the
  theme's two accessibility faults (landmark of the primary sidebar, roles of the citation list);
- bbb_search.py: the site's search finds names with or without accents, symbols by typed name;
- bbb_mathml.py (loaded by _config.yml): equations as MathML, made when the book is built.

Here: the chapters' computed time to learn. A chapter's Overview says how long it takes with the
token {{ time_to_learn }}, replaced when the page is read by the estimate bbb_times.py computes from
the chapter's source. The styling is in static/bbb.css; static/bbb-toggle-labels.js names each
solution's toggle button after its solution. Workarounds for upstream bugs name the
upstream issue beside them; fixes that belong upstream are written up in UPSTREAM.md.
"""

from pathlib import Path

import bbb_times
from bbb_editions import is_chapter_notebook

HERE = Path(__file__).resolve().parent


def insert_time_to_learn(app, docname, source):
    """Replace a chapter's {{ time_to_learn }} token with the time computed from its source."""
    if bbb_times.TOKEN in source[0] and is_chapter_notebook(app, docname):
        source[0] = source[0].replace(bbb_times.TOKEN, bbb_times.time_to_learn(app.env.doc2path(docname)))


# Pages whose code reads the chapters' sources (the instructor guide's tables of exercises and times).
READS_THE_CHAPTERS = ("chapters/instructor-guide",)


def reread_pages_that_read_chapters(app, env, added, changed, removed):
    """Sphinx re-reads only pages whose own source changed, so after a chapter changes, the instructor
    guide would keep its old tables (and refer to exercise labels that no longer exist). Read it
    again whenever any page was added, changed or removed."""
    if not (added or changed or removed):
        return []
    return [doc for doc in READS_THE_CHAPTERS if doc in env.found_docs and doc not in changed]


def keep_executed_outputs_intact():
    """myst-nb 1.4.0 merges a cell's stream outputs (nb_merge_streams) with coalesce_streams, which
    changes the cell's own outputs in place: the first output takes the merged text while the pieces
    stay behind it. The page is right (it shows the merged list), but the executed notebook written to
    _build/jupyter_execute/ then repeats text whenever the kernel sent one print in several messages,
    which depends on timing. Here the merge works on a copy. Drop this when myst-nb copies (see
    UPSTREAM.md)."""
    import copy

    import myst_nb.core.render as render

    merge = render.coalesce_streams
    if getattr(merge, "copies", False):
        return

    def coalesce_copies(outputs):
        return merge(copy.deepcopy(outputs))

    coalesce_copies.copies = True
    render.coalesce_streams = coalesce_copies


def refresh_changed_static_files(app, env, added, changed, removed):
    """Sphinx 7 copies the static files (static/bbb.css, the math font, ...) only when it writes a
    page: after an edit of bbb.css alone, an incremental build said "no targets are out of date" and
    the site kept the old stylesheet (sphinx-doc/sphinx#1810; Sphinx 8.2 copies them always, #13236,
    but Jupyter Book v1 needs Sphinx 7). When a file of static/ differs from its copy in the site,
    write the landing page again, which makes Sphinx copy the static files."""
    import filecmp

    if app.builder.format != "html":
        return []
    site = Path(app.outdir) / "_static"
    for source in sorted((HERE / "static").rglob("*")):
        copy = site / source.relative_to(HERE / "static")
        if source.is_file() and not (copy.is_file() and filecmp.cmp(source, copy, shallow=False)):
            return [env.config.root_doc]
    return []


def add_static_path(app, config):
    config.html_static_path.append(str(HERE / "static"))


def setup(app):
    keep_executed_outputs_intact()
    app.setup_extension("bbb_editions")
    app.setup_extension("bbb_speed")
    app.setup_extension("bbb_rewrite")
    app.setup_extension("bbb_search")
    app.connect("config-inited", add_static_path)
    app.add_css_file("bbb.css")
    # After togglebutton.js (priority 500), whose buttons it names; only on pages that load that.
    app.add_js_file("bbb-toggle-labels.js", priority=501)
    app.connect("source-read", insert_time_to_learn)
    app.connect("env-get-outdated", reread_pages_that_read_chapters)
    app.connect("env-get-outdated", refresh_changed_static_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
