"""`policytl add` in a pseudo-terminal, answering every question it asks (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytl.curate.skeleton import skeleton

pytest.importorskip("pty")

from ..ptyrun import policytl, run_in_pty

#: (the question's start, the answer typed): every question add asks, in its order
DIALOGUE = [
    ("Date (", "21 April 2021"),
    ("Kind (", "target"),
    ("Jurisdiction (", ""),
    ("Issuers:", "Example Ministry"),
    ("Title in Chinese", "示例目标"),
    ("Title in English", "A target for 2025"),
    ("Source (", ""),
    ("Quote (", "By 2025, the pilot shall cover ten cities."),
    ("Locator:", "Art. 3"),
    ("Due:", "Q2 2025"),
    ("Tags,", "pilot, cities"),
    ("URL ", "https://example.org/target"),
    ("A curator's note", "The source gives no day."),
    ("Id [", "cities-target"),
]


def test_add_asks_every_question_in_a_terminal(tmp_path: Path) -> None:
    f = tmp_path / "timeline.yaml"
    f.write_text(skeleton(), encoding="utf-8")
    keys = [(question, answer + "\r") for question, answer in DIALOGUE]
    run = run_in_pty(policytl("add", str(f)), keys=keys, cwd=tmp_path, timeout=120)
    assert run.status == 0, run.text
    asked = [line for line in run.text.splitlines() if line.strip()]
    for question, answer in DIALOGUE:
        assert any(line.startswith(question) and line.endswith(answer) for line in asked), (
            question,
            asked,
        )
    assert asked[-1] == f"policytl: added event 'cities-target' (2021-04-21) to {f}"
    assert f.read_text(encoding="utf-8") == skeleton().replace(
        "events:\n",
        "events:\n"
        "  - id: cities-target\n"
        '    date: "2021-04-21"\n'
        '    due: "2025-04/2025-06"\n'
        "    kind: target\n"
        "    jurisdiction: CN\n"
        "    issuers: [example-ministry]\n"
        "    title: {zh: 示例目标, en: A target for 2025}\n"
        "    tags: [pilot, cities]\n"
        "    sources:\n"
        "      - source: example-source\n"
        "        quote: By 2025, the pilot shall cover ten cities.\n"
        "        locator: Art. 3\n"
        "    notes:\n"
        "      - The source gives no day.\n"
        "    url: https://example.org/target\n"
        "\n",
    )
