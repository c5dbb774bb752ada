"""Tests for chapters/interview.md: the milestone table, the label placement, the point matrix and
the claims map."""

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


# --- label placement (Eqs. eq-interview-placement to eq-interview-conservation) -----------------


def test_pava_matches_the_scipy_documentation_example():
    # Example from the docstring of scipy.optimize.isotonic_regression (same PAVA, Busing 2022).
    y = [1.5, 1.0, 4.0, 6.0, 5.7, 5.0, 7.8, 9.0, 7.5, 9.5, 9.0]
    expected = [1.25, 1.25, 4.0, 5.56666667, 5.56666667, 5.56666667, 7.8, 8.25, 8.25, 9.25, 9.25]
    assert ch.pool_adjacent_violators(y) == pytest.approx(expected, abs=1e-8)


def test_pava_agrees_with_scipy_on_random_data():
    from scipy.optimize import isotonic_regression

    rng = np.random.default_rng(3)
    for _ in range(20):
        y = rng.normal(size=rng.integers(1, 40))
        assert ch.pool_adjacent_violators(y) == pytest.approx(isotonic_regression(y).x, abs=1e-12)


def test_pava_leaves_sorted_data_alone():
    y = [1.0, 2.0, 2.0, 5.0]
    assert ch.pool_adjacent_violators(y).tolist() == y


def test_spread_labels_by_hand():
    # z = y - (i-1) g = [2018, 2018, 2017] for g = 1: one pool with mean 6053/3, then add the staircase.
    p = ch.spread_labels([2018, 2019, 2019], 1.0)
    base = 6053 / 3
    assert p == pytest.approx([base, base + 1, base + 2])
    assert p.sum() == pytest.approx(2018 + 2019 + 2019)


def test_spread_labels_leaves_well_separated_labels_alone():
    years = [1963, 1983, 2006]
    assert ch.spread_labels(years, 2.4).tolist() == years


def test_spread_labels_single_label_and_identical_years():
    assert ch.spread_labels([1990], 5.0).tolist() == [1990.0]
    # two labels on the same year are split symmetrically about it
    assert ch.spread_labels([2000, 2000], 2.0) == pytest.approx([1999.0, 2001.0])


def test_spread_labels_properties_on_the_chapter_data():
    years = np.array([row[0] for row in ch.MILESTONES], dtype=float)
    for gap in (0.5, 2.4, 4.0, 8.0):
        p = ch.spread_labels(years, gap)
        assert np.all(np.diff(p) >= gap - 1e-9)                 # the constraint holds
        assert p.sum() == pytest.approx(years.sum())           # Eq. eq-interview-conservation
        assert np.all(np.argsort(p, kind="stable") == np.arange(p.size))   # order kept


def test_spread_labels_is_the_constrained_least_squares_optimum():
    from scipy.optimize import minimize

    years = np.array([1990, 1992, 1996, 1999, 2002], dtype=float)
    gap = 4.0
    p = ch.spread_labels(years, gap)
    res = minimize(lambda x: np.sum((x - years) ** 2), x0=years + gap * np.arange(years.size),
                   constraints=[{"type": "ineq", "fun": lambda x: np.diff(x) - gap}], tol=1e-12)
    assert p == pytest.approx(res.x, abs=1e-5)
    assert np.sum((p - years) ** 2) <= res.fun + 1e-8


def test_spread_labels_displacement_grows_with_the_gap():
    years = np.array([row[0] for row in ch.MILESTONES], dtype=float)
    costs = [np.sum((ch.spread_labels(years, g) - years) ** 2) for g in (0.1, 1.0, 2.4, 4.0, 8.0)]
    assert all(a <= b + 1e-12 for a, b in zip(costs, costs[1:]))
    assert costs[0] == pytest.approx(0.01 * 0.5, abs=1e-9)   # only the two 2019 labels part, by 0.05 each


@pytest.mark.parametrize("years, gap, match", [
    ([2000, 1990], 1.0, "years"),
    ([], 1.0, "years"),
    ([1990, np.nan], 1.0, "years"),
    ([[1990, 2000]], 1.0, "years"),
    ([1990, 2000], 0.0, "min_gap_years"),
    ([1990, 2000], -1.0, "min_gap_years"),
    ([1990, 2000], np.inf, "min_gap_years"),
])
def test_spread_labels_rejects_bad_input(years, gap, match):
    with pytest.raises(ValueError, match=match):
        ch.spread_labels(years, gap)


def test_timeline_labels_do_not_overlap_when_drawn():
    fig = ch.draw_timeline(ch.MILESTONES)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts]
    assert len(labels) == len(ch.MILESTONES)
    boxes = [t.get_window_extent(renderer) for t in labels]
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


def test_draw_timeline_checks_its_data():
    with pytest.raises(ValueError, match="known_keys"):
        ch.draw_timeline(ch.MILESTONES, known_keys={"crone1963permeability"})
    with pytest.raises(ValueError, match="min_gap_years"):
        ch.draw_timeline(ch.MILESTONES, min_gap_years=0)


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
