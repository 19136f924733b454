"""The worked examples of the docs (examples/): valid, canonical, and the lives they tell."""

from __future__ import annotations

from policytl import check_files, load_timeline

from .conftest import ROOT, invoke

AI_ACT = ROOT / "examples" / "eu-ai-act.yaml"


def test_the_ai_act_example_validates_citing_article_113_by_locator_only() -> None:
    # the project quotes no sentence from elsewhere: Article 113's dates are cited by
    # their place in it, which validate reports as a warning (and --strict refuses)
    timeline, problems = check_files([AI_ACT])
    assert timeline is not None
    assert {p.message for p in problems} == {
        "no quote: the citation rests on its locator alone (validate --strict refuses this)"
    }
    cited = [c for e in timeline.events for c in e.sources if c.quote is None]
    assert len(cited) == len(problems) == 5
    assert all(c.locator is not None and c.locator.startswith("Article 113") for c in cited)
    result = invoke(["validate", str(AI_ACT)])
    assert result.exit_code == 0
    assert (result.stdout + result.stderr).endswith("(5 warnings)\n")


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
    # every stage cites a source, and each applies date cites its point of Article 113
    for e in timeline.events:
        assert e.sources, e.id
        if e.kind == "applies":
            assert any((c.locator or "").startswith("Article 113") for c in e.sources), e.id
            assert e.scope is not None, e.id
