"""Tests for chapters/interview.md: the milestone table, the timeline's label rows, the point matrix
and the claims map."""

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from pybtex.database import parse_file  # noqa: E402

from bookutils import ROOT, chapter_names, load_chapter  # noqa: E402

ch = load_chapter("interview")
TEXT = (ROOT / "chapters" / "interview.md").read_text()


def bib_keys() -> set[str]:
    return set(parse_file(str(ROOT / "references.bib"), bib_format="bibtex").entries)


# --- the milestone table ------------------------------------------------------------------------


def test_milestone_years_are_sorted_and_span_1963_to_the_interview():
    years = [row[0] for row in ch.MILESTONES]
    assert years == sorted(years)
    assert years[0] == 1963                          # Crone's indicator-diffusion paper
    assert ch.MILESTONES[-1][0] == 2019
    assert ch.MILESTONES[-1][3] == "neurologylive2019hillert"


def test_every_milestone_key_is_a_real_bibliography_entry_with_that_year():
    entries = parse_file(str(ROOT / "references.bib"), bib_format="bibtex").entries
    for year, _, _, key in ch.MILESTONES:
        assert key in entries, f"{key} is not in references.bib"
        assert int(entries[key].fields["year"]) == year, f"{key}: table says {year}"
    # and the chapter's own check agrees when given the bibliography
    ch.check_milestones(ch.MILESTONES, known_keys=bib_keys())


def test_every_milestone_key_is_cited_in_the_chapter():
    for _, _, _, key in ch.MILESTONES:
        assert re.search(r"\{cite:[pt]\}`[^`]*\b" + key + r"\b", TEXT), f"{key} is not cited in the prose"


def test_check_milestones_returns_the_years():
    years = ch.check_milestones(ch.MILESTONES)
    assert years.tolist() == [float(row[0]) for row in ch.MILESTONES]


@pytest.mark.parametrize("row, kwargs, match", [
    ((2020, "trial", "after the interview", "kappos2020contribution"), {}, "last_year"),
    ((1863, "method", "typing error", "crone1963permeability"), {}, "first_year"),
    ((2019, "rumour", "unknown kind", "neurologylive2019hillert"), {}, "kind"),
    ((2019, "review", "", "neurologylive2019hillert"), {}, "event"),
    ((2019, "review", "bad key", "Lassmann 2019"), {}, "key"),
    ((2019, "review", "not in the bibliography", "nobody2019nothing"), {"known_keys": {"a2000b"}}, "known_keys"),
    ((2019.5, "review", "half a year", "neurologylive2019hillert"), {}, "year"),
])
def test_check_milestones_rejects_bad_rows(row, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ch.check_milestones([row], **kwargs)


def test_check_milestones_rejects_rows_out_of_order():
    with pytest.raises(ValueError, match="rows must be in time order"):
        ch.check_milestones(list(reversed(ch.MILESTONES)))


def test_check_milestones_rejects_empty_and_malformed_tables_and_bad_ranges():
    with pytest.raises(ValueError, match="rows"):
        ch.check_milestones([])
    with pytest.raises(ValueError, match="rows"):
        ch.check_milestones([(2019, "review", "three fields only")])
    with pytest.raises(ValueError, match="first_year"):
        ch.check_milestones(ch.MILESTONES, first_year=2019, last_year=2019)


def test_range_is_inclusive_at_both_ends():
    row = [(1900, "method", "edge", "someone1900thing"), (2019, "interview", "edge", "someone2019thing")]
    assert ch.check_milestones(row).tolist() == [1900.0, 2019.0]


# --- label rows (Eq. eq-interview-rows) ----------------------------------------------------------


def chapter_years() -> np.ndarray:
    return np.array([row[0] for row in ch.MILESTONES], dtype=float)


def test_label_positions_by_hand():
    # y_1 = 1990, y_n = 2000, n = 3: d = 10 / 2 = 5, so p = 1990, 1995, 2000.
    assert ch.label_positions([1990, 1991, 2000]).tolist() == [1990.0, 1995.0, 2000.0]
    # crowded years still get evenly spaced rows: d = (2019 - 2018) / 3
    assert ch.label_positions([2018, 2019, 2019, 2019]) == pytest.approx([2018, 2018 + 1 / 3, 2018 + 2 / 3, 2019])


def test_label_positions_of_the_chapter_data():
    p = ch.label_positions(chapter_years())
    assert p.size == len(ch.MILESTONES) == 12
    assert np.diff(p) == pytest.approx(np.full(11, 56 / 11))   # d = (2019 - 1963) / 11
    assert p[2] == pytest.approx(1963 + 2 * 56 / 11)           # the 1990 label, level with about 1973


@pytest.mark.parametrize("seed", range(5))
def test_label_positions_properties(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    years = np.sort(rng.integers(1900, 2020, size=n)).astype(float)
    years[-1] = max(years[-1], years[0] + 1)                   # the last year after the first
    p = ch.label_positions(years)
    d = (years[-1] - years[0]) / (n - 1)
    assert p[0] == years[0]                                    # first label at the first year
    assert p[-1] == pytest.approx(years[-1], abs=1e-9)          # last label at the last year
    assert np.all(np.diff(p) > 0)                              # strictly increasing: lines never cross
    assert np.diff(p) == pytest.approx(np.full(n - 1, d))      # evenly spaced
    gaps = np.abs(p[:, None] - p[None, :])[~np.eye(n, dtype=bool)]
    assert gaps.min() >= d - 1e-9                              # no two labels closer than a row spacing


def test_label_positions_single_milestone_sits_at_its_year():
    assert ch.label_positions([1990]).tolist() == [1990.0]


def test_label_positions_do_not_change_the_input():
    years = np.array([1990.0, 1995.0, 2000.0])
    ch.label_positions(years)
    assert years.tolist() == [1990.0, 1995.0, 2000.0]


@pytest.mark.parametrize("years", [
    [2000, 1990],             # out of order
    [],                       # empty
    [1990, np.nan],           # not a number
    [1990, np.inf],
    [[1990, 2000]],           # not 1-D
    [2019, 2019],             # all in one year: no room for rows
])
def test_label_positions_rejects_bad_input(years):
    with pytest.raises(ValueError, match="years"):
        ch.label_positions(years)


def label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return renderer, ax, [t.get_window_extent(renderer) for t in ax.texts]


@pytest.mark.parametrize("rows", [
    "chapter",
    [(2000 + i // 10, "laboratory", f"Crowded study number {i}", "someone2000thing") for i in range(30)],
])
def test_timeline_labels_do_not_overlap_when_drawn(rows):
    rows = ch.MILESTONES if rows == "chapter" else rows
    fig = ch.draw_timeline(rows, last_year=2019)
    renderer, ax, boxes = label_boxes(fig)
    assert len(boxes) == len(rows)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), f"labels {i} and {j} overlap"
    # the legend covers no label
    legend = ax.get_legend().get_window_extent(renderer)
    assert not any(legend.overlaps(box) for box in boxes), "the legend covers a label"
    # every label lies inside the figure
    fig_box = fig.bbox
    for box in boxes:
        assert box.x0 >= fig_box.x0 and box.x1 <= fig_box.x1
        assert box.y0 >= fig_box.y0 and box.y1 <= fig_box.y1
    plt.close(fig)


def test_timeline_markers_sit_at_the_true_years_and_labels_in_their_rows():
    fig = ch.draw_timeline(ch.MILESTONES)
    ax = fig.axes[0]
    marker_years = [c.get_offsets()[0][1] for c in ax.collections]
    assert marker_years == [row[0] for row in ch.MILESTONES]
    label_rows = [t.get_position()[1] for t in ax.texts]
    assert label_rows == pytest.approx(ch.label_positions(chapter_years()).tolist())
    assert [t.get_text()[:4] for t in ax.texts] == [str(row[0]) for row in ch.MILESTONES]   # each label starts with its year
    plt.close(fig)


def test_timeline_grows_one_row_per_milestone():
    later = ch.MILESTONES + [(2020, "trial", "Pooled trials", "kappos2020contribution")]
    short, tall = ch.draw_timeline(ch.MILESTONES), ch.draw_timeline(later, last_year=2020)
    assert tall.get_figheight() - short.get_figheight() == pytest.approx(ch.ROW_HEIGHT_IN)
    plt.close(short)
    plt.close(tall)


def test_draw_timeline_checks_its_data():
    with pytest.raises(ValueError, match="known_keys"):
        ch.draw_timeline(ch.MILESTONES, known_keys={"crone1963permeability"})
    later = ch.MILESTONES + [(2020, "trial", "Pooled trials", "kappos2020contribution")]
    with pytest.raises(ValueError, match="last_year"):
        ch.draw_timeline(later)


# --- the point-by-chapter matrix (Eq. eq-interview-coverage) ------------------------------------


def test_coverage_by_hand():
    r, k = ch.coverage([[2, 0, 1], [0, 1, 1]], ["a", "b"], ["x", "y", "z"])
    assert r.tolist() == [3, 2]
    assert k.tolist() == [2, 1, 2]


def test_coverage_of_the_chapter_matrix():
    r, k = ch.coverage(ch.POINT_MATRIX, ch.POINTS, ch.CHAPTERS)
    assert r.tolist() == [6, 4, 5, 4, 6]
    assert k.tolist() == [4, 3, 4, 4, 4, 6]
    assert r.sum() == k.sum() == np.sum(ch.POINT_MATRIX)      # both count every entry once


def test_every_point_is_unpacked_and_every_chapter_takes_one_up():
    mains = ch.main_chapters(ch.POINT_MATRIX, ch.CHAPTERS)
    assert all(mains), "a point is unpacked in no chapter"
    assert np.all(np.asarray(ch.POINT_MATRIX).max(axis=0) >= 1), "a chapter takes up no point"


def test_matrix_chapters_are_the_other_chapters_of_the_book():
    assert ch.CHAPTERS == [name for name in chapter_names() if name != "interview"]


@pytest.mark.parametrize("matrix, match", [
    ([[3, 0, 0, 0, 0, 0]] * 5, "matrix entries"),
    ([[-1, 0, 0, 0, 0, 0]] * 5, "matrix entries"),
    ([[0.5, 0, 0, 0, 0, 0]] * 5, "matrix entries"),
    ([[0, 0, 0, 0, 0]] * 5, "matrix has shape"),
    ([[0, 0, 0, 0, 0, 0]] * 4, "matrix has shape"),
])
def test_coverage_rejects_bad_matrices(matrix, match):
    with pytest.raises(ValueError, match=match):
        ch.coverage(matrix, ch.POINTS, ch.CHAPTERS)


def test_main_chapters_rejects_a_wrong_shape():
    with pytest.raises(ValueError, match="matrix"):
        ch.main_chapters([[2, 0]], ch.CHAPTERS)


# --- the claims map table --------------------------------------------------------------------------


def claims_rows() -> list[str]:
    block = re.search(r":name: tbl-interview-claims\n(.*?)\n```", TEXT, re.S)
    assert block, "the claims map table (tbl-interview-claims) is missing"
    return [line for line in block.group(1).splitlines() if re.match(r"^\|\s*P\d", line)]


def test_claims_map_links_point_at_real_chapter_files():
    rows = claims_rows()
    assert len(rows) == len(ch.POINTS) == 5
    book = set(chapter_names())
    for row in rows:
        targets = re.findall(r"\{doc\}`([^`]+)`", row)
        assert targets, f"a claims-map row links no chapter: {row[:60]}"
        for target in targets:
            assert (ROOT / "chapters" / f"{target}.md").exists(), f"{target}.md does not exist"
            assert target in book and target != "interview"


def test_claims_map_agrees_with_the_matrix_and_cites_evidence():
    mains = ch.main_chapters(ch.POINT_MATRIX, ch.CHAPTERS)
    for row, expected in zip(claims_rows(), mains):
        chapter_cell = row.rstrip().rstrip("|").rsplit("|", 1)[1]
        assert sorted(re.findall(r"\{doc\}`([^`]+)`", chapter_cell)) == sorted(expected)
        evidence_cell = row.split("|")[2]
        assert "{cite:p}" in evidence_cell, f"evidence without a citation: {evidence_cell[:60]}"


def test_the_article_references_are_cited_as_the_article_lists_them():
    entries = parse_file(str(ROOT / "references.bib"), bib_format="bibtex").entries
    assert entries["ortiz2014role"].fields["doi"] == "10.1016/j.arcmed.2014.11.013"
    assert entries["jung2018calnexin"].fields["doi"] == "10.1172/jci.insight.98410"
    assert "Satellite Symposium 5" in entries["hillert2019road"].fields["howpublished"]
    for key in ("ortiz2014role", "jung2018calnexin", "hillert2019road"):
        assert key in TEXT


def test_the_chapter_quotes_the_article_once():
    quotes = [line for line in TEXT.splitlines() if line.startswith(">") and line.strip() != ">"]
    assert len(quotes) == 2                       # the quotation and its attribution line
    assert quotes[0].count(".") == 3              # the three quoted sentences
    assert quotes[1].startswith("> — Jan Hillert, interviewed at ECTRIMS 2019")
