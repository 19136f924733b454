"""The wheel ships the curated data set and the JSON Schema inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="the test extra installs hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("policytl-*.whl")
    return found


def test_wheel_contains_the_data_set_and_the_schema(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "policytl/data/timeline.yaml" in names
        assert "policytl/schema/policytl-1.schema.json" in names
        assert zf.read("policytl/data/timeline.yaml") == (ROOT / "data/timeline.yaml").read_bytes()
        assert zf.read("policytl/schema/policytl-1.schema.json") == (
            (ROOT / "policytl/schema/policytl-1.schema.json").read_bytes()
        )


def test_wheel_holds_only_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        tops = {n.split("/", 1)[0] for n in zf.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"policytl"}
    assert any(n.endswith(".dist-info/entry_points.txt") for n in zf.namelist())
