"""The site's search finds names with or without their accents, and symbols by their typed names.

Part of the book's Sphinx extension (see bbb_site.py). Sphinx 7.4 builds the search index in Python
(sphinx/search/) and answers queries in the browser (searchtools.js with the stemmer of
language_data.js); the two sides must turn a word into the same index term. Three things kept a name
such as "Hervé" out of reach:

- A word split across text nodes. The bibliography and the citations in the text are made by
  pybtex, which turns the BibTeX `Herv{\\'e}` into the text nodes "Herv" and "é" side by side; the
  page shows "Hervé", but the index collects words node by node and holds "herv" and "é". Here,
  when a page is resolved (Sphinx's `doctree-resolved` event, before it is indexed and written),
  neighbouring text nodes are joined into one, which changes nothing on the page.
- Accents. Python indexes "hervé" as it is, and the browser looks up "hervé" for the query "Hervé"
  but "herv" for "Herve", so one of the two spellings always missed (sphinx-doc/sphinx#6687, open).
  Here the English search language folds accents (Unicode decomposition, combining marks dropped)
  before stemming, on both sides: the index holds "herv" for "Hervé", and both queries look it up.
- Short words. The browser's Porter stemmer leaves words shorter than three letters as they are, but
  Python's stems them ("PS" -> "p"), so the query "PS" found nothing; here Python leaves them too.

Sphinx re-indexes only the pages it writes and keeps the other pages' words from the last build, so
a change to how words are indexed must make it write every page: INDEX_WORDS is a config value of
rebuild kind "html", and a new value makes Sphinx rewrite (and re-index) them all. Change it with
the stemming.

It is registered with Sphinx's public `add_search_language`, in place of the built-in English one,
whose Porter stemmer it keeps.

Symbols of equations are found through the Notation table of the glossary, which gives each one as
it is typed in plain text ("Ktrans") with an index entry (the `{index}` role). The search page shows
the text of the element an index entry points at as the hit's summary, but the role's anchor is an
empty <span>: makeSearchSummary returns null, which _displayItem appends, a TypeError on the page
(searchtools.js of Sphinx 7.4.7, and still so in Sphinx's main branch in August 2026). Here the
anchor's id moves onto the role's text, so the anchor holds the symbol's name.
"""

from __future__ import annotations

import unicodedata

from docutils import nodes
from sphinx import addnodes
from sphinx.search.en import SearchEnglish


# How words are indexed; a new value re-indexes every page (see above).
INDEX_WORDS = "Porter stems of accent-folded words; words under 3 letters unstemmed"


def fold(word: str) -> str:
    """The word without accents: decomposed, combining marks dropped ("Hervé" -> "Herve")."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")))


# The browser side of fold() and of the short-word rule, around Sphinx's own Porter stemmer (which
# already returns words shorter than three letters unchanged). \p{M} is Unicode's category M, as
# unicodedata.category(c).startswith("M") above.
JS_FOLDING_STEMMER = """
var PorterStemmer = Stemmer;
Stemmer = function() {
  const porter = new PorterStemmer();
  this.stemWord = function(w) {
    return porter.stemWord(w.normalize("NFD").replace(/\\p{M}/gu, "").normalize("NFC"));
  };
};
"""


class SearchEnglishFolded(SearchEnglish):
    """English search (Porter stemmer, English stop words) that ignores accents on both sides."""

    js_stemmer_code = SearchEnglish.js_stemmer_code + JS_FOLDING_STEMMER

    def split(self, input: str) -> list[str]:
        # Composed first: a decomposed "e" + U+0301 would otherwise end the word at the accent.
        return super().split(unicodedata.normalize("NFC", input))

    def stem(self, word: str) -> str:
        word = fold(word.lower())
        return word if len(word) < 3 else super().stem(word)


def anchor_index_roles_on_their_text(doctree) -> None:
    """The {index} role writes [index, empty target, text]: give its text the target's id instead."""
    for index in list(doctree.findall(addnodes.index)):
        parent = index.parent
        at = parent.index(index)
        following = parent.children[at + 1:at + 3]
        if (len(following) == 2 and isinstance(following[0], nodes.target) and not following[0].children
                and following[0]["ids"] and isinstance(following[1], nodes.Text)):
            target, text = following
            parent[at + 1:at + 3] = [nodes.inline(str(text), str(text), ids=target["ids"])]


def join_text_nodes(doctree) -> None:
    """Join neighbouring text nodes (the "Herv" and "é" of a formatted reference) into one, so
    that the search index sees the word the page shows."""
    for element in list(doctree.findall(nodes.Element)):
        children = element.children
        if not any(isinstance(a, nodes.Text) and isinstance(b, nodes.Text)
                   for a, b in zip(children, children[1:])):
            continue
        joined: list[nodes.Node] = []
        for child in children:
            if joined and isinstance(child, nodes.Text) and isinstance(joined[-1], nodes.Text):
                joined[-1] = nodes.Text(str(joined[-1]) + str(child))
            else:
                joined.append(child)
        element[:] = joined


def prepare_for_the_search_index(app, doctree, docname) -> None:
    """When a page is resolved, before it is indexed and written (HTML builders only)."""
    if app.builder.format != "html":
        return
    anchor_index_roles_on_their_text(doctree)
    join_text_nodes(doctree)


def setup(app):
    app.add_search_language(SearchEnglishFolded)
    app.add_config_value("bbb_search_index_words", INDEX_WORDS, "html")
    app.connect("doctree-resolved", prepare_for_the_search_index)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
