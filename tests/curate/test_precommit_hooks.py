"""The hooks in .pre-commit-hooks.yaml, checked by the real pre-commit package.

The manifest is loaded with pre-commit's own schema here, always. Running the hooks
with `pre-commit try-repo` installs policytl into a fresh virtualenv from PyPI, which
takes a minute or two: it runs in CI (CI=true) and when POLICYTL_TEST_PRECOMMIT=1, and
is skipped otherwise, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytl.curate.skeleton import skeleton

from ..conftest import ROOT, child_env

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def test_the_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(MANIFEST))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("policytl-validate", "policytl validate", "python"),
        ("policytl-fmt", "policytl fmt", "python"),
        ("policytl-verify", "policytl verify", "python"),
    ]
    for hook in hooks:
        assert hook["files"] == r"(^|/)timeline[^/]*\.ya?ml$"
        assert hook["require_serial"] is True


def _env() -> dict[str, str]:
    return child_env(NO_COLOR="1")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=c@example.org", "-c", "user.name=C", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env=_env(),
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The policytl sources as a git repository of their own (what pre-commit clones)."""
    if os.environ.get("CI") != "true" and os.environ.get("POLICYTL_TEST_PRECOMMIT") != "1":
        pytest.skip(
            "pre-commit try-repo installs policytl from PyPI (a minute or two): "
            "set POLICYTL_TEST_PRECOMMIT=1 to run it (CI always does)"
        )
    if shutil.which("git") is None or not PRE_COMMIT.exists():
        pytest.fail("git and pre-commit are needed to test the hooks")
    repo = tmp_path_factory.mktemp("hooks")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copyfile(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "policytl", repo / "policytl", ignore=shutil.ignore_patterns("__pycache__")
    )
    (repo / "data").mkdir()
    shutil.copyfile(ROOT / "data" / "timeline.yaml", repo / "data" / "timeline.yaml")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "policytl")
    return repo


def _try_repo(repo: Path, user: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = _env()
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(repo), hook, "--all-files"],
        cwd=user,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _status(output: str, name: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith(name + "."))
    return line.rsplit(".", 1)[-1]


def test_the_hooks_run_with_pre_commit_try_repo(
    hook_repo: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("pre-commit-home")
    user = tmp_path / "curator"
    user.mkdir()
    _git(user, "init", "-q")
    (user / "timeline.yaml").write_text(skeleton(), encoding="utf-8")
    (user / "other.yaml").write_text("not: a timeline\n", encoding="utf-8")  # not matched
    _git(user, "add", ".")

    done = _try_repo(hook_repo, user, "policytl-validate", home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _status(done.stdout, "policytl validate") == "Passed"
    done = _try_repo(hook_repo, user, "policytl-fmt", home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _status(done.stdout, "policytl fmt") == "Passed"

    # a mistake fails the validate hook, with the usual message
    broken = skeleton().replace("issuers: [example-ministry]", "issuers: [Example-Ministry]")
    (user / "timeline.yaml").write_text(broken, encoding="utf-8")
    _git(user, "add", ".")
    done = _try_repo(hook_repo, user, "policytl-validate", home)
    assert done.returncode == 1
    assert _status(done.stdout, "policytl validate") == "Failed"
    assert (
        "timeline.yaml:47:15: events[0] (id: example-plan-issued).issuers[0]: unknown body "
        "'Example-Ministry' — ids are lowercase; use 'example-ministry'"
    ) in done.stdout.splitlines()

    # a file out of canonical form is rewritten by the fmt hook (which then fails, as
    # formatters do, so that the change is reviewed)
    messy = skeleton().replace('date: "2024-01"', "date: '2024-01'")
    (user / "timeline.yaml").write_text(messy, encoding="utf-8")
    _git(user, "add", ".")
    done = _try_repo(hook_repo, user, "policytl-fmt", home)
    assert done.returncode == 1
    assert _status(done.stdout, "policytl fmt") == "Failed"
    assert "- files were modified by this hook" in done.stdout.splitlines()
    assert (user / "timeline.yaml").read_text(encoding="utf-8") == skeleton()
