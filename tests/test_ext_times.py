"""_ext/bbb_times.py: time to learn, by the stated rule, from a chapter's source."""

from bookutils import ROOT
import bbb_times

CHAPTER = ROOT / "tests" / "fixtures" / "tinybook" / "chapter.md"


def test_prose_leaves_out_code_math_solutions_and_markup():
    text = ("---\nkernelspec: {}\n---\n# Title\n\nOne two {term}`three <x>`.\n\n$$\nE = mc^2\n$$\n\n"
            "```{code-cell} ipython3\nprint('no')\n```\n\n:::{solution} ex\nhidden words\n:::\n(label)=\n")
    prose = bbb_times.strip_to_prose(text)
    assert "three" in prose and "print" not in prose and "mc^2" not in prose and "hidden" not in prose
    assert "kernelspec" not in prose and "(label)=" not in prose


def test_counts_of_the_fixture_chapter():
    stats = bbb_times.chapter_stats(CHAPTER)
    assert (stats["exercises"], stats["checks"]) == (2, 1)
    assert stats["practice"] == 2 * bbb_times.MINUTES_PER_EXERCISE + 1 * bbb_times.MINUTES_PER_SELF_CHECK
    assert stats["reading"] == 1  # well under 200 words
    assert stats["title"] == "A tiny chapter"


def test_time_to_learn_sentence_and_its_use_in_the_page(tiny_books):
    sentence = bbb_times.time_to_learn(CHAPTER)
    assert sentence.startswith("About 10 minutes: 1 to read, 11 for the 2 exercises and 1 self-check")
    page = (tiny_books["full"].html / "chapter.html").read_text()
    assert "About 10 minutes" in page and bbb_times.TOKEN not in page


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
