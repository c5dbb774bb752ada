"""The glossary: every term linked from a page is defined, every entry is linked, no entry is defined
twice under two spellings, and the Notation table gives each symbol a name the search can find."""

import re
import unicodedata

import pytest

from bookutils import ROOT, prose_lines

GLOSSARY = ROOT / "chapters" / "glossary.md"
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
# Terms the chapters use that a reader looked up and did not find (issue 18).
REQUIRED = ["haematocrit", "influx constant", "splitting probability", "dissemination in space"]


def glossary_entries() -> list[list[tuple[str, int]]]:
    """Each entry of the {glossary} as its names with their line numbers in glossary.md: the
    headword, then any synonyms (Sphinx's glossary allows several term lines over one definition)."""
    entries, inside, previous_was_term = [], False, False
    for lineno, line in enumerate(GLOSSARY.read_text().splitlines(), start=1):
        if line.startswith("```{glossary}"):
            inside = True
            continue
        if inside and line.startswith("```"):
            inside = False
        is_term = inside and bool(line) and not line[0].isspace() and not line.startswith(":")
        if is_term:
            if previous_was_term:
                entries[-1].append((line.strip(), lineno))
            else:
                entries.append([(line.strip(), lineno)])
        previous_was_term = is_term
    return entries


def defined_terms() -> dict[str, int]:
    """Every name a {term} role may point at (headwords and synonyms, lower case) -> line number."""
    return {name.lower(): lineno for entry in glossary_entries() for name, lineno in entry}


def normalised(name: str) -> str:
    """A name with the differences that do not make another term taken out: case, accents,
    hyphens, dashes, slashes and spaces, a plural -s, British or American spelling (haem-/hem-,
    oe-/e-, -ise/-ize)."""
    name = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    words = []
    for word in re.findall(r"[^\W_]+", name):
        word = re.sub(r"ae|oe", "e", word)
        word = re.sub(r"is(e|ed|ing|ation)$", r"iz\1", word)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def term_references():
    """(target term in lower case, 'file:line') for every {term} role in the pages."""
    for path in sorted(ROOT.glob("chapters/**/*.md")):
        if path == GLOSSARY:
            continue
        for lineno, line in enumerate(prose_lines(path), start=1):
            for text in TERM_ROLE.findall(line):
                target = re.search(r"<([^>]+)>\s*$", text)
                yield (target.group(1) if target else text).strip().lower(), f"{path.relative_to(ROOT)}:{lineno}"


def test_glossary_has_terms():
    assert len(glossary_entries()) >= 3


def test_normalised_names_catch_near_duplicates():
    assert normalised("Haematocrit") == normalised("hematocrit")
    assert normalised("Blood–brain barrier") == normalised("blood-brain  barriers")
    assert normalised("Randomised controlled trial") == normalised("Randomized controlled trial")
    assert normalised("Octanol/water partition coefficient") == normalised("octanol water partition coefficient")
    assert normalised("Partition coefficient") != normalised("Octanol/water partition coefficient")


def test_every_name_is_defined_once():
    """No two glossary names, headwords or synonyms, are the same term spelled another way."""
    seen, twice = {}, []
    for entry in glossary_entries():
        for name, line in entry:
            key = normalised(name)
            if key in seen:
                twice.append(f"chapters/glossary.md:{line}: '{name}' is '{seen[key][0]}' again "
                             f"(line {seen[key][1]}): merge them, keeping one as a synonym line")
            seen.setdefault(key, (name, line))
    assert not twice, "\n".join(twice)


def test_every_linked_term_is_defined():
    terms = defined_terms()
    undefined = [f"{at}: {{term}}`{term}` is not in chapters/glossary.md" for term, at in term_references()
                 if term not in terms]
    assert not undefined, "\n".join(undefined)


def test_every_entry_is_linked():
    """Each entry is linked from some page, by its headword or by one of its synonyms."""
    linked = {term for term, _ in term_references()}
    orphans = [f"chapters/glossary.md:{entry[0][1]}: '{entry[0][0]}' is linked from no page"
               for entry in glossary_entries() if not {name.lower() for name, _ in entry} & linked]
    assert not orphans, "\n".join(orphans)


def test_the_octanol_water_partition_coefficient_is_a_synonym_of_the_partition_coefficient():
    entry = next(e for e in glossary_entries() if e[0][0] == "Partition coefficient")
    assert [name for name, _ in entry] == ["Partition coefficient", "Octanol/water partition coefficient"]
    linked = {term for term, _ in term_references()}
    assert {"partition coefficient", "octanol/water partition coefficient"} <= linked


@pytest.mark.parametrize("term", REQUIRED)
def test_required_term_is_defined_and_linked_from_a_chapter(term):
    assert term in defined_terms(), f"'{term}' is not in chapters/glossary.md"
    pages = [at for target, at in term_references() if target == term]
    assert pages, f"no page links {{term}}`{term}`"


def notation_rows() -> list[str]:
    """The Symbol cell of each row of the Notation table (tbl-notation), header excluded."""
    text = GLOSSARY.read_text()
    table = text[text.index(":name: tbl-notation"):]
    table = table[:table.index("```")]
    return [line[4:] for line in table.splitlines() if line.startswith("* - ")][1:]


def test_notation_gives_every_typeset_symbol_a_typed_name_in_the_search_index():
    """A symbol set with sub- or superscripts, Greek or upright letters ($K^{\\mathrm{trans}}$) cannot
    be typed into the search field; its row names it as typed ("Ktrans") with an {index} entry."""
    rows = notation_rows()
    assert len(rows) >= 20
    missing = [cell for cell in rows
               if cell.startswith("$") and re.search(r"[_^\\]", cell) and not re.search(r"\{index\}`!?[^`]+`", cell)]
    assert not missing, f"Notation symbols without a typed name ({{index}}`!Name`): {missing}"
    typed = re.findall(r"\{index\}`!?([^`]+)`", "\n".join(rows))
    assert {"Ktrans", "Kp,uu", "PS", "Ki", "Hct"} <= set(typed)
    assert all(re.fullmatch(r"[A-Za-z][\w,]*", name) for name in typed), typed
