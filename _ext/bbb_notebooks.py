"""Turn a chapter's MyST Markdown source into a Jupyter notebook a student can download and run.

Jupytext reads the chapter into a notebook; this module then rewrites the MyST markup that plain
Jupyter, Binder and Colab do not render into ordinary Markdown, so the notebook reads well anywhere:

- roles become text: citations -> "(Crone, 1963)", figure/equation/exercise references -> their
  numbers in the book, glossary terms and page links -> their text;
- directives become Markdown: admonitions -> a bold title, dropdowns -> <details>, math -> $$...$$,
  exercises -> "Exercise 3.2" headings, figures from files -> an embedded image attachment;
- solutions are kept (the instructor's notebook) or removed with their code cells (the student's);
- outputs are empty: the notebook is for running, and a fresh run gives the book's outputs.
A final cell lists the works the chapter cites.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<name>[\w:-]+)\})?\s*(?P<arg>.*?)\s*$")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*)$")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]+)`")
LABEL_LINE = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
# For the otter-grader assignments (bbb_assign.py): cells tagged otter-test* are a graded question's
# tests, in neither notebook; the labels below mark the cells that hold an exercise or a solution.
OTTER_TEST_TAG = "otter-test"
EXERCISE_LABEL = re.compile(r"^\s*(?:`{3,}|:{3,})\{exercise\}.*\n(?:\s*:[\w-]+:.*\n)*?\s*:label:\s*(\S+)", re.M)
SOLUTION_LABEL = re.compile(r"^\s*(?:`{3,}|:{3,})\{solution(?:-start)?\}\s+(\S+)", re.M)
GATED_LABEL = re.compile(r"^\s*(?:`{3,}|:{3,})\{solution-start\}\s+(\S+)", re.M)
ADMONITIONS = {"note", "tip", "important", "warning", "caution", "attention", "hint", "seealso",
               "danger", "error"}


@dataclass
class Context:
    """What the book knows about numbers, titles and sources, for rewriting references."""

    numbers: dict[str, str] = field(default_factory=dict)     # label -> "2.3" (figures, eqs, exercises)
    titles: dict[str, str] = field(default_factory=dict)      # label or docname -> title text
    cite_text: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (authors, year)
    references: dict[str, str] = field(default_factory=dict)  # key -> formatted reference line
    site_url: str = ""                                         # published site, for page links


def author_year(entry) -> tuple[str, str]:
    persons = entry.persons.get("author", [])
    names = [" ".join(p.last_names) or str(p) for p in persons]
    names = [re.sub(r"[{}]", "", n) for n in names]
    if not names:
        # No author: cited by its title, in italics, as the book's pages do.
        authors = "*" + re.sub(r"[{}]", "", entry.fields.get("title", "Anon.")) + "*"
    elif len(names) == 1:
        authors = names[0]
    elif len(names) == 2:
        authors = f"{names[0]} and {names[1]}"
    else:
        authors = f"{names[0]} et al."
    return authors, entry.fields.get("year", "n.d.")


def load_bibliography(path: Path) -> tuple[dict, dict]:
    from pybtex.database import parse_file

    cite_text, references = {}, {}
    for key, entry in parse_file(str(path), bib_format="bibtex").entries.items():
        authors, year = author_year(entry)
        cite_text[key] = (authors, year)
        title = re.sub(r"[{}]", "", entry.fields.get("title", ""))
        venue = re.sub(r"[{}]", "", entry.fields.get("journal", entry.fields.get("howpublished", "")))
        link = (f"https://doi.org/{entry.fields['doi']}" if "doi" in entry.fields
                else entry.fields.get("url", ""))
        references[key] = f"{authors} ({year}). {title}. *{venue}*. {link}".replace(" .", ".").strip()
    return cite_text, references


def _rewrite_roles(text: str, ctx: Context, cited: list[str]) -> str:
    def target_and_text(body: str) -> tuple[str, str | None]:
        match = re.match(r"^(?P<text>.*?)\s*<(?P<target>[^>]+)>$", body)
        return (match["target"], match["text"]) if match else (body, None)

    def replace(match: re.Match) -> str:
        role, body = match["role"], match["body"]
        if role.startswith("cite"):
            keys = [k.strip() for k in body.split(",")]
            cited.extend(k for k in keys if k not in cited)
            parts = [ctx.cite_text.get(k, (k, "")) for k in keys]
            if role == "cite:t":
                return "; ".join(f"{a} ({y})" for a, y in parts)
            return "(" + "; ".join(f"{a}, {y}" for a, y in parts) + ")"
        target, shown = target_and_text(body)
        if role in ("numref", "eq"):
            number = ctx.numbers.get(target)
            if role == "eq":
                return f"({number})" if number else shown or target
            if shown and number:
                return shown.replace("%s", number).replace("{number}", number)
            kind = "Fig." if target.startswith("fig-") else "Table" if target.startswith("tbl-") else ""
            return f"{kind} {number}".strip() if number else shown or target
        if role in ("doc", "ref"):
            return shown or ctx.titles.get(target.split("/")[-1], ctx.titles.get(target, target))
        if role == "math":
            return f"${body}$"
        return shown or body  # any other role (term, abbr, sub, sup, code, kbd, ...): its text

    return ROLE.sub(replace, text)


def _attachment_for(image: Path) -> tuple[str, dict] | None:
    if not image.exists():
        return None
    mime = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    return image.name, {mime: base64.b64encode(image.read_bytes()).decode("ascii")}


class Converter:
    """Rewrites the cells of one chapter. `solutions` keeps or drops every solution."""

    def __init__(self, source: Path, ctx: Context, *, solutions: bool, substitutions: dict | None = None):
        self.source, self.ctx, self.solutions = source, ctx, solutions
        self.substitutions = substitutions or {}
        self.cited: list[str] = []
        self.in_gated_solution = False

    def markdown(self, text: str) -> tuple[str, dict]:
        """Rewrite one Markdown cell; returns (text, attachments)."""
        out: list[str] = []
        attachments: dict = {}
        stack: list[tuple[str, str]] = []  # (fence, action) of open directives
        lines = text.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            match = FENCE.match(line)
            # Gated solutions span cells: drop (student) or keep everything until solution-end.
            if match and match["name"] == "solution-end":
                self.in_gated_solution = False
                i = self._skip_options(lines, i + 1)
                i = self._skip_closing(lines, i, match["fence"])
                continue
            if self.in_gated_solution and not self.solutions:
                i += 1
                continue
            if match and match["name"]:
                name, arg, fence = match["name"], match["arg"], match["fence"]
                options, j = self._options(lines, i + 1)
                if name == "solution-start":
                    self.in_gated_solution = True
                    i = self._skip_closing(lines, j, fence)
                    if self.solutions:
                        out.append(f"**Solution to Exercise {self.ctx.numbers.get(arg, '')}**".replace(" **", "**"))
                        out.append("")
                    continue
                if name == "solution" and not self.solutions:
                    i = self._skip_block(lines, j, fence)
                    continue
                out.extend(self._open(name, arg, options, attachments))
                stack.append((fence, name))
                i = j
                continue
            if stack and match and not match["name"] and not match["arg"] and match["fence"] == stack[-1][0]:
                fence, name = stack.pop()
                out.extend(self._close(name))
                i += 1
                continue
            if LABEL_LINE.match(line) or line.lstrip().startswith("% "):
                i += 1
                continue
            out.append(_rewrite_roles(line, self.ctx, self.cited))
            i += 1
        return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n"), attachments

    # -- directive helpers ---------------------------------------------------------------

    @staticmethod
    def _options(lines: list[str], i: int) -> tuple[dict, int]:
        options = {}
        while i < len(lines) and OPTION.match(lines[i]):
            m = OPTION.match(lines[i])
            options[m["key"]] = m["value"]
            i += 1
        return options, i

    def _skip_options(self, lines, i):
        return self._options(lines, i)[1]

    @staticmethod
    def _skip_closing(lines, i, fence):
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i < len(lines) and lines[i].strip() == fence:
            i += 1
        return i

    @staticmethod
    def _skip_block(lines, i, fence):
        depth = 1
        while i < len(lines):
            m = FENCE.match(lines[i])
            if m and m["fence"] == fence:
                depth += 1 if m["name"] else -1
                if depth == 0:
                    return i + 1
            i += 1
        return i

    def _open(self, name: str, arg: str, options: dict, attachments: dict) -> list[str]:
        arg = _rewrite_roles(arg, self.ctx, self.cited)
        label = options.get("label") or options.get("name", "")
        if name == "exercise":
            number = self.ctx.numbers.get(label, "")
            return [f"**Exercise {number}**" + (f" ({arg})" if arg else ""), ""]
        if name == "solution":
            return [f"**Solution to Exercise {self.ctx.numbers.get(arg, '')}**", ""]
        if name == "dropdown":
            return [f"<details><summary>{arg}</summary>", ""]
        if name == "math":
            number = self.ctx.numbers.get(label)
            return ["$$"] if not number else [f"$$ \\tag{{{number}}}"]
        if name == "figure":
            image = (self.source.parent / arg).resolve()
            alt = options.get("alt", "")
            number = self.ctx.numbers.get(options.get("name", ""), "")
            if image.suffix in ("", ".*"):
                image = next(iter(sorted(image.parent.glob(image.stem + ".svg"))), image)
            found = _attachment_for(image)
            lines = [f"**Fig. {number}**" if number else ""]
            if found:
                attachments[found[0]] = found[1]
                lines.append(f"![{alt}](attachment:{found[0]})")
            return lines + [""]
        if name == "admonition":
            return [f"**{arg}**", ""]
        if name in ADMONITIONS:
            return [f"**{name.capitalize()}.** {arg}".rstrip(), ""]
        # Any other directive (tables, glossary, cards, tabs, margins, ...): its title, if it has one.
        return [f"**{arg}**", ""] if arg else []

    @staticmethod
    def _close(name: str) -> list[str]:
        if name == "dropdown":
            return ["", "</details>"]
        if name == "math":
            return ["$$"]
        return [""]

    # -- whole notebook ----------------------------------------------------------------------

    def convert(self, header: str) -> nbformat.NotebookNode:
        nb = jupytext.read(self.source)
        cells = []
        gated_label = ""
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                source = cell.source
                for token, value in self.substitutions.items():
                    source = source.replace(token, value)
                text, attachments = self.markdown(source)
                # -- For the otter-grader assignments (bbb_assign.py): which exercise a cell holds,
                # -- and which solution. One place; keep when rewriting this module.
                exercises = EXERCISE_LABEL.findall(source)
                solutions = SOLUTION_LABEL.findall(source)
                gated_label = (GATED_LABEL.findall(source) or [gated_label])[-1]
                if text.strip():
                    new = nbformat.v4.new_markdown_cell(text)
                    if attachments:
                        new.attachments = attachments
                    if exercises:  # the last exercise the cell opens (a solution may follow it)
                        new.metadata["bbb"] = {"exercise": exercises[-1]}
                    elif solutions and self.solutions:
                        new.metadata["bbb"] = {"solution": solutions[-1]}
                    cells.append(new)
            elif cell.cell_type == "code":
                if self.in_gated_solution and not self.solutions:
                    continue
                tags = cell.metadata.get("tags", [])
                if any(tag.startswith(OTTER_TEST_TAG) for tag in tags):
                    continue  # a graded question's test: only in the assignments (bbb_assign.py)
                new = nbformat.v4.new_code_cell(cell.source)
                if tags:
                    new.metadata["tags"] = tags
                if self.in_gated_solution:
                    new.metadata["bbb"] = {"solution": gated_label}
                cells.append(new)
        cells.insert(0, nbformat.v4.new_markdown_cell(header))
        if self.cited:
            lines = ["## References", ""] + [f"- {self.ctx.references.get(k, k)}" for k in sorted(
                self.cited, key=lambda k: self.ctx.references.get(k, k))]
            cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
        out = nbformat.v4.new_notebook(cells=cells)
        out.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                        "language_info": {"name": "python"}}
        nbformat.validate(out)
        return out


def chapter_notebook(source: Path, ctx: Context, *, solutions: bool, header: str,
                     substitutions: dict | None = None) -> nbformat.NotebookNode:
    return Converter(source, ctx, solutions=solutions, substitutions=substitutions).convert(header)
