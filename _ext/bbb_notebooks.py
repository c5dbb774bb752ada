"""Turn a chapter's MyST Markdown source into a Jupyter notebook a student can download and run.

How, and why this way (issue 18). Two maintained converters were looked at first:
- sphinx-tojupyter (QuantEcon) is a Sphinx *builder* (`-b jupyter`): a second build of the whole
  book, run next to the HTML one, whose own coverage notes list `:::` colon fences (which every
  exercise here uses) as missing, nested directives as split into several cells and sphinx-exercise's
  directives as untested; it also re-runs nothing the HTML build has resolved for us.
- myst-nb reads notebooks into Sphinx and writes the *executed* notebook (jupyter_execute/), whose
  Markdown cells are still MyST: it has no writer of plain Jupyter Markdown.
So the notebook is made here, from the parsed document: jupytext splits the chapter into cells, as
the build does; each Markdown cell is parsed by the book's one MyST reader (bbb_myst.py, myst-parser's
markdown-it tokens) and rendered from those tokens to the Markdown that Jupyter, Binder and Colab
show; what only the Sphinx build knows (numbers of figures, tables, equations, exercises and
sections, titles, the bibliography) comes in a `Context` (bbb_editions.book_context). No regular
expression reads MyST here.

What a notebook holds:
- roles become text: citations -> "[Crone, 1963]", "Crone [1963]" as on the pages, in Unicode; references ->
  "Fig. 3.2", "Table 4.1", "Eq. (3.4)", "Exercise 3.5", "Section 3.2"; terms and links -> their text;
- directives become Markdown: admonitions -> a bold title, dropdowns -> <details>, math -> $$...$$
  with \\tag{N.M}, exercises -> "**Exercise 3.2** (title)", figures and tables -> "**Figure 3.2.**
  caption" (after the cell that draws the figure, or after the image, attached to the notebook);
- solutions are kept (the instructor's notebook) or removed with their code cells (the student's);
  cells made from an exercise carry metadata bbb = {"exercise": label}, solution cells
  {"solution": label}; cells tagged otter-test* are left out of both editions;
- outputs are empty: the notebook is for running, and a fresh run gives the book's outputs.
A final cell lists the works the chapter cites.
"""

from __future__ import annotations

import base64
import codecs
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import nbformat
from markdown_it.tree import SyntaxTreeNode

import bbb_myst

ADMONITIONS = {"note", "tip", "important", "warning", "caution", "attention", "hint", "seealso",
               "danger", "error"}
KINDS = {"fig": "Fig.", "tbl": "Table", "eq": "Eq.", "ex": "Exercise"}
ESCAPE = str.maketrans({c: "\\" + c for c in "\\*_`[]<$|"})


@dataclass
class Context:
    """What the book knows about numbers, titles and sources, for rewriting references."""

    numbers: dict[str, str] = field(default_factory=dict)     # label -> "2.3" (figures, eqs, exercises)
    titles: dict[str, str] = field(default_factory=dict)      # label or docname -> title text
    cite_text: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (authors, year)
    references: dict[str, str] = field(default_factory=dict)  # key -> formatted reference (Markdown)
    site_url: str = ""                                         # published site, for page links
    sections: dict[str, str] = field(default_factory=dict)    # section label -> "3.2"
    docs: dict[str, str] = field(default_factory=dict)        # label -> the page it is on ("anatomy")
    headings: dict[tuple[str, str], str] = field(default_factory=dict)  # (page, heading_key) -> "3.2"


# --- the bibliography ---------------------------------------------------------------------------


def unlatex(text: str) -> str:
    """BibTeX text as Unicode: accents decoded (Herv\\'e -> Hervé), braces dropped, -- as a dash."""
    return codecs.decode(text, "ulatex").replace("{", "").replace("}", "")


def author_year(entry) -> tuple[str, str]:
    # An edited book with no author is cited by its editors, as sphinxcontrib-bibtex does on the pages.
    persons = entry.persons.get("author") or entry.persons.get("editor", [])
    names = [unlatex(" ".join(p.last_names) or str(p)) for p in persons]
    if "others" in names:  # "and others" in BibTeX: more authors than listed
        names = [n for n in names if n != "others"] + ["", ""]
    if not names:
        # No author: cited by its title, in italics, as the book's pages do.
        authors = "*" + unlatex(entry.fields.get("title", "Anon.")) + "*"
    elif len(names) == 1:
        authors = names[0]
    elif len(names) == 2:
        authors = f"{names[0]} and {names[1]}"
    else:
        authors = f"{names[0]} et al."
    return authors, entry.fields.get("year", "n.d.")


def load_bibliography(path: Path) -> tuple[dict, dict]:
    """(key -> (authors, year), key -> reference) of a .bib file; each reference formatted by
    pybtex's "plain" style, as sphinxcontrib-bibtex formats the book's bibliography page, in
    Markdown."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    data = parse_file(str(path), bib_format="bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "markdown")()
    cite_text, references = {}, {}
    # In the style's order (plain: by the authors' family names, then year and title), as on the
    # bibliography page: a reader looks "[Pardridge, 2005]" up under P.
    for entry in style.format_entries(style.sort(data.entries.values())):
        cite_text[entry.key] = author_year(data.entries[entry.key])
        text = entry.text.render(backend).replace("\\", "")  # the backend escapes . , ( ) as \. \, ...
        references[entry.key] = " ".join(text.split())
    return cite_text, references


# --- Markdown from tokens -----------------------------------------------------------------------


def _attachment_for(image: Path) -> tuple[str, dict] | None:
    if not image.exists():
        return None
    mime = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    return image.name, {mime: base64.b64encode(image.read_bytes()).decode("ascii")}


def heading_key(title: str) -> str:
    """A heading's title reduced to letters and digits, so that the table of contents' text of a
    title with math ("K_\\mathrm{p}") and the notebook's ("$K_\\mathrm{p}$") meet."""
    return "".join(ch for ch in title.lower() if ch.isalnum())


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def display_math(tex: str, number: str | None) -> str:
    """A display formula as MathJax reads it: rows (\\\\) outside any environment are put in an
    aligned (with &) or gathered environment; the number as \\tag."""
    tex = tex.strip()
    if "\\\\" in tex and "\\begin" not in tex:
        env = "aligned" if "&" in tex else "gathered"
        tex = f"\\begin{{{env}}}\n{tex}\n\\end{{{env}}}"
    tag = f" \\tag{{{number}}}" if number else ""
    return f"$$\n{tex}{tag}\n$$"


class Renderer:
    """Renders the tokens of one chapter's Markdown cells as Jupyter Markdown. `solutions` keeps or
    drops every solution."""

    def __init__(self, source: Path, ctx: Context, *, solutions: bool):
        self.source, self.ctx, self.solutions = source, ctx, solutions
        self.cited: list[str] = []
        self.attachments: dict = {}

    # -- inline ------------------------------------------------------------------------------

    def inline(self, children, *, html: bool = False) -> str:
        """Inline tokens as Markdown, or (html=True) as the HTML that an HTML block such as
        <summary> needs, where Markdown is not read."""
        out = []
        children = children or []
        for i, t in enumerate(children):
            if t.type == "text":
                out.append(escape_html(t.content) if html else t.content.translate(ESCAPE))
            elif t.type == "softbreak":
                out.append(" " if html else "\n")
            elif t.type == "hardbreak":
                out.append("<br>" if html else "\\\n")
            elif t.type in ("strong_open", "strong_close"):
                out.append(("<b>" if t.nesting > 0 else "</b>") if html else "**")
            elif t.type in ("em_open", "em_close"):
                out.append(("<i>" if t.nesting > 0 else "</i>") if html else "*")
            elif t.type == "code_inline" and html:
                out.append(f"<code>{escape_html(t.content)}</code>")
            elif t.type == "code_inline":
                tick = "``" if "`" in t.content else "`"
                out.append(f"{tick}{t.content}{tick}")
            elif t.type == "math_inline":
                out.append(f"${escape_html(t.content) if html else t.content}$")
            elif t.type == "math_inline_double":
                out.append(f"$${t.content}$$")
            elif t.type == "link_open":
                self._link = t.attrs.get("href", "")
                out.append("[" if "://" in self._link else "")
            elif t.type == "link_close":
                out.append(f"]({self._link})" if "://" in self._link else "")
            elif t.type == "image":
                out.append(f"![{bbb_myst.inline_text(t.children)}]({t.attrs.get('src', '')})")
            elif t.type == "html_inline":
                out.append(t.content)
            elif t.type == "myst_role":
                before = children[i - 1].content if i and children[i - 1].type == "text" else ""
                after = children[i + 1].content if i + 1 < len(children) and children[i + 1].type == "text" else ""
                text = self.role(bbb_myst.role(t), in_parentheses=before.endswith("(") and after.startswith(")"))
                out.append(escape_html(text.replace("\\", "")) if html and not text.startswith("$") else text)
            elif t.type.startswith("substitution"):
                out.append(t.content)
        return "".join(out)

    def text(self, markdown: str, *, html: bool = False) -> str:
        """One line of MyST Markdown (a directive's argument) as Jupyter Markdown (or HTML)."""
        inline = next((t for t in bbb_myst.parse(markdown) if t.type == "inline"), None)
        return self.inline(inline.children, html=html).replace("\n", " ") if inline else ""

    def number(self, label: str) -> str:
        return self.ctx.numbers.get(label, "")

    def reference(self, label: str, *, in_parentheses: bool = False) -> str | None:
        """ "Fig. 3.2", "Table 4.1", "Eq. (3.4)", "Exercise 3.5", "Section 3.2", or None if unknown."""
        kind = KINDS.get(label.split("-", 1)[0])
        number = self.number(label)
        found = None
        if kind and number:
            found = f"Eq. ({number})" if kind == "Eq." and not in_parentheses else f"{kind} {number}"
        elif label in self.ctx.sections:
            found = f"Section {self.ctx.sections[label]}"
        # On another page: say which, since this notebook does not hold it.
        page = self.ctx.docs.get(label)
        if found and page and page != self.source.stem:
            found += f" of the chapter “{self.ctx.titles.get(page, page)}”"
        return found

    def role(self, r: bbb_myst.Role, *, in_parentheses: bool = False) -> str:
        if r.name.startswith("cite"):
            keys = [k.strip() for k in r.content.split(",")]
            self.cited.extend(k for k in keys if k not in self.cited)
            parts = [self.ctx.cite_text.get(k, (k, "")) for k in keys]
            # As sphinxcontrib-bibtex's author_year style writes them on the pages.
            if r.name == "cite:t":
                return ", ".join(f"{a} [{y}]" for a, y in parts)
            return "[" + ", ".join(f"{a}, {y}" for a, y in parts) + "]"
        if r.name == "math":
            return f"${r.content}$"
        target, shown = r.target, r.text
        if r.name in ("numref", "eq", "ref"):
            if shown and r.name == "numref":
                return shown.replace("%s", self.number(target)).replace("{number}", self.number(target))
            if shown:
                return shown.translate(ESCAPE)
            found = self.reference(target, in_parentheses=in_parentheses)
            if found:
                return found
            title = self.ctx.titles.get(target)
            return f"“{title}”" if title else target
        if r.name == "doc":
            # Another chapter, by its title in quotes, so that it does not run into the sentence.
            if shown:
                return shown.translate(ESCAPE)
            return f"“{self.ctx.titles.get(target.split('/')[-1], target)}”".translate(ESCAPE)
        # any other role (term, abbr, sub, sup, code, kbd, ...): its text
        return (shown if shown is not None else r.content).translate(ESCAPE)

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, tokens) -> list[tuple[str, dict]]:
        """Render tokens as a list of (Markdown, metadata) chunks; exercises and solutions are chunks
        of their own (they become cells of their own), everything else a chunk with no metadata."""
        chunks: list[tuple[str, dict]] = []
        node = SyntaxTreeNode(tokens)
        for child in node.children:
            token = child.token or child.nester_tokens.opening
            if bbb_myst.is_directive(token):
                d = bbb_myst.directive(token)
                if d.name == "exercise":
                    chunks.append((self.exercise(d), {"bbb": {"exercise": d.label}}))
                    continue
                if d.name == "solution":
                    if self.solutions:
                        chunks.append((self.solution(d.argument, d.children), {"bbb": {"solution": d.argument}}))
                    continue
            text = "\n".join(self.node(child))
            if text.strip():
                chunks.append((text, {}))
        return chunks

    def markdown(self, tokens) -> str:
        return "\n\n".join(text for text, _ in self.blocks(tokens))

    def exercise(self, d: bbb_myst.Directive) -> str:
        title = self.text(d.argument) if d.argument else ""
        head = f"**Exercise {self.number(d.label)}**".replace(" **", "**") + (f" ({title})" if title else "")
        return head + "\n\n" + self.markdown(d.children)

    def solution(self, label: str, children) -> str:
        head = f"**Solution to Exercise {self.number(label)}**".replace(" **", "**")
        body = self.markdown(children)
        return head + ("\n\n" + body if body else "")

    def node(self, node) -> list[str]:
        """The Markdown lines of one block node."""
        t = node.type
        if t == "paragraph":
            return self.inline(node.children[0].token.children).split("\n")
        if t == "inline":
            return self.inline(node.token.children).split("\n")
        if t == "heading":
            # Numbered as on the pages ("## 3.2. The routes across"), so "Section 3.2" can be found.
            title = self.inline(node.children[0].token.children)
            number = self.ctx.headings.get((self.source.stem, heading_key(title)))
            return [f"{'#' * int(node.tag[1])} {number + '. ' if number else ''}{title}"]
        if t in ("bullet_list", "ordered_list"):
            return self.list(node)
        if t == "blockquote":
            return ["> " + line if line else ">" for line in self.join(node.children)]
        if t == "table":
            return self.table(node)
        if t in ("fence", "colon_fence"):
            d = bbb_myst.directive(node.token)
            if d is None:
                return [f"```{node.token.info}", *node.token.content.rstrip("\n").split("\n"), "```"]
            return self.directive(d)
        if t == "code_block":
            return ["```", *node.token.content.rstrip("\n").split("\n"), "```"]
        if t in ("math_block", "math_block_label", "amsmath"):
            label = node.token.info if t == "math_block_label" else ""
            return display_math(node.token.content, self.number(label) or None).split("\n")
        if t == "hr":
            return ["---"]
        if t == "html_block":
            return node.token.content.rstrip("\n").split("\n")
        if t == "dl":
            lines = []
            for item in node.children:
                if item.type == "dt":
                    lines += ["", f"**{self.inline(item.children[0].token.children)}**"]
                else:
                    lines += [""] + self.join(item.children)
            return lines[1:]
        # targets (labels), comments, front matter: nothing to show
        return []

    def join(self, nodes) -> list[str]:
        lines: list[str] = []
        for n in nodes:
            rendered = self.node(n)
            if rendered:
                lines += ([""] if lines else []) + rendered
        return lines

    def list(self, node) -> list[str]:
        lines = []
        start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
        for n, item in enumerate(node.children):
            marker = f"{start + n}. " if node.type == "ordered_list" else "- "
            body = self.join(item.children)
            if not body:
                body = [""]
            lines.append(marker + body[0])
            lines += [" " * len(marker) + line if line else "" for line in body[1:]]
        return lines

    def table(self, node) -> list[str]:
        rows = []
        aligns = []
        for section in node.children:
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    text = self.inline(cell.children[0].token.children) if cell.children else ""
                    cells.append(text.replace("\n", " "))
                    if section.type == "thead":
                        style = str(cell.attrs.get("style", ""))
                        aligns.append(":---:" if "center" in style else "---:" if "right" in style else "---")
                rows.append("| " + " | ".join(cells) + " |")
                if section.type == "thead":
                    rows.append("|" + "|".join(aligns) + "|")
        return rows

    def list_table(self, d: bbb_myst.Directive) -> list[str]:
        rows = []
        outer = SyntaxTreeNode(d.children).children
        for item in (outer[0].children if outer else []):
            inner = next((c for c in item.children if c.type == "bullet_list"), None)
            cells = [" ".join(self.join(cell.children)).replace("\n", " ") for cell in (inner.children if inner else [])]
            rows.append("| " + " | ".join(cells) + " |")
        header_rows = int(d.options.get("header-rows", 0) or 0)
        if rows:
            width = rows[0].count(" | ") + 1
            separator = "|" + "|".join(["---"] * width) + "|"
            if header_rows:
                rows.insert(header_rows, separator)
            else:
                rows = ["|" + "|".join([" "] * width) + "|", separator] + rows
        return rows

    def directive(self, d: bbb_myst.Directive) -> list[str]:
        name = d.name
        arg = self.text(d.argument) if d.argument and name not in (
            "figure", "solution", "solution-start", "code-cell", "math") else ""
        if name == "math":
            return display_math(d.body, self.number(d.label) or None).split("\n")
        if name == "figure":
            image = (self.source.parent / d.argument).resolve()
            if image.suffix in ("", ".*"):
                # PNG first: JupyterLab does not show SVG attachments in Markdown cells
                # (jupyterlab/jupyterlab#10464), so an SVG is attached only when there is no PNG.
                image = next(iter([*sorted(image.parent.glob(image.stem + ".png")),
                                   *sorted(image.parent.glob(image.stem + ".svg"))]), image)
            found = _attachment_for(image)
            lines = []
            if found:
                self.attachments[found[0]] = found[1]
                lines.append(f"![{d.options.get('alt', '')}](attachment:{found[0]})")
            caption = self.markdown(d.children)
            return lines + ["", self.caption("Figure", d.label, caption)]
        if name in ("table", "list-table"):
            body = self.list_table(d) if name == "list-table" else self.join(SyntaxTreeNode(d.children).children)
            return [self.caption("Table", d.label, arg), ""] + body
        if name == "dropdown":
            summary = self.text(d.argument, html=True)
            return [f"<details><summary>{summary}</summary>", "", self.markdown(d.children), "", "</details>"]
        # An admonition is a box on the page; in a notebook, a quoted block (a bar down its side) with
        # its title at the top, so that the title reads as the box's and not as an empty heading.
        if name == "admonition":
            return self.quoted([f"**{arg}**", "", self.markdown(d.children)])
        if name in ADMONITIONS:
            return self.quoted([f"**{name.capitalize()}.** {arg}".rstrip(), "", self.markdown(d.children)])
        if name in ("bibliography", "code-cell", "solution-start", "solution-end", "toctree", "glossary"):
            return []
        # Any other directive (cards, tabs, margins, ...): its title, if it has one, and its body.
        return ([f"**{arg}**", ""] if arg else []) + ([self.markdown(d.children)] if d.children else [])

    @staticmethod
    def quoted(blocks: list[str]) -> list[str]:
        lines = "\n".join(blocks).split("\n")
        return ["> " + line if line else ">" for line in lines]

    def caption(self, kind: str, label: str, text: str) -> str:
        number = self.number(label)
        head = f"**{kind} {number}.**" if number else f"**{kind}.**"
        return f"{head} {text}".strip()

    def figure_caption(self, cell) -> str | None:
        """The caption of the figure a code cell draws (its mystnb figure metadata), numbered."""
        figure = (cell.metadata.get("mystnb") or {}).get("figure") or {}
        if not figure.get("name"):
            return None
        caption = self.markdown(bbb_myst.parse(str(figure.get("caption", ""))))
        return self.caption("Figure", figure["name"], caption)


# --- the whole notebook ---------------------------------------------------------------------------


# The pages show each figure as SVG (sharp, small). JupyterLab 4 shows an SVG output at its own width,
# wider than the window for the three-panel figures (cut off at the right edge), but shrinks a PNG to
# fit; so a notebook asks for PNG at twice the resolution ("retina").
PAGE_FIGURES = '%config InlineBackend.figure_formats = ["svg", "png"]'
NOTEBOOK_FIGURES = ('# In a notebook, PNG at double resolution: JupyterLab shrinks it to the window, which it does\n'
                    '# not do for SVG (the book\'s pages show the figures as SVG).\n'
                    '%config InlineBackend.figure_formats = ["retina"]')


def notebook_code(source: str) -> str:
    """A code cell of the page as the notebook runs it: the figure format is the only difference."""
    return source.replace(PAGE_FIGURES, NOTEBOOK_FIGURES)


def _markdown_cell(text: str, metadata: dict, attachments: dict | None = None):
    cell = nbformat.v4.new_markdown_cell(text)
    if metadata:
        cell.metadata.update(metadata)
    if attachments:
        cell.attachments = attachments
    return cell


def convert(source: Path, ctx: Context, *, solutions: bool, header: str,
            substitutions: dict | None = None) -> nbformat.NotebookNode:
    nb = jupytext.read(source)
    renderer = Renderer(source, ctx, solutions=solutions)
    cells = [nbformat.v4.new_markdown_cell(header)]
    gated: str | None = None  # the exercise whose gated solution (solution-start ... -end) is open
    for cell in nb.cells:
        if cell.cell_type == "code":
            tags = list(cell.metadata.get("tags", []))
            if any(tag.startswith("otter-test") for tag in tags):
                continue
            if gated and not solutions:
                continue
            new = nbformat.v4.new_code_cell(notebook_code(cell.source))
            if tags:
                new.metadata["tags"] = tags
            if gated:
                new.metadata["bbb"] = {"solution": gated}
            cells.append(new)
            caption = renderer.figure_caption(cell)
            if caption:
                cells.append(_markdown_cell(caption, {"bbb": {"solution": gated}} if gated else {}))
            continue
        if cell.cell_type != "markdown":
            continue
        text = cell.source
        for token, value in (substitutions or {}).items():
            text = text.replace(token, value)
        # Split the cell where a gated solution opens or closes: what lies between belongs to it.
        pending: list = []
        renderer.attachments = {}
        for token in _top_level(bbb_myst.parse(text)):
            d = bbb_myst.directive(token[0]) if bbb_myst.is_directive(token[0]) else None
            if d and d.name == "solution-start":
                flush_with_attachments(renderer, pending, cells, gated, solutions)
                gated = d.argument
                if solutions:
                    cells.append(_markdown_cell(renderer.solution(gated, []), {"bbb": {"solution": gated}}))
            elif d and d.name == "solution-end":
                flush_with_attachments(renderer, pending, cells, gated, solutions)
                gated = None
            else:
                pending.extend(token)
        flush_with_attachments(renderer, pending, cells, gated, solutions)
    if renderer.cited:
        order = {key: rank for rank, key in enumerate(ctx.references)}  # the bibliography's order
        lines = ["## References", ""] + [f"- {ctx.references.get(k, k)}" for k in sorted(
            renderer.cited, key=lambda k: (order.get(k, len(order)), k))]
        cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                    "language_info": {"name": "python"}}
    nbformat.validate(out)
    return out


def flush_with_attachments(renderer: Renderer, pending: list, cells: list, gated: str | None,
                           solutions: bool) -> None:
    """Render the pending tokens of a cell into cells; images found on the way are attached to the
    cell that shows them."""
    if not pending:
        return
    if gated and not solutions:
        # Not rendered at all, so that what only a solution cites stays out of the reference list.
        pending.clear()
        return
    merged: list[tuple[str, dict]] = []  # consecutive chunks with the same metadata: one cell
    for chunk, meta in renderer.blocks(pending):
        if gated:
            meta = meta or {"bbb": {"solution": gated}}
        if merged and merged[-1][1] == meta and "exercise" not in meta.get("bbb", {}):
            merged[-1] = (merged[-1][0] + "\n\n" + chunk, meta)
        else:
            merged.append((chunk, meta))
    for chunk, meta in merged:
        attachments = {name: data for name, data in renderer.attachments.items()
                       if f"(attachment:{name})" in chunk}
        cells.append(_markdown_cell(chunk, meta, attachments))
    renderer.attachments = {}
    pending.clear()


def _top_level(tokens) -> list[list]:
    """The tokens grouped by top-level block (an opening token with all it holds)."""
    groups, depth = [], 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
    return groups


def chapter_notebook(source: Path, ctx: Context, *, solutions: bool, header: str,
                     substitutions: dict | None = None) -> nbformat.NotebookNode:
    return convert(source, ctx, solutions=solutions, header=header, substitutions=substitutions)
