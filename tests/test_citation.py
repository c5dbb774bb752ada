"""Citing and finding the book: CITATION.cff is complete and valid CFF 1.2.0, and every page links
to the repository.

The schema is the Citation File Format's own, tests/data/cff-schema-1.2.0.json: `schema.json` of
github.com/citation-file-format/citation-file-format at its tag 1.2.0 (commit 396f738f), the schema
that cffconvert validates with.
"""

import datetime
import json
import re

import jsonschema
import yaml
from bs4 import BeautifulSoup

from bookutils import ROOT

SCHEMA = ROOT / "tests" / "data" / "cff-schema-1.2.0.json"
NEEDED = ("title", "version", "date-released", "repository-code", "url", "license", "authors")


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text())


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def test_citation_file_is_valid_cff_1_2_0():
    data = citation()
    assert data["cff-version"] == "1.2.0"
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()), format_checker=jsonschema.FormatChecker()).validate(data)


def test_the_schema_rejects_what_it_should():
    """The check is not void: the schema refuses a wrong date, an unknown licence and an unknown key."""
    schema = json.loads(SCHEMA.read_text())
    for bad in ({"date-released": "7 December 2026"}, {"license": "CC-BY-4"}, {"repository": 1}):
        assert not jsonschema.Draft7Validator(schema).is_valid({**citation(), **bad}), bad


def test_citation_file_says_what_to_cite_and_where_it_is():
    data = citation()
    missing = [key for key in NEEDED if not data.get(key)]
    assert not missing, f"CITATION.cff lacks {missing}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", data["version"])
    assert datetime.date.fromisoformat(data["date-released"]) <= datetime.date.today()
    assert set(data["license"]) == {"CC-BY-4.0", "MIT"}, "the licences of LICENSE: text CC BY 4.0, code MIT"
    assert data["repository-code"].rstrip("/") == config()["repository"]["url"].rstrip("/"), (
        "CITATION.cff's repository-code and _config.yml's repository.url name different repositories")
    assert data["url"].startswith("https://")


def test_every_page_links_to_the_repository(book):
    url = config()["repository"]["url"].rstrip("/")
    missing = []
    for page in sorted(book.html.rglob("*.html")):
        rel = page.relative_to(book.html)
        if {"_static", "reports"} & set(rel.parts) or rel.as_posix() == "index.html":  # index.html redirects
            continue
        footers = BeautifulSoup(page.read_text(), "html.parser").find_all("footer")
        links = [a for f in footers for a in f.find_all("a") if a.get("href", "").rstrip("/") == url]
        if not links or not links[0].get_text(strip=True):
            missing.append(rel.as_posix())
    assert not missing, f"pages without a text link to {url} in their footer: {missing}"
