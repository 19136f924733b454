"""Finding the user's timeline as git finds its repository: --data, else
$POLICYTL_DATA, else timeline.yaml or policytl.toml here or in the nearest parent,
else the embedded data set (with a notice where the folder holds a timeline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytl.cli.data import find_project

from ..conftest import invoke
from ..ptyrun import policytl, run_in_pty

TIMELINE = """\
format: policytl/1
title: {{en: {title}}}
sources:
  s: {{title: {{en: A source}}}}
jurisdictions:
  EU: {{name: {{en: European Union}}}}
events:
  - id: {id}
    date: "2024-07-12"
    kind: published
    jurisdiction: EU
    issuers: []
    title: {{en: {title} event}}
    sources: [{{source: s, quote: q}}]
"""


def _timeline(path: Path, title: str = "Mine", eid: str = "mine") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TIMELINE.format(title=title, id=eid), encoding="utf-8")
    return path


def _show(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = invoke(["show", "--since", "2016", *args])
    return result.exit_code, result.stdout.splitlines()[0] if result.stdout else "", result.stderr


def test_timeline_yaml_in_the_folder_or_a_parent_is_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timeline(tmp_path / "timeline.yaml")
    deep = tmp_path / "notes" / "2024"
    deep.mkdir(parents=True)
    assert find_project(str(deep)) == [str(tmp_path / "timeline.yaml")]
    assert _show(deep, monkeypatch) == (0, "Mine", "")
    assert _show(tmp_path, monkeypatch) == (0, "Mine", "")


def test_the_nearest_project_wins_and_a_project_file_names_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timeline(tmp_path / "timeline.yaml", "Outer", "outer")
    inner = tmp_path / "inner"
    _timeline(inner / "registries" / "a.yaml", "Inner", "inner-a")
    more = (
        "format: policytl/1\nevents:\n"
        + TIMELINE.format(title="B", id="inner-b").split("events:\n")[1]
    )
    (inner / "more.yaml").write_text(more, encoding="utf-8")
    (inner / "policytl.toml").write_text('data = ["registries/", "more.yaml"]\n', encoding="utf-8")
    assert find_project(str(inner / "registries")) == [
        str(inner / "registries"),
        str(inner / "more.yaml"),
    ]
    monkeypatch.chdir(inner)
    result = invoke(["export", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"id": "inner-a"' in result.stdout and '"id": "inner-b"' in result.stdout
    assert "outer" not in result.stdout


def test_data_and_the_environment_come_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timeline(tmp_path / "timeline.yaml")
    other = _timeline(tmp_path / "elsewhere" / "other.yaml", "Other", "other")
    assert _show(tmp_path, monkeypatch, "--data", str(other)) == (0, "Other", "")
    monkeypatch.chdir(tmp_path)
    result = invoke(["show"], env={"POLICYTL_DATA": str(other)})
    assert result.stdout.splitlines()[0] == "Other"


def test_without_a_project_the_embedded_set_is_shown_and_a_terminal_told_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_project(str(tmp_path)) is None
    code, first, stderr = _show(tmp_path, monkeypatch)
    assert (code, stderr) == (0, "")
    assert first.startswith("北京区块链政策路径")
    _timeline(tmp_path / "ai-act.yaml")
    code, first, stderr = _show(tmp_path, monkeypatch)  # stderr captured: no notice
    assert (first.startswith("北京区块链政策路径"), stderr) == (True, "")
    run = run_in_pty(policytl("kinds"), cwd=tmp_path, columns=200)
    assert run.status == 0
    assert run.text.splitlines()[0] == (
        "policytl: showing the embedded data set: ai-act.yaml is not read (name it "
        "timeline.yaml, list it in policytl.toml, or give --data)"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("data = 'timeline.yaml'\n", "data must be a list of files or folders"),
        ("data = []\n", "data must be a list of files or folders"),
        ("data = [\n", "cannot read the project file"),
    ],
)
def test_a_bad_project_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    (tmp_path / "policytl.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(["show"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policytl: error: {tmp_path / 'policytl.toml'}: {said}")
    assert result.stderr.count("\n") == 1
