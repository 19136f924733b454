"""`policytl compare` compares like with like: the same lifecycle stage on each side.

tests/fixtures/compare/stages.yaml: Spain's AI strategy (2024-05-14), draft law
(proposed, 2025-03-11) and adoption (2026-03); Italy's strategy (2024-07) and
adoption (2025-09-17), all tagged ai-law. Set first move against first move, Spain's
draft would lead Italy's final law by 6 months; stage by stage, Italy adopted first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.analyze.compare import compare
from policytl.model.errors import UsageError

from ..conftest import FIXTURES, invoke
from ..goldens import assert_golden

STAGES = FIXTURES / "compare" / "stages.yaml"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "compare"


def run(*args: str) -> str:
    result = invoke(["compare", "ES", "IT", *args, "--data", str(STAGES)], env={"COLUMNS": "100"})
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def test_the_same_stage_is_compared_and_named() -> None:
    c = compare(load_timeline(STAGES), ["ES", "IT"])
    assert [(t.tag, t.stage, t.text()) for t in c.themes] == [
        ("ai-law", None, "ES first by 2 months"),
        ("strategy", None, "ES first by 2 months"),
        ("ai-law", "adopted", "adopted: IT first by 6 months"),
    ]
    adopted = c.themes[2]
    assert [m.event.id for m in adopted.moves] == ["it-ai-law-adopted", "es-ai-law-adopted"]
    # the draft has nothing to be set against: it is listed, never compared with a final law
    assert c.lone_stages == (("ES", ("ai-law: proposed",)),)
    assert c.only == (("ES", ()), ("IT", ()))


def test_stage_picks_one_stage_for_every_tag() -> None:
    c = compare(load_timeline(STAGES), ["ES", "IT"], stage="adopted")
    assert [(t.tag, t.stage, t.text()) for t in c.themes] == [
        ("ai-law", "adopted", "adopted: IT first by 6 months")
    ]
    assert c.lone_stages == ()
    assert compare(load_timeline(STAGES), ["ES", "IT"], stage="proposed").themes == ()


def test_an_unknown_stage_is_a_usage_error_with_the_closest() -> None:
    with pytest.raises(
        UsageError, match=r"unknown stage 'adopt' for --stage .*did you mean 'adopted'\?$"
    ):
        compare(load_timeline(STAGES), ["ES", "IT"], stage="adopt")
    result = invoke(["compare", "ES", "IT", "--stage", "adopt", "--data", str(STAGES)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "policytl: error: unknown stage 'adopt' for --stage (expected one of: proposed, "
        "adopted, published, in-force, applies, amended, postponed, suspended, repealed, "
        "expired); did you mean 'adopted'?\n"
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("stages.txt", ()),
        ("stages.md", ("--format", "markdown")),
        ("stages.json", ("--format", "json")),
        ("stages-adopted-summary.txt", ("--stage", "adopted", "--summary")),
        ("stages-adopted-summary.md", ("--stage", "adopted", "--summary", "-f", "markdown")),
        ("stages-proposed-summary.txt", ("--stage", "proposed", "--summary")),
    ],
)
def test_golden_output(name: str, args: tuple[str, ...]) -> None:
    assert_golden(GOLDEN / name, run(*args))


def test_json_names_the_stage_only_where_there_is_one() -> None:
    doc = json.loads(run("--format", "json", "--summary"))
    assert "stage" not in doc
    assert [t.get("stage") for t in doc["themes"]] == [None, None, "adopted"]
    assert doc["only_stages"] == {"ES": ["ai-law: proposed"]}
    doc = json.loads(run("--format", "json", "--summary", "--stage", "adopted"))
    assert doc["stage"] == "adopted"
    assert "only_stages" not in doc
