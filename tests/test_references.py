"""The bibliography: every citation resolves, every entry is cited and can be found (DOI or URL)."""

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from bookutils import ROOT, prose_lines

BIB = ROOT / "references.bib"
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def entries():
    return parse_file(str(BIB), bib_format="bibtex").entries


def cited_keys(path: Path):
    """(key, 'file:line') for every citation role in a page."""
    for lineno, line in enumerate(prose_lines(path), start=1):
        for group in CITE.findall(line):
            for key in group.split(","):
                yield key.strip(), f"{path.relative_to(ROOT)}:{lineno}"


def all_citations():
    for path in sorted(ROOT.glob("chapters/**/*.md")):
        yield from cited_keys(path)


def test_every_citation_is_in_references_bib():
    known = set(entries())
    unknown = [f"{at}: {key} is not in references.bib" for key, at in all_citations() if key not in known]
    assert not unknown, "\n".join(unknown)


def test_every_entry_is_cited():
    cited = {key for key, _ in all_citations()}
    uncited = sorted(set(entries()) - cited)
    assert not uncited, "entries in references.bib that no page cites: " + ", ".join(uncited)


@pytest.mark.parametrize("key", sorted(entries()))
def test_entry_can_be_found(key):
    fields = {name.lower(): value for name, value in entries()[key].fields.items()}
    assert "doi" in fields or "url" in fields, f"references.bib: {key} has neither a doi nor a url"
    if "doi" in fields:
        assert DOI.match(fields["doi"]), f"references.bib: {key} has a malformed doi {fields['doi']!r}"
        assert not fields["doi"].lower().startswith(("http", "doi:")), f"{key}: give the bare DOI"
    if "url" in fields:
        assert fields["url"].startswith("https://"), f"references.bib: {key} url is not https: {fields['url']}"
    for field in ("title", "year"):
        assert field in fields, f"references.bib: {key} has no {field}"
    # An author-year citation names the author; a work with no author is cited by its title, as APA
    # style does, so the title must then be short enough to read in a sentence.
    if not entries()[key].persons.get("author"):
        words = len(fields["title"].split())
        assert words <= 6, (f"references.bib: {key} has no author, so the text would cite it by its "
                            f"{words}-word title; find its author or cite another source")
