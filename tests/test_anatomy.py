"""Tests of the anatomy chapter's models and of its capillary schematic (figures/capillary.py).

Expected values are worked out by hand from the equations in chapters/anatomy.md:
  Krogh radius      R = sqrt(2 r / S_V)
  diffusion time    t = x^2 / (2 D)
  transit time      tau = r S / (2 F_p), F_p = blood flow x (1 - 0.42) (plasma flow)
  wall resistance   P = R_gas T / (2 F^2 c R_wall)
  crossing          f = 1 - exp(-2 P tau / r)
  permeability      P = PS / S, PS in mL/100 g/min (the chapter's conversions of MRI and tracer values)
Single-capillary small-ion permeabilities (brain 3e-7, mesentery 7e-4 cm/s) are those of the PubMed
abstract of "Permeability of single capillaries", Clin Invest Med 1985;8(1):89-95
(permeability1985single). Other sourced inputs: capillary diameter 5.2 µm (shaw2021neurovascular);
sucrose in brain tissue 3e-6 cm²/s, used directly as D* (patlak1975measurements); frog brain wall
resistance 1870 ohm cm² (crone1982electrical), converted at an assumed 20 °C; lowest PS
a 15-minute DCE-MRI tells from zero, 0.1 mL/100 g/min (cramer2014accurate); sucrose PS in mice
0.126 µL/g/min (noorani2020lc).
"""

import math
import subprocess
import sys

import numpy as np
import pytest

from bookutils import ROOT, chapter_figure, load_chapter

ch = load_chapter("anatomy")


# The chapter's worked values, from its public functions and sourced constants (not from the
# variables of its cells): Krogh radius, farthest tissue, and the transit time of plasma.
def krogh_r_um():
    return ch.krogh_radius_um(ch.SURFACE_AREA_CM2_PER_CM3, ch.CAPILLARY_RADIUS_UM)


def farthest_um():
    return krogh_r_um() - ch.CAPILLARY_RADIUS_UM


def tau_s():
    return ch.transit_time_s(ch.CAPILLARY_RADIUS_UM, ch.SURFACE_AREA_CM2_PER_G,
                             ch.PLASMA_FLOW_GREY_ML_PER_100G_MIN)


def crossing(p_cm_per_s):
    return float(ch.fraction_crossing(p_cm_per_s, tau_s(), ch.CAPILLARY_RADIUS_UM))

FIGURE_SCRIPT = ROOT / "figures" / "capillary.py"
FIGURE = ROOT / "figures" / "capillary.svg"


# --- geometry: the Krogh cylinder ------------------------------------------------------------


def test_krogh_radius_by_hand():
    # r = 3 µm = 3e-4 cm, S_V = 150 cm^-1: R = sqrt(6e-4 / 150) cm = sqrt(4e-6) cm = 20 µm
    assert ch.krogh_radius_um(150.0, 3.0) == pytest.approx(20.0)


def test_krogh_radius_scales_as_inverse_square_root_of_surface_area():
    assert ch.krogh_radius_um(150.0 / 4, 3.0) == pytest.approx(2 * ch.krogh_radius_um(150.0, 3.0))


def test_krogh_radius_grows_with_capillary_radius():
    radii = [ch.krogh_radius_um(150.0, r) for r in (1.0, 2.0, 3.0, 4.0)]
    assert all(a < b for a, b in zip(radii, radii[1:]))


def test_chapter_distance_is_within_the_range_abbott_gives():
    # Abbott et al. 2006: neurons are rarely more than 8-20 µm from a capillary.
    assert 8 <= farthest_um() <= 20
    assert ch.SURFACE_AREA_CM2_PER_G == pytest.approx(153.846, rel=1e-5)   # 20 m² / 1.3 kg, by hand


@pytest.mark.parametrize("area, radius, name", [
    (0.0, 3.0, "surface_area_cm2_per_cm3"),
    (-1.0, 3.0, "surface_area_cm2_per_cm3"),
    (150.0, 0.0, "capillary_radius_um"),
    (150.0, -3.0, "capillary_radius_um"),
    (7000.0, 3.0, "surface_area_cm2_per_cm3"),   # S_V r = 2.1 > 2: capillaries would fill the tissue
])
def test_krogh_radius_rejects_nonphysical_input(area, radius, name):
    with pytest.raises(ValueError, match=name):
        ch.krogh_radius_um(area, radius)


# --- diffusion -------------------------------------------------------------------------------


def test_diffusion_time_by_hand():
    # x = 20 µm = 2e-3 cm, D = 1e-5 cm²/s: t = 4e-6 / 2e-5 = 0.2 s
    assert ch.diffusion_time_s(20.0, 1e-5) == pytest.approx(0.2)
    # x = 1 mm = 0.1 cm, D = 1e-5 cm²/s: t = 0.01 / 2e-5 = 500 s
    assert ch.diffusion_time_s(1000.0, 1e-5) == pytest.approx(500.0)


def test_doubling_distance_quadruples_time():
    assert ch.diffusion_time_s(40.0, 3e-6) == pytest.approx(4 * ch.diffusion_time_s(20.0, 3e-6))


def test_doubling_diffusion_coefficient_halves_time():
    assert ch.diffusion_time_s(50.0, 2e-5) == pytest.approx(ch.diffusion_time_s(50.0, 1e-5) / 2)


def test_zero_distance_takes_no_time_and_arrays_work():
    t = ch.diffusion_time_s(np.array([0.0, 10.0, 100.0]), 1e-5)
    assert t[0] == 0.0
    assert np.all(np.diff(t) > 0)


def test_chapter_diffusion_inputs_are_the_sourced_ones():
    # patlak1975measurements: sucrose in dog brain tissue 3e-6 cm²/s, used directly as D*; it is
    # ~45% of the free-water value, so free D = 3e-6 / 0.45 = 6.667e-6 cm²/s (the dashed line only).
    assert ch.SUCROSE_TISSUE_D_CM2_PER_S == pytest.approx(3e-6)
    assert ch.SUCROSE_TISSUE_FRACTION_OF_FREE == pytest.approx(0.45)
    assert ch.FREE_DIFFUSION_CM2_PER_S == pytest.approx(6.667e-6, rel=1e-3)
    # The measured slowing, 1 / 0.45 = 2.22, is compared in the text with nicholson2011brain's 2.6.
    assert ch.FREE_DIFFUSION_CM2_PER_S / ch.SUCROSE_TISSUE_D_CM2_PER_S == pytest.approx(2.222, rel=1e-3)
    assert ch.HINDRANCE_TYPICAL == 2.6


def test_chapter_distances_and_times_by_hand():
    # r = 2.6 µm, S_V = 20e4/1300 = 153.85 cm^-1: R = sqrt(5.2e-4 / 153.85) cm = 18.38 µm,
    # farthest tissue 15.78 µm; t = (15.78e-4)^2 / (2 * 3e-6) = 2.490e-6 / 6e-6 = 0.415 s;
    # 1 mm: 0.01 / 6e-6 = 1666.7 s (27.8 min)
    assert ch.CAPILLARY_RADIUS_UM == pytest.approx(2.6)     # shaw2021neurovascular: diameter 5.2 µm
    assert krogh_r_um() == pytest.approx(18.38, rel=1e-3)
    assert farthest_um() == pytest.approx(15.78, rel=1e-3)
    # the times use the measured tissue value D* directly
    d = ch.SUCROSE_TISSUE_D_CM2_PER_S
    assert float(ch.diffusion_time_s(farthest_um(), d)) == pytest.approx(0.415, rel=2e-3)
    assert float(ch.diffusion_time_s(1000.0, d)) == pytest.approx(1666.7, rel=1e-3)


def test_ratio_of_times_does_not_depend_on_the_illustrative_diffusion_coefficient():
    for D in (1e-6, 1e-5, 1e-4):
        ratio = ch.diffusion_time_s(1000.0, D) / ch.diffusion_time_s(farthest_um(), D)
        assert ratio == pytest.approx((1000.0 / farthest_um()) ** 2)


@pytest.mark.parametrize("call, name", [
    (lambda: ch.diffusion_time_s(-1.0, 1e-5), "distance_um"),
    (lambda: ch.diffusion_time_s(np.array([1.0, -2.0]), 1e-5), "distance_um"),
    (lambda: ch.diffusion_time_s(10.0, 0.0), "diffusion_cm2_per_s"),
    (lambda: ch.diffusion_time_s(10.0, -1e-5), "diffusion_cm2_per_s"),
])
def test_diffusion_rejects_nonphysical_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- how tight is tight -----------------------------------------------------------------------


def test_chapter_values_are_the_sourced_ones():
    assert ch.P_BRAIN_CM_PER_S == 3e-7       # permeability1985single: brain, single capillaries
    assert ch.P_MESENTERY_CM_PER_S == 7e-4   # permeability1985single: mesentery, single capillaries
    assert ch.FLOW_GREY_ML_PER_100G_MIN == 72   # Larsson et al. 2009, grey-matter flow
    assert ch.HAEMATOCRIT == 0.42               # book convention: large-vessel haematocrit
    assert ch.PLASMA_FLOW_GREY_ML_PER_100G_MIN == pytest.approx(41.76)   # by hand: 72 x 0.58
    assert ch.RESISTANCE_FROG_BRAIN_OHM_CM2 == 1870   # crone1982electrical
    assert ch.PS_GREY_ML_PER_100G_MIN == 0.9    # Larsson et al. 2009, grey-matter permeability (PS)
    assert ch.PS_MRI_FLOOR_ML_PER_100G_MIN == 0.1   # Cramer & Larsson 2014, 15-min acquisition
    # Noorani et al. 2020: sucrose 0.126 µL/g/min = 0.126e-3 mL/g/min = 0.0126 mL/100 g/min
    assert ch.PS_SUCROSE_ML_PER_100G_MIN == pytest.approx(0.0126)


def test_mesentery_is_about_2333_times_more_permeable_than_brain():
    # 7e-4 / 3e-7 = 7000 / 3 = 2333.3
    assert ch.P_MESENTERY_CM_PER_S / ch.P_BRAIN_CM_PER_S == pytest.approx(2333.333, rel=1e-6)
    assert round(ch.P_MESENTERY_CM_PER_S / ch.P_BRAIN_CM_PER_S) == 2333


def test_whole_organ_brain_permeability_is_PS_over_S_by_hand():
    # 0.9 mL/100 g/min = 1.5e-4 cm³/(g s); S = 20e4 / 1300 = 153.8 cm²/g: P = 9.75e-7 cm/s,
    # some three times the single-capillary value
    #   1.5e-4 / 153.846 = 9.750e-7 cm/s; through the chapter's function too
    assert ch.P_BRAIN_MRI_CM_PER_S == pytest.approx(9.75e-7, rel=1e-4)
    assert float(ch.permeability_from_ps(0.9, 153.846)) == pytest.approx(9.75e-7, rel=1e-4)
    assert ch.P_BRAIN_MRI_CM_PER_S / ch.P_BRAIN_CM_PER_S == pytest.approx(3.25, rel=1e-3)


def test_permeability_from_ps_by_hand():
    # PS = 6 mL/100 g/min = 0.06 mL/g/min = 0.001 cm³/(g s); S = 100 cm²/g: P = 1e-5 cm/s
    assert float(ch.permeability_from_ps(6.0, 100.0)) == pytest.approx(1e-5)
    assert float(ch.permeability_from_ps(0.0, 100.0)) == 0.0


def test_permeability_from_ps_is_linear_and_takes_arrays():
    P = ch.permeability_from_ps(np.array([0.1, 0.2, 0.4]), 150.0)
    assert P[1] / P[0] == pytest.approx(2) and P[2] / P[0] == pytest.approx(4)
    # more surface for the same PS means a less permeable wall
    assert float(ch.permeability_from_ps(1.0, 300.0)) == pytest.approx(
        float(ch.permeability_from_ps(1.0, 150.0)) / 2)


def test_mri_value_is_an_upper_bound_above_the_small_ion_and_sucrose_values():
    # By hand, with S = 153.85 cm²/g: MRI 0.9 -> 9.75e-7; floor 0.1 -> 1.083e-7; sucrose 0.0126 -> 1.365e-8
    assert float(ch.P_MRI_FLOOR_CM_PER_S) == pytest.approx(1.083e-7, rel=1e-3)
    assert float(ch.P_SUCROSE_CM_PER_S) == pytest.approx(1.365e-8, rel=1e-3)
    assert ch.P_BRAIN_MRI_CM_PER_S > ch.P_BRAIN_CM_PER_S > ch.P_MRI_FLOOR_CM_PER_S > ch.P_SUCROSE_CM_PER_S
    # sucrose lies below what even the long MRI protocol can tell from zero
    assert float(ch.P_SUCROSE_CM_PER_S) < float(ch.P_MRI_FLOOR_CM_PER_S) / 5


def test_transit_time_by_hand():
    # r = 3 µm, S = 150 cm²/g, F = 60 mL/100 g/min = 0.01 cm³/s/g: tau = 3e-4 * 150 / 0.02 = 2.25 s
    assert ch.transit_time_s(3.0, 150.0, 60.0) == pytest.approx(2.25)


def test_crossing_by_hand():
    # 2 P tau / r = 2 * 1.5e-4 * 1 / 3e-4 = 1, so f = 1 - 1/e
    assert ch.fraction_crossing(1.5e-4, 1.0, 3.0) == pytest.approx(1 - math.exp(-1))


def test_crossing_equals_one_minus_exp_of_PS_over_F():
    # The per-capillary form equals the per-gram form 1 - exp(-P S / F) when tau = r S / (2F).
    S, F_ml, P = 150.0, 72.0, 1e-6
    tau = ch.transit_time_s(3.0, S, F_ml)
    assert ch.fraction_crossing(P, tau, 3.0) == pytest.approx(1 - math.exp(-P * S / (F_ml / 6000)))


def test_crossing_limits():
    assert ch.fraction_crossing(0.0, 2.0, 3.0) == 0.0          # impermeable wall
    assert ch.fraction_crossing(1e-6, 0.0, 3.0) == 0.0         # no time in the capillary
    assert ch.fraction_crossing(1.0, 2.0, 3.0) == pytest.approx(1.0)   # very leaky wall


def test_crossing_is_a_fraction_and_rises_with_permeability():
    f = ch.fraction_crossing(np.logspace(-9, 0, 50), 1.9, 3.0)
    assert np.all((f >= 0) & (f <= 1))
    assert np.all(np.diff(f) >= 0)


def test_chapter_transit_time_by_hand():
    # Plasma flow F_p = 72 * (1 - 0.42) = 41.76 mL/100 g/min = 6.96e-3 cm³/(g s);
    # r = 2.6e-4 cm, S = 153.85 cm²/g: tau = 2.6e-4 * 153.85 / (2 * 6.96e-3) = 0.04 / 0.01392 = 2.874 s
    assert tau_s() == pytest.approx(2.874, rel=1e-3)


def test_plasma_flow_lengthens_the_transit_time_by_one_over_one_minus_hct():
    # Same S and r, flow scaled by 0.58: tau scales by 1 / 0.58 = 1.724
    tau_blood = ch.transit_time_s(ch.CAPILLARY_RADIUS_UM, ch.SURFACE_AREA_CM2_PER_G, 72)
    assert tau_s() / tau_blood == pytest.approx(1 / 0.58)


def test_crossing_fractions_for_the_sourced_permeabilities_by_hand():
    # 2 tau / r = S / F_p = 153.85 / 6.96e-3 = 22105 s/cm (independent of r), so 2 P tau / r is
    #   brain      3e-7 * 22105 = 0.006631 -> f = 1 - exp(-0.006631) = 0.006609 (0.66%)
    #   mesentery  7e-4 * 22105 = 15.47    -> f = 1 - exp(-15.47)    = 0.9999998
    #   (1 - exp(-x) worked out: exp(-0.006631) = 0.993391; exp(-15.47) = 1.9e-7)
    assert crossing(ch.P_BRAIN_CM_PER_S) == pytest.approx(0.006609, rel=1e-3)
    assert crossing(ch.P_MESENTERY_CM_PER_S) == pytest.approx(0.9999998, abs=1e-7)
    # whole-organ check: with tau = r S / (2F_p) and P = PS / S, 2 P tau / r = PS / F_p:
    #   Gd     0.9 / 41.76    = 0.021552 -> f = 1 - exp(-0.021552)  = 0.02132  (about 2.13%)
    #   sucrose 0.0126 / 41.76 = 3.0172e-4 -> f = 1 - exp(-3.0172e-4) = 3.0168e-4 (about 0.030%)
    assert crossing(ch.P_BRAIN_MRI_CM_PER_S) == pytest.approx(0.02132, rel=1e-3)
    assert crossing(ch.P_SUCROSE_CM_PER_S) == pytest.approx(3.0168e-4, rel=1e-3)


def test_permeability_ratio_shrinks_to_about_150_in_fraction_crossing():
    # The mesenteric wall saturates: 0.9999998 / 0.006609 = 151.3, not 2333.
    ratio = crossing(ch.P_MESENTERY_CM_PER_S) / crossing(ch.P_BRAIN_CM_PER_S)
    assert ratio == pytest.approx(151.3, rel=1e-3)
    assert ratio < ch.P_MESENTERY_CM_PER_S / ch.P_BRAIN_CM_PER_S


def test_crossing_figure_uses_the_sourced_constants():
    # The figure marks these points (its legend labels start with the name); they must be the
    # sourced permeabilities and the model's fractions crossing, read from the drawn figure.
    ax = chapter_figure("anatomy", "fig-anatomy-crossing").axes[0]
    marked = {line.get_label().split(":")[0]: line for line in ax.get_lines()}
    for name, p in [("brain, single capillary", ch.P_BRAIN_CM_PER_S),
                    ("mesentery, single capillary", ch.P_MESENTERY_CM_PER_S),
                    ("Gd by MRI, upper bound", ch.P_BRAIN_MRI_CM_PER_S),
                    ("sucrose, mouse", ch.P_SUCROSE_CM_PER_S)]:
        (x,), (y,) = marked[name].get_xdata(), marked[name].get_ydata()
        assert float(x) == pytest.approx(float(p), rel=1e-12), name
        assert float(y) == pytest.approx(crossing(p), rel=1e-12), name
    # the curves span every marked permeability
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    assert len(curves) == 3
    for line in curves:
        assert min(line.get_xdata()) <= ch.P_SUCROSE_CM_PER_S
        assert ch.P_MESENTERY_CM_PER_S <= max(line.get_xdata())


def test_permeability_from_resistance_by_hand():
    # R = 1000 ohm cm², c = 100 mM = 1e-4 mol/cm³, T = 300 K:
    # P = 8.3145 * 300 / (2 * 96485.33² * 1e-4 * 1000) = 2494.34 / 1.861884e9 = 1.3397e-6 cm/s
    assert float(ch.permeability_from_resistance(1000.0, 100.0, 300.0)) == pytest.approx(1.3397e-6,
                                                                                        rel=1e-4)


def test_permeability_from_resistance_is_inverse_in_resistance_and_salt():
    P = ch.permeability_from_resistance(np.array([500.0, 1000.0, 2000.0]), 150.0, 310.0)
    assert P[0] / P[1] == pytest.approx(2) and P[1] / P[2] == pytest.approx(2)
    assert float(ch.permeability_from_resistance(1000.0, 300.0, 310.0)) == pytest.approx(
        float(ch.permeability_from_resistance(1000.0, 150.0, 310.0)) / 2)


def test_frog_brain_resistance_is_converted_at_a_frog_preparation_temperature():
    # The frog vessels were not at 37 °C; the chapter converts at 20 °C (293.15 K, its assumption).
    # 1870 ohm cm², 150 mM, 293.15 K: RT = 8.31446 * 293.15 = 2437.36 J/mol;
    # 2 F² c R = 1.861884e10 * 1.5e-4 * 1870 = 5.22258e9; P = 4.667e-7 cm/s, the same order as
    # the review's 3e-7 cm/s (a consistency check of one dataset, not an independent confirmation)
    assert ch.FROG_PREPARATION_K == pytest.approx(293.15)
    assert float(ch.P_FROM_RESISTANCE_CM_PER_S) == pytest.approx(4.667e-7, rel=1e-3)
    assert 1 < float(ch.P_FROM_RESISTANCE_CM_PER_S) / ch.P_BRAIN_CM_PER_S < 2
    # at 37 °C it would be only T ratio 310.15 / 293.15 = 1.058 higher
    assert float(ch.permeability_from_resistance(1870.0, 150.0, 310.15)) / float(
        ch.P_FROM_RESISTANCE_CM_PER_S) == pytest.approx(1.058, rel=1e-3)


def test_half_crossing_permeability_by_hand():
    # f = 1/2 when PS/F = ln 2: P = ln 2 * F / S. Plasma flow 72 * 0.58 = 41.76 mL/100 g/min
    # = 6.96e-3 cm³/s/g; S = 20e4 / 1300 = 153.846 cm²/g; F/S = 4.524e-5 cm/s;
    # P_half = 0.693147 * 4.524e-5 = 3.136e-5 cm/s, about 105 x brain and 1/22 of the mesentery
    assert crossing(3.136e-5) == pytest.approx(0.5, rel=1e-3)
    # 3.136e-5 / 3e-7 = 104.5; 7e-4 / 3.136e-5 = 22.3
    assert 3.136e-5 / ch.P_BRAIN_CM_PER_S == pytest.approx(105, rel=0.01)
    assert ch.P_MESENTERY_CM_PER_S / 3.136e-5 == pytest.approx(22.3, rel=0.01)


def test_crossing_does_not_depend_on_radius_or_transit_time_at_fixed_S_over_F():
    # 2 P tau / r = P S / F: with S and F fixed, changing r changes tau but not the fraction
    fractions = [float(ch.fraction_crossing(1e-6, ch.transit_time_s(r, 150.0, 42.0), r))
                 for r in (2.0, 2.6, 5.0)]
    # by hand: P S / F = 1e-6 * 150 / (42 / 6000) = 0.0214286; f = 1 - exp(-0.0214286) = 0.021201
    assert fractions == pytest.approx([0.021201] * 3, rel=1e-4)


def test_small_crossing_is_proportional_to_permeability():
    f1 = ch.fraction_crossing(1e-7, 1.9, 3.0)
    f2 = ch.fraction_crossing(2e-7, 1.9, 3.0)
    assert f2 / f1 == pytest.approx(2, rel=1e-2)


@pytest.mark.parametrize("call, name", [
    (lambda: ch.transit_time_s(0.0, 150, 72), "capillary_radius_um"),
    (lambda: ch.transit_time_s(3.0, -150, 72), "surface_area_cm2_per_g"),
    (lambda: ch.transit_time_s(3.0, 150, 0), "flow_ml_per_100g_min"),
    (lambda: ch.fraction_crossing(-1e-7, 2.0, 3.0), "permeability_cm_per_s"),
    (lambda: ch.fraction_crossing(np.array([1e-7, -1e-7]), 2.0, 3.0), "permeability_cm_per_s"),
    (lambda: ch.fraction_crossing(1e-6, -2.0, 3.0), "transit_time_s"),
    (lambda: ch.fraction_crossing(1e-6, 2.0, 0.0), "capillary_radius_um"),
    (lambda: ch.permeability_from_ps(-0.1, 150.0), "ps_ml_per_100g_min"),
    (lambda: ch.permeability_from_ps(np.array([0.1, np.nan]), 150.0), "ps_ml_per_100g_min"),
    (lambda: ch.permeability_from_ps(np.inf, 150.0), "ps_ml_per_100g_min"),
    (lambda: ch.permeability_from_ps(0.1, 0.0), "surface_area_cm2_per_g"),
    (lambda: ch.permeability_from_ps(0.1, float("nan")), "surface_area_cm2_per_g"),
    (lambda: ch.permeability_from_resistance(0.0, 150.0, 310.0), "resistance_ohm_cm2"),
    (lambda: ch.permeability_from_resistance(np.array([1870.0, -1.0]), 150.0, 310.0),
     "resistance_ohm_cm2"),
    (lambda: ch.permeability_from_resistance(1870.0, float("nan"), 310.0), "salt_mM"),
    (lambda: ch.permeability_from_resistance(1870.0, 150.0, -5.0), "temperature_K"),
    (lambda: ch.permeability_from_resistance(1870.0, 150.0, float("inf")), "temperature_K"),
])
def test_tightness_models_reject_nonphysical_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- the MS data table ------------------------------------------------------------------------


def test_ms_table_matches_the_papers():
    # Read from the drawn figure: one bar per entry (its width the percentage, its hatch the study,
    # as in the legend), labelled on the y axis with the tissue.
    ax = chapter_figure("anatomy", "fig-anatomy-ms").axes[0]
    study_of_hatch = {(patch.get_hatch() or ""): text.get_text() for patch, text in
                      zip(ax.get_legend().get_patches(), ax.get_legend().get_texts())}
    bars = sorted(ax.patches, key=lambda bar: bar.get_y())
    rows = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert len(bars) == len(rows) == 12
    table = {(study_of_hatch[bar.get_hatch() or ""], tissue): bar.get_width()
             for bar, (_, tissue) in zip(bars, rows)}
    assert len(table) == 12
    assert table[("Plumb 2002", "active plaques")] == 40
    assert table[("Plumb 2002", "NAWM")] == 15
    assert table[("Leech 2007", "active lesions, primary progressive")] == 42
    assert table[("Leech 2007", "NAWM, primary progressive")] == 13
    assert table[("Plumb 2002", "neurological controls")] == 6
    # Kirk et al. 2003 as summarised in mcquaid2009effects: 42% active, 23% inactive, 13% NAWM
    assert table[("Kirk 2003 (McQuaid 2009)", "active lesions")] == 42
    assert table[("Kirk 2003 (McQuaid 2009)", "inactive lesions")] == 23
    assert table[("Kirk 2003 (McQuaid 2009)", "NAWM")] == 13

    assert all(0 <= pct <= 100 for pct in table.values())


# --- the capillary schematic ------------------------------------------------------------------


# That regenerating the figure gives the committed bytes is checked for every figure script in
# tests/test_figures.py.


def test_capillary_figure_script_accepts_a_folder(tmp_path):
    subprocess.run([sys.executable, str(FIGURE_SCRIPT), str(tmp_path)], check=True,
                   capture_output=True, text=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["capillary.png", "capillary.svg"]


def test_capillary_figure_has_the_labels_as_text_and_no_date():
    import xml.etree.ElementTree as ET

    root = ET.parse(FIGURE).getroot()
    texts = {"".join(el.itertext()).strip() for el in root.iter("{http://www.w3.org/2000/svg}text")}
    for label in ["Lumen", "(blood)", "Endothelial cell", "Tight junction", "(claudin-5, occludin, ZO-1)",
                  "Adherens junction", "Basement membranes", "(lying together)", "Pericyte",
                  "Astrocyte endfeet", "Brain parenchyma",
                  # the arteriovenous axis: solutes at capillaries, cells at post-capillary venules
                  "(a) Capillary: solute exchange", "(b) Post-capillary venule: immune-cell entry",
                  "Endothelial basement membrane", "Perivascular space", "Perivascular (border-",
                  "associated) macrophage", "Parenchymal basement membrane", "and glia limitans",
                  # all three orange circles are one T cell, on its way in
                  "T cell (orange): in the blood,", "after step 1, after step 2",
                  # the endfoot gaps are drawn far wider than the 0.2-0.6% in the text
                  "Not to scale; gaps between endfeet exaggerated"]:
        assert label in texts, f"figures/capillary.svg has no text element {label!r}"
    assert "<dc:date>" not in FIGURE.read_text()


def test_capillary_figure_puts_the_t_cell_only_in_the_venule_panel():
    # The capillary panel must not suggest that immune cells enter through capillaries.
    import importlib.util

    spec = importlib.util.spec_from_file_location("capillary_fig", FIGURE_SCRIPT)
    fig_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fig_mod)
    import inspect

    assert "tcell" not in inspect.getsource(fig_mod.draw_capillary)
    assert "tcell" in inspect.getsource(fig_mod.draw_venule)
    assert fig_mod.CAP_CENTRE[0] < 0 < fig_mod.VEN_CENTRE[0]
