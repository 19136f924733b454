"""`policytl diff` reads a version from standard input (-) or a git revision (REV:PATH)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policytl.curate.skeleton import skeleton

from ..conftest import child_env, invoke

CHANGED = skeleton().replace("an example plan}", "an example plan again}")
DIFF = (
    "--- {old}\n+++ {new}\n"
    "~ event example-plan-issued: title.en 'The Example Ministry issues an example plan' -> "
    "'The Example Ministry issues an example plan again'\n"
    "events: 1 changed\n"
)


def test_old_from_standard_input(tmp_path: Path) -> None:
    new = tmp_path / "t.yaml"
    new.write_text(CHANGED, encoding="utf-8")
    result = invoke(["diff", "-", str(new)], input=skeleton())
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == DIFF.format(old="-", new=new)


def test_new_from_standard_input_equal(tmp_path: Path) -> None:
    old = tmp_path / "t.yaml"
    old.write_text(skeleton(), encoding="utf-8")
    result = invoke(["diff", str(old), "-"], input=skeleton())
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"policytl: no differences between {old} and -\n"


def test_both_from_standard_input_is_a_usage_error() -> None:
    result = invoke(["diff", "-", "-"], input=skeleton())
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "policytl: error: only one of OLD and NEW can be - (standard input)\n"


def test_invalid_standard_input_names_it(tmp_path: Path) -> None:
    new = tmp_path / "t.yaml"
    new.write_text(skeleton(), encoding="utf-8")
    result = invoke(["diff", "-", str(new)], input="format: policytl/2\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "policytl: error: cannot load OLD: <stdin>:1:9: format: unsupported format "
        "'policytl/2' (expected 'policytl/1')\n"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("git is not installed (.ci/run installs it)")
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    for env in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(env, raising=False)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], check=True, capture_output=True, env=child_env())

    git("init", "-q")
    git("config", "user.email", "curator@example.org")
    git("config", "user.name", "Curator")
    (tmp_path / "timeline.yaml").write_text(skeleton(), encoding="utf-8")
    git("add", "timeline.yaml")
    git("commit", "-qm", "start")
    (tmp_path / "timeline.yaml").write_text(CHANGED, encoding="utf-8")
    return tmp_path


def test_old_from_a_git_revision(repo: Path) -> None:
    result = invoke(["diff", "HEAD:timeline.yaml", "timeline.yaml"])
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == DIFF.format(old="HEAD:timeline.yaml", new="timeline.yaml")


@pytest.mark.parametrize(
    ("old", "why"),
    [
        ("HEAD~3:timeline.yaml", "invalid object name 'HEAD~3'."),
        ("HEAD:nope.yaml", "path 'nope.yaml' does not exist in 'HEAD'"),
    ],
)
def test_a_bad_revision_is_a_clear_error(repo: Path, old: str, why: str) -> None:
    result = invoke(["diff", old, "timeline.yaml"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"policytl: error: cannot load OLD: git show {old} failed: {why}\n"


def test_a_file_whose_name_has_a_colon_is_a_file(tmp_path: Path) -> None:
    odd = tmp_path / "v1:timeline.yaml"
    odd.write_text(skeleton(), encoding="utf-8")
    result = invoke(["diff", str(odd), str(odd)])
    assert result.exit_code == 0, result.stderr
