"""The site's search finds symbols by their typed names and people by their names, with or without
accents (_ext/bbb_search.py, and the Notation table of the glossary).

These tests read the built searchindex.js (Sphinx's `Search.setIndex({...})`) and look queries up in
it the way Sphinx 7.4's searchtools.js does, simplified: split the query into words, lower-case,
fold accents and stem each word (the book's language_data.js: Porter, words under three letters
left alone), then keep the pages that hold every word (exactly, or inside a longer indexed word), and
the index entries that contain the whole query and are at most twice as long. test_browser.py runs
the same queries through the real search page in Chromium.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata

import pytest
import snowballstemmer
from bs4 import BeautifulSoup

from bookutils import ROOT

sys.path.append(str(ROOT / "_ext"))
import bbb_search  # noqa: E402

# The pages that cite Hervé et al. (2008), read from the sources, and the bibliography.
HERVE_PAGES = {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.md") if "herve2008cns" in p.read_text()}
QUERIES = {
    # query: pages it must find (at least)
    "Ktrans": {"chapters/glossary", "chapters/imaging"},
    "Kp,uu": {"chapters/glossary", "chapters/drugs", "chapters/transport"},
    "PS": {"chapters/glossary", "chapters/transport", "chapters/imaging"},
    "Hervé": HERVE_PAGES | {"chapters/bibliography"},
    "Herve": HERVE_PAGES | {"chapters/bibliography"},
}
# Symbols whose typed name must lead to its row of the Notation table.
SYMBOLS = ["Ktrans", "Kp,uu", "PS"]

PORTER = snowballstemmer.stemmer("porter")


def query_terms(query: str) -> list[str]:
    """The index terms the browser looks up for a query (searchtools.js _parseQuery with the
    book's stemmer). Numbers and English stop words are dropped there too; none occur here."""
    terms = []
    for word in re.findall(r"[^\W]+", query):
        word = "".join(c for c in unicodedata.normalize("NFD", word.lower())
                       if not unicodedata.category(c).startswith("M"))
        terms.append(word if len(word) < 3 else PORTER.stemWord(word))
    return terms


def pages_of(index: dict, value) -> set[str]:
    ids = value if isinstance(value, list) else [value]
    return {index["docnames"][i] for i in ids}


def full_text_pages(index: dict, query: str) -> set[str]:
    """Pages that hold every term of the query, in the text or a title (searchtools.js
    performTermsSearch: a term missing from the index is looked for inside longer terms)."""
    found = None
    for term in query_terms(query):
        pages = set()
        for mapping in (index["terms"], index["titleterms"]):
            if term in mapping:
                pages |= pages_of(index, mapping[term])
            elif len(term) > 2:
                for indexed, value in mapping.items():
                    if term in indexed:
                        pages |= pages_of(index, value)
        found = pages if found is None else found & pages
    return found or set()


def index_entry_hits(index: dict, query: str) -> list[tuple[str, str]]:
    """(page, anchor) of the index entries the query finds (searchtools.js: the entry contains the
    lower-cased query, which is at least half as long)."""
    q = query.lower().strip()
    return [(index["docnames"][page], anchor)
            for entry, hits in index["indexentries"].items() if q in entry and len(q) >= len(entry) / 2
            for page, anchor, _main in hits]


@pytest.fixture(scope="module")
def search_index(book) -> dict:
    text = (book.html / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(") and text.endswith(")")
    return json.loads(text[len("Search.setIndex("):-1])


def test_the_query_terms_are_what_the_browser_stems():
    assert query_terms("Ktrans") == ["ktran"]
    assert query_terms("Kp,uu") == ["kp", "uu"]
    assert query_terms("PS") == ["ps"]
    assert query_terms("Hervé") == query_terms("Herve") == ["herv"]


def test_the_book_indexes_words_as_the_browser_looks_them_up():
    """The index side (bbb_search) and the query side (above) turn a word into the same term."""
    lang = bbb_search.SearchEnglishFolded({})
    for word in ["Hervé", "Herve", "Stüve", "Bartholomäus", "Ktrans", "PS", "uu", "transport",
                 "Herve\u0301"]:
        assert [lang.stem(w).lower() for w in lang.split(word)] == query_terms(word), word


def test_accented_names_are_whole_words_in_the_index(search_index):
    """pybtex writes Frid{\\'e}n as the text nodes "Frid", "é" and "n", side by side; the book joins
    them before the page is indexed, so the index holds the name, not its pieces."""
    terms = search_index["terms"]
    assert {"friden", "bartholomau", "herv"} <= set(terms)
    assert not {"frid", "bartholom", "é", "ä"} & set(terms)


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_pages(search_index, query):
    found = full_text_pages(search_index, query) | {page for page, _ in index_entry_hits(search_index, query)}
    missing = QUERIES[query] - found
    assert not missing, f"searching {query!r} does not find {sorted(missing)} (finds {sorted(found)})"


def test_accented_and_plain_spellings_find_the_same_pages(search_index):
    for accented, plain in [("Hervé", "Herve"), ("Stüve", "Stuve"), ("Fridén", "Friden"),
                            ("Müller", "Muller")]:
        pages = full_text_pages(search_index, accented)
        assert pages, f"searching {accented!r} finds nothing"
        assert pages == full_text_pages(search_index, plain), (accented, plain)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_a_typed_symbol_leads_to_its_row_of_the_notation_table(book, search_index, symbol):
    hits = index_entry_hits(search_index, symbol)
    assert [page for page, _ in hits] == ["chapters/glossary"], hits
    soup = BeautifulSoup((book.html / "chapters" / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    target = soup.find(id=hits[0][1])
    assert target is not None and target.find_parent("table", id="tbl-notation"), hits[0]
    assert symbol in target.find_parent("tr").get_text()
