"""_ext/bbb_site.py: myst-nb's merge of stream outputs leaves the executed notebook's outputs alone."""

import shutil
from types import SimpleNamespace

from nbformat import NotebookNode

import bbb_site


def test_merging_streams_does_not_change_the_cells_outputs():
    """A print the kernel sent in three messages: the page shows it merged, and the outputs saved in
    _build/jupyter_execute/ stay as they came (myst-nb 1.4.0 alone turns them into
    ["line1\\nline2\\n", "\\n", "line2\\n"], which repeats the second line)."""
    import myst_nb.core.render as render

    bbb_site.keep_executed_outputs_intact()
    bbb_site.keep_executed_outputs_intact()  # set up twice (two builds in one process): still one copy
    outputs = [NotebookNode(output_type="stream", name="stdout", text=text)
               for text in ("line1", "\n", "line2\n")]
    merged = render.coalesce_streams(outputs)
    assert [o["text"] for o in merged] == ["line1\nline2\n"]
    assert [o["text"] for o in outputs] == ["line1", "\n", "line2\n"]


def test_a_changed_static_file_makes_the_site_copy_it(tmp_path):
    """An incremental build after an edit of static/bbb.css alone writes a page again (so that Sphinx 7
    copies the static files); with the site's copies up to date, or for LaTeX, nothing is added."""
    site = tmp_path / "html"
    shutil.copytree(bbb_site.HERE / "static", site / "_static")
    app = SimpleNamespace(outdir=str(site), builder=SimpleNamespace(format="html"))
    env = SimpleNamespace(config=SimpleNamespace(root_doc="chapters/index"))
    assert bbb_site.refresh_changed_static_files(app, env, set(), set(), set()) == []
    (site / "_static" / "bbb.css").write_text("/* an older stylesheet */")
    assert bbb_site.refresh_changed_static_files(app, env, set(), set(), set()) == ["chapters/index"]
    (site / "_static" / "bbb.css").unlink()
    assert bbb_site.refresh_changed_static_files(app, env, set(), set(), set()) == ["chapters/index"]
    latex = SimpleNamespace(outdir=str(site), builder=SimpleNamespace(format="latex"))
    assert bbb_site.refresh_changed_static_files(latex, env, set(), set(), set()) == []
