from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from policytl.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED = SEEDS / "000_4f80f605b70e36fa.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def invoke(
    args: list[str], env: Mapping[str, str | None] | None = None, input: str | None = None
) -> Result:
    """Run the policytl command in-process; stdout and stderr are kept apart."""
    base: dict[str, str | None] = {
        "COLUMNS": "100",
        "NO_COLOR": None,
        "FORCE_COLOR": None,
        "POLICYTL_DATA": None,
        "POLICYTL_DEBUG": None,
        "POLICYTL_CACHE_DIR": None,
    }
    base.update(env or {})
    return CliRunner().invoke(app, args, env=base, input=input)


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's parsed-data cache (~/.cache/policytl)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.delenv("POLICYTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)


@pytest.fixture
def run() -> object:
    return invoke
