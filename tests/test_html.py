"""The built site: internal links and anchors resolve, images exist and say what they show."""

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


@lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def pages(html: Path) -> list[Path]:
    return [p for p in sorted(html.rglob("*.html")) if not {"_static", "reports"} & set(p.parts)]


def ids(path: Path) -> set[str]:
    page = soup(path)
    return {t["id"] for t in page.find_all(id=True)} | {t["name"] for t in page.find_all("a", attrs={"name": True})}


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def test_site_has_pages(book):
    names = {p.relative_to(book.html).as_posix() for p in pages(book.html)}
    assert {"chapters/index.html", "chapters/bibliography.html", "chapters/glossary.html"} <= names


def test_internal_links_and_anchors_resolve(book):
    broken = []
    for path in pages(book.html):
        where = path.relative_to(book.html)
        refs = [(t.name, t.get("href") or t.get("src")) for t in soup(path).find_all(["a", "link", "script"])]
        for tag, url in refs:
            if not url or not is_internal(url):
                continue
            parts = urlsplit(url)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{where}: <{tag}> points at a missing file: {url}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(f"{where}: <{tag}> points at a missing anchor: {url}")
    assert not broken, "\n".join(sorted(set(broken)))


def test_images_exist_and_have_alt_text(book):
    problems = []
    for path in pages(book.html):
        where = path.relative_to(book.html)
        for img in soup(path).find_all("img"):
            src = img.get("src", "")
            if is_internal(src) and not (path.parent / unquote(urlsplit(src).path)).exists():
                problems.append(f"{where}: image file missing: {src}")
            alt = img.get("alt", "").strip()
            # Docutils falls back to the image's address when no alt text is given.
            if not alt or alt == src or re.search(r"\.(svg|png|jpe?g|gif)$", alt, re.I):
                problems.append(f"{where}: image without alt text (alt={alt[:60]!r}): {src[:80]}")
    assert not problems, "\n".join(problems)


def test_figures_load_lazily_and_keep_their_place(book):
    """The figures of a page load as the reader nears them (docutils.conf: `image_loading: lazy`), which
    spares a phone the decoding of the figures below the first screen (Lighthouse total blocking time,
    issue 18); each carries its width and height, so the text does not move when one arrives."""
    problems, lazy = [], 0
    for path in pages(book.html):
        where = path.relative_to(book.html)
        for img in soup(path).select("article img"):
            lazy += img.get("loading") == "lazy"
            if img.get("loading") != "lazy" or not img.get("width") or not img.get("height"):
                problems.append(f"{where}: {img.get('src', '')[-40:]} loading={img.get('loading')} "
                                f"width={img.get('width')} height={img.get('height')}")
    assert lazy >= 20 and not problems, "\n".join(problems)


def test_every_figure_from_code_is_numbered_and_captioned(book):
    problems = []
    for path in pages(book.html):
        where = path.relative_to(book.html)
        for img in soup(path).select("div.cell_output img"):
            figure = img.find_parent("figure")
            caption = figure.find("figcaption") if figure else None
            if caption is None or not figure.get("id"):
                problems.append(f"{where}: a figure made by code has no caption or name: {img.get('src')}")
            elif not caption.select_one(".caption-number"):
                problems.append(f"{where}: figure {figure['id']} is not numbered")
    assert not problems, "\n".join(problems)


def test_every_exercise_is_a_heading_one_level_below_its_section(book):
    """A screen reader's heading navigation reaches every exercise: its title has role="heading" and
    an aria-level one below its section's heading (so the heading order stays intact)."""
    problems, count = [], 0
    for path in pages(book.html):
        where = path.relative_to(book.html)
        for exercise in soup(path).select("div.exercise"):
            count += 1
            title = exercise.find("p", class_="admonition-title", recursive=False)
            section = exercise.find_previous(re.compile(r"^h[1-6]$"))
            expected = str(int(section.name[1]) + 1)
            if title is None or title.get("role") != "heading" or title.get("aria-level") != expected:
                problems.append(f"{where}: exercise {exercise.get('id')} is not a heading of level {expected}: "
                                f"{str(title)[:120]}")
    assert count >= 28, f"only {count} exercises found"
    assert not problems, "\n".join(problems)
