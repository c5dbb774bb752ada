"""Tests of the models in chapters/progression.md.

Two sources of disability: relapse-associated worsening (relapses as a Poisson process, each
leaving a step s with probability p) and relapse-independent progression (r EDSS points per year).
Expected values are derived by hand from the chapter's equations:
E[D_RAW(T)] = (1 - rho) * lambda * p * s * T, Var[D_RAW(T)] = (1 - rho) * lambda * p * s**2 * T,
E[D_PIRA(T)] = r * T, Var[D_PIRA(T)] = (c * r * T)**2, share = r / (r + (1 - rho) * lambda * p * s).
"""

import numpy as np
import pytest

from bookutils import load_chapter

ch = load_chapter("progression")

# The chapter's parameters, as read in the cited sources.
LAM, RHO, P, RESIDUAL, R = 0.70, 0.68, 0.45, 0.28, 0.10
S = RESIDUAL / P


def cohort(n=20000, years=10, lam=LAM, p=P, s=S, r=R, rho=0.0, cv=0.5, seed=7, **kw):
    return ch.simulate_cohort(n, years, lam, p, s, r, relapse_reduction=rho,
                              progression_cv=cv, seed=seed, **kw)


# --- parameters read in the cited sources ------------------------------------------------------

def test_parameters_are_the_published_values():
    assert ch.RELAPSE_RATE_PLACEBO_PER_YEAR == 0.70   # wang2011short, Table 2 (unadjusted ARR)
    # Table 2 of wang2011short: 224 placebo relapses in 320.1 patient-years in year 1.
    assert 224 / 320.1 == pytest.approx(ch.RELAPSE_RATE_PLACEBO_PER_YEAR, abs=0.0005)
    assert ch.RELAPSE_REDUCTION_AFFIRM == 0.68        # polman2006randomized
    assert ch.P_INCOMPLETE == 0.45                    # lublin2014natalizumab, placebo arm
    assert ch.MEAN_RESIDUAL_EDSS == 0.28              # lublin2014natalizumab, placebo arm
    assert ch.STEP_EDSS * ch.P_INCOMPLETE == pytest.approx(0.28)
    assert ch.STEP_EDSS == pytest.approx(0.62, abs=0.005)  # the derived step quoted in the text


def test_the_step_size_only_matters_through_p_times_s_for_the_mean():
    # The text's argument for deriving s: the same p*s with a larger step and a smaller p gives
    # the same expected worsening, Eq. (eq-progression-mean), but a larger variance, Eq. (var).
    big_p, big_s = 0.28, 1.0                      # p * s = 0.28, as in the chapter
    assert ch.expected_worsening(10, LAM, big_p, big_s, R)[0] == pytest.approx(
        ch.expected_worsening(10, LAM, P, S, R)[0])
    chapter, big = cohort(r=0.0), cohort(p=big_p, s=big_s, r=0.0)
    n = chapter.raw_edss.shape[0]
    se = np.sqrt(LAM * big_p * big_s**2 * 10 / n)
    assert abs(big.raw_edss[:, -1].mean() - chapter.raw_edss[:, -1].mean()) < 6 * se
    assert big.raw_edss[:, -1].var() == pytest.approx(LAM * big_p * big_s**2 * 10, rel=0.05)
    assert big.raw_edss[:, -1].var() > 1.4 * chapter.raw_edss[:, -1].var()   # 1.0/0.62 = 1.6


# --- analytic expectation ------------------------------------------------------------------------

def test_expected_worsening_by_hand():
    raw, prog = ch.expected_worsening(10, LAM, P, S, R)
    assert raw == pytest.approx(0.70 * 0.28 * 10)          # 1.96 EDSS points
    assert prog == pytest.approx(1.0)
    raw_t, prog_t = ch.expected_worsening(10, LAM, P, S, R, relapse_reduction=RHO)
    assert raw_t == pytest.approx(0.32 * 0.70 * 0.28 * 10)  # 0.6272
    assert prog_t == pytest.approx(prog)                    # the drug leaves progression alone


def test_expected_worsening_is_linear_in_time():
    years = np.array([0.0, 1.0, 2.5, 10.0])
    raw, prog = ch.expected_worsening(years, LAM, P, S, R)
    np.testing.assert_allclose(raw, 0.196 * years)
    np.testing.assert_allclose(prog, 0.10 * years)


def test_share_by_hand_and_limits():
    assert ch.fraction_relapse_independent(LAM, P, S, R) == pytest.approx(0.10 / 0.296)
    treated = ch.fraction_relapse_independent(LAM, P, S, R, relapse_reduction=RHO)
    assert treated == pytest.approx(0.10 / (0.10 + 0.32 * 0.196))
    assert ch.fraction_relapse_independent(0.0, P, S, R) == 1.0      # no relapses
    assert ch.fraction_relapse_independent(LAM, P, S, 0.0) == 0.0    # no progression
    assert ch.fraction_relapse_independent(LAM, P, S, R, relapse_reduction=1.0) == 1.0


def test_share_falls_as_relapse_rate_rises_and_stays_in_bounds():
    lam = np.linspace(0, 3, 61)
    share = ch.fraction_relapse_independent(lam, P, S, R)
    assert np.all(np.diff(share) < 0)
    assert np.all((share > 0) & (share <= 1))


def test_equal_cuts_of_both_rates_leave_the_share_unchanged():
    # Exercise ex-progression-share-figure (c): multiply lambda and r by 0.32.
    untreated = ch.fraction_relapse_independent(LAM, P, S, R)
    both_cut = ch.fraction_relapse_independent(LAM, P, S, 0.32 * R, relapse_reduction=RHO)
    assert both_cut == pytest.approx(untreated)


# --- the simulation against the analytic results -------------------------------------------------

@pytest.mark.parametrize("rho", [0.0, RHO])
def test_simulated_mean_matches_expectation(rho):
    n, years = 20000, 10
    c = cohort(n=n, years=years, rho=rho)
    raw_exp, prog_exp = ch.expected_worsening(years, LAM, P, S, R, relapse_reduction=rho)
    var_raw = (1 - rho) * LAM * P * S**2 * years          # Eq. (eq-progression-var)
    se_raw = np.sqrt(var_raw / n)
    assert abs(c.raw_edss[:, -1].mean() - raw_exp) < 4 * se_raw
    se_prog = R * years * 0.5 / np.sqrt(n)                 # cv = 0.5 of the gamma factor
    assert abs(c.progression_edss[:, -1].mean() - prog_exp) < 4 * se_prog
    se_rel = np.sqrt((1 - rho) * LAM * years / n)          # Poisson relapse count
    assert abs(c.relapses[:, -1].mean() - (1 - rho) * LAM * years) < 4 * se_rel


def test_simulated_variance_matches_compound_poisson():
    n, years = 20000, 10
    c = cohort(n=n, years=years)
    var_raw = LAM * P * S**2 * years
    assert c.raw_edss[:, -1].var() == pytest.approx(var_raw, rel=0.05)


def test_simulated_share_matches_equation():
    c = cohort(n=20000)
    share = c.progression_edss[:, -1].mean() / c.total_edss[:, -1].mean()
    assert share == pytest.approx(ch.fraction_relapse_independent(LAM, P, S, R), abs=0.01)


# --- limiting cases ----------------------------------------------------------------------------

def test_zero_relapse_rate_gives_only_progression():
    c = cohort(n=500, lam=0.0)
    assert np.all(c.relapses == 0)
    assert np.all(c.raw_edss == 0)
    np.testing.assert_array_equal(c.total_edss, c.progression_edss)
    assert c.progression_edss[:, -1].mean() > 0


def test_zero_progression_gives_only_relapse_steps():
    c = cohort(n=500, r=0.0)
    assert np.all(c.progression_edss == 0)
    np.testing.assert_array_equal(c.total_edss, c.raw_edss)
    steps = c.raw_edss / S
    np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)   # whole steps only
    assert c.raw_edss[:, -1].max() > 0


def test_complete_recovery_leaves_no_steps_but_relapses_still_happen():
    c = cohort(n=500, p=0.0)
    assert np.all(c.raw_edss == 0)
    assert c.relapses[:, -1].sum() > 0


def test_a_drug_that_prevents_every_relapse():
    c = cohort(n=500, rho=1.0)
    assert np.all(c.relapses == 0)
    assert np.all(c.raw_edss == 0)


def test_zero_cv_gives_every_patient_the_same_progression():
    c = cohort(n=50, cv=0.0)
    np.testing.assert_allclose(c.progression_edss, np.tile(R * c.t_years, (50, 1)))


# --- the drug changes only the relapse part -------------------------------------------------------

def test_drug_reduces_only_the_relapse_part():
    untreated, treated = cohort(rho=0.0), cohort(rho=RHO)
    np.testing.assert_array_equal(untreated.progression_edss, treated.progression_edss)
    ratio = treated.raw_edss[:, -1].mean() / untreated.raw_edss[:, -1].mean()
    assert ratio == pytest.approx(1 - RHO, abs=0.02)
    relapse_ratio = treated.relapses[:, -1].mean() / untreated.relapses[:, -1].mean()
    assert relapse_ratio == pytest.approx(1 - RHO, abs=0.02)


def test_worsening_never_decreases_and_starts_at_zero():
    c = cohort(n=1000)
    for arr in (c.relapses, c.raw_edss, c.progression_edss):
        assert np.all(arr[:, 0] == 0)
        assert np.all(np.diff(arr, axis=1) >= 0)


def test_time_grid():
    c = cohort(n=10, years=10, steps_per_year=12)
    assert c.t_years.shape == (121,)
    assert c.t_years[0] == 0 and c.t_years[-1] == pytest.approx(10)
    assert c.raw_edss.shape == c.progression_edss.shape == c.relapses.shape == (10, 121)


# --- determinism -------------------------------------------------------------------------------

def test_same_seed_same_cohort_and_different_seed_different_cohort():
    a, b, other = cohort(n=300, seed=11), cohort(n=300, seed=11), cohort(n=300, seed=12)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.raw_edss, other.raw_edss)


# --- nonphysical input -------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, name", [
    (dict(n=0), "n_patients"),
    (dict(n=2.5), "n_patients"),
    (dict(years=0), "years"),
    (dict(years=-1), "years"),
    (dict(years=float("inf")), "years"),
    (dict(years=float("nan")), "years"),
    (dict(lam=-0.1), "relapse_rate_per_year"),
    (dict(lam=float("nan")), "relapse_rate_per_year"),
    (dict(lam=float("inf")), "relapse_rate_per_year"),
    (dict(s=float("inf")), "step_edss"),
    (dict(r=float("inf")), "progression_edss_per_year"),
    (dict(cv=float("inf")), "progression_cv"),
    (dict(p=-0.1), "p_incomplete"),
    (dict(p=1.1), "p_incomplete"),
    (dict(s=-0.5), "step_edss"),
    (dict(r=-0.1), "progression_edss_per_year"),
    (dict(rho=-0.1), "relapse_reduction"),
    (dict(rho=1.68), "relapse_reduction"),
    (dict(cv=-1.0), "progression_cv"),
    (dict(steps_per_year=0), "steps_per_year"),
])
def test_simulate_cohort_rejects_nonphysical_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        cohort(**kwargs)


@pytest.mark.parametrize("args, kwargs, name", [
    ((-1, LAM, P, S, R), {}, "years"),
    ((10, -LAM, P, S, R), {}, "relapse_rate_per_year"),
    ((10, LAM, 2.0, S, R), {}, "p_incomplete"),
    ((10, LAM, P, -S, R), {}, "step_edss"),
    ((10, LAM, P, S, -R), {}, "progression_edss_per_year"),
    ((10, LAM, P, S, R), dict(relapse_reduction=1.5), "relapse_reduction"),
    ((np.array([1.0, np.inf]), LAM, P, S, R), {}, "years"),
])
def test_expected_worsening_rejects_nonphysical_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        ch.expected_worsening(*args, **kwargs)


@pytest.mark.parametrize("args, kwargs, name", [
    ((-LAM, P, S, R), {}, "relapse_rate_per_year"),
    ((LAM, -0.1, S, R), {}, "p_incomplete"),
    ((LAM, P, -S, R), {}, "step_edss"),
    ((LAM, P, S, -R), {}, "progression_edss_per_year"),
    ((LAM, P, S, R), dict(relapse_reduction=-0.2), "relapse_reduction"),
    ((0.0, P, S, 0.0), {}, "progression_edss_per_year"),   # no worsening at all: 0/0
])
def test_share_rejects_nonphysical_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        ch.fraction_relapse_independent(*args, **kwargs)


# --- between-patient variance, Eqs. (eq-progression-var) and (eq-progression-var-pira) ----------------

def test_variance_by_hand():
    # RAW: 0.70 * 0.45 * (0.28/0.45)**2 * 10 = 0.70 * 0.28**2 / 0.45 * 10 = 1.219555...
    # PIRA: (0.5 * 0.10 * 10)**2 = 0.25
    var_raw, var_pira = ch.worsening_variance(10, LAM, P, S, R, progression_cv=0.5)
    assert var_raw == pytest.approx(0.70 * 0.0784 / 0.45 * 10)
    assert var_raw == pytest.approx(1.2195556, rel=1e-6)
    assert var_pira == pytest.approx(0.25)
    var_raw_t, var_pira_t = ch.worsening_variance(10, LAM, P, S, R, relapse_reduction=RHO,
                                                  progression_cv=0.5)
    assert var_raw_t == pytest.approx(0.32 * 1.2195556, rel=1e-6)
    assert var_pira_t == pytest.approx(0.25)          # the drug leaves the spread of r alone


def test_variance_grows_with_t_for_raw_and_t_squared_for_pira():
    years = np.array([1.0, 2.0, 4.0, 8.0])
    var_raw, var_pira = ch.worsening_variance(years, LAM, P, S, R, progression_cv=0.5)
    np.testing.assert_allclose(var_raw[1:] / var_raw[:-1], 2.0)     # doubling t doubles it
    np.testing.assert_allclose(var_pira[1:] / var_pira[:-1], 4.0)   # doubling t quadruples it
    mean_raw, mean_pira = ch.expected_worsening(years, LAM, P, S, R)
    np.testing.assert_allclose(mean_pira / np.sqrt(var_pira), 1 / 0.5)  # mean/SD stays 1/c
    assert np.all(np.diff(mean_raw / np.sqrt(var_raw)) > 0)            # grows as sqrt(t)


def test_variance_limits():
    var_raw, var_pira = ch.worsening_variance(10, LAM, P, S, R)       # cv = 0: all alike
    assert var_pira == 0.0
    var_raw, var_pira = ch.worsening_variance(10, 0.0, P, S, R, progression_cv=0.5)
    assert var_raw == 0.0
    var_raw, var_pira = ch.worsening_variance(0.0, LAM, P, S, R, progression_cv=0.5)
    assert var_raw == 0.0 and var_pira == 0.0


def test_simulated_pira_variance_matches_equation():
    n, years = 20000, 10
    c = cohort(n=n, years=years, cv=0.5)
    assert c.progression_edss[:, -1].var() == pytest.approx(0.25, rel=0.05)
    c2 = cohort(n=n, years=5, cv=0.5)
    assert c2.progression_edss[:, -1].var() == pytest.approx(0.25 / 4, rel=0.05)


@pytest.mark.parametrize("args, kwargs, name", [
    ((-1, LAM, P, S, R), {}, "years"),
    ((np.array([1.0, np.nan]), LAM, P, S, R), {}, "years"),
    ((10, -LAM, P, S, R), {}, "relapse_rate_per_year"),
    ((10, LAM, 1.5, S, R), {}, "p_incomplete"),
    ((10, LAM, P, -S, R), {}, "step_edss"),
    ((10, LAM, P, S, float("inf")), {}, "progression_edss_per_year"),
    ((10, LAM, P, S, R), dict(relapse_reduction=2.0), "relapse_reduction"),
    ((10, LAM, P, S, R), dict(progression_cv=-0.5), "progression_cv"),
    ((10, LAM, P, S, R), dict(progression_cv=float("nan")), "progression_cv"),
])
def test_variance_rejects_nonphysical_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        ch.worsening_variance(*args, **kwargs)
