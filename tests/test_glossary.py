"""The glossary: every term linked from a page is defined, and every defined term is linked."""

import re

from bookutils import ROOT, prose_lines

GLOSSARY = ROOT / "chapters" / "glossary.md"
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def defined_term_lines() -> list[tuple[str, int]]:
    """(term in lower case, line number in glossary.md) for every entry, duplicates included."""
    terms, inside = [], False
    for lineno, line in enumerate(GLOSSARY.read_text().splitlines(), start=1):
        if line.startswith("```{glossary}"):
            inside = True
            continue
        if inside and line.startswith("```"):
            inside = False
        if inside and line and not line[0].isspace() and not line.startswith(":"):
            terms.append((line.strip().lower(), lineno))
    return terms


def defined_terms() -> dict[str, int]:
    """Term (lower case) -> line number in glossary.md."""
    return dict(defined_term_lines())


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
    assert len(defined_terms()) >= 3


def test_every_term_is_defined_once():
    seen, twice = {}, []
    for term, line in defined_term_lines():
        if term in seen:
            twice.append(f"chapters/glossary.md:{line}: '{term}' is already defined at line {seen[term]}")
        seen.setdefault(term, line)
    assert not twice, "\n".join(twice)


def test_every_linked_term_is_defined():
    terms = defined_terms()
    undefined = [f"{at}: {{term}}`{term}` is not in chapters/glossary.md" for term, at in term_references()
                 if term not in terms]
    assert not undefined, "\n".join(undefined)


def test_every_defined_term_is_linked():
    linked = {term for term, _ in term_references()}
    orphans = [f"chapters/glossary.md:{line}: '{term}' is linked from no page"
               for term, line in defined_terms().items() if term not in linked]
    assert not orphans, "\n".join(orphans)
