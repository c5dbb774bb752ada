"""Tests of the models in chapters/imaging.md: the arterial input function, the exponential
convolution and the extended Tofts model, Ktrans from flow and PS, the Patlak plot, the fits and the
Monte Carlo. Values come from closed-form solutions worked out by hand, from limiting cases, or from a
third-party implementation of the same published AIF."""

import numpy as np
import pytest

from bookutils import load_chapter

ch = load_chapter("imaging")

T = np.linspace(0, 10, 1201)  # 0.5 s steps over 10 min


# --- the arterial input function (Parker et al. 2006) -------------------------------------------

def test_parker_aif_matches_an_independent_implementation():
    # dcmri.aif_parker(t) documents these whole-blood values (mM) for t = 0, 1.5, ..., 19.5 s:
    # https://dcmri.org/generated/api/dcmri.aif_parker.html (Parker 2006 parameters, no delay).
    documented = [0.08038467, 0.23977987, 0.63896354, 1.45093969, 2.75255937, 4.32881325, 5.6309778,
                  6.06793854, 5.45203828, 4.1540079, 2.79568217, 1.81335784, 1.29063036, 1.08751679]
    t_min = np.arange(0, 20, 1.5) / 60
    assert ch.parker_aif_plasma(t_min, haematocrit=0) == pytest.approx(documented, rel=1e-5)


def test_plasma_concentration_is_blood_over_one_minus_haematocrit():
    blood = ch.parker_aif_plasma(T, haematocrit=0)
    assert ch.parker_aif_plasma(T, haematocrit=0.4) == pytest.approx(blood / 0.6, rel=1e-12)


def test_aif_peaks_in_the_first_pass_and_then_washes_out():
    cp = ch.parker_aif_plasma(T)
    peak = T[cp.argmax()]
    assert abs(peak - ch.PARKER_2006["T1"]) < 0.02          # the first-pass Gaussian dominates
    late = T >= 2
    assert np.all(np.diff(cp[late]) < 0)                    # washout only, after recirculation
    assert np.all(cp > 0)


@pytest.mark.parametrize("kwargs, name", [({"t_min": -1.0}, "t_min"), ({"t_min": 1.0, "haematocrit": 1.0}, "haematocrit"),
                                          ({"t_min": 1.0, "haematocrit": -0.1}, "haematocrit")])
def test_aif_rejects_nonphysical_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ch.parker_aif_plasma(**kwargs)


# --- the exponential convolution -----------------------------------------------------------------

def test_convolution_of_an_exponential_aif_matches_the_closed_form():
    # For Cp = A exp(-m t):  int_0^t Cp(tau) exp(-k (t - tau)) dtau = A (exp(-m t) - exp(-k t)) / (k - m).
    a, m, k = 3.0, 0.5, 0.2
    numeric = ch.convolve_exponential(T, a * np.exp(-m * T), k)
    exact = a * (np.exp(-m * T) - np.exp(-k * T)) / (k - m)
    assert numeric == pytest.approx(exact, abs=1e-5 * exact.max())


def test_convolution_is_exact_for_piecewise_linear_input_even_on_a_coarse_grid():
    # A ramp Cp = t is linear between any samples, so the result must be exact:
    # int_0^t tau exp(-k (t - tau)) dtau = t/k - (1 - exp(-k t))/k^2.
    t = np.linspace(0, 10, 6)                                # 2-minute steps
    k = 0.3
    exact = t / k - (1 - np.exp(-k * t)) / k**2
    assert ch.convolve_exponential(t, t, k) == pytest.approx(exact, rel=1e-10, abs=1e-12)


def test_convolution_with_zero_rate_is_the_running_trapezoid_integral():
    cp = ch.parker_aif_plasma(T)
    assert ch.convolve_exponential(T, cp, 0.0) == pytest.approx(ch.running_integral(T, cp), rel=1e-12)
    assert ch.running_integral(np.array([0.0, 1.0, 3.0]), np.array([2.0, 2.0, 2.0])) == pytest.approx([0, 2, 6])


def test_convolution_starts_at_zero():
    assert ch.convolve_exponential(T, ch.parker_aif_plasma(T), 0.1)[0] == 0.0


@pytest.mark.parametrize("t, cp, rate, name", [
    (np.array([0.0]), np.array([1.0]), 0.1, "t_min"),
    (np.array([0.0, 1.0, 3.0]), np.ones(3), 0.1, "t_min"),            # not uniform
    (np.array([0.0, -1.0, -2.0]), np.ones(3), 0.1, "t_min"),          # decreasing
    (np.linspace(0, 1, 5), np.ones(4), 0.1, "cp_mM"),
    (np.linspace(0, 1, 5), np.ones(5), -0.1, "rate_per_min"),
    (np.linspace(0, 1, 5), np.ones(5), np.inf, "rate_per_min"),
])
def test_convolution_rejects_bad_input(t, cp, rate, name):
    with pytest.raises(ValueError, match=name):
        ch.convolve_exponential(t, cp, rate)


# --- the extended Tofts model --------------------------------------------------------------------

def test_zero_ktrans_gives_only_the_plasma_term():
    cp = ch.parker_aif_plasma(T)
    assert ch.tissue_concentration(T, cp, 0.0, 0.3, 0.05) == pytest.approx(0.05 * cp, rel=1e-12)


def test_constant_plasma_fills_the_ees_to_plasma_concentration():
    # Cp constant: Ct = vp Cp + ve Cp (1 - exp(-kep t)), which tends to (vp + ve) Cp.
    cp = np.full_like(T, 2.0)
    ktrans, ve, vp = 0.5, 0.3, 0.05
    ct = ch.tissue_concentration(T, cp, ktrans, ve, vp)
    assert ct == pytest.approx(vp * 2 + ve * 2 * (1 - np.exp(-ktrans / ve * T)), rel=1e-10)
    assert ct[-1] == pytest.approx((vp + ve) * 2, rel=1e-6)
    assert np.all(np.diff(ct) >= 0)
    assert np.all(ct <= (vp + ve) * 2 + 1e-12)


def test_uptake_grows_with_ktrans_and_early_uptake_does_not_depend_on_ve():
    cp = ch.parker_aif_plasma(T)
    low = ch.tissue_concentration(T, cp, 0.02, 0.25, 0.02)
    high = ch.tissue_concentration(T, cp, 0.04, 0.25, 0.02)
    assert np.all(high[1:] > low[1:])
    small_ve = ch.tissue_concentration(T, cp, 0.04, 0.125, 0.02)
    early = T <= 0.25
    assert small_ve[early] == pytest.approx(high[early], rel=0.02)
    assert small_ve[-1] < high[-1]                           # faster washout with larger kep


def test_chapter_tissues_are_built_from_their_sources():
    assert ch.NAWM["ktrans_per_min"] == pytest.approx(0.008)             # 0.8 mL/100 g/min (Larsson 2009)
    assert ch.VP == pytest.approx(0.04 * (1 - ch.HAEMATOCRIT))           # CBV 4 mL/100 g (Larsson 2009)
    assert ch.lesion_true[-1] > ch.nawm_true[-1] > ch.VP * ch.CP_FINE_MM[-1]


@pytest.mark.parametrize("ktrans, ve, vp, name", [
    (-0.01, 0.2, 0.02, "ktrans_per_min"), (np.nan, 0.2, 0.02, "ktrans_per_min"),
    (0.01, 0.0, 0.02, "ve"), (0.01, 1.2, 0.02, "ve"),
    (0.01, 0.2, -0.01, "vp"), (0.01, 0.2, 1.0, "vp"),
    (0.01, 0.95, 0.1, "ve \\+ vp"),
])
def test_tofts_rejects_nonphysical_parameters(ktrans, ve, vp, name):
    with pytest.raises(ValueError, match=name):
        ch.tissue_concentration(T, ch.parker_aif_plasma(T), ktrans, ve, vp)


# --- Ktrans from flow and permeability -----------------------------------------------------------

def test_ktrans_limits_and_a_value_by_hand():
    fp = 0.2
    assert ch.ktrans_from_flow_and_ps(fp, 1e-4) == pytest.approx(1e-4, rel=1e-3)   # permeability-limited
    assert ch.ktrans_from_flow_and_ps(fp, 100.0) == pytest.approx(fp, rel=1e-9)    # flow-limited
    assert ch.ktrans_from_flow_and_ps(fp, fp) == pytest.approx(fp * (1 - np.exp(-1)))
    assert ch.ktrans_from_flow_and_ps(fp, 0.0) == 0.0


def test_ktrans_rises_with_ps_and_never_exceeds_ps_or_flow():
    fp = 0.174
    ps = np.logspace(-4, 2, 200)
    k = ch.ktrans_from_flow_and_ps(fp, ps)
    assert np.all(np.diff(k) >= 0)                           # saturates to float precision at high PS
    assert np.all(np.diff(k[ps < 10 * fp]) > 0)
    assert np.all(k <= np.minimum(ps, fp) * (1 + 1e-12))


@pytest.mark.parametrize("flow, ps, name", [(0.0, 0.1, "plasma_flow_per_min"), (-1.0, 0.1, "plasma_flow_per_min"),
                                            (0.2, -0.1, "ps_per_min"), (0.2, np.inf, "ps_per_min")])
def test_ktrans_rejects_bad_input(flow, ps, name):
    with pytest.raises(ValueError, match=name):
        ch.ktrans_from_flow_and_ps(flow, ps)


# --- the Patlak plot -----------------------------------------------------------------------------

def test_patlak_slope_equals_ktrans_when_nothing_flows_back():
    # kep = 0: Ct = vp Cp + Ktrans * int Cp exactly, so the Patlak line is exact.
    cp = ch.parker_aif_plasma(T)
    ct = 0.03 * cp + 0.01 * ch.convolve_exponential(T, cp, 0.0)
    ki, intercept = ch.patlak_fit(T, ct, cp)
    assert ki == pytest.approx(0.01, rel=1e-9)
    assert intercept == pytest.approx(0.03, rel=1e-9)


def test_patlak_underestimates_ktrans_with_backflux_and_more_so_for_longer_scans():
    t = np.linspace(0, 20, 2401)
    cp = ch.parker_aif_plasma(t)
    ct = ch.tissue_concentration(t, cp, 0.01, 0.2, 0.02)              # kep = 0.05 /min
    ki = [ch.patlak_fit(t[t <= d], ct[t <= d], cp[t <= d])[0] for d in (5, 10, 20)]
    assert 0.01 > ki[0] > ki[1] > ki[2] > 0


@pytest.mark.parametrize("kwargs, name", [
    ({"t_min": np.linspace(0, 1, 5), "ct_mM": np.ones(4), "cp_mM": np.ones(5)}, "ct_mM"),
    ({"t_min": np.array([0.0, 2.0, 1.0, 3.0]), "ct_mM": np.ones(4), "cp_mM": np.ones(4)}, "t_min"),
    ({"t_min": np.linspace(0, 5, 6), "ct_mM": np.ones(6), "cp_mM": np.ones(6), "start_min": -1}, "start_min"),
    ({"t_min": np.linspace(0, 5, 6), "ct_mM": np.ones(6), "cp_mM": np.ones(6), "start_min": 4.5}, "start_min"),
    ({"t_min": np.linspace(0, 5, 6), "ct_mM": np.ones(6), "cp_mM": np.zeros(6)}, "cp_mM"),
])
def test_patlak_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ch.patlak_fit(**kwargs)


# --- fitting and the Monte Carlo -----------------------------------------------------------------

@pytest.mark.parametrize("truth", [(0.04, 0.25, 0.0232), (0.008, 0.2, 0.0232), (0.1, 0.4, 0.05)])
def test_fit_recovers_known_parameters_from_noiseless_data(truth):
    frames = ch.frame_indices(10.0)
    t, cp = ch.T_FINE_MIN[frames], ch.CP_FINE_MM[frames]
    ct = ch.tissue_concentration(t, cp, *truth)
    assert ch.fit_extended_tofts(t, ct, cp) == pytest.approx(truth, rel=1e-3)


def test_fit_rejects_bad_input():
    t = np.linspace(0, 5, 10)
    with pytest.raises(ValueError, match="ct_mM"):
        ch.fit_extended_tofts(t, np.ones(9), ch.parker_aif_plasma(t))
    with pytest.raises(ValueError, match="t_min"):
        ch.fit_extended_tofts(t[:3], np.ones(3), ch.parker_aif_plasma(t[:3]))


def test_frames_are_every_five_seconds_up_to_the_scan_length():
    frames = ch.frame_indices(10.0)
    t = ch.T_FINE_MIN[frames]
    assert t[0] == 0 and t[-1] == pytest.approx(10.0)
    assert np.diff(t) == pytest.approx(np.full(t.size - 1, 5 / 60))
    with pytest.raises(ValueError, match="frame_s"):
        ch.frame_indices(10.0, frame_s=0.7)
    with pytest.raises(ValueError, match="duration_min"):
        ch.frame_indices(25.0)


def test_monte_carlo_error_grows_with_noise_and_is_nearly_zero_without_it():
    err_tofts, err_patlak = ch.monte_carlo_errors([0.0, 0.0025, 0.02], [6, 15], n_repeats=10, seed=1)
    assert np.all(err_tofts[0] < 0.5)                       # noiseless Tofts fit: no bias
    assert np.all(err_tofts[1] < err_tofts[2])              # 8 times the noise, larger error
    assert err_patlak[0, 1] > err_patlak[0, 0] > 5          # Patlak bias grows with scan length


@pytest.mark.parametrize("kwargs, name", [({"noise_sd_mM": [-0.01], "durations_min": [5]}, "noise_sd_mM"),
                                          ({"noise_sd_mM": [0.01], "durations_min": [5], "n_repeats": 0}, "n_repeats")])
def test_monte_carlo_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ch.monte_carlo_errors(**kwargs)


# --- the numbers the text quotes ----------------------------------------------------------------

def test_nawm_is_deep_in_the_permeability_limited_range():
    # Text: about 5% extracted per pass, Ktrans within 3% of PS (so Larsson's permeability can stand in).
    ps = ch.NAWM["ktrans_per_min"]
    k = ch.ktrans_from_flow_and_ps(ch.FP_WM, ps)
    assert ch.FP_WM == pytest.approx(0.30 * (1 - ch.HAEMATOCRIT))      # 30 mL/100 g/min, plasma share
    assert 0.04 < k / ch.FP_WM < 0.05
    assert 0.97 * ps < k < ps


def test_the_single_scan_fits_are_as_the_text_says():
    lesion = ch.fit_extended_tofts(ch.t_scan, ch.lesion_scan, ch.cp_scan)
    truth = [ch.LESION[key] for key in ("ktrans_per_min", "ve", "vp")]
    assert lesion[:2] == pytest.approx(truth[:2], rel=0.02)             # Ktrans and ve within 2%
    assert lesion[2] == pytest.approx(truth[2], rel=0.06)               # vp within 6%
    ki_lesion, vp_lesion = ch.patlak_fit(ch.t_scan, ch.lesion_scan, ch.cp_scan)
    assert 0.28 < ki_lesion / truth[0] < 0.40                            # about a third
    assert vp_lesion > 3 * truth[2]                                      # several times the true vp
    ki_nawm, _ = ch.patlak_fit(ch.t_scan, ch.nawm_scan, ch.cp_scan)
    assert 0.70 < ki_nawm / ch.NAWM["ktrans_per_min"] < 0.80             # about a quarter too low


def test_the_monte_carlo_shows_what_the_text_and_alt_text_say():
    tofts, patlak = ch.err_tofts, ch.err_patlak
    assert np.all(tofts[0] < 0.5)                                        # no noise: no Tofts bias
    assert np.all(np.diff(tofts[1:], axis=0) > 0)                        # more noise, more error
    assert np.all(tofts[1:, -1] < tofts[1:, 0])                          # longer scans help the Tofts fit
    assert np.all(np.diff(patlak[0]) > 0)                                # Patlak bias grows with length
    assert 10 < patlak[0, 0] < 14 and 40 < patlak[0, -1] < 48            # about 12% -> 44%
    assert patlak[3, 1] < patlak[3, 0] and patlak[3, 2] > patlak[3, 1]   # 0.02 mM: dips at 6 min, then rises
    assert np.all(patlak > 100 * 0.1 / 0.8 - 1)                          # about 12% or more everywhere (exercise)
