"""Session fixtures. The helpers themselves live in bookutils.py."""

import pytest

from bookutils import Build, build_book, copy_book, warnings_in


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Build:
    """The whole book, built strictly from a clean copy: nothing cached, nothing stale."""
    root = copy_book(tmp_path_factory.mktemp("book"))
    result = build_book(root)
    assert result.returncode == 0, (
        "The strict build failed. Warnings:\n" + "\n".join(warnings_in(result.log))
        + "\n\nEnd of the log:\n" + result.log[-3000:]
    )
    return result
