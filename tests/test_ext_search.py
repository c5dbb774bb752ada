"""_ext/bbb_search.py: what the search index holds for a page. On the whole book: test_search.py,
and the real search page in Chromium: test_browser.py."""

from docutils import nodes
from sphinx import addnodes

import bbb_search


def test_folding_drops_accents_only():
    assert bbb_search.fold("Hervé") == "Herve"
    assert bbb_search.fold("Herve\u0301") == "Herve"          # decomposed é
    assert bbb_search.fold("Bartholomäus Stüve Fridén") == "Bartholomaus Stuve Friden"
    assert bbb_search.fold("α4β1 µg cm²") == "α4β1 µg cm²"      # no marks, nothing to drop


def test_index_terms_of_accented_and_plain_spellings_agree():
    lang = bbb_search.SearchEnglishFolded({})
    assert lang.split("Hervé, F.") == ["Hervé", "F"]
    assert lang.split("Herve\u0301 et al.") == ["Hervé", "et", "al"]   # one word, not "Herve" and ""
    assert lang.stem("Hervé") == lang.stem("Herve") == "herv"
    assert lang.stem("transports") == "transport"                       # Porter, as before
    assert lang.stem("PS") == "ps" and lang.stem("is") == "is"          # short words unstemmed, as in JS


def test_the_browser_stemmer_folds_before_stemming():
    code = bbb_search.SearchEnglishFolded.js_stemmer_code
    assert code.startswith(bbb_search.SearchEnglish.js_stemmer_code)   # Sphinx's Porter stemmer, kept
    assert 'normalize("NFD").replace(/\\p{M}/gu, "")' in code


def test_pieces_of_a_formatted_name_become_one_text_node():
    # How sphinxcontrib-bibtex (pybtex) writes Herv{\'e}, F.
    paragraph = nodes.paragraph("", "", nodes.Text("Herv"), nodes.Text("é"), nodes.Text(", F. "),
                                nodes.emphasis("", "et al."), nodes.Text(" 2008"))
    document = nodes.document(None, None)
    document += paragraph
    bbb_search.join_text_nodes(document)
    assert [str(child) if isinstance(child, nodes.Text) else child.astext() for child in paragraph.children] == [
        "Hervé, F. ", "et al.", " 2008"]
    assert paragraph.astext() == "Hervé, F. et al. 2008"


def test_an_index_role_anchors_on_its_text():
    # What the {index} role writes for `$K^{trans}$ ({index}`!Ktrans`)`.
    index = addnodes.index(entries=[("single", "Ktrans", "index-7", "main", None)])
    paragraph = nodes.paragraph("", "", nodes.math("", "K^{trans}"), nodes.Text(" ("), index,
                                nodes.target("", "", ids=["index-7"]), nodes.Text("Ktrans"), nodes.Text(")"))
    document = nodes.document(None, None)
    document += paragraph
    bbb_search.anchor_index_roles_on_their_text(document)
    bbb_search.join_text_nodes(document)
    anchors = [n for n in paragraph.findall(nodes.Element) if "index-7" in n["ids"]]
    assert len(anchors) == 1 and isinstance(anchors[0], nodes.inline) and anchors[0].astext() == "Ktrans"
    assert not list(paragraph.findall(nodes.target))
    assert paragraph.astext() == "K^{trans} (Ktrans)"
    assert index in paragraph.children  # the index entry itself stays
