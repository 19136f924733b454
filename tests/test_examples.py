"""The worked examples of the docs (examples/): valid, canonical, and the lives they tell."""

from __future__ import annotations

from policytl import check_files, load_timeline

from .conftest import ROOT, invoke

AI_ACT = ROOT / "examples" / "eu-ai-act.yaml"


def test_the_ai_act_example_validates_without_a_warning() -> None:
    timeline, problems = check_files([AI_ACT])
    assert [str(p) for p in problems] == []
    assert timeline is not None
    result = invoke(["validate", str(AI_ACT)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_the_ai_act_example_is_canonical() -> None:
    result = invoke(["fmt", "--check", str(AI_ACT)])
    assert result.exit_code == 0, result.stdout + result.stderr


def test_the_ai_act_example_tells_the_regulation_s_life() -> None:
    timeline = load_timeline(AI_ACT)
    act = timeline.documents["eu-ai-act"]
    assert act.identifiers == {
        "celex": "32024R1689",
        "eli": "http://data.europa.eu/eli/reg/2024/1689/oj",
    }
    life = [(e.date.text, e.kind) for e in timeline.events if e.document == "eu-ai-act"]
    assert life == [
        ("2021-04-21", "proposed"),
        ("2024-06-13", "adopted"),
        ("2024-07-12", "published"),
        ("2024-08-01", "in-force"),
        ("2025-02-02", "applies"),
        ("2025-08-02", "applies"),
        ("2026-08-02", "applies"),
        ("2027-08-02", "applies"),
    ]
    # every stage cites a source, and each applies date is in the words it quotes
    for e in timeline.events:
        assert e.sources, e.id
        if e.kind == "applies":
            day = e.date.start
            spoken = f"{day.day} {day.strftime('%B')} {day.year}"
            assert any(spoken in c.quote for c in e.sources), e.id
            assert e.scope is not None, e.id
