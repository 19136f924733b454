"""README's examples run as a user runs them, so they never drift (scripts/readme_examples.py)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from .conftest import ROOT


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "scripts" / "readme_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


examples = load_script()


def test_every_example_of_the_readme_and_the_docs_runs_and_prints_what_it_shows() -> None:
    problems = examples.check()
    assert [str(p) for p in problems] == []


def test_the_tour_comes_first_and_runs_each_step() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("\n")
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[0] == "## A short tour"
    tour = lines[lines.index("## A short tour") : lines.index(headings[1])]
    commands = [s.command for s in examples.console_samples(tour)]
    for step in ("show", "compare", "export", "validate"):
        assert any(c.startswith(f"policytl {step} ") for c in commands), step


@pytest.mark.parametrize(
    ("shown", "actual", "fits"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "b"], ["a", "b", "c"], False),
        (["a", "..."], ["a", "b", "c"], True),
        (["b", "..."], ["a", "b", "c"], False),
        (["...", "c"], ["a", "b", "c"], True),
        (["...", "b"], ["a", "b", "c"], False),
        (["a", "...", "c"], ["a", "b", "c"], True),
        (["a", "...", "c"], ["a", "c"], True),
        (["a", "...", "b", "...", "d"], ["a", "x", "b", "y", "d"], True),
        (["a", "...", "y", "...", "b"], ["a", "b", "y"], False),
        (["a", "...", "a"], ["a"], False),
    ],
)
def test_a_gap_stands_for_lines_left_out_and_nothing_else(
    shown: list[str], actual: list[str], fits: bool
) -> None:
    assert examples.fits(shown, actual) is fits


def test_sh_commands_drop_redirections_and_stop_at_pipes() -> None:
    lines = [
        "```sh",
        "policytl export > timeline.md   # Markdown",
        "policytl show --since 2016 | less -R",
        "python scripts/make_pictures.py",
        "policytl show --search '# not a comment'",
        "```",
    ]
    assert examples.sh_commands(lines) == [
        (1, ["policytl", "export"]),
        (2, ["policytl", "show", "--since", "2016"]),
        (4, ["policytl", "show", "--search", "# not a comment"]),
    ]
