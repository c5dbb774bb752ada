"""The book's Sphinx extension: what Jupyter Book v1 and its theme do not do for this book.

Loaded through `sphinx.local_extensions` in _config.yml; it loads the other parts:

- bbb_editions.py: the student edition, and each chapter as notebooks to download, Binder and Colab;
- bbb_speed.py: what pages load and how (speed on slow networks and phones);
- bbb_mathml.py (loaded by _config.yml): equations as MathML, made when the book is built.

Here: accessibility and the chapters' computed time to learn. Docutils marks each bibliography
entry with the deprecated ARIA role doc-biblioentry inside a role="list", which axe-core reports
as a critical fault; the entries become plain list items. A chapter's Overview says how long it
takes with the token {{ time_to_learn }}, replaced when the page is read by the estimate
bbb_times.py computes from the chapter's source. The styling is in static/bbb.css, and two
template overrides are in templates/ (landmarks for the primary sidebar; the page head).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bbb_times  # noqa: E402
from bbb_editions import is_chapter_notebook  # noqa: E402


def insert_time_to_learn(app, docname, source):
    """Replace a chapter's {{ time_to_learn }} token with the time computed from its source."""
    if bbb_times.TOKEN in source[0] and is_chapter_notebook(app, docname):
        source[0] = source[0].replace(bbb_times.TOKEN, bbb_times.time_to_learn(app.env.doc2path(docname)))


def fix_citation_roles(app, pagename, templatename, context, doctree):
    if "body" in context and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.setup_extension("bbb_editions")
    app.setup_extension("bbb_speed")
    app.config.html_static_path.append(str(HERE / "static"))
    app.add_css_file("bbb.css")
    app.connect("source-read", insert_time_to_learn)
    app.connect("html-page-context", fix_citation_roles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
