"""One source per convention in the chapters' code (issue 20, part 5).

- The figure-style cell: one text, `chapters/_figure_style.py`, copied byte for byte as the first code
  cell of every chapter and shown in the authoring guide (copied, not imported, so that a downloaded
  notebook runs alone).
- One name per shared constant.
- One input-checking pattern: every model refuses NaN, by the argument's name.
"""

import ast
import re

import jupytext
import numpy as np
import pytest
from bookutils import ROOT, chapter_names, load_chapter

STYLE_FILE = ROOT / "chapters" / "_figure_style.py"
STYLE = STYLE_FILE.read_text().rstrip("\n")
CHAPTERS = chapter_names()


def code_cells(name):
    return [c for c in jupytext.read(ROOT / "chapters" / f"{name}.md").cells if c.cell_type == "code"]


def test_the_seven_chapters_are_checked():
    assert len(CHAPTERS) == 7


@pytest.mark.parametrize("name", CHAPTERS)
def test_first_code_cell_is_the_shared_figure_style(name):
    first = code_cells(name)[0]
    assert first.source.rstrip("\n") == STYLE, (
        f"chapters/{name}.md: the first code cell must be chapters/_figure_style.py, byte for byte; "
        "put settings of the chapter's own in a second cell")
    assert "hide-input" in first.metadata.get("tags", []), f"chapters/{name}.md: style cell not hidden"


@pytest.mark.parametrize("name", CHAPTERS)
def test_style_is_not_redefined_later(name):
    for cell in code_cells(name)[1:]:
        for needle in ("OKABE_ITO =", "plt.rcParams", "rcParams[", "figure_formats", "plt.style.use"):
            assert needle not in cell.source, f"chapters/{name}.md: {needle!r} outside the style cell"


def test_authoring_guide_shows_the_shared_style():
    text = (ROOT / "chapters" / "authoring.md").read_text()
    blocks = re.findall(r"```\{code-cell\} ipython3\n:tags: \[hide-input\]\n\n(.*?)\n```", text, re.S)
    assert blocks and blocks[0] == STYLE, "chapters/authoring.md: the set-up cell differs from chapters/_figure_style.py"


def test_style_file_is_not_a_page_of_the_book():
    # Jupyter Book builds only the files in _toc.yml (only_build_toc_files), and no .py as a page.
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config.get("only_build_toc_files") is True
    assert "_figure_style" not in (ROOT / "_toc.yml").read_text()


# --- one name per constant -------------------------------------------------------------------
# A quantity used by several chapters has one name, and each chapter that needs it defines it by
# the same line (a chapter must run alone, so each defines its own copy). A value in other units is
# derived from it by name (FLOW_GREY = flow_per_gram(FLOW_GREY_ML_PER_100G_MIN)).
SHARED = {
    "OKABE_ITO": ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"],
    "SURFACE_AREA_CM2_PER_G": 20e4 / 1300,     # abbott2006astrocyte: 20 m² per 1.3 kg of brain
    "HAEMATOCRIT": 0.42,                       # the book's large-vessel value
    "FLOW_GREY_ML_PER_100G_MIN": 72.0,         # larsson2009measurement
    "FLOW_WHITE_ML_PER_100G_MIN": 30.0,        # larsson2009measurement
}
# Other spellings of the same quantities, which must not come back.
ALIASES = re.compile(r"^(HEMATOCRIT|HCT|HAEMATOCRIT_\w+|\w*_HCT|OKABE(?!_ITO\b)\w*|COLOU?RS|PALETTE"
                     r"|SURFACE_AREA(?!_CM2_PER_G\b|_CM2_PER_CM3\b)\w*|S_CM2_PER_G|CAPILLARY_AREA\w*"
                     r"|(GREY|GRAY|WHITE|GM|WM)_FLOW\w*|FLOW_(GRAY|GM|WM)\w*)\s*=", re.M)


def definitions(name, constant):
    lines = [line for cell in code_cells(name) for line in cell.source.splitlines()
             if re.match(rf"{constant}\s*=", line)]
    return lines


@pytest.mark.parametrize("constant", SHARED)
def test_shared_constant_has_one_name_one_definition(constant):
    found = {name: definitions(name, constant) for name in CHAPTERS}
    found = {name: lines for name, lines in found.items() if lines}
    assert len(found) >= 2 or constant == "OKABE_ITO", f"{constant} is no longer shared; drop it from SHARED"
    texts = {line for lines in found.values() for line in lines}
    assert len(texts) == 1, f"{constant} is defined by different lines: {sorted(texts)}"
    (line,) = texts
    rhs = ast.parse(line).body[0].value                      # a literal or simple arithmetic
    value = eval(compile(ast.Expression(rhs), constant, "eval"), {})
    assert value == pytest.approx(SHARED[constant]), f"{constant} = {value}, expected {SHARED[constant]}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_other_name_for_a_shared_constant(name):
    for cell in code_cells(name):
        match = ALIASES.search(cell.source)
        assert not match, f"chapters/{name}.md: {match.group(0)!r}; use the shared name (see SHARED)"
        # the shared values are not typed again as bare numbers
        for literal in ("= 0.42", "=0.42", "20e4 / 1300", "1e4 / 1300", "(72.0)", "(30.0)"):
            lines = [line for line in cell.source.splitlines() if literal in line
                     and not re.match(r"(HAEMATOCRIT|SURFACE_AREA_CM2_PER_G)\s*=", line)]
            assert not lines, f"chapters/{name}.md: {lines[0]!r} types a shared value; use its name"


def test_per_volume_surface_area_is_derived_from_the_per_gram_one():
    lines = definitions("anatomy", "SURFACE_AREA_CM2_PER_CM3")
    assert lines and "SURFACE_AREA_CM2_PER_G" in lines[0].split("#")[0]


def test_per_gram_flows_are_derived_from_the_shared_ones():
    ch = load_chapter("transport")
    assert ch.FLOW_GREY == pytest.approx(ch.FLOW_GREY_ML_PER_100G_MIN / 100)
    assert ch.FLOW_WHITE == pytest.approx(ch.FLOW_WHITE_ML_PER_100G_MIN / 100)
    assert "FLOW_WHITE_ML_PER_100G_MIN" in definitions("imaging", "FP_WM")[0]


@pytest.mark.parametrize("func,chapters", [("influx_constant", ("transport", "imaging")),
                                            ("occupancy", ("immune-cells", "drugs"))])
def test_a_formula_in_two_chapters_has_one_name_and_agrees(func, chapters):
    """The Renkin-Crone influx constant and receptor occupancy appear in two chapters each, under
    one name (the glossary lists both); the two copies give the same numbers."""
    a, b = (getattr(load_chapter(name), func) for name in chapters)
    x = np.array([0.0, 0.01, 0.3, 1.0, 30.0])
    np.testing.assert_allclose(a(x, 0.3), b(x, 0.3), rtol=1e-12)


# --- one input-checking pattern --------------------------------------------------------------
# Each public model function with a valid call, its numeric arguments by name. The test replaces
# one argument at a time by NaN and expects a ValueError whose message names that argument
# (`x = np.asarray(x, dtype=float)`; `if not np.all(np.isfinite(x)) or np.any(x <= 0): raise ...`).
T_FINE = np.linspace(0, 5, 61)
MODELS = {
    "interview": {
        "treatment_effect": dict(control=0.8, treated=0.26),
    },
    "anatomy": {
        "krogh_radius_um": dict(surface_area_cm2_per_cm3=154.0, capillary_radius_um=2.6),
        "diffusion_time_s": dict(distance_um=20.0, diffusion_cm2_per_s=1e-5),
        "transit_time_s": dict(capillary_radius_um=2.6, surface_area_cm2_per_g=154.0,
                               flow_ml_per_100g_min=40.0),
        "fraction_crossing": dict(permeability_cm_per_s=3e-7, transit_time_s=2.0, capillary_radius_um=2.6),
        "permeability_from_ps": dict(ps_ml_per_100g_min=0.9, surface_area_cm2_per_g=154.0),
        "permeability_from_resistance": dict(resistance_ohm_cm2=1870.0, salt_mM=150.0, temperature_K=293.0),
    },
    "transport": {
        "flow_per_gram": dict(flow_ml_per_100g_min=72.0),
        "ps_product": dict(p_cm_per_s=1e-6, s_cm2_per_g=154.0),
        "extraction_fraction": dict(ps_ml_per_g_min=0.1, flow_ml_per_g_min=0.5),
        "ps_from_extraction": dict(extraction=0.2, flow_ml_per_g_min=0.5),
        "influx_constant": dict(ps_ml_per_g_min=0.1, flow_ml_per_g_min=0.5),
        "plasma_flow": dict(blood_flow_ml_per_g_min=0.5, haematocrit=0.42),
        "lipophilicity_size_descriptor": dict(log10_koct=1.0, mw_da=300.0),
        "passive_ps": dict(log10_koct=1.0, mw_da=300.0, intercept=-1.0),
        "effective_ps": dict(ps_passive_ml_per_g_min=0.1, cl_pump_ml_per_g_min=0.05),
        "brain_exit_clearance": dict(ps_ml_per_g_min=0.1, cl_pump_ml_per_g_min=0.05, cl_bulk_ml_per_g_min=0.001),
        "kp_uu": dict(ps_ml_per_g_min=0.1, cl_pump_ml_per_g_min=0.05, cl_bulk_ml_per_g_min=0.001),
        "kp_total": dict(kp_uu_ratio=0.5, fu_plasma=0.1, vu_brain_ml_per_g=1.0),
        "unbound_brain_ratio": dict(t_min=10.0, ps_ml_per_g_min=0.1, vu_brain_ml_per_g=1.0,
                                    cl_pump_ml_per_g_min=0.05, cl_bulk_ml_per_g_min=0.001),
    },
    "immune-cells": {
        "step_probability": dict(forward_per_s=0.2, back_per_s=1.0),
        "occupancy": dict(concentration=1.0, kd=1.0),
        "blocked_rate": dict(rate_per_s=0.5, occupancy=0.5, dependent_fraction=0.7),
        "raised_rate": dict(rate_per_s=0.005, occupancy=0.5, fold_at_full=10.0),
        "state_probabilities": dict(rates="RATES", t_s=1.0),
        "crossing_fraction_with_antibody": dict(rates="RATES", concentration_nM=1.0, kd_nM=1.0,
                                                dependent_fraction=0.7, crawl_detach_fold=2.0),
        "relative_crossing": dict(concentration_nM=1.0),
        "elasticities": dict(rates="RATES", rel_step=1e-4),
    },
    "imaging": {
        "parker_aif_plasma": dict(t_min=1.0, haematocrit=0.42),
        "convolve_exponential": dict(t_min=T_FINE, cp_mM=np.ones_like(T_FINE), rate_per_min=0.1),
        "tissue_concentration": dict(t_min=T_FINE, cp_mM=np.ones_like(T_FINE), ktrans_per_min=0.01,
                                     ve=0.2, vp=0.02),
        "influx_constant": dict(ps=0.01, flow=0.3),
        "patlak_bias_percent": dict(ktrans_per_min=0.01, ve=0.2, duration_min=10.0, vp=0.02, frame_s=5.0),
        "frame_indices": dict(duration_min=10.0, frame_s=5.0),
        "spgr_signal": dict(r1_per_s=1.0, flip_deg=15.0, tr_s=0.005, m0=1.0),
        "concentration_from_signal": dict(signal=0.05, baseline_signal=0.04, t10_s=1.0, flip_deg=15.0,
                                          tr_s=0.005, relaxivity_per_mM_s=3.0),
    },
    "drugs": {
        "rule_of_five_violations": dict(mw_da=300.0, logp=2.0, hbd=1, hba=3),
        "passive_index": dict(logp=2.0, mw_da=300.0),
        "kp_uu_from_kp": dict(kp=1.0, fu_plasma=0.1, fu_brain=0.1),
        "passive_csf_ceiling": dict(c_plasma=1.0, fu_plasma=0.1),
        "csf_total_from_unbound": dict(c_u_csf=0.1, fu_plasma=0.1, albumin_ratio=0.005),
        "csf_concentration": dict(serum_ug_per_ml=30.0, csf_to_serum_ratio=0.01),
        "occupancy": dict(concentration=1.0, kd=1.0),
        "apparent_kd": dict(concentration=30.0, occupancy_fraction=0.8),
        "csf_occupancy_by_kd": dict(serum_ug_per_ml=30.0, csf_to_serum_ratio=0.01, kds_ug_per_ml=1.0),
        "transmigration_reduction": dict(occupancy_fraction=0.5, alpha4_independent_fraction=0.1),
        "occupancy_needed": dict(reduction=0.5, alpha4_independent_fraction=0.1),
        "conc_over_kd": dict(occupancy_fraction=0.5),
    },
    "progression": {
        "expected_worsening": dict(years=10.0, relapse_rate_per_year=0.7, p_incomplete=0.45, step_edss=0.6,
                                   progression_edss_per_year=0.1, relapse_reduction=0.3),
        "worsening_variance": dict(years=10.0, relapse_rate_per_year=0.7, p_incomplete=0.45, step_edss=0.6,
                                   progression_edss_per_year=0.1, relapse_reduction=0.3, progression_cv=0.5),
        "fraction_relapse_independent": dict(relapse_rate_per_year=0.7, p_incomplete=0.45, step_edss=0.6,
                                             progression_edss_per_year=0.1, relapse_reduction=0.3),
        "simulate_cohort": dict(n_patients=5, years=2.0, relapse_rate_per_year=0.7, p_incomplete=0.45,
                                step_edss=0.6, progression_edss_per_year=0.1, relapse_reduction=0.3,
                                progression_cv=0.5),
    },
}
# Functions whose numeric arguments may all be arrays: called with two values of each, they give
# the two scalar results.
ARRAYS = {
    "anatomy": ["krogh_radius_um", "diffusion_time_s", "transit_time_s", "fraction_crossing",
                "permeability_from_ps", "permeability_from_resistance"],
    "transport": ["flow_per_gram", "ps_product", "extraction_fraction", "ps_from_extraction",
                  "influx_constant", "plasma_flow", "effective_ps", "kp_total"],
    "immune-cells": ["step_probability", "occupancy", "blocked_rate", "raised_rate"],
    "imaging": ["influx_constant"],
    "drugs": ["passive_index", "kp_uu_from_kp", "passive_csf_ceiling", "csf_total_from_unbound", "csf_concentration",
              "occupancy", "apparent_kd", "transmigration_reduction", "occupancy_needed", "conc_over_kd"],
    "interview": ["treatment_effect"],
}


def _call(ch, func, kwargs):
    kwargs = {k: getattr(ch, v) if isinstance(v, str) else v for k, v in kwargs.items()}
    return getattr(ch, func)(**kwargs)


CASES = [(name, func, arg) for name, funcs in MODELS.items() for func, kwargs in funcs.items()
         for arg, value in kwargs.items() if isinstance(value, float)]


def test_every_public_model_is_listed():
    """A new model function in a chapter's code must be added to MODELS (or to the plumbing list)."""
    import inspect

    plumbing = {"interview": {"check_milestones", "draw_timeline"},
                "immune-cells": {"box", "arrow", "label", "checked_rates", "cascade_generator",
                                 "crossing_fraction", "simulate_cells", "bond_threshold_factor"},
                "imaging": {"running_integral", "patlak_fit", "fit_extended_tofts", "monte_carlo_fits",
                            "spread", "vfa_t1", "ktrans_after_conversion"},
                "drugs": {"index_of"}, "progression": {"check_ranges", "part", "part_analytic"}}
    for name in CHAPTERS:
        ns = load_chapter(name, cells="all")._ns  # every cell: a model defined anywhere counts
        defined = {k for k, v in ns.items() if inspect.isfunction(v) and v.__globals__ is ns
                   and not k.startswith("_")}
        missing = defined - set(MODELS[name]) - plumbing.get(name, set())
        assert not missing, f"chapters/{name}.md: add {sorted(missing)} to MODELS in tests/test_conventions.py"


@pytest.mark.parametrize("name,func,arg", CASES, ids=[f"{n}.{f}.{a}" for n, f, a in CASES])
def test_model_rejects_nan_by_name(name, func, arg):
    ch = load_chapter(name)
    kwargs = MODELS[name][func]
    _call(ch, func, kwargs)  # the valid call runs
    with pytest.raises(ValueError, match=re.escape(arg)):
        _call(ch, func, {**kwargs, arg: float("nan")})


ARRAY_CASES = [(name, func) for name, funcs in ARRAYS.items() for func in funcs]


@pytest.mark.parametrize("name,func", ARRAY_CASES, ids=[f"{n}.{f}" for n, f in ARRAY_CASES])
def test_model_takes_arrays(name, func):
    ch = load_chapter(name)
    kwargs = MODELS[name][func]
    scaled = {k: (v * 0.5 if isinstance(v, float) else v) for k, v in kwargs.items()}
    both = {k: (np.array([v, scaled[k]]) if isinstance(v, float) else v) for k, v in kwargs.items()}
    expected = [_call(ch, func, kwargs), _call(ch, func, scaled)]
    got = _call(ch, func, both)
    if isinstance(expected[0], tuple):
        for i, part in enumerate(got):
            np.testing.assert_allclose(part, [e[i] for e in expected], rtol=1e-12)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12)
