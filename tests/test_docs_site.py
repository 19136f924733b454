"""The documentation: a short README, a generated command reference kept current, and
the README's two set-up commands exactly as `.ci/run` runs the second one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, child_env

README = ROOT / "README.md"


def _sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)


def test_the_readme_is_short_and_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    first, second = _sh_blocks(text)[:2]
    assert first.endswith("policytl show --since 2016")
    assert 'pip install -e ".[test]"' in second and second.endswith("-m pytest")
    # nothing but a title and the two commands' captions comes before them
    head = text[: text.index(second)]
    assert head.count("```sh") == 2 and "##" not in head


def test_ci_runs_the_readmes_test_command_as_written() -> None:
    second = _sh_blocks(README.read_text(encoding="utf-8"))[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci.splitlines()


@pytest.mark.parametrize("page", ["docs/reference/cli.md", "docs/reference/format.md"])
def test_the_generated_references_are_current(page: str) -> None:
    """cli.md is cog's output of every command's --help, format.md's field tables are
    cog's output of the field table (regenerate: .venv/bin/cog -r PAGE)."""
    cog = Path(sys.executable).with_name("cog")
    proc = subprocess.run(
        [str(cog), "--check", page],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_page_of_the_site_is_in_its_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    listed = set(re.findall(r":\s+([\w/.-]+\.md)\s*$", config, flags=re.M))
    assert pages - listed == set()
    assert listed - pages == set()
