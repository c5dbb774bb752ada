"""_ext/bbb_speed.py: what a page loads, through the page context (the fixture book)."""

import json

import bbb_speed


class Asset(str):
    def __new__(cls, filename, body=""):
        self = super().__new__(cls, filename)
        self.filename, self.attributes = filename, {"body": body} if body else {}
        return self


def test_thebe_assets_are_dropped_from_the_context():
    context = {"script_files": [Asset("_static/sphinx-thebe.js"), Asset("", body='const THEBE_JS_URL = "x"'),
                                Asset("_static/doctools.js")],
               "css_files": [Asset("_static/sphinx-thebe.css?v=1"), Asset("_static/bbb.css")]}
    bbb_speed.drop_thebe(None, "page", "page.html", context, None)
    assert [a.filename for a in context["script_files"]] == ["_static/doctools.js"]
    assert [a.filename for a in context["css_files"]] == ["_static/bbb.css"]


def test_a_page_loads_only_the_assets_it_uses():
    context = {"body": "<p>plain</p>", "css_files": [Asset("_static/exercise.css"), Asset("_static/bbb.css")],
               "script_files": [Asset("_static/copybutton.js")]}
    bbb_speed.drop_assets_a_page_does_not_use(None, "page", "page.html", context, None)
    assert [a.filename for a in context["css_files"]] == ["_static/bbb.css"]
    assert context["script_files"] == []


def test_the_fixture_pages(tiny_books):
    html = tiny_books["full"].html
    index, chapter = (html / "index.html").read_text(), (html / "chapter.html").read_text()
    assert '<meta name="description" content="A landing page of running text' in index
    assert '<img alt="A blue box." src="_images/box.svg" width="96" height="48" />' in chapter  # 72 x 36 pt
    assert "thebe" not in "".join(line for line in chapter.splitlines() if "<script" in line and "src=" in line)
    bundles = json.loads((html / "_static" / "bbb-bundles.json").read_text())
    uses = {name for names in bundles.values() for name in names}
    assert "exercise.css" in uses and "bbb.css" in uses
    assert any("exercise.css" not in names for names in bundles.values()), "the landing page has no exercise"
