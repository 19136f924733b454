"""`policytl init` and `policytl schema` (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from policytl import check_files, json_schema
from policytl.curate.skeleton import skeleton
from policytl.load.loader import json_schema_text

from ..conftest import ROOT, invoke

SCHEMA = ROOT / "policytl" / "schema" / "policytl-1.schema.json"


def test_init_creates_a_valid_commented_timeline_and_the_schema_beside_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "mine"
    result = invoke(["init", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    timeline = folder / "timeline.yaml"
    schema = folder / "policytl-1.schema.json"
    assert result.stderr == (
        f"policytl: created {timeline} and {schema}; next: policytl validate {timeline}\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["policytl-1.schema.json", "timeline.yaml"]
    assert schema.read_bytes() == SCHEMA.read_bytes()
    text = timeline.read_text(encoding="utf-8")
    assert text == skeleton()
    # the modeline resolves: the file it names is the schema, beside the timeline
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=policytl-1.schema.json"
    assert (folder / first.split("$schema=")[1]).read_bytes() == SCHEMA.read_bytes()
    tl, problems = check_files([timeline])
    assert problems == [] and tl is not None
    assert (len(tl.events), len(tl.sources), len(tl.jurisdictions), len(tl.bodies)) == (1, 1, 1, 1)
    assert list(Draft202012Validator(json_schema()).iter_errors(yaml.safe_load(text))) == []
    # every section is explained by a comment
    for section in ("title", "sources", "jurisdictions", "bodies", "events"):
        before = text.split(f"\n{section}:", 1)[0].splitlines()[-1]
        assert before.startswith("# "), section


def test_init_here_by_default(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.chdir(tmp_path)
    assert invoke(["init"]).exit_code == 0
    assert (tmp_path / "timeline.yaml").read_text(encoding="utf-8") == skeleton()


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "timeline.yaml").write_text("mine\n", encoding="utf-8")
    result = invoke(["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"policytl: error: {tmp_path / 'timeline.yaml'} already exists; init never "
        "overwrites a file (choose another folder)\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.yaml"]
    assert (tmp_path / "timeline.yaml").read_text(encoding="utf-8") == "mine\n"
    (tmp_path / "timeline.yaml").unlink()
    (tmp_path / "policytl-1.schema.json").write_text("{}", encoding="utf-8")
    result = invoke(["init", str(tmp_path)])
    assert result.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["policytl-1.schema.json"]


def test_init_into_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = invoke(["init", str(tmp_path / "f")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"policytl: error: {tmp_path / 'f'} is not a folder\n",
    )


def test_schema_prints_or_writes_the_shipped_schema(tmp_path: Path) -> None:
    result = invoke(["schema"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == SCHEMA.read_text(encoding="utf-8") == json_schema_text()
    assert json.loads(result.stdout) == json_schema()
    out = tmp_path / "s.json"
    result = invoke(["schema", "-o", str(out)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_bytes() == SCHEMA.read_bytes()
