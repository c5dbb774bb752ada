"""Tests of the models in chapters/drugs.md.

Hand-derived values: Lipinski classification of each small-molecule drug from the descriptor table
(limits MW 500 Da, log P 5, HBD 5, HBA 10; lipinski1997experimental), the passive index
log P - 0.5 log10(MW), the CSF concentration 35.7 x 1/100, occupancy C/(C+Kd), the apparent in-vivo
Kd = C (1 - theta) / theta from paired trough means (pubmed2019natalizumab: 35.7 ug/mL at 87.4%,
18.2 ug/mL at 78.2%), the K_d sensitivity range 1-5.1 ug/mL (CSF occupancy 0.357/1.357 etc.), the AFFIRM comparison (92% reduction -> theta 0.92 -> C/Kd = 0.92/0.08 = 11.5),
the unbound ratio K_p,uu = K_p f_u,brain / f_u,p (hammarlundudenaes2008rate; 6 x 0.001 / 0.01 = 0.6),
the passive ceiling for UNBOUND CSF drug f_u,p C_p, and total CSF drug C_u (1 + q (1 - f_u)/f_u).
"""

import math
import re

import numpy as np
import pytest

from bookutils import ROOT, load_chapter

ch = load_chapter("drugs")

# Descriptors as listed in ../shared/references/facts.md (RDKit: MW, Wildman-Crippen log P, TPSA, HBD, HBA).
FACTS = {
    "fingolimod": (307.48, 3.20, 66.48, 3, 3),
    "siponimod": (516.60, 6.77, 62.13, 1, 4),
    "ozanimod": (404.47, 3.63, 104.20, 2, 7),
    "ponesimod": (460.98, 4.27, 82.36, 2, 6),
    "teriflunomide": (270.21, 3.00, 73.12, 2, 3),
    "dimethyl fumarate": (144.13, -0.11, 52.60, 0, 4),
    "monomethyl fumarate": (130.10, -0.20, 63.60, 1, 3),
    "cladribine": (285.69, -0.30, 119.31, 3, 7),
}

# Worked by hand from FACTS against MW > 500, log P > 5, HBD > 5, HBA > 10.
EXPECTED_VIOLATIONS = {
    "fingolimod": (),
    "siponimod": ("MW", "logP"),       # 516.60 > 500 and 6.77 > 5
    "ozanimod": (),
    "ponesimod": (),
    "teriflunomide": (),
    "dimethyl fumarate": (),
    "monomethyl fumarate": (),
    "cladribine": (),                  # TPSA 119 is high, but TPSA is not one of Lipinski's criteria
}


# --- the data ---------------------------------------------------------------------------------

def test_code_table_matches_facts():
    assert set(ch.DRUGS) == set(FACTS)
    for name, (mw, logp, tpsa, hbd, hba) in FACTS.items():
        d = ch.DRUGS[name]
        assert (d["mw_da"], d["logp"], d["tpsa_a2"], d["hbd"], d["hba"]) == (mw, logp, tpsa, hbd, hba), name


def test_printed_table_matches_code_table():
    """The Markdown table the reader sees carries the same numbers as the code."""
    text = (ROOT / "chapters" / "drugs.md").read_text()
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in FACTS:
            rows[cells[0]] = (float(cells[1]), float(cells[2]), float(cells[3]), int(cells[4]), int(cells[5]))
    assert rows == FACTS


def test_lipinski_limits():
    assert ch.RO5_LIMITS == {"MW": 500.0, "logP": 5.0, "HBD": 5, "HBA": 10}


# --- rule of five -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FACTS))
def test_rule_of_five_classification_by_hand(name):
    mw, logp, _, hbd, hba = FACTS[name]
    assert ch.rule_of_five_violations(mw, logp, hbd, hba) == EXPECTED_VIOLATIONS[name]


def test_rule_of_five_limits_are_strict_inequalities():
    # Exactly at every limit is not a violation; just above each one is.
    assert ch.rule_of_five_violations(500, 5, 5, 10) == ()
    assert ch.rule_of_five_violations(500.01, 5, 5, 10) == ("MW",)
    assert ch.rule_of_five_violations(500, 5.01, 5, 10) == ("logP",)
    assert ch.rule_of_five_violations(500, 5, 6, 10) == ("HBD",)
    assert ch.rule_of_five_violations(500, 5, 5, 11) == ("HBA",)
    assert ch.rule_of_five_violations(900, 9, 9, 19) == ("MW", "logP", "HBD", "HBA")


@pytest.mark.parametrize("kwargs, argument", [
    (dict(mw_da=0, logp=1, hbd=1, hba=1), "mw_da"),
    (dict(mw_da=-10, logp=1, hbd=1, hba=1), "mw_da"),
    (dict(mw_da=300, logp=math.nan, hbd=1, hba=1), "logp"),
    (dict(mw_da=300, logp=math.inf, hbd=1, hba=1), "logp"),
    (dict(mw_da=300, logp=1, hbd=-1, hba=1), "hbd"),
    (dict(mw_da=300, logp=1, hbd=1.5, hba=1), "hbd"),
    (dict(mw_da=300, logp=1, hbd=1, hba=-2), "hba"),
])
def test_rule_of_five_rejects_nonphysical_input(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        ch.rule_of_five_violations(**kwargs)


# --- passive-permeability index ---------------------------------------------------------------

def test_passive_index_by_hand():
    # fingolimod: 3.20 - 0.5 * log10(307.48) = 3.20 - 1.24393 = 1.95607
    assert ch.passive_index(3.20, 307.48) == pytest.approx(1.95607, abs=1e-4)
    # log10(1/sqrt(100)) = -1
    assert ch.passive_index(0.0, 100.0) == pytest.approx(-1.0)


def test_passive_index_ranks_the_drugs():
    index = {n: ch.passive_index(d["logp"], d["mw_da"]) for n, d in ch.DRUGS.items()}
    order = sorted(index, key=index.get)
    assert order[0] == "cladribine" and order[-1] == "siponimod"
    # The two groups in the text lie about three log units apart.
    assert index["teriflunomide"] - index["dimethyl fumarate"] == pytest.approx(2.97, abs=0.01)


def test_passive_index_monotonic():
    logps = np.linspace(-2, 6, 9)
    assert np.all(np.diff([ch.passive_index(lp, 300) for lp in logps]) > 0)
    mws = np.linspace(100, 900, 9)
    assert np.all(np.diff([ch.passive_index(2.0, mw) for mw in mws]) < 0)
    # Doubling MW lowers the index by 0.5 log10(2) = 0.1505, as the text says.
    assert ch.passive_index(1, 200) - ch.passive_index(1, 400) == pytest.approx(0.5 * math.log10(2))


def test_passive_index_rejects_nonphysical_input():
    with pytest.raises(ValueError, match="mw_da"):
        ch.passive_index(1.0, 0.0)
    with pytest.raises(ValueError, match="logp"):
        ch.passive_index(math.nan, 300.0)


# --- CSF concentration ------------------------------------------------------------------------

def test_csf_concentration_arithmetic():
    # natalizumab: serum 35.7 µg/mL (mean trough, every 4 weeks) x 1/100 (sehr2016new) = 0.357 µg/mL
    assert ch.csf_concentration(35.7, 1 / 100) == pytest.approx(0.357)
    assert ch.csf_concentration(20.0, 1 / 100) == pytest.approx(0.2)
    assert ch.NATALIZUMAB_CSF_TO_SERUM == pytest.approx(0.01)
    assert ch.csf_concentration(0.0, 0.5) == 0.0
    assert ch.csf_concentration(7.0, 0.0) == 0.0
    # linear in each argument
    assert ch.csf_concentration(40.0, 0.01) == pytest.approx(2 * ch.csf_concentration(20.0, 0.01))
    assert ch.csf_concentration(20.0, 0.05) == pytest.approx(5 * ch.csf_concentration(20.0, 0.01))


def test_ratio_of_ratios():
    # cladribine CSF 25% of plasma (liliemark1997clinical) against natalizumab's 1/100 (sehr2016new):
    # both fluid-to-fluid ratios, so they may be compared.
    assert ch.CLADRIBINE_CSF_TO_PLASMA == 0.25
    assert ch.CLADRIBINE_CSF_TO_PLASMA / ch.NATALIZUMAB_CSF_TO_SERUM == pytest.approx(25)
    # The old total-tissue fingolimod ratio (a K_p) is no longer set beside a CSF:serum ratio.
    assert not hasattr(ch, "FINGOLIMOD_BRAIN_TO_BLOOD_MIN")


def test_trough_pairs_are_the_measured_means():
    # pubmed2019natalizumab: mean trough 35.7 µg/mL at 87.4% occupancy (every 4 weeks),
    # 18.2 µg/mL at 78.2% (extended interval).
    assert ch.TROUGH_PAIRS == {"every 4 weeks": (35.7, 0.874), "extended interval": (18.2, 0.782)}
    assert not hasattr(ch, "SERUM_UG_PER_ML")


def test_apparent_kd_by_hand():
    # 35.7 x 0.126 / 0.874 = 5.14668; 18.2 x 0.218 / 0.782 = 5.07366; mean 5.11017 µg/mL
    assert ch.apparent_kd(35.7, 0.874) == pytest.approx(5.14668, abs=1e-4)
    assert ch.apparent_kd(18.2, 0.782) == pytest.approx(5.07366, abs=1e-4)
    assert ch.KD_BY_SCHEDULE["every 4 weeks"] == pytest.approx(5.14668, abs=1e-4)
    assert ch.KD_UG_PER_ML == pytest.approx(5.11017, abs=1e-4)
    assert ch.apparent_kd(2.0, 0.5) == pytest.approx(2.0)          # half occupied at C = Kd
    assert ch.apparent_kd(9.0, 0.9) == pytest.approx(1.0)


def test_apparent_kd_inverts_occupancy():
    for c, kd in ((35.7, 5.1), (0.3, 0.01), (100.0, 250.0)):
        assert ch.apparent_kd(c, ch.occupancy(c, kd)) == pytest.approx(kd)
    # at fixed concentration, higher occupancy means tighter binding (smaller Kd)
    thetas = np.linspace(0.05, 0.95, 19)
    assert np.all(np.diff(ch.apparent_kd(10.0, thetas)) < 0)


@pytest.mark.parametrize("args, argument", [((0.0, 0.5), "concentration"), ((-1.0, 0.5), "concentration"),
                                            ((math.nan, 0.5), "concentration"),
                                            ((10.0, 0.0), "occupancy_fraction"),
                                            ((10.0, 1.0), "occupancy_fraction"),
                                            ((10.0, math.nan), "occupancy_fraction"),
                                            ((10.0, [0.5, 1.2]), "occupancy_fraction")])
def test_apparent_kd_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.apparent_kd(*args)


def test_csf_occupancy_by_free_antibody_is_a_few_percent():
    # 0.357 / (0.357 + 5.11017) = 0.06530; 0.182 / (0.182 + 5.11017) = 0.03439
    assert ch.occupancy(0.357, ch.KD_UG_PER_ML) == pytest.approx(0.06530, abs=1e-4)
    assert ch.occupancy(0.182, ch.KD_UG_PER_ML) == pytest.approx(0.03439, abs=1e-4)
    # exercise: a fivefold leak, 1.785 / (1.785 + 5.11017) = 0.25888
    assert ch.occupancy(1.785, ch.KD_UG_PER_ML) == pytest.approx(0.25888, abs=1e-4)
    # hypothetical binder 100 times tighter: 0.357 / (0.357 + 0.0511017) = 0.87478
    assert ch.occupancy(0.357, ch.KD_UG_PER_ML / 100) == pytest.approx(0.87478, abs=1e-4)


def test_kd_range_spans_one_to_the_data_value():
    assert ch.KD_RANGE_UG_PER_ML[0] == 1.0 and ch.KD_RANGE_UG_PER_ML[1] == 2.0
    assert ch.KD_RANGE_UG_PER_ML[-1] == pytest.approx(5.11017, abs=1e-4)


def test_csf_occupancy_across_the_kd_range_by_hand():
    # CSF 35.7/100 = 0.357 and 18.2/100 = 0.182 µg/mL
    # Kd 1:  0.357/1.357 = 0.263080; 0.182/1.182 = 0.153976
    # Kd 2:  0.357/2.357 = 0.151464; 0.182/2.182 = 0.083410
    # Kd 5.11017: 0.065297 and 0.034387 (as above)
    got = ch.csf_occupancy_by_kd(35.7, 1 / 100, ch.KD_RANGE_UG_PER_ML)
    assert got == pytest.approx([0.263080, 0.151464, 0.065297], abs=1e-5)
    got = ch.csf_occupancy_by_kd(18.2, 1 / 100, ch.KD_RANGE_UG_PER_ML)
    assert got == pytest.approx([0.153976, 0.083410, 0.034387], abs=1e-5)
    # exercise, fivefold leak at Kd 1: 1.785/2.785 = 0.640934
    assert ch.csf_occupancy_by_kd(35.7, 1 / 20, [1.0])[0] == pytest.approx(0.640934, abs=1e-5)
    # even the tightest value leaves CSF occupancy far below the 78-87% measured in blood
    assert np.all(ch.csf_occupancy_by_kd(35.7, 1 / 100, ch.KD_RANGE_UG_PER_ML) < 0.3)
    # and the tight end does not reproduce the serum pairs: 35.7/36.7 = 0.97275, 18.2/19.2 = 0.94792
    assert ch.occupancy(35.7, 1.0) == pytest.approx(0.97275, abs=1e-5)
    assert ch.occupancy(18.2, 1.0) == pytest.approx(0.94792, abs=1e-5)


def test_csf_occupancy_by_kd_properties():
    kds = np.logspace(-2, 2, 30)
    theta = ch.csf_occupancy_by_kd(35.7, 0.01, kds)
    assert np.all(np.diff(theta) < 0)                        # falls as Kd rises
    assert np.all((theta > 0) & (theta < 1))
    assert np.all(ch.csf_occupancy_by_kd(0.0, 0.01, kds) == 0)   # no drug, no occupancy
    assert np.all(np.diff([ch.csf_occupancy_by_kd(35.7, r, [5.0])[0]
                           for r in (0.001, 0.01, 0.05, 0.2)]) > 0)   # rises with leakage


@pytest.mark.parametrize("args, argument", [((35.7, 0.01, [1.0, 0.0]), "kds_ug_per_ml"),
                                            ((35.7, 0.01, [-1.0]), "kds_ug_per_ml"),
                                            ((35.7, 0.01, [math.nan]), "kds_ug_per_ml"),
                                            ((-1.0, 0.01, [1.0]), "serum_ug_per_ml"),
                                            ((35.7, -0.01, [1.0]), "csf_to_serum_ratio")])
def test_csf_occupancy_by_kd_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.csf_occupancy_by_kd(*args)


@pytest.mark.parametrize("args, argument", [((-1.0, 0.01), "serum_ug_per_ml"),
                                            ((math.nan, 0.01), "serum_ug_per_ml"),
                                            ((20.0, -0.01), "csf_to_serum_ratio"),
                                            ((20.0, math.inf), "csf_to_serum_ratio")])
def test_csf_concentration_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.csf_concentration(*args)


# --- occupancy --------------------------------------------------------------------------------

def test_occupancy_values_by_hand():
    assert ch.occupancy(1.0, 1.0) == pytest.approx(0.5)
    assert ch.occupancy(0.0, 1.0) == 0.0
    assert ch.occupancy(9.0, 1.0) == pytest.approx(0.9)
    assert ch.occupancy(0.2, 0.1) == pytest.approx(2 / 3)
    assert ch.occupancy(0.2, 1.0) == pytest.approx(1 / 6)
    assert ch.occupancy(35.7, 5.14668) == pytest.approx(0.874, abs=1e-5)   # the measured pair


def test_occupancy_limits_and_bounds():
    assert ch.occupancy(1e9, 1.0) == pytest.approx(1.0, abs=1e-8)
    conc = np.logspace(-6, 6, 200)
    theta = ch.occupancy(conc, 0.3)
    assert np.all((theta >= 0) & (theta < 1))


def test_occupancy_monotonic():
    conc = np.logspace(-4, 4, 100)
    assert np.all(np.diff(ch.occupancy(conc, 1.0)) > 0)            # rises with concentration
    kds = np.logspace(-3, 3, 50)
    assert np.all(np.diff([ch.occupancy(1.0, kd) for kd in kds]) < 0)  # falls with Kd


def test_occupancy_depends_only_on_c_over_kd():
    assert ch.occupancy(3.0, 2.0) == pytest.approx(ch.occupancy(30.0, 20.0))


def test_occupancy_has_the_book_wide_signature():
    import inspect
    assert list(inspect.signature(ch.occupancy).parameters) == ["concentration", "kd"]
    assert "same unit" in ch.occupancy.__doc__.lower()


# --- K_p against K_p,uu, and the passive CSF ceiling ------------------------------------------

def test_kp_uu_by_hand():
    # 6 x 0.001 / 0.01 = 0.6 (the exercise); equal unbound fractions leave K_p unchanged.
    assert ch.kp_uu_from_kp(6.0, 0.01, 0.001) == pytest.approx(0.6)
    assert ch.kp_uu_from_kp(6.0, 0.01, 0.01) == pytest.approx(6.0)
    assert ch.kp_uu_from_kp(6.0, 0.1, 0.01) == pytest.approx(0.6)
    assert ch.kp_uu_from_kp(1.0, 1.0, 1.0) == 1.0
    # siponimod's total CNS/blood ratio in mice (bigaud2023central)
    assert ch.SIPONIMOD_KP == 6.0


def test_kp_uu_properties():
    fu_b = np.logspace(-4, 0, 50)
    values = ch.kp_uu_from_kp(6.0, 0.01, fu_b)
    assert np.all(np.diff(values) > 0)                      # rises with brain unbound fraction
    fu_p = np.logspace(-4, 0, 50)
    assert np.all(np.diff(ch.kp_uu_from_kp(6.0, fu_p, 0.01)) < 0)    # falls with plasma unbound fraction
    assert np.all(np.diff(ch.kp_uu_from_kp(np.linspace(1, 10, 10), 0.1, 0.1)) > 0)


@pytest.mark.parametrize("args, argument", [((0.0, 0.1, 0.1), "kp"), ((-1.0, 0.1, 0.1), "kp"),
                                            ((math.nan, 0.1, 0.1), "kp"),
                                            ((6.0, 0.0, 0.1), "fu_plasma"), ((6.0, 1.5, 0.1), "fu_plasma"),
                                            ((6.0, math.nan, 0.1), "fu_plasma"),
                                            ((6.0, 0.1, 0.0), "fu_brain"), ((6.0, 0.1, 2.0), "fu_brain"),
                                            ((6.0, 0.1, [0.1, -0.1]), "fu_brain")])
def test_kp_uu_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.kp_uu_from_kp(*args)


def test_csf_total_from_unbound_by_hand():
    # teriflunomide-like binding, f_u,p = 0.003, q = 1/200: 1 + 0.005 x 0.997/0.003 = 2.66167
    assert ch.csf_total_from_unbound(1.0, 0.003, 1 / 200) == pytest.approx(2.66167, abs=1e-5)
    # cladribine, f_u,p = 0.8 (hermann2019clinical): even q = 1 gives 0.8 x 1.25 = 1.0 x C_p
    assert ch.csf_total_from_unbound(ch.passive_csf_ceiling(1.0, 0.8), 0.8, 1.0) == pytest.approx(1.0)
    assert ch.csf_total_from_unbound(1.0, 0.8, 1 / 200) == pytest.approx(1.00125)
    # protein-free CSF or an unbound drug: total equals unbound
    assert ch.csf_total_from_unbound(3.0, 0.01, 0.0) == pytest.approx(3.0)
    assert ch.csf_total_from_unbound(3.0, 1.0, 0.5) == pytest.approx(3.0)
    assert ch.CSF_ALBUMIN_RATIO == pytest.approx(1 / 200)     # neupsykey2016csf: 5-8 x 10^-3


def test_csf_total_properties():
    qs = np.linspace(0, 1, 11)
    assert np.all(np.diff(ch.csf_total_from_unbound(1.0, 0.01, qs)) > 0)        # more protein, more total
    fus = np.linspace(0.01, 1, 20)
    assert np.all(np.diff(ch.csf_total_from_unbound(1.0, fus, 0.005)) < 0)      # less binding, less total
    # with CSF protein no higher than plasma (q <= 1), total CSF never exceeds total plasma
    for fu in (0.003, 0.2, 0.8, 1.0):
        assert ch.csf_total_from_unbound(ch.passive_csf_ceiling(1.0, fu), fu, 1.0) <= 1.0 + 1e-12


@pytest.mark.parametrize("args, argument", [((-1.0, 0.5, 0.005), "c_u_csf"), ((math.nan, 0.5, 0.005), "c_u_csf"),
                                            ((1.0, 0.0, 0.005), "fu_plasma"), ((1.0, 1.5, 0.005), "fu_plasma"),
                                            ((1.0, 0.5, -0.1), "albumin_ratio"),
                                            ((1.0, 0.5, 1.1), "albumin_ratio"),
                                            ((1.0, 0.5, math.inf), "albumin_ratio")])
def test_csf_total_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.csf_total_from_unbound(*args)


def test_passive_csf_ceiling_by_hand_and_bounds():
    # 100 mg/L total at 0.25% unbound: at most 0.25 mg/L in CSF by passive exchange.
    assert ch.passive_csf_ceiling(100.0, 0.0025) == pytest.approx(0.25)
    assert ch.passive_csf_ceiling(7.0, 1.0) == pytest.approx(7.0)     # never above plasma
    c = np.linspace(0, 10, 11)
    ceiling = ch.passive_csf_ceiling(c, 0.3)
    assert np.all(ceiling <= c) and np.all(np.diff(ceiling) > 0)


@pytest.mark.parametrize("args, argument", [((-1.0, 0.5), "c_plasma"), ((math.inf, 0.5), "c_plasma"),
                                            ((1.0, 0.0), "fu_plasma"), ((1.0, 1.01), "fu_plasma")])
def test_passive_csf_ceiling_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.passive_csf_ceiling(*args)


def test_no_unbound_fraction_from_unpaired_range_ends():
    # Dividing the ends of two unpaired ranges (krskakusnirikova2024serum) gives no unbound fraction.
    assert not hasattr(ch, "TERIFLUNOMIDE_FU")
    text = (ROOT / "chapters" / "drugs.md").read_text()
    assert "0.2–0.3%" not in text
    # the CSF ceiling is stated for UNBOUND CSF drug
    assert r"C_\mathrm{u,CSF} \le f_\mathrm{u,p}\,C_\mathrm{p}" in text


def test_evidence_categories():
    # DMF circulates as MMF (jain2021dimethyl); crossing is not established for MMF in our sources.
    assert ch.DRUGS["dimethyl fumarate"]["reported"] == "prodrug"
    assert ch.DRUGS["monomethyl fumarate"]["reported"] == "not established"
    for name in ("fingolimod", "siponimod", "teriflunomide", "cladribine"):
        assert ch.DRUGS[name]["reported"] == "measured", name


@pytest.mark.parametrize("args, argument", [((-0.1, 1.0), "concentration"),
                                            (([1.0, -1.0], 1.0), "concentration"),
                                            ((math.nan, 1.0), "concentration"),
                                            ((math.inf, 1.0), "concentration"),
                                            ((1.0, 0.0), "kd"),
                                            ((1.0, -2.0), "kd"),
                                            ((1.0, math.nan), "kd")])
def test_occupancy_rejects_nonphysical_input(args, argument):
    with pytest.raises(ValueError, match=argument):
        ch.occupancy(*args)


# --- transmigration and the AFFIRM comparison -------------------------------------------------

def test_transmigration_reduction_limits():
    assert ch.transmigration_reduction(0.0) == 0.0
    assert ch.transmigration_reduction(1.0) == 1.0
    assert ch.transmigration_reduction(1.0, 1.0) == 0.0           # nothing uses α4: no effect
    assert ch.transmigration_reduction(0.5) == pytest.approx(0.5)  # self-check answer
    assert ch.transmigration_reduction(0.8, 0.25) == pytest.approx(0.6)


def test_transmigration_reduction_monotonic_and_bounded():
    thetas = np.linspace(0, 1, 21)
    for f in (0.0, 0.1, 0.5):
        r = np.array([ch.transmigration_reduction(t, f) for t in thetas])
        assert np.all(np.diff(r) > 0)
        assert r.max() == pytest.approx(1 - f)
    fs = np.linspace(0, 1, 11)
    assert np.all(np.diff([ch.transmigration_reduction(0.9, f) for f in fs]) < 0)


def test_affirm_comparison_by_hand():
    # MRI outcomes from the AFFIRM MRI analysis (miller2007mri), relapses from polman2006randomized
    assert ch.AFFIRM_REDUCTION == {"Gd-enhancing lesions": 0.92, "new or enlarging T2 lesions": 0.83,
                                   "relapse rate": 0.68}
    theta = ch.occupancy_needed(0.92)
    assert theta == pytest.approx(0.92)
    assert ch.conc_over_kd(theta) == pytest.approx(11.5)              # 0.92 / 0.08
    assert ch.conc_over_kd(ch.occupancy_needed(0.68)) == pytest.approx(2.125)
    # With 5% of traffic α4-independent, 92% needs θ = 0.92 / 0.95.
    assert ch.occupancy_needed(0.92, 0.05) == pytest.approx(0.92 / 0.95)


def test_inverses_round_trip():
    for reduction, f in ((0.3, 0.0), (0.68, 0.1), (0.9, 0.05)):
        theta = ch.occupancy_needed(reduction, f)
        assert ch.transmigration_reduction(theta, f) == pytest.approx(reduction)
        assert ch.occupancy(ch.conc_over_kd(theta), 1.0) == pytest.approx(theta)


def test_largest_f_that_still_reaches_92_percent():
    # Exercise answer: f <= 0.08; f = 0.08 needs full occupancy, f = 0.1 cannot reach -92%.
    assert ch.occupancy_needed(0.92, 0.08) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="reduction"):
        ch.occupancy_needed(0.92, 0.1)


@pytest.mark.parametrize("func, args, argument", [
    ("transmigration_reduction", (-0.1,), "occupancy_fraction"),
    ("transmigration_reduction", (1.1,), "occupancy_fraction"),
    ("transmigration_reduction", (0.5, -0.1), "alpha4_independent_fraction"),
    ("transmigration_reduction", (0.5, 1.5), "alpha4_independent_fraction"),
    ("occupancy_needed", (-0.1,), "reduction"),
    ("occupancy_needed", (1.1,), "reduction"),
    ("occupancy_needed", (0.5, 1.0), "alpha4_independent_fraction"),
    ("occupancy_needed", (0.5, -0.2), "alpha4_independent_fraction"),
    ("conc_over_kd", (1.0,), "occupancy_fraction"),
    ("conc_over_kd", (-0.5,), "occupancy_fraction"),
])
def test_affirm_functions_reject_nonphysical_input(func, args, argument):
    with pytest.raises(ValueError, match=argument):
        getattr(ch, func)(*args)


def test_chapter_states_the_illustrative_values_as_such():
    text = (ROOT / "chapters" / "drugs.md").read_text()
    # the serum levels and occupancies are measured pairs with their source, and Kd is derived from them
    assert "# Paired mean trough serum level (µg/mL) and α4 occupancy (pubmed2019natalizumab)." in text
    assert re.search(r"KD_UG_PER_ML = .*# apparent in-vivo K_d, from data", text)
    assert "ILLUSTRATIVE dissociation constants" not in text
    assert "# Sensitivity range for K_d (µg/mL): 1.0 and 2.0 are ILLUSTRATIVE tighter values" in text
    assert "an illustrative\n      Kd = 1 µg/mL" in text
    # unbound fractions in the K_p,uu example are illustrative and say so in code, output and caption
    assert "ILLUSTRATIVE unbound fractions" in text and "(illustrative)" in text
    assert "Unbound fractions are\n      illustrative" in text
    # the old ratio-of-ratios built on "severalfold" is gone
    assert "2 is OUR" not in text


def _drug_table_rows():
    text = (ROOT / "chapters" / "drugs.md").read_text()
    block = text.split(":name: tbl-drugs-classes", 1)[1].split("```", 1)[0]
    rows, row = [], None
    for line in block.splitlines():
        if line.startswith("* - "):
            row = [line[4:].strip()]
            rows.append(row)
        elif line.startswith("  - ") and row is not None:
            row.append(line[4:].strip())
    return rows


def test_every_cell_of_the_drug_table_is_sourced():
    """Each cell after the drug name cites a source or says
    "not established" (none of our sources says)."""
    header, *rows = _drug_table_rows()
    assert header == ["Drug", "Type", "Target", "Action relevant to the barrier", "Crosses the BBB?"]
    assert len(rows) == 12      # evobrutinib, fenebrutinib (turner2024comparative) and alemtuzumab added
    for row in rows:
        assert len(row) == 5, row
        for cell in row[1:]:
            assert "{cite:" in cell or cell.startswith("not established"), (row[0], cell)
