"""Tests for chapters/interview.md: the effect-size model (relative and absolute reduction, number
needed to treat), the milestone table and timeline, the claims map, and the article's references."""

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


def bib_entries():
    return parse_file(str(ROOT / "references.bib"), bib_format="bibtex").entries


# --- treatment_effect (Eq. eq-interview-effect) ---------------------------------------------------


def test_affirm_rates_by_hand():
    # AFFIRM year 1, adjusted annualized relapse rates 0.805 (placebo) and 0.261 (natalizumab),
    # wang2011short Table 2, whose rate ratio is 0.325: 1 - 0.325 = 0.675, the reported 68%.
    relative, absolute, nnt = ch.treatment_effect(0.805, 0.261)
    assert relative == pytest.approx(0.544 / 0.805)          # 0.6758
    assert round(relative, 2) == 0.68
    assert relative == pytest.approx(1 - 0.325, abs=0.002)   # the table's rate ratio
    assert absolute == pytest.approx(0.544)
    assert nnt == pytest.approx(1 / 0.544)                   # 1.838 patient-years per relapse avoided


def test_affirm_crude_rates_by_hand():
    # Crude rates (wang2011short Table 2): 224 relapses / 320.1 patient-years = 0.700 on placebo,
    # 157 / 652.6 = 0.241 on natalizumab. 0.700 - 0.241 = 0.459; 0.459 / 0.700 = 0.6557 (66%);
    # NNT = 1 / 0.459 = 2.179 patient-years, against 68% and 1.84 for the adjusted rates.
    assert 224 / 320.1 == pytest.approx(0.700, abs=5e-4)
    assert 157 / 652.6 == pytest.approx(0.241, abs=5e-4)
    relative, absolute, nnt = ch.treatment_effect(0.700, 0.241)
    assert absolute == pytest.approx(0.459)
    assert relative == pytest.approx(0.6557, abs=1e-4)
    assert round(relative, 2) == 0.66
    assert nnt == pytest.approx(2.179, abs=1e-3)
    adjusted = ch.treatment_effect(*ch.AFFIRM_RATES)
    assert adjusted[0] > relative and adjusted[2] < nnt        # adjustment flatters both figures


def test_freedoms_placebo_arm_by_hand():
    # FREEDOMS annualized relapse rates 0.40 (placebo) and 0.18 (fingolimod 0.5 mg), kappos2010placebo:
    # 0.22 absolute, 55% relative, NNT 4.545 patient-years.
    relative, absolute, nnt = ch.treatment_effect(0.40, 0.18)
    assert absolute == pytest.approx(0.22)
    assert relative == pytest.approx(0.55)
    assert nnt == pytest.approx(4.545, abs=1e-3)
    # A 68% reduction at FREEDOMS's placebo rate: 0.40 * 0.68 = 0.272 avoided, 1 / 0.272 = 3.676.
    _, absolute, nnt = ch.treatment_effect(0.40, 0.40 * (1 - 0.68))
    assert absolute == pytest.approx(0.272)
    assert nnt == pytest.approx(3.676, abs=1e-3)


def test_affirm_share_relapsing_by_hand():
    # 135 of 315 on placebo and 132 of 627 on natalizumab relapsed in year 1 (wang2011short Table 2):
    # 0.42857 - 0.21053 = 0.21805; NNT = 4.59; relative = 0.5088.
    relative, absolute, nnt = ch.treatment_effect(135 / 315, 132 / 627, kind="risk")
    assert absolute == pytest.approx(0.21805, abs=1e-5)
    assert nnt == pytest.approx(4.586, abs=1e-3)
    assert relative == pytest.approx(0.5088, abs=1e-4)


def test_ifnb_1993_by_hand():
    # Annual exacerbation rates 1.27 (placebo) and 0.84 (8 MIU) over 2 years (ifnb1993interferon).
    relative, absolute, nnt = ch.treatment_effect(1.27, 0.84)
    assert relative == pytest.approx(0.43 / 1.27)             # 0.3386
    assert absolute == pytest.approx(0.43)
    assert nnt == pytest.approx(2.3256, abs=1e-4)


def test_hercules_proportions_by_hand():
    # 30.7% vs 22.6% with 6-month confirmed progression (fox2025tolebrutinib): 8.1 points, NNT 12.3.
    relative, absolute, nnt = ch.treatment_effect(0.307, 0.226, kind="risk")
    assert absolute == pytest.approx(0.081)
    assert nnt == pytest.approx(12.35, abs=0.01)
    assert relative == pytest.approx(0.2638, abs=1e-4)


def test_same_relative_reduction_costs_more_treatment_at_lower_rates():
    control = np.geomspace(0.05, 2.0, 50)
    relative, absolute, nnt = ch.treatment_effect(control, control * (1 - 0.68))
    assert relative == pytest.approx(np.full(50, 0.68))
    assert np.all(np.diff(absolute) > 0)                     # absolute benefit rises with the rate
    assert np.all(np.diff(nnt) < 0)                          # NNT falls as the rate rises
    assert nnt * control == pytest.approx(np.full(50, 1 / 0.68))   # NNT = 1 / (RR * r_c)


def test_limits_no_effect_full_effect_and_harm():
    relative, absolute, nnt = ch.treatment_effect(0.8, 0.8)
    assert relative == 0 and absolute == 0 and np.isinf(nnt)
    relative, absolute, nnt = ch.treatment_effect(0.8, 0.0)
    assert relative == 1 and nnt == pytest.approx(1 / 0.8)
    relative, absolute, nnt = ch.treatment_effect(0.5, 0.6)   # more events on treatment
    assert relative < 0 and absolute < 0 and np.isinf(nnt)


def test_arrays_are_accepted_and_inputs_not_changed():
    control = np.array([0.8, 1.2])
    treated = np.array([0.4, 0.6])
    relative, absolute, nnt = ch.treatment_effect(control, treated)
    assert relative.tolist() == pytest.approx([0.5, 0.5])
    assert nnt.tolist() == pytest.approx([2.5, 1 / 0.6])
    assert control.tolist() == [0.8, 1.2] and treated.tolist() == [0.4, 0.6]


@pytest.mark.parametrize("control, treated, kind, match", [
    (-0.1, 0.2, "rate", "control"),
    (0.8, -0.2, "rate", "treated"),
    (np.nan, 0.2, "rate", "control"),
    (0.8, np.inf, "rate", "treated"),
    (0.0, 0.0, "rate", "control"),
    (1.2, 0.5, "risk", "control"),
    (0.5, 1.5, "risk", "treated"),
    ([0.8, -1.0], [0.2, 0.2], "rate", "control"),
    (0.8, 0.2, "odds", "kind"),
])
def test_treatment_effect_rejects_nonphysical_input(control, treated, kind, match):
    with pytest.raises(ValueError, match=match):
        ch.treatment_effect(control, treated, kind=kind)


def test_affirm_numbers_in_the_chapter_are_the_sources():
    assert ch.AFFIRM_RATES == (0.805, 0.261)
    assert ch.AFFIRM_RELAPSED == pytest.approx((135 / 315, 132 / 627))
    assert ch.IFNB_RATES == (1.27, 0.84)
    assert ch.AFFIRM_CRUDE == (0.700, 0.241)
    assert ch.FREEDOMS_RATES == (0.40, 0.18)


# --- the milestone table and timeline -------------------------------------------------------------


def test_milestones_are_sorted_and_span_1963_to_the_review_year():
    years = [row[0] for row in ch.MILESTONES]
    assert years == sorted(years)
    assert years[0] == 1963 and years[-1] <= 2026
    assert (2019, "interview", "Hillert interviewed at ECTRIMS 2019, Stockholm",
            "neurologylive2019hillert") in ch.MILESTONES


def test_issue_milestones_are_present():
    keys = {row[3]: row[0] for row in ch.MILESTONES}
    assert keys["reese1967fine"] == 1967                      # the barrier is in the endothelium
    assert keys["ifnb1993interferon"] == 1993                 # first-iteration drug trial
    assert keys["rudick2013natalizumab"] == 2004              # approval
    assert keys["natalizumab2005progressive"] == 2005         # suspension after PML
    assert keys["montalban2025diagnosis"] == 2025             # 2024 McDonald criteria, published 2025
    assert keys["fox2025tolebrutinib"] == 2025                # BTK-inhibitor trials
    assert keys["pujol2024endothelial"] == 2024               # the calnexin follow-up (review finding 1)
    assert keys["pharmaphorum2026data"] == 2026               # FENtrepid (review finding 3)
    kinds = {row[3]: row[1] for row in ch.MILESTONES}
    assert kinds["kappos2020contribution"] != "trial"         # a secondary analysis (review finding 2)


def test_every_milestone_key_is_a_bibliography_entry_no_older_than_the_event():
    entries = bib_entries()
    for year, kind, _, key in ch.MILESTONES:
        assert key in entries, f"{key} is not in references.bib"
        source_year = int(entries[key].fields["year"])
        assert source_year >= year, f"{key} ({source_year}) cannot report an event of {year}"
        if kind in ("method", "laboratory", "patients", "trial", "interview"):
            assert source_year == year, f"{key}: a primary source should carry the event's year"
    ch.check_milestones(ch.MILESTONES, known_keys=set(entries))


def test_every_milestone_key_is_cited_in_the_chapter():
    for _, _, _, key in ch.MILESTONES:
        assert re.search(r"\{cite:[pt]\}`[^`]*\b" + key + r"\b", TEXT), f"{key} is not cited in the prose"


def test_news_rows_are_labelled_as_news_in_the_table():
    for _, kind, event, key in ch.MILESTONES:
        if key in ("sanofi2025sanofi", "biospace2026sanofis", "fiercebiotech2026roche",
                   "pharmaphorum2026data"):
            assert kind in ("news", "regulatory")
            assert re.search(r"news|press release", event), event


@pytest.mark.parametrize("row, kwargs, match", [
    ((2027, "trial", "after the review", "someone2027thing"), {}, "last_year"),
    ((1863, "method", "typing error", "crone1963permeability"), {}, "year"),
    ((2019.5, "review", "half a year", "neurologylive2019hillert"), {}, "year"),
    ((2019, "rumour", "unknown kind", "neurologylive2019hillert"), {}, "kind"),
    ((2019, "review", "  ", "neurologylive2019hillert"), {}, "event"),
    ((2019, "review", "bad key", "Lassmann 2019"), {}, "key"),
    ((2019, "review", "not in the bibliography", "nobody2019nothing"), {"known_keys": {"a2000b"}}, "key"),
])
def test_check_milestones_rejects_bad_rows(row, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ch.check_milestones([row], **kwargs)


def test_check_milestones_rejects_empty_malformed_and_unordered_tables():
    with pytest.raises(ValueError, match="rows"):
        ch.check_milestones([])
    with pytest.raises(ValueError, match="rows"):
        ch.check_milestones([(2019, "review", "three fields only")])
    with pytest.raises(ValueError, match="time order"):
        ch.check_milestones(list(reversed(ch.MILESTONES)))


def test_check_milestones_range_is_inclusive_and_returns_the_years():
    rows = [(1900, "method", "edge", "someone1900thing"), (2026, "news", "edge", "someone2026thing")]
    assert ch.check_milestones(rows).tolist() == [1900.0, 2026.0]
    assert ch.check_milestones(rows[:1] + [(2027, "news", "e", "someone2027thing")], last_year=2027)[-1] == 2027


def test_timeline_markers_sit_at_their_years_one_row_each():
    fig = ch.draw_timeline(ch.MILESTONES)
    ax = fig.axes[0]
    offsets = np.vstack([c.get_offsets() for c in ax.collections])
    assert offsets[:, 0].tolist() == [row[0] for row in ch.MILESTONES]      # x = the year
    assert offsets[:, 1].tolist() == list(range(len(ch.MILESTONES)))         # one row per milestone
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [label[:4] for label in labels] == [str(row[0]) for row in ch.MILESTONES]
    assert ax.yaxis_inverted()                                              # time runs down the page
    plt.close(fig)


def test_draw_timeline_checks_its_data():
    later = ch.MILESTONES + [(2027, "trial", "after the review", "someone2027thing")]
    with pytest.raises(ValueError, match="last_year"):
        ch.draw_timeline(later)
    plt.close(ch.draw_timeline(later, last_year=2027))


# --- the claims map and the seven-years section ---------------------------------------------------


def claims_rows() -> list[str]:
    block = re.search(r":name: tbl-interview-claims\n(.*?)\n```", TEXT, re.S)
    assert block, "the claims map table (tbl-interview-claims) is missing"
    return [line for line in block.group(1).splitlines() if re.match(r"^\|\s*P\d", line)]


def test_claims_map_has_five_points_each_cited_with_a_kind_and_a_real_chapter():
    rows = claims_rows()
    assert len(rows) == 5
    book = set(chapter_names())
    for row in rows:
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        assert len(cells) == 4, row[:60]
        assert "{cite:p}" in cells[1], f"evidence without a citation: {cells[1][:60]}"
        assert cells[2], "no kind of evidence given"
        targets = re.findall(r"\{doc\}`([^`]+)`", cells[3])
        assert targets, f"a claims-map row links no chapter: {row[:60]}"
        for target in targets:
            assert target in book and target != "interview", target


def test_issue_corrections_are_in_the_claims_map():
    rows = claims_rows()
    p1, p3, p5 = rows[0], rows[2], rows[4]
    assert "leech2007persistent" in p1 and "lower barrier permeability" not in p1
    assert "kraus2010calnexin" in p3 and "correlation" in p3
    assert "pardridge2005blood" in p5 and "blood side" in p5
    assert "pujol2024endothelial" in p3
    assert "polman2006randomized" in p5 and "kappos2007natalizumab" not in p5   # review finding 9
    assert "secondary analysis" in rows[3]                                     # review finding 2


def test_seven_years_section_links_every_chapter_that_teaches_a_point():
    section = TEXT.split("(sec-interview-since)=")[1].split("(sec-interview-exercises)=")[0]
    linked = set(re.findall(r"\{doc\}`([^`]+)`", section))
    assert {"progression", "drugs", "transport", "immune-cells", "imaging"} <= linked
    for key in ("kappos2020contribution", "scalfari2024smouldering", "fox2025tolebrutinib",
                "sanofi2025sanofi", "biospace2026sanofis", "paskevicius2023calnexin",
                "pujol2024endothelial", "pharmaphorum2026data", "montalban2017ocrelizumab",
                "montalban2025diagnosis"):
        assert key in section, key
    assert "press release" in section and "news" in section
    assert "consistent with, not a test of" in section        # review finding 3
    assert "direct test" not in section and "found none" not in section


def test_the_article_references_are_cited_as_the_article_lists_them():
    entries = bib_entries()
    assert entries["ortiz2014role"].fields["doi"] == "10.1016/j.arcmed.2014.11.013"
    assert entries["jung2018calnexin"].fields["doi"] == "10.1172/jci.insight.98410"
    assert "Satellite Symposium 5" in entries["hillert2019road"].fields["howpublished"]
    for key in ("ortiz2014role", "jung2018calnexin", "hillert2019road"):
        assert key in TEXT


def test_the_chapter_quotes_the_article_once():
    quotes = [line for line in TEXT.splitlines() if line.startswith(">") and line.strip() != ">"]
    assert len(quotes) == 2                       # the quotation and its attribution line
    quotation, attribution = (line.lstrip("> ").strip() for line in quotes)
    # The three quoted sentences, whole: each starts with a capital and ends with a full stop, and
    # nothing is left out or put in (no ellipsis, no square brackets). Split at a sentence end
    # followed by a capital, so that a decimal or an abbreviation would not count as one.
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", quotation)
    assert len(sentences) == 3, sentences
    assert all(re.fullmatch(r"[A-Z].*\.", sentence) for sentence in sentences), sentences
    assert not re.search(r"\.\.\.|…|\[|\]", quotation)
    assert sentences[0].startswith("In a way, the blood-brain barrier is important")
    # attributed to the speaker, with the interview cited
    assert attribution.startswith("— Jan Hillert") and "{cite:p}`neurologylive2019hillert`" in attribution
    assert quotes[1].startswith("> — Jan Hillert, interviewed at ECTRIMS 2019")


def test_evidence_review_date_is_stated():
    assert "*Evidence reviewed: December 2026.*" in TEXT


# --- second expert read (December 2026) -------------------------------------------------------------


def test_oratorio_row_and_spelled_out_labels():
    keys = {row[3]: row for row in ch.MILESTONES}
    assert keys["montalban2017ocrelizumab"][:2] == (2017, "trial")           # finding 12
    for _, _, event, _ in ch.MILESTONES:                                      # finding 11
        assert not re.search(r"\b(nrSPMS|PPMS|SPMS)\b", event), event


def test_fentrepid_is_not_presented_as_blood_side_doing_as_well():
    section = TEXT.split("(sec-interview-since)=")[1].split("(sec-interview-exercises)=")[0]
    assert "doing as well" not in section                                     # MUST 2
    assert "not shown to beat" in section
    assert "Non-inferior means" in section                                    # defined where used
    assert "biotechgrid2026roche" in section and "hoffmannlaroche2020study" in section
    assert "hazard ratio compares" in section                                  # finding 11
    assert "10 mg/kg" in section                                               # finding 3


def test_no_unresolved_check_and_no_overstated_claims():
    assert "could not check" not in TEXT                                       # MUST 1
    assert "transferred cells should still fail" not in TEXT
    assert "safety can\nonly be learned" not in TEXT and "only be learned in people" not in TEXT  # finding 9
    assert "in several ways" not in TEXT and "in many ways" in TEXT            # finding 5
    assert "prevented EAE in animals" in TEXT                                  # finding 6
    assert "this book's reading" in TEXT                                       # finding 4
    assert "P2: none" in TEXT                                                  # finding 10
    assert "{term}`MMP-9 <Matrix metalloproteinase>`" in TEXT                  # finding 11
    first_eae = TEXT.index("EAE")
    assert TEXT.rfind("{term}`experimental autoimmune encephalomyelitis`", 0, first_eae) != -1


def test_biotechgrid_entry_is_news_with_its_address():
    entry = bib_entries()["biotechgrid2026roche"]
    assert entry.fields["year"] == "2026" and "biotechgrid.com" in entry.fields["url"]
