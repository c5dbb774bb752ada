"""The book's one reader of MyST Markdown: a chapter as myst-parser's markdown-it tokens.

Every place that needs to know what a chapter holds (the notebooks of bbb_notebooks.py, the tests, the
instructor guide's tables, the time rule) reads it here, with the parser and the extensions the build
uses (myst-parser's `create_md_parser` with the `myst_enable_extensions` of _config.yml), so that
none of them disagrees with the build about what a chapter holds.

- `parse(text)`: the tokens of MyST Markdown; a directive is a `fence` or `colon_fence` token whose
  info is `{name} argument`.
- `directive(token)`: a directive's name, argument, options and body (options in any order, as
  `:key: value` lines or a YAML block); `Directive.children` are the tokens of its body, parsed in
  turn, so `walk` and `directives` see directives inside directives.
- `read_chapter(path)`: a `Chapter`: front matter, cells (jupytext's split, as the build uses), tokens,
  and what the rest of the book asks about: `exercises()`, `solutions()`, `objectives()`,
  `headings()`, `targets()`, `roles()`, `math()`, `figures()`, `prose_words()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

EXTENSIONS = ("amsmath", "colon_fence", "deflist", "dollarmath", "substitution")
# Directives whose body is not Markdown: code, math, and special formats.
LITERAL = {"code-cell", "code", "code-block", "sourcecode", "math", "glossary", "bibliography", "raw",
           "literalinclude", "csv-table", "toctree", "tableofcontents", "eval-rst"}
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$", re.S)
OPTION_LINE = re.compile(r"^:(?P<key>[\w-]+):(?:\s+(?P<value>.*?))?\s*$")
ROLE_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


@lru_cache(maxsize=None)
def parser(extensions: tuple[str, ...] = EXTENSIONS):
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def parse(text: str) -> list:
    """The markdown-it tokens of MyST Markdown text."""
    return parser().parse(text)


# --- directives and roles -----------------------------------------------------------------------


@dataclass
class Directive:
    name: str
    argument: str
    options: dict
    body: str
    line: int = 0                     # 0-based line of the opening fence in the parsed text
    children: list = field(default_factory=list)  # tokens of the body (empty for literal bodies)
    body_line: int = 0                # 0-based line where the body starts in the parsed text

    @property
    def label(self) -> str:
        return self.options.get("label") or self.options.get("name") or ""

    @property
    def classes(self) -> list[str]:
        return str(self.options.get("class", "")).split()


def split_options(content: str) -> tuple[dict, str]:
    """A directive's options and body: a leading YAML block (---) or `:key: value` lines."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            options = yaml.safe_load("\n".join(lines[1:end])) or {}
            return {k: ("" if v is None else v) for k, v in options.items()}, "\n".join(lines[end + 1:])
    options, i = {}, 0
    while i < len(lines):
        match = OPTION_LINE.match(lines[i].strip()) if lines[i].strip() else None
        if not match:
            break
        options[match["key"]] = match["value"] or ""
        i += 1
    return options, "\n".join(lines[i:]).lstrip("\n")


def is_directive(token) -> bool:
    return token.type in ("fence", "colon_fence") and bool(DIRECTIVE_INFO.match(token.info.strip()))


def directive(token) -> Directive | None:
    """The directive a fence token holds, or None for a plain code fence."""
    if token.type not in ("fence", "colon_fence"):
        return None
    match = DIRECTIVE_INFO.match(token.info.strip())
    if not match:
        return None
    name = match["name"]
    options, body = split_options(token.content)
    children = [] if name in LITERAL else parse(body)
    line = token.map[0] if token.map else 0
    # The body is the end of the fence's content: it starts after the options.
    body_line = line + 1 + token.content[:len(token.content) - len(body)].count("\n")
    return Directive(name, match["arg"].strip(), options, body, line, children, body_line)


@dataclass
class Role:
    name: str
    content: str

    @property
    def target(self) -> str:
        match = ROLE_TARGET.match(self.content)
        return match["target"].strip() if match else self.content.strip()

    @property
    def text(self) -> str | None:
        """The explicit text of `{ref}`text <target>``, or None."""
        match = ROLE_TARGET.match(self.content)
        return match["text"].strip() if match else None


def role(token) -> Role:
    return Role(token.meta.get("name", ""), token.content)


def walk(tokens, *, into_directives: bool = True, skip=lambda d: False):
    """Every token, depth first: inline children and the bodies of directives included.
    `skip(directive)` leaves out a directive's body (the directive's own token is still given)."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children, into_directives=into_directives, skip=skip)
        if into_directives and is_directive(token):
            found = directive(token)
            if not skip(found):
                yield from walk(found.children, into_directives=into_directives, skip=skip)


def walk_lines(tokens, offset: int = 0):
    """(token, offset) for every block token, depth first into directive bodies: `token.map` plus
    `offset` are the token's lines in the text first parsed."""
    for token in tokens:
        yield token, offset
        if is_directive(token):
            found = directive(token)
            yield from walk_lines(found.children, offset + found.body_line)


CODE = {"code-cell", "code", "code-block", "sourcecode"}


def code_lines(text: str) -> set[int]:
    """The 0-based lines of a MyST text that hold code: code cells and fenced code blocks, their
    fences included, wherever they are (inside directives too)."""
    lines = set()
    for token, offset in walk_lines(parse(text)):
        if token.type in ("fence", "code_block") and token.map:
            d = directive(token) if token.type == "fence" else None
            if d is None or d.name in CODE:
                lines.update(range(token.map[0] + offset, token.map[1] + offset))
            else:
                lines.add(token.map[1] - 1 + offset)  # the closing fence of a directive
    return lines


def directives(tokens, name: str | None = None) -> list[Directive]:
    """Every directive (of one name, if given), directives in directives included, in order."""
    found = (directive(t) for t in walk(tokens) if is_directive(t))
    return [d for d in found if name is None or d.name == name]


def inline_text(children, *, math: bool = True) -> str:
    """The plain text of inline tokens: roles reduced to their text, markup dropped; inline math kept
    as its LaTeX (or left out with math=False)."""
    out = []
    for t in children or []:
        if t.type in ("text", "code_inline", "html_inline"):
            out.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t.type == "myst_role":
            r = role(t)
            out.append(r.text if r.text is not None else r.target)
        elif t.type.startswith("math_inline"):
            out.append(t.content if math else " ")
        elif t.type == "image":
            out.append(inline_text(t.children, math=math))
        elif t.type.startswith("substitution"):
            out.append(" ")
    return "".join(out)


# --- a chapter --------------------------------------------------------------------------------


@dataclass
class Exercise:
    label: str
    classes: list[str]
    title: str
    body: str          # the body's source
    text: str          # the body's plain text (math left out)
    line: int

    @property
    def objectives(self) -> list[int]:
        return [int(c.split("-", 1)[1]) for c in self.classes if re.fullmatch(r"objective-\d+", c)]


@dataclass
class DisplayItem:
    kind: str          # "equation" or "figure"
    label: str
    content: str       # LaTeX of an equation; image path or code of a figure


@dataclass
class Chapter:
    path: Path
    text: str

    @property
    def front_matter(self) -> dict:
        if not self.text.startswith("---\n"):
            return {}
        return yaml.safe_load(self.text.split("\n---", 1)[0][4:]) or {}

    def is_notebook(self) -> bool:
        """A MyST Markdown notebook: its front matter has jupytext and kernelspec."""
        front = self.front_matter
        return "jupytext" in front and "kernelspec" in front

    @property
    def tokens(self) -> list:
        if not hasattr(self, "_tokens"):
            self._tokens = parse(self.text)
        return self._tokens

    @property
    def cells(self):
        """The notebook jupytext reads from the chapter, as the build does."""
        import jupytext

        return jupytext.reads(self.text, fmt="md:myst")

    def directives(self, name: str | None = None) -> list[Directive]:
        return directives(self.tokens, name)

    def line_of(self, item: Directive) -> int:
        """1-based line in the chapter of a top-level directive (its nearest enclosing one otherwise)."""
        return item.line + 1

    def exercises(self) -> list[Exercise]:
        found = []
        for d in self.directives("exercise"):
            text = " ".join(inline_text(t.children, math=False)
                            for t in walk(d.children, skip=lambda x: True) if t.type == "inline")
            found.append(Exercise(d.label, d.classes, d.argument, d.body, " ".join(text.split()), d.line))
        return found

    def solutions(self) -> list[str]:
        """The labels of the exercises that have a solution (plain or gated)."""
        return [d.argument for d in self.directives() if d.name in ("solution", "solution-start")]

    def objectives(self) -> list[str]:
        """The numbered learning objectives of the Overview admonition, as Markdown source (bold
        dropped, lines joined)."""
        for d in self.directives("admonition"):
            if d.argument == "Overview":
                items, depth = [], 0
                for t in d.children:
                    if t.type == "ordered_list_open":
                        depth += 1
                    elif t.type == "ordered_list_close":
                        depth -= 1
                    elif t.type == "inline" and depth == 1:
                        items.append(" ".join(t.content.replace("**", "").split()))
                return items
        return []

    def headings(self) -> list[tuple[int, str, str]]:
        """(level, text, label of the target just before it, or "") of every heading."""
        found, label, tokens = [], "", self.tokens
        for i, t in enumerate(tokens):
            if t.type == "myst_target":
                label = t.content
            elif t.type == "heading_open":
                found.append((int(t.tag[1]), inline_text(tokens[i + 1].children), label))
                label = ""
            elif t.type not in ("heading_close", "inline"):
                label = ""
        return found

    @property
    def title(self) -> str:
        return next((text for level, text, _ in self.headings() if level == 1), "")

    def targets(self) -> list[str]:
        return [t.content for t in walk(self.tokens) if t.type == "myst_target"]

    def labels(self) -> list[str]:
        """Every label the chapter defines: targets, and directives' :label: or :name: options."""
        named = [d.label for d in self.directives() if d.label]
        figures = [f.label for f in self.figures() if f.label]
        equations = [label for kind, _, label in self.math() if label and label not in named]
        return self.targets() + named + equations + [f for f in figures if f not in named]

    def roles(self, name: str | None = None) -> list[Role]:
        found = [role(t) for t in walk(self.tokens) if t.type == "myst_role"]
        return [r for r in found if name is None or r.name == name or r.name.startswith(name + ":")]

    def math(self) -> list[tuple[str, str, str]]:
        """(kind, LaTeX, label) of every formula: "inline", or "display" ({math} directives, $$...$$
        with or without a label, amsmath environments)."""
        found = []
        for t in walk(self.tokens):
            if t.type.startswith("math_inline"):
                found.append(("inline", t.content, ""))
            elif t.type in ("math_block", "math_block_label"):
                found.append(("display", t.content, t.info if t.type == "math_block_label" else ""))
            elif t.type == "amsmath":
                found.append(("display", t.content, ""))
            elif is_directive(t):
                d = directive(t)
                if d.name == "math":
                    found.append(("display", d.body, d.label))
        return found

    def figures(self) -> list[DisplayItem]:
        """Figures: {figure} directives and code cells with a mystnb figure name."""
        found = [DisplayItem("figure", d.label, d.argument) for d in self.directives("figure")]
        for t in self.tokens:
            d = directive(t) if is_directive(t) else None
            if d and d.name == "code-cell":
                meta = d.options.get("mystnb") or {}
                name = (meta.get("figure") or {}).get("name") if isinstance(meta, dict) else None
                if name:
                    found.append(DisplayItem("figure", name, d.body))
        return found

    def display_items(self) -> list[DisplayItem]:
        equations = [DisplayItem("equation", label, tex) for kind, tex, label in self.math()
                     if kind == "display"]
        return equations + self.figures()

    def _section_titles(self, titles: tuple[str, ...]) -> list:
        """The inline tokens of the ## headings whose text is in `titles`."""
        tokens = self.tokens
        return [tokens[i + 1] for i, t in enumerate(tokens)
                if t.type == "heading_open" and t.tag == "h2" and tokens[i + 1].content.strip() in titles]

    def prose_words(self, *, leave_out: tuple[str, ...] = (), sections: tuple[str, ...] = ()) -> list[str]:
        """The words of the chapter's prose: code, math, solutions, options and labels left out,
        roles reduced to their text; also the directives named in `leave_out` (their argument and
        body) and the sections (## headings) whose titles are in `sections`."""
        skip = {"solution", "code-cell", "math", "bibliography", "glossary", *leave_out}
        words, gated, skipped_section = [], False, False
        for t in walk(self.tokens, skip=lambda d: d.name in skip):
            if t.type == "heading_open" and t.tag in ("h1", "h2"):
                skipped_section = False
            if t.type == "inline" and t in self._section_titles(sections):
                skipped_section = True
            if skipped_section or (is_directive(t) and directive(t).name in leave_out):
                continue
            if is_directive(t):
                d = directive(t)
                if d.name == "solution-start":
                    gated = True
                elif d.name == "solution-end":
                    gated = False
                elif not gated and d.name not in LITERAL and d.argument and d.name != "figure":
                    words += re.findall(r"[A-Za-z0-9][\w'’-]*", d.argument)
            elif t.type == "inline" and not gated:
                words += re.findall(r"[A-Za-z0-9][\w'’-]*", inline_text(t.children, math=False))
        return words


def read_chapter(path: Path | str) -> Chapter:
    path = Path(path)
    return Chapter(path, path.read_text())


def chapter_summary(path: Path | str) -> dict:
    """What the time rule (bbb_times.py) needs of a chapter: its title, its prose words, its
    exercises (label, classes, body text), its self-check questions, and its display equations and
    figures."""
    chapter = read_chapter(path)
    checks, section, tokens = 0, "", chapter.tokens
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            section = tokens[i + 1].content.strip() if t.tag == "h2" else section
        elif section == "Self-check" and is_directive(t):
            checks += directive(t).name == "dropdown"
    return {"title": chapter.title, "words": chapter.prose_words(),
            "exercises": [(e.label, e.classes, e.text) for e in chapter.exercises()],
            "checks": checks, "display": chapter.display_items()}
