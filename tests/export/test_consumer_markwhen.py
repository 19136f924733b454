"""Markwhen export read by Markwhen's own parser (@markwhen/parser, on Node)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.export.markwhen import safe
from policytl.model.records import Lang, Text, Timeline
from policytl.model.textsafe import for_terminal

from ..conftest import FIXTURES, child_env
from ..consumers import CONSUMERS, need_node_package, need_program
from .hostile_text import HOSTILE, RAW_UNSAFE

CASES = {
    "shipped": None,
    "small": FIXTURES / "export" / "small.yaml",
    "urls": FIXTURES / "export" / "urls.yaml",
    "hostile": FIXTURES / "export" / "hostile.yaml",
    "life": FIXTURES / "export" / "life.yaml",
}


def markwhen_read(text: str, tmp_path: Path) -> dict[str, object]:
    node = need_program("node")
    need_node_package("@markwhen/parser")
    path = tmp_path / "timeline.mw"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [node, str(CONSUMERS / "markwhen_read.mjs"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        env=child_env(TZ="UTC"),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out: dict[str, object] = json.loads(done.stdout)
    return out


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("case", list(CASES))
def test_markwhen_parser_reads_every_event(case: str, lang: Lang, tmp_path: Path) -> None:
    path = CASES[case]
    tl: Timeline = load_timeline() if path is None else load_timeline(path)
    got = markwhen_read(render(Format.MARKWHEN, tl, ExportOptions(lang=lang)), tmp_path)
    assert got["messages"] == []
    events = got["events"]
    assert isinstance(events, list)
    # Markwhen groups events by section (jurisdiction); compare by id
    by_id = {e["properties"]["id"]: e for e in events}
    assert len(by_id) == len(events) == len(tl.events)
    for e in tl.events:
        read = by_id[e.id]
        assert read["from"][:10] == e.date.start.isoformat(), e.id
        assert read["to"][:10] == (e.date.end + timedelta(days=1)).isoformat(), e.id
        assert read["properties"]["kind"] == e.kind
        assert read["properties"]["jurisdiction"] == e.jurisdiction
        assert read["properties"]["issuers"] == list(e.issuers)
        if e.date.uncertain or e.date.approximate:
            assert read["properties"]["date"] == e.date.text
        # every citation is one "Source" line of the description
        sources = [s for s in read["supplemental"] if s.startswith(("Source", "来源"))]
        assert len(sources) == len(e.sources)


def test_markwhen_descriptions_carry_stage_scope_document_and_relations(tmp_path: Path) -> None:
    tl = load_timeline(CASES["life"])
    got = markwhen_read(render(Format.MARKWHEN, tl, ExportOptions(lang=Lang.EN)), tmp_path)
    events = got["events"]
    assert isinstance(events, list)
    by_id = {e["properties"]["id"]: e["supplemental"] for e in events}
    assert [line for line in by_id["ai-act-high-risk-postponed"] if not line.startswith("Source")][
        1:6
    ] == [
        "Stage: Postponed",
        "Scope: Article 6(1), high-risk systems",
        "Issued by: European Commission",
        "Document: Artificial Intelligence Act",
        "Postpones: 2025-02-02 · The AI Act's prohibitions apply",
    ]


def test_markwhen_parser_reads_hostile_titles_and_summaries(tmp_path: Path) -> None:
    """An event per hostile text (as its title and summary): the parser reads each, with
    no message, no tag but the event's own and its description lines as written."""
    base = load_timeline(FIXTURES / "export" / "small.yaml")
    first = base.events[0]
    events = [
        dataclasses.replace(first, id=f"hostile-{i}", title=Text(en=t), summary=Text(en=t))
        for i, t in enumerate(HOSTILE.values())
    ]
    text = render(Format.MARKWHEN, base.with_events(events), ExportOptions(lang=Lang.EN))
    assert not RAW_UNSAFE.search(text)
    got = markwhen_read(text, tmp_path)
    assert got["messages"] == []
    read = got["events"]
    assert isinstance(read, list)
    assert [e["properties"]["id"] for e in read] == [e.id for e in events]
    for e, original in zip(read, HOSTILE.values(), strict=True):
        shown = for_terminal(safe(original))  # bidi controls visible, as in every format
        assert sorted(e["tags"]) == ["blockchain", "e_government"]
        assert e["title"] == shown
        assert f"Summary: {shown}" in e["supplemental"]
