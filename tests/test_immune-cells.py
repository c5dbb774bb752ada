"""Tests of the models in chapters/immune-cells.md: the adhesion cascade as a Markov chain, its
single-cell (Gillespie) simulation, antibody blockade by receptor occupancy, and elasticities.

Hand-derived values use the chapter's illustrative rates: p_cap = 1/6, p_roll = 1/3, p_arr = 5/6,
p_crawl = 2/3, so s = 5/27 and f = p_cap s / (1 - p_cap (1 - s)) = 1/28.
"""

import math

import numpy as np
import pytest
from scipy.linalg import expm

from bookutils import load_chapter

ch = load_chapter("immune-cells")
RATES = ch.RATES
F, R, A, C, T, X = (ch.FREE, ch.ROLLING, ch.ARRESTED, ch.CRAWLING, ch.CROSSED, ch.WASHED_OUT)


def with_rates(**changes):
    return {**RATES, **changes}


# --- the generator ------------------------------------------------------------------------


def test_generator_rows_sum_to_zero_and_off_diagonals_are_rates():
    q = ch.cascade_generator(RATES)
    assert q.shape == (6, 6)
    assert np.allclose(q.sum(axis=1), 0.0, atol=1e-15)
    off = q - np.diag(np.diag(q))
    assert (off >= 0).all()
    assert q[F, R] == RATES["capture_per_s"] and q[F, X] == RATES["exit_per_s"]
    assert q[R, F] == RATES["detach_rolling_per_s"] and q[R, A] == RATES["arrest_per_s"]
    assert q[A, F] == RATES["detach_arrested_per_s"] and q[A, C] == RATES["crawl_per_s"]
    assert q[C, F] == RATES["detach_crawling_per_s"] and q[C, T] == RATES["diapedesis_per_s"]
    assert q[F, F] == pytest.approx(-(0.2 + 1.0))


def test_absorbing_states_have_zero_rows():
    q = ch.cascade_generator(RATES)
    assert not q[T].any() and not q[X].any()


# --- the exact solution ------------------------------------------------------------------------


def test_crossing_fraction_equals_hand_value_one_over_28():
    assert ch.crossing_fraction(RATES) == pytest.approx(1 / 28, rel=1e-12)


def test_matrix_exponential_converges_to_the_closed_form():
    p = ch.state_probabilities(RATES, 1e5)       # "infinite" time
    assert p[T] == pytest.approx(ch.crossing_fraction(RATES), rel=1e-9)
    assert p[T] + p[X] == pytest.approx(1.0, abs=1e-12)   # every cell absorbed
    assert np.allclose(p[[F, R, A, C]], 0.0, atol=1e-12)


def test_closed_form_agrees_with_linear_algebra_for_other_rates():
    # Absorption probabilities from the fundamental matrix: B = (-Q_tt)^-1 Q_ta.
    rng = np.random.default_rng(11)
    for _ in range(20):
        rates = {name: float(v) for name, v in zip(RATES, rng.uniform(0.01, 2.0, size=8))}
        q = ch.cascade_generator(rates)
        tr = [F, R, A, C]
        b = np.linalg.solve(-q[np.ix_(tr, tr)], q[np.ix_(tr, [T, X])])
        assert ch.crossing_fraction(rates) == pytest.approx(b[0, 0], rel=1e-10)


def test_probabilities_stay_in_bounds_sum_to_one_and_absorbed_mass_grows():
    t = np.linspace(0, 600, 61)
    p = ch.state_probabilities(RATES, t)
    assert p.shape == (61, 6)
    assert (p >= -1e-12).all() and (p <= 1 + 1e-12).all()
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-12)
    assert (np.diff(p[:, T]) >= -1e-15).all() and (np.diff(p[:, X]) >= -1e-15).all()
    assert np.array_equal(p[0], np.eye(6)[F])    # everyone starts free-flowing


def test_scalar_time_gives_a_single_distribution():
    assert ch.state_probabilities(RATES, 10.0).shape == (6,)


def test_two_state_subcase_is_a_single_exponential():
    # No capture: a free-flowing cell can only wash out, p_F(t) = exp(-k_exit t).
    rates = with_rates(capture_per_s=0.0, exit_per_s=0.3)
    t = np.array([0.0, 1.0, 5.0, 20.0])
    p = ch.state_probabilities(rates, t)
    assert np.allclose(p[:, F], np.exp(-0.3 * t), rtol=1e-12)
    assert np.allclose(p[:, X], 1 - np.exp(-0.3 * t), rtol=1e-12)
    assert np.allclose(p[:, T], 0.0)


def test_two_state_rolling_exchange_matches_analytic_solution():
    # Only free <-> rolling (no exit, no arrest): a two-state chain with
    # p_R(t) = a/(a+b) (1 - exp(-(a+b) t)).
    a, b = 0.4, 1.1
    rates = {name: 0.0 for name in RATES}
    rates.update(capture_per_s=a, detach_rolling_per_s=b)
    t = np.array([0.5, 2.0, 10.0])
    p = ch.state_probabilities(rates, t)
    assert np.allclose(p[:, R], a / (a + b) * (1 - np.exp(-(a + b) * t)), rtol=1e-12)


def test_matrix_exponential_matches_scipy_directly():
    q = ch.cascade_generator(RATES)
    assert np.allclose(ch.state_probabilities(RATES, 42.0), expm(42.0 * q)[F])


def test_zero_arrest_means_no_transmigration():
    rates = with_rates(arrest_per_s=0.0)
    assert ch.crossing_fraction(rates) == 0.0
    assert ch.state_probabilities(rates, 1e4)[T] == pytest.approx(0.0, abs=1e-15)


def test_no_detachment_and_no_exit_means_everyone_crosses():
    rates = with_rates(exit_per_s=0.0, detach_rolling_per_s=0.0, detach_arrested_per_s=0.0,
                       detach_crawling_per_s=0.0)
    assert ch.state_probabilities(rates, 1e5)[T] == pytest.approx(1.0, abs=1e-9)


def test_without_detachment_f_is_the_capture_probability():
    rates = with_rates(detach_rolling_per_s=0.0, detach_arrested_per_s=0.0,
                       detach_crawling_per_s=0.0)
    assert ch.crossing_fraction(rates) == pytest.approx(0.2 / 1.2)


def test_crossing_rises_with_forward_rates_and_falls_with_detachment():
    f0 = ch.crossing_fraction(RATES)
    for name in ("capture_per_s", "arrest_per_s", "crawl_per_s", "diapedesis_per_s"):
        assert ch.crossing_fraction(with_rates(**{name: 2 * RATES[name]})) > f0
    for name in ("exit_per_s", "detach_rolling_per_s", "detach_arrested_per_s",
                 "detach_crawling_per_s"):
        assert ch.crossing_fraction(with_rates(**{name: 2 * RATES[name]})) < f0


def test_exercise_value_one_over_37():
    assert ch.crossing_fraction(with_rates(detach_crawling_per_s=0.01)) == pytest.approx(1 / 37)


def test_rescaling_time_does_not_change_the_outcome():
    scaled = {name: 7.5 * v for name, v in RATES.items()}
    assert ch.crossing_fraction(scaled) == pytest.approx(ch.crossing_fraction(RATES))


# --- the stochastic simulation -----------------------------------------------------------------


def test_gillespie_estimate_within_four_standard_errors():
    n = 20_000
    state, time_s = ch.simulate_cells(RATES, n, np.random.default_rng(123))
    f = ch.crossing_fraction(RATES)
    se = math.sqrt(f * (1 - f) / n)
    assert abs(np.mean(state == T) - f) < 4 * se
    assert set(np.unique(state)) <= {T, X}          # every cell absorbed
    assert (time_s > 0).all()


def test_gillespie_crossing_times_match_exact_distribution():
    # The fraction crossed by 60 s: simulated vs p_T(60 s).
    n = 20_000
    state, time_s = ch.simulate_cells(RATES, n, np.random.default_rng(5))
    exact = ch.state_probabilities(RATES, 60.0)[T]
    se = math.sqrt(exact * (1 - exact) / n)
    assert abs(np.mean((state == T) & (time_s <= 60.0)) - exact) < 4 * se


def test_gillespie_is_reproducible_with_a_seed():
    a = ch.simulate_cells(RATES, 500, np.random.default_rng(9))
    b = ch.simulate_cells(RATES, 500, np.random.default_rng(9))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_gillespie_zero_arrest_never_crosses():
    state, _ = ch.simulate_cells(with_rates(arrest_per_s=0.0), 2000, np.random.default_rng(1))
    assert not (state == T).any()


def test_gillespie_free_flow_residence_is_exponential():
    # No capture: time to wash out is exponential with mean 1/k_exit = 2 s.
    _, time_s = ch.simulate_cells(with_rates(capture_per_s=0.0, exit_per_s=0.5), 20_000,
                                  np.random.default_rng(3))
    assert time_s.mean() == pytest.approx(2.0, rel=0.05)


# --- occupancy and blockade --------------------------------------------------------------------


def test_occupancy_values_by_hand():
    assert ch.occupancy(0.0, 2.0) == 0.0
    assert ch.occupancy(2.0, 2.0) == pytest.approx(0.5)
    assert ch.occupancy(18.0, 2.0) == pytest.approx(0.9)
    # Same units for both arguments: 1 nM over a 3 nM Kd, or 1000 pM over 3000 pM, is 1/4.
    assert ch.occupancy(1.0, 3.0) == pytest.approx(0.25)
    assert ch.occupancy(1000.0, 3000.0) == pytest.approx(0.25)


def test_occupancy_accepts_arrays_for_both_arguments():
    theta = ch.occupancy(np.array([1.0, 4.0]), np.array([1.0, 1.0]))
    assert theta == pytest.approx([0.5, 0.8])


def test_occupancy_is_monotone_from_zero_to_one():
    c = np.geomspace(1e-6, 1e6, 200)
    theta = ch.occupancy(c, 1.0)
    assert (np.diff(theta) > 0).all()
    assert theta[0] < 1e-5 and theta[-1] > 1 - 1e-5
    assert ((theta >= 0) & (theta <= 1)).all()


def test_blocked_rate_limits():
    assert ch.blocked_rate(0.5, 0.0) == 0.5
    assert ch.blocked_rate(0.5, 1.0) == 0.0
    assert ch.blocked_rate(0.5, 1.0, dependent_fraction=0.7) == pytest.approx(0.15)
    assert ch.blocked_rate(0.5, 0.4, dependent_fraction=0.0) == 0.5


def test_dose_response_values_by_hand():
    f0 = ch.crossing_fraction(RATES)
    # At C = Kd, arrest halves: p_roll = 1/5, s = 1/9, f = 1/46.
    assert ch.crossing_fraction_with_antibody(RATES, 1.0, 1.0) == pytest.approx(1 / 46)
    # Capture and arrest halved: p_cap = 1/11, f = 1/91.
    both = ch.crossing_fraction_with_antibody(RATES, 1.0, 1.0,
                                              blocked=("capture_per_s", "arrest_per_s"))
    assert both == pytest.approx(1 / 91)
    # No antibody: unchanged.
    assert ch.crossing_fraction_with_antibody(RATES, 0.0, 1.0) == pytest.approx(f0)


def test_dose_response_is_monotone_and_reaches_zero_or_a_floor():
    c = np.geomspace(1e-3, 1e7, 60)
    f = ch.crossing_fraction_with_antibody(RATES, c, 1.0)
    assert (np.diff(f) < 0).all()
    assert f[-1] < 1e-6 * f[0]
    partial = ch.crossing_fraction_with_antibody(RATES, 1e12, 1.0, dependent_fraction=0.7)
    floor = ch.crossing_fraction(with_rates(arrest_per_s=0.15))
    assert partial == pytest.approx(floor, rel=1e-9)
    assert partial / ch.crossing_fraction(RATES) == pytest.approx(0.4, rel=1e-6)



def test_occupancy_that_halves_crossing_by_hand():
    # Arrest alone, phi = 1: f/f0 = 1/2 means f = 1/56, so s = 1/11, p_roll = 9/55,
    # arrest rate 9/46 = 0.5 (1 - theta), theta = 14/23 and C/Kd = theta/(1 - theta) = 14/9.
    assert ch.relative_crossing(14 / 9 * ch.KD_NM) == pytest.approx(0.5, rel=1e-12)
    assert ch.occupancy(14 / 9, 1.0) == pytest.approx(14 / 23)


def test_exercise_values_at_eighty_percent_occupancy():
    # theta = 0.8 at C = 4 Kd. Arrest alone: arrest 0.1, f = 1/100, f/f0 = 0.28.
    # Capture + arrest, phi = 1: k_cap = 0.04 (p_cap = 1/26), p_roll = 1/11, crawling untouched
    # (p_arr p_crawl = 5/9), s = 5/99, f = 5/(2574 - 94) = 1/496, f/f0 = 7/124.
    # Headline, phi = 0.7, m = 1 (phi theta = 0.56, factor 0.44): k_cap = 0.088 (p_cap = 11/136),
    # k_arr = 0.22 (p_roll = 11/61), s = 55/549, f = 605/69230 = 121/13846, f/f0 = 1694/6923.
    # Sensitivity, m = 10: d_crawl = 0.005 (1 + 9 * 0.56) = 0.0302 (p_crawl = 50/201),
    # s = (11/61)(5/6)(50/201) = 1375/36783, f = 121/36904, f/f0 = 847/9226.
    # phi = 0.4, m = 1 (phi theta = 0.32, factor 0.68): p_cap = 17/142, p_roll = 17/67,
    # s = 85/603, f = 1445/76820 = 289/15364, f/f0 = 2023/3841.
    expected = [0.28, 7 / 124, 1694 / 6923, 847 / 9226, 2023 / 3841]
    assert len(ch.SCENARIOS) == len(expected)
    for kw, value in zip(ch.SCENARIOS.values(), expected):
        assert ch.relative_crossing(4 * ch.KD_NM, **kw) == pytest.approx(value, rel=1e-12)


def test_headline_leaves_crawling_alone_and_sensitivity_case_does_not():
    head, sens = ch.SCENARIOS[ch.HEADLINE], ch.SCENARIOS[ch.SENSITIVITY]
    assert head["dependent_fraction"] < 1
    assert set(head["blocked"]) == {"capture_per_s", "arrest_per_s"}
    assert head.get("crawl_detach_fold", 1.0) == 1.0
    assert {k: v for k, v in sens.items() if k != "crawl_detach_fold"} == head
    assert sens["crawl_detach_fold"] == 10.0


def test_sensitivity_case_lowers_crossing_at_every_dose():
    c = np.geomspace(1e-2, 1e3, 40)
    head = ch.relative_crossing(c, **ch.SCENARIOS[ch.HEADLINE])
    sens = ch.relative_crossing(c, **ch.SCENARIOS[ch.SENSITIVITY])
    assert (sens < head).all()
    assert (np.diff(head) < 0).all() and (np.diff(sens) < 0).all()


def test_headline_at_half_occupancy_by_hand():
    # phi theta = 0.35, factor 0.65: k_cap = 0.13 (p_cap = 13/113), k_arr = 0.325 (p_roll = 13/53),
    # p_arr = 5/6. Headline, m = 1: p_crawl = 2/3, s = 65/477,
    # f = (13/113)(65/477) / (1 - (13/113)(412/477)) = 845/48545 = 169/9709, f/f0 = 4732/9709.
    assert ch.relative_crossing(ch.KD_NM, **ch.SCENARIOS[ch.HEADLINE]) == pytest.approx(
        4732 / 9709, rel=1e-12)
    # Sensitivity, m = 10: d_crawl = 0.005 (1 + 9 * 0.35) = 0.02075 (p_crawl = 40/123),
    # s = 1300/19557, f = 169/19726, f/f0 = 2366/9863.
    assert ch.relative_crossing(ch.KD_NM, **ch.SCENARIOS[ch.SENSITIVITY]) == pytest.approx(
        2366 / 9863, rel=1e-12)
    # phi = 0.4, m = 1, at theta = 1/2 (factor 0.8): p_cap = 4/29, p_roll = 2/7, s = 10/63,
    # f = 40/(1827 - 212) = 8/323, f/f0 = 224/323.
    kw = ch.SCENARIOS["capture + arrest, φ = 0.4 (inflamed)"]
    assert ch.relative_crossing(ch.KD_NM, **kw) == pytest.approx(224 / 323, rel=1e-12)
    # Capture + arrest, phi = 1: p_cap = 1/11, p_roll = 1/5, s = 1/9, f = 1/91, f/f0 = 4/13.
    kw = ch.SCENARIOS["capture + arrest, φ = 1"]
    assert ch.relative_crossing(ch.KD_NM, **kw) == pytest.approx(4 / 13, rel=1e-12)


def test_alpha4_independent_share_sets_a_floor_by_hand():
    # Full occupancy, phi = 0.7 (factor 0.3): p_cap = 3/53, p_roll = 3/23.
    # Headline, m = 1: s = 5/69, f = 15/(3657 - 192) = 1/231, f/f0 = 4/33.
    head = ch.crossing_fraction_with_antibody(RATES, 1e15, 1.0, **ch.SCENARIOS[ch.HEADLINE])
    assert head / ch.crossing_fraction(RATES) == pytest.approx(4 / 33, rel=1e-9)
    # Sensitivity, m = 10: d_crawl = 0.005 * 7.3 = 0.0365 (p_crawl = 20/93), s = 50/2139,
    # f = 1/714, f/f0 = 2/51.
    sens = ch.crossing_fraction_with_antibody(RATES, 1e15, 1.0, **ch.SCENARIOS[ch.SENSITIVITY])
    assert sens / ch.crossing_fraction(RATES) == pytest.approx(2 / 51, rel=1e-9)
    # phi = 0.4, m = 1 (factor 0.6): p_cap = 3/28, p_roll = 3/13, s = 5/39,
    # f = 15/(1092 - 102) = 1/66, f/f0 = 14/33.
    kw = ch.SCENARIOS["capture + arrest, φ = 0.4 (inflamed)"]
    low = ch.crossing_fraction_with_antibody(RATES, 1e15, 1.0, **kw)
    assert low / ch.crossing_fraction(RATES) == pytest.approx(14 / 33, rel=1e-9)


def test_lower_phi_means_less_effect_at_every_dose():
    c = np.geomspace(1e-2, 1e3, 40)
    curves = [ch.crossing_fraction_with_antibody(RATES, c, 1.0, dependent_fraction=phi,
                                                 blocked=("capture_per_s", "arrest_per_s"),
                                                 crawl_detach_fold=10.0)
              for phi in (1.0, 0.7, 0.4, 0.0)]
    for lower, higher in zip(curves[:-1], curves[1:]):
        assert (lower < higher).all()
    # phi = 0: the antibody does nothing, crawling included.
    assert curves[-1] == pytest.approx(ch.crossing_fraction(RATES))


def test_raised_rate_by_hand_and_limits():
    assert ch.raised_rate(0.005, 0.0, 10.0) == 0.005
    assert ch.raised_rate(0.005, 1.0, 10.0) == pytest.approx(0.05)
    assert ch.raised_rate(0.005, 0.5, 10.0) == pytest.approx(0.0275)
    assert ch.raised_rate(0.005, 0.7, 1.0) == 0.005          # fold 1: no effect
    theta = np.linspace(0, 1, 11)
    assert (np.diff(ch.raised_rate(0.005, theta, 10.0)) > 0).all()


def test_crawling_scenario_at_half_occupancy_by_hand():
    # theta = 1/2: k_cap = 0.1 (p_cap = 1/11), k_arr = 0.25 (p_roll = 1/5), p_arr = 5/6,
    # d_crawl = 0.0275 (p_crawl = 0.01/0.0375 = 4/15), s = 2/45,
    # f = (1/11)(2/45) / (1 - (1/11)(43/45)) = 2/452 = 1/226, f/f0 = 28/226 = 14/113.
    kw = dict(dependent_fraction=1.0, blocked=("capture_per_s", "arrest_per_s"),
              crawl_detach_fold=10.0)
    assert ch.relative_crossing(ch.KD_NM, **kw) == pytest.approx(14 / 113, rel=1e-12)


def test_raising_crawl_detachment_lowers_crossing_monotonically():
    folds = [1.0, 2.0, 5.0, 10.0, 100.0]
    f = [ch.crossing_fraction_with_antibody(RATES, 1.0, 1.0, crawl_detach_fold=m) for m in folds]
    assert (np.diff(f) < 0).all()
    # fold 1 is the arrest-only result, 1/46, worked out above
    assert f[0] == pytest.approx(1 / 46)


def test_bond_threshold_factor_by_hand():
    # n = k = 1 is the proportional model, 1 - theta.
    assert ch.bond_threshold_factor(0.3, 1, 1) == pytest.approx(0.7)
    # n = 3, k = 2 at theta = 1/2: (1/8) + 3 (1/8) = 1/2.
    assert ch.bond_threshold_factor(0.5, 3, 2) == pytest.approx(0.5)
    # n = 10, k = 3 at theta = 1/2: 1 - (1 + 10 + 45) / 1024 = 968/1024.
    assert ch.bond_threshold_factor(0.5, 10, 3) == pytest.approx(968 / 1024)
    # n = 2, k = 2 (both free): (1 - theta)^2.
    assert ch.bond_threshold_factor(0.4, 2, 2) == pytest.approx(0.36)


def test_bond_threshold_factor_limits_and_monotone():
    theta = np.linspace(0, 1, 51)
    h = ch.bond_threshold_factor(theta, 10, 3)
    assert h[0] == pytest.approx(1.0) and h[-1] == pytest.approx(0.0)
    assert (np.diff(h) < 0).all()
    # the threshold model is above the proportional line at low occupancy
    assert ch.bond_threshold_factor(0.5, 10, 3) > 0.5

# --- elasticities -------------------------------------------------------------------------------


def test_elasticities_match_the_analytic_formulas():
    f = 1 / 28
    eps = ch.elasticities(RATES)
    assert eps["capture_per_s"] == pytest.approx(1 - f, rel=1e-6)
    assert eps["arrest_per_s"] == pytest.approx((1 - f) * (1 - 1 / 3), rel=1e-6)
    assert eps["crawl_per_s"] == pytest.approx((1 - f) * (1 - 5 / 6), rel=1e-6)
    assert eps["diapedesis_per_s"] == pytest.approx((1 - f) * (1 - 2 / 3), rel=1e-6)


def test_elasticities_come_in_opposite_pairs_and_sum_to_zero():
    eps = ch.elasticities(RATES)
    pairs = [("capture_per_s", "exit_per_s"), ("arrest_per_s", "detach_rolling_per_s"),
             ("crawl_per_s", "detach_arrested_per_s"),
             ("diapedesis_per_s", "detach_crawling_per_s")]
    for forward, back in pairs:
        assert eps[forward] == pytest.approx(-eps[back], rel=1e-6)
    assert sum(eps.values()) == pytest.approx(0.0, abs=1e-9)


def test_capture_is_the_most_sensitive_forward_lever():
    rng = np.random.default_rng(21)
    for _ in range(10):
        rates = {name: float(v) for name, v in zip(RATES, rng.uniform(0.01, 2.0, size=8))}
        eps = ch.elasticities(rates)
        others = [eps[k] for k in ("arrest_per_s", "crawl_per_s", "diapedesis_per_s")]
        assert eps["capture_per_s"] >= max(others)


# --- input checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(RATES))
def test_negative_rate_is_rejected_by_name(name):
    with pytest.raises(ValueError, match=name):
        ch.cascade_generator(with_rates(**{name: -1.0}))


def test_nan_rate_is_rejected():
    with pytest.raises(ValueError, match="arrest_per_s"):
        ch.crossing_fraction(with_rates(arrest_per_s=float("nan")))


def test_missing_and_unknown_rates_are_rejected():
    rates = dict(RATES)
    del rates["crawl_per_s"]
    with pytest.raises(ValueError, match="crawl_per_s"):
        ch.cascade_generator(rates)
    with pytest.raises(ValueError, match="rolling_speed"):
        ch.cascade_generator({**RATES, "rolling_speed": 1.0})


def test_zero_exit_is_rejected_where_a_transit_must_end():
    with pytest.raises(ValueError, match="exit_per_s"):
        ch.crossing_fraction(with_rates(exit_per_s=0.0))
    with pytest.raises(ValueError, match="exit_per_s"):
        ch.simulate_cells(with_rates(exit_per_s=0.0), 10, np.random.default_rng(0))


def test_bad_times_are_rejected():
    with pytest.raises(ValueError, match="t_s"):
        ch.state_probabilities(RATES, -1.0)
    with pytest.raises(ValueError, match="t_s"):
        ch.state_probabilities(RATES, [0.0, np.inf])


@pytest.mark.parametrize("n_cells", [0, -5, 2.5])
def test_bad_cell_counts_are_rejected(n_cells):
    with pytest.raises(ValueError, match="n_cells"):
        ch.simulate_cells(RATES, n_cells, np.random.default_rng(0))


def test_unseeded_rng_is_rejected():
    with pytest.raises(ValueError, match="rng"):
        ch.simulate_cells(RATES, 10, 42)


def test_occupancy_input_checks():
    with pytest.raises(ValueError, match="concentration"):
        ch.occupancy(-1.0, 1.0)
    with pytest.raises(ValueError, match="concentration"):
        ch.occupancy(np.array([1.0, np.inf]), 1.0)
    with pytest.raises(ValueError, match="kd"):
        ch.occupancy(1.0, 0.0)
    with pytest.raises(ValueError, match="kd"):
        ch.occupancy(1.0, -2.0)
    with pytest.raises(ValueError, match="kd"):
        ch.occupancy(1.0, float("nan"))


def test_raised_rate_input_checks():
    with pytest.raises(ValueError, match="rate_per_s"):
        ch.raised_rate(-0.1, 0.5, 10.0)
    with pytest.raises(ValueError, match="occupancy"):
        ch.raised_rate(0.005, 1.5, 10.0)
    with pytest.raises(ValueError, match="fold_at_full"):
        ch.raised_rate(0.005, 0.5, 0.5)
    with pytest.raises(ValueError, match="fold_at_full"):
        ch.raised_rate(0.005, 0.5, float("inf"))
    with pytest.raises(ValueError, match="fold_at_full"):
        ch.crossing_fraction_with_antibody(RATES, 1.0, 1.0, crawl_detach_fold=0.0)


def test_bond_threshold_factor_input_checks():
    with pytest.raises(ValueError, match="occupancy"):
        ch.bond_threshold_factor(-0.1, 10, 3)
    with pytest.raises(ValueError, match="occupancy"):
        ch.bond_threshold_factor(float("nan"), 10, 3)
    with pytest.raises(ValueError, match="n_bonds"):
        ch.bond_threshold_factor(0.5, 0, 1)
    with pytest.raises(ValueError, match="n_needed"):
        ch.bond_threshold_factor(0.5, 3, 4)
    with pytest.raises(ValueError, match="n_needed"):
        ch.bond_threshold_factor(0.5, 3, 1.5)


def test_blocked_rate_input_checks():
    with pytest.raises(ValueError, match="rate_per_s"):
        ch.blocked_rate(-0.1, 0.5)
    with pytest.raises(ValueError, match="occupancy"):
        ch.blocked_rate(0.5, 1.2)
    with pytest.raises(ValueError, match="occupancy"):
        ch.blocked_rate(0.5, float("nan"))
    with pytest.raises(ValueError, match="dependent_fraction"):
        ch.blocked_rate(0.5, 0.5, dependent_fraction=1.5)


def test_only_integrin_steps_can_be_blocked():
    with pytest.raises(ValueError, match="blocked"):
        ch.crossing_fraction_with_antibody(RATES, 1.0, 1.0, blocked=("diapedesis_per_s",))


def test_elasticity_input_checks():
    with pytest.raises(ValueError, match="rel_step"):
        ch.elasticities(RATES, rel_step=0.5)
    with pytest.raises(ValueError, match="crawl_per_s"):
        ch.elasticities(with_rates(crawl_per_s=0.0))
