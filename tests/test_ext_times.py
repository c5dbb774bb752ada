"""_ext/bbb_times.py: time to learn, by the stated rule, from a chapter's source."""

import pytest

from bookutils import ROOT
import bbb_myst
import bbb_times

CHAPTER = ROOT / "tests" / "fixtures" / "tinybook" / "chapter.md"


def words(text: str) -> list[str]:
    """The reading words of a MyST text, as the book's one MyST reader (bbb_myst) gives them."""
    return bbb_times.reading_words(bbb_myst.Chapter(CHAPTER, text))


def test_prose_leaves_out_code_math_solutions_and_markup():
    text = ("---\nkernelspec: {}\n---\n# Title\n\nOne two {term}`three <x>`.\n\n$$\nE = mc^2\n$$\n\n"
            "```{code-cell} ipython3\nprint('no')\n```\n\n:::{solution} ex\nhidden words\n:::\n(label)=\n")
    prose = words(text)
    assert "three" in prose and "print" not in prose and "mc" not in prose and "hidden" not in prose
    assert "kernelspec" not in prose and "label" not in prose


def test_counts_of_the_fixture_chapter():
    """The fixture chapter: 1 displayed equation, 1 figure, an explain and a compute exercise of one
    part each, 1 self-check question; its exercise and self-check text is not reading."""
    stats = bbb_times.chapter_stats(CHAPTER)
    assert (stats["exercises"], stats["checks"], stats["equations"], stats["figures"]) == (2, 1, 1, 1)
    assert [(e["label"], e["kind"], e["parts"]) for e in stats["exercise_list"]] == [
        ("ex-plain", "explain", 1), ("ex-gated", "compute", 1)]
    # one part each: 2 + 2 and 2 + 3 minutes by the parts, both raised to the minimum of 8
    assert [e["minutes"] for e in stats["exercise_list"]] == [bbb_times.MINIMUM_MINUTES_PER_EXERCISE] * 2 == [8, 8]
    assert stats["exercise_minutes"] == 16
    assert stats["practice"] == 16 + bbb_times.MINUTES_PER_SELF_CHECK
    # well under 238 words: 1 minute of prose, + 1 equation + 1 figure
    assert stats["reading"] == 1 + bbb_times.MINUTES_PER_EQUATION + bbb_times.MINUTES_PER_FIGURE == 4
    assert stats["title"] == "A tiny chapter"


def test_reading_leaves_out_exercises_and_self_check():
    text = ("# T\n\nOne two three.\n\n:::{exercise}\n:label: ex-a\n\nfour five six seven\n:::\n\n"
            "## Self-check\n\n```{dropdown} eight nine?\nten\n```\n\n## What's next\n\neleven\n")
    assert words(text) == ["T", "One", "two", "three", "What's", "next", "eleven"]


def test_reading_rate_is_the_cited_non_fiction_rate():
    """238 words per minute: Brysbaert 2019 (adults, silent reading, English non-fiction, mean);
    175, the slow end of the range in which most adults read, for checking course plans."""
    assert bbb_times.WORDS_PER_MINUTE == 238 and bbb_times.SLOW_WORDS_PER_MINUTE == 175
    bib = (ROOT / "references.bib").read_text()
    assert "@article{brysbaert2019how," in bib and "10.1016/j.jml.2019.104047" in bib


def test_reading_at_another_rate(tmp_path):
    """Course plans are checked at the slow rate: the same words take longer; a rate of 0 or less
    is refused."""
    long = tmp_path / "long.md"
    long.write_text("# T\n\n" + "word " * 700 + "\n")      # 701 words with the title's "T"
    assert bbb_times.chapter_stats(long)["reading"] == 3         # 701 / 238 = 2.9 -> 3
    assert bbb_times.chapter_stats(long, 175)["reading"] == 5    # 701 / 175 = 4.006 -> 5
    for bad in (0, -175):
        with pytest.raises(ValueError, match="words_per_minute"):
            bbb_times.chapter_stats(long, bad)


def test_exercise_kind_is_read_from_the_text():
    kind = bbb_times.exercise_kind
    assert kind("**Predict, then run.** (a) Halve the flow.") == "predict"
    assert kind("Predict first: does E rise?") == "predict"
    assert kind("In 2019 Hillert predicted that drugs would work. Who said it?") == "explain"
    assert kind("Call `crossing_fraction` with the new rate.") == "compute"
    assert kind("Compute the extraction for PS/F = 1.") == "compute"
    # a cross-reference or a citation in code font is not code asked for
    assert kind("Use {eq}`eq-x` and {numref}`fig-y`: why is it flat? See {cite:t}`crone1963`.") == "explain"


def test_exercise_parts_count_letters_items_or_questions():
    parts = bbb_times.exercise_parts
    assert parts("(a) One. (b) Two, unlike (a). (c) Three.") == 3
    assert parts("- **(a)** One.\n- **(b)** Two.\n") == 2
    assert parts("Look.\n\n1. One?\n2. Two?\n3. Three?\n") == 3
    assert parts("Does it rise? By how much? Run it.") == 2
    assert parts("Sort the drugs into three groups.") == 1
    assert parts("Use {eq}`(a)` only.") == 1  # inside a role: not a part


def test_minutes_grow_with_parts_and_with_kind():
    def minutes(body):
        (exercise,) = bbb_times.exercises(f":::{{exercise}}\n:label: ex-x\n\n{body}\n:::\n")
        return exercise["minutes"]

    three = "(a) One. (b) Two. (c) Three."
    assert minutes(f"Explain. {three}") < minutes(f"Compute. {three}") < minutes(f"Predict. {three}")
    assert minutes("Explain (a) one. (b) two. (c) three.") < minutes("Explain (a) one. (b) two. (c) three. (d) four.")
    # no exercise under the minimum: sorting six drugs, or predicting and running one change
    assert minutes("Sort the drugs into three groups.") == bbb_times.MINIMUM_MINUTES_PER_EXERCISE == 8
    assert minutes("Predict, then run the cell.") == 8
    # a three-part predict-then-run exercise: about the 15 minutes students took for one
    assert 12 <= minutes(f"Predict, then run. {three}") <= 18


def test_calibration_against_what_students_took():
    """Calibrated against four student testers (December 2026, anecdotal): 80-100 minutes for a
    chapter in all, and about 15 minutes for a single multi-part exercise. The median chapter falls
    in the first range, and the mean multi-part exercise within a few minutes of the second. The
    testers' 15-30 minutes of exercises per chapter is not matched (the guide says so): no chapter's
    exercises come under 30 minutes by the rule, and the median chapter's reading stays under the 50
    minutes their figures leave for it."""
    import statistics

    from bookutils import chapter_names

    stats = [bbb_times.chapter_stats(ROOT / "chapters" / f"{n}.md") for n in chapter_names()]
    assert 80 <= statistics.median(s["total"] for s in stats) <= 100
    multi = [e["minutes"] for s in stats for e in s["exercise_list"] if e["parts"] >= 2]
    assert 10 <= statistics.mean(multi) <= 18
    assert min(s["exercise_minutes"] for s in stats) > 30
    # ... and reading, even at the slow rate, stays under the 50 minutes their figures leave for it
    slow = [bbb_times.chapter_stats(ROOT / "chapters" / f"{n}.md", 175) for n in chapter_names()]
    assert statistics.median(s["reading"] for s in slow) < 50


def test_time_to_learn_sentence_and_its_use_in_the_page(tiny_books):
    sentence = bbb_times.time_to_learn(CHAPTER)
    assert sentence.startswith("Reading: 4 minutes (1 displayed equation and 1 figure included). "
                               "Exercises: 16 minutes for the 2 exercises and 1 for the 1 self-check "
                               "question.")
    assert "About 20 minutes in all" in sentence
    page = (tiny_books["full"].html / "chapter.html").read_text()
    assert "Reading: 4 minutes" in page and "About 20 minutes" in page and bbb_times.TOKEN not in page


def test_instructor_guide_is_read_again_when_a_chapter_changes():
    """The guide's code reads the chapters; Sphinx would otherwise keep its stale tables."""
    from types import SimpleNamespace

    from bbb_site import reread_pages_that_read_chapters

    env = SimpleNamespace(found_docs={"chapters/instructor-guide", "chapters/anatomy"})
    assert reread_pages_that_read_chapters(None, env, set(), {"chapters/anatomy"}, set()) == [
        "chapters/instructor-guide"]
    assert reread_pages_that_read_chapters(None, env, set(), set(), set()) == []
    # already being read: not listed twice
    assert reread_pages_that_read_chapters(None, env, set(), {"chapters/instructor-guide"}, set()) == []
