"""--document (a shared filter) and scheduled stages under the date filters.

tests/fixtures/show/stages.yaml holds the EU AI Act's stages as the Official Journal
of 2024-07-12 sets them (its applies dates are in the future of that source), the
Digital Services Act, a code of practice that implements the act (its own document
is a title only) and nothing else.
"""

from __future__ import annotations

import json

import pytest

from policytl.analyze.query import Filters

from ..conftest import FIXTURES, invoke

STAGES = str(FIXTURES / "show" / "stages.yaml")
SMALL = str(FIXTURES / "show" / "small.yaml")
AI_ACT = [
    "ai-act-proposed",
    "ai-act-adopted",
    "ai-act-published",
    "ai-act-in-force",
    "ai-act-prohibitions-apply",
    "ai-act-gpai-apply",
    "ai-act-most-apply",
]


def ids(*args: str, command: tuple[str, ...] = ("show", "--format", "json")) -> list[str]:
    result = invoke([*command, *args, "--data", STAGES])
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)["events"]]


def error(*args: str, data: str = STAGES) -> str:
    result = invoke(["show", *args, "--data", data])
    assert (result.exit_code, result.stdout) == (2, "")
    return result.stderr


@pytest.mark.parametrize(
    "name", ["ai-act", "Artificial Intelligence Act", "artificial  intelligence act"]
)
def test_document_by_id_or_title_selects_the_events_about_it(name: str) -> None:
    # not the code of practice, which implements the act but is about another document
    assert ids("--document", name) == AI_ACT


def test_document_repeated_matches_any_and_combines_with_the_other_filters() -> None:
    assert ids("--document", "dsa", "--document", "ai-act", "-k", "in-force") == [
        "dsa-in-force",
        "ai-act-in-force",
    ]
    assert ids("--document", "ai-act", "--since", "2026") == ["ai-act-most-apply"]


@pytest.mark.parametrize(
    "command",
    [("export", "--format", "json"), ("show", "--format", "json")],
    ids=["export", "show"],
)
def test_every_filtering_command_takes_document(command: tuple[str, ...]) -> None:
    assert ids("--document", "dsa", command=command) == ["dsa-in-force"]
    result = invoke(["stats", "--format", "json", "--document", "dsa", "--data", STAGES])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["events"] == 1


def test_an_unknown_document_is_a_usage_error_with_the_closest_ids() -> None:
    assert error("--document", "ai-acts") == (
        "policytl: error: unknown document 'ai-acts' for --document; did you mean 'ai-act'?\n"
    )
    assert error("--document", "ai-act", data=SMALL) == (
        "policytl: error: no document is defined under documents: (--document)\n"
    )


def test_describe_gives_document_as_typed() -> None:
    assert Filters(document_ids=("ai-act", "Digital Services Act")).describe() == (
        "--document ai-act --document 'Digital Services Act'"
    )
    result = invoke(["show", "--document", "dsa", "--since", "2023", "--data", STAGES])
    assert result.stderr == "policytl: no event matches --since 2023 --document dsa\n"


def test_since_lists_a_scheduled_stage_on_its_own_date() -> None:
    """The prohibitions apply from 2025-02-02, a date the 2024 journal sets: --since 2025
    selects the stage by its own date, not by its source's."""
    assert ids("--since", "2025") == [
        "ai-act-prohibitions-apply",
        "ai-act-code-of-practice",
        "ai-act-gpai-apply",
        "ai-act-most-apply",
    ]
    assert ids("--until", "2024", "-k", "applies") == []
