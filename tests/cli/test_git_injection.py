"""diff's REV:PATH never hands git an option (issue 21: git option injection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import FIXTURES, invoke

SMALL = FIXTURES / "show" / "small.yaml"


@pytest.mark.parametrize("rev", ["--output=victim.txt", "-ovictim.txt", "--no-index"])
def test_a_revision_starting_with_a_dash_is_refused(
    rev: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["diff", "--", f"{rev}:tl.yaml", str(SMALL)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"policytl: error: cannot load OLD: {rev}:tl.yaml: a git revision cannot start with '-'\n"
    )
    assert list(tmp_path.iterdir()) == []
