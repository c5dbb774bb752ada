"""Two editions from one source, and the chapters as notebooks to take away.

Part of the book's Sphinx extension (see bbb_site.py).

Notebooks: every chapter page offers its notebook for download, made from the MyST source at build
time by bbb_notebooks.py: the student version (no solutions) and, in the full edition, the version
with solutions. The Binder and Colab buttons open the student notebook from the branch that the
publishing workflow fills with them (NOTEBOOKS_BRANCH below), so that students run clean notebooks.

Editions: with the environment variable BBB_EDITION=student (set by `make student`), the build is
the student edition: sphinx-exercise's `hide_solutions` is switched on, so no solution is written
to the HTML, and a banner says which edition the reader has. sphinx-exercise 1.2.1 does not hide
gated solutions (solution-start ... solution-end, used when a solution has code cells): it drops
the start marker but leaves the content and the end marker, which then fails the build
(executablebooks/sphinx-exercise#89, open). Here the start marker is kept as a placeholder, and a
transform removes everything up to the end marker: drop HiddenSolutionStart and
RemoveGatedSolutions when a release fixes #89.
The student edition also leaves out the page sources and executed notebooks, which hold solutions.
The full edition is the instructor's: a banner on every page says so, and the tag `instructor` is
set, so that `{only} instructor` blocks appear in it alone. The publishing workflow publishes the
student edition; the full one is built on request (`make book`).

JupyterHub: with a hub address in _config.yml (`launch_buttons: jupyterhub_url:`), the theme adds a
JupyterHub button that would pull the sources, solutions included, from the repository's main branch
with nbgitpuller. Here it opens the student notebook from the `notebooks` branch instead.

The site's footer links to the repository (`repository: url:` in _config.yml, set there once).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlencode

import nbformat
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node

import bbb_myst
import bbb_notebooks
import bbb_times

NOTEBOOK_DIR = "_downloads/notebooks"
NOTEBOOKS_BRANCH = "notebooks"


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
    if source.suffix != ".md":
        return False
    chapter = bbb_myst.read_chapter(source)
    return chapter.is_notebook() and chapter.front_matter.get("notebook_download", True) is not False


def book_context(app) -> bbb_notebooks.Context:
    """Numbers of figures, equations and exercises, titles, and sources, from the built environment."""
    if getattr(app, "_bbb_context", None) is None:
        env = app.env
        ctx = bbb_notebooks.Context()
        for docname, numbers in env.toc_fignumbers.items():
            for kind in numbers.values():
                for label, number in kind.items():
                    ctx.numbers[label.removeprefix("equation-")] = ".".join(map(str, number))
                    ctx.docs[label.removeprefix("equation-")] = docname.split("/")[-1]
        for docname, title in env.titles.items():
            ctx.titles[docname] = ctx.titles[docname.split("/")[-1]] = title.astext()
        section_numbers = {}  # (docname, section title) -> "3.2", from the numbered table of contents
        for docname, toc in env.tocs.items():
            for ref in toc.findall(nodes.reference):
                if ref.get("secnumber"):   # (3,) for the chapter's title, (3, 2) for a section
                    section_numbers[docname, ref.astext()] = ".".join(map(str, ref["secnumber"]))
                    ctx.headings[docname.split("/")[-1], bbb_notebooks.heading_key(ref.astext())] = \
                        section_numbers[docname, ref.astext()]
        for label, (docname, _anchor, section) in env.domaindata["std"]["labels"].items():
            if section:
                ctx.titles.setdefault(label, section)
                if (docname, section) in section_numbers:
                    ctx.sections[label] = section_numbers[docname, section]
                    ctx.docs[label] = docname.split("/")[-1]
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
        shutil.rmtree(Path(app.outdir) / "_sources", ignore_errors=True)


INSTRUCTOR_BANNER = ("Instructor's edition: with the solutions to every exercise. "
                     "Students get the student edition.")


def announce_instructor_edition(app, config):
    """The full edition says on every page that it is the instructor's (the student edition's banner
    is set by configure_edition)."""
    if not student_edition(app):
        config.html_theme_options["announcement"] = INSTRUCTOR_BANNER


def link_repository_in_footer(app, config):
    """A text link to the repository in every page's footer (the theme's repository button would
    cost a 118 KB icon font), from the address set once in _config.yml."""
    url = config.html_theme_options.get("repository_url", "").rstrip("/")
    if url:
        shown = url.split("://", 1)[-1]
        footer = config.html_theme_options.get("extra_footer", "")
        config.html_theme_options["extra_footer"] = footer + f'<p>Repository: <a href="{url}">{shown}</a></p>'


# The nbgitpuller link, as nbgitpuller documents it (docs/topic/url-options.rst and its link
# generator, docs/_static/link_gen/link.js): HUB/hub/user-redirect/git-pull?repo=...&urlpath=...
# &branch=...; nbgitpuller clones into a folder named after the repository, so the path to open
# starts with that name.
INTERFACE_PATHS = {"classic": "tree", "jupyterlab": "lab/tree"}


def nbgitpuller_url(hub: str, repository: str, branch: str, notebook: str, interface: str = "jupyterlab") -> str:
    """The link that makes a JupyterHub pull `branch` of `repository` and open `notebook` in it."""
    if interface not in INTERFACE_PATHS:
        raise ValueError(f"interface must be one of {sorted(INTERFACE_PATHS)}, got {interface!r}")
    repository = repository.rstrip("/")
    folder = repository.rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode({"repo": repository, "urlpath": f"{INTERFACE_PATHS[interface]}/{folder}/{notebook}",
                       "branch": branch})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def jupyterhub_button(app, pagename, templatename, context, doctree):
    """Point the theme's JupyterHub button at the chapter's student notebook on the notebooks branch
    (the theme would pull the main branch and open the source, solutions included)."""
    options = app.config.html_theme_options
    launch = options.get("launch_buttons") or {}
    hub = (launch.get("jupyterhub_url") or "").strip()
    repository = options.get("repository_url", "")
    if not hub or not repository or not is_chapter_notebook(app, pagename):
        return
    url = nbgitpuller_url(hub, repository, NOTEBOOKS_BRANCH, f"{Path(pagename).name}.ipynb",
                          launch.get("notebook_interface", "classic"))
    for button in context.get("header_buttons", []):
        if button.get("label") == "launch-buttons":
            for entry in button["buttons"]:
                if entry.get("text") == "JupyterHub":
                    entry["url"] = url
                    entry["tooltip"] = "Open this chapter's notebook (without solutions) on your JupyterHub"


def setup(app):
    if not student_edition(app):
        app.tags.add("instructor")
    app.connect("config-inited", configure_edition)
    app.connect("config-inited", announce_instructor_edition)
    app.connect("config-inited", link_repository_in_footer)
    app.connect("html-page-context", jupyterhub_button, priority=901)
    app.add_node(hidden_solution_start)
    app.add_transform(RemoveGatedSolutions)
    app.connect("html-page-context", notebook_buttons, priority=900)
    app.connect("build-finished", remove_sources_from_student_edition)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
