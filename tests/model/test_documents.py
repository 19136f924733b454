"""Documents, lifecycle stages and relations (issue 22's format): read, checked,
ordered, kept through the JSON export, the cache and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from policytl import check_files, json_schema, load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.model.records import Relation, Text

HEAD = """\
format: policytl/1
document-types:
  white-paper: a government white paper
relation-types:
  cites: mentions the other as a model
sources:
  oj: {title: {en: Official Journal of the European Union}}
jurisdictions:
  EU: {name: {en: European Union}}
bodies:
  ep: {name: {en: European Parliament}, level: none, jurisdiction: EU, classification: other}
documents:
  ai-act:
    title: {en: Artificial Intelligence Act}
    type: regulation
    jurisdiction: EU
    issuers: [ep]
    identifiers: {celex: 32024R1689, eli: "http://data.europa.eu/eli/reg/2024/1689/oj"}
  paper:
    title: {en: A white paper}
    type: white-paper
    jurisdiction: EU
events:
"""
EVENT = """\
  - id: {id}
    date: "{date}"
    kind: {kind}
    jurisdiction: EU
    issuers: []
    title: {{en: {id}}}
    document: {document}
    sources: [{{source: oj, quote: q}}]
"""
RELATIONS = """\
    relations:
      - type: {type}
        to: {to}
        sources: [{{source: oj, quote: Article 113}}]
        notes: the curators' reading
"""


def _event(
    eid: str, date: str, kind: str = "statement", document: str = "ai-act", **rel: str
) -> str:
    out = EVENT.format(id=eid, date=date, kind=kind, document=document)
    return out + (RELATIONS.format(**rel) if rel else "")


def _write(tmp_path: Path, *events: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + "".join(events), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    _, problems = check_files([path])
    return [str(p).removeprefix(f"{path}:") for p in problems]


def test_documents_and_relations_are_read_and_events_of_a_date_ordered_by_stage(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        _event("z-applies", "2025-02-02", "applies", type="part-of", to="ai-act"),
        _event("y-statement", "2025-02-02", "statement", document="paper"),
        _event("x-in-force", "2025-02-02", "in-force"),
        _event("w-adopted", "2025-02-02", "adopted"),
        _event("inline", "2024", "proposed", document="{en: A proposal}"),
    )
    timeline = load_timeline([path], cache=False)
    assert [e.id for e in timeline.events] == [
        "inline",
        "w-adopted",
        "x-in-force",
        "z-applies",
        "y-statement",
    ]
    doc = timeline.documents["ai-act"]
    assert (doc.type, doc.issuers) == ("regulation", ("ep",))
    assert doc.identifiers == {
        "celex": "32024R1689",
        "eli": "http://data.europa.eu/eli/reg/2024/1689/oj",
    }
    applies = timeline.events[3]
    assert applies.stage == "applies" and applies.document == "ai-act"
    assert applies.relations == (
        Relation(
            type="part-of",
            to="ai-act",
            sources=applies.relations[0].sources,
            notes=("the curators' reading",),
        ),
    )
    assert timeline.document_title(applies) == Text(en="Artificial Intelligence Act")
    assert timeline.document_title(timeline.events[0]) == Text(en="A proposal")
    assert timeline.document_types == {"white-paper": "a government white paper"}
    assert timeline.relation_types == {"cites": "mentions the other as a model"}


def test_the_json_export_and_the_cache_keep_them(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _event("a", "2024-07-12", "published"),
        _event("b", "2025", "applies", document="{en: inline title}", type="cites", to="a"),
    )
    timeline = load_timeline([path], cache=False)
    exported = render(Format.JSON, timeline, ExportOptions())
    data = json.loads(exported)
    assert data["document-types"] == {"white-paper": "a government white paper"}
    assert data["documents"]["ai-act"]["identifiers"]["celex"] == "32024R1689"
    assert data["events"][0]["document"] == "ai-act"
    assert data["events"][1]["document"] == {"en": "inline title"}
    assert data["events"][1]["relations"] == [
        {"type": "cites", "to": "a", "sources": [{"source": "oj", "quote": "Article 113"}],
         "notes": ["the curators' reading"]}
    ]  # fmt: skip
    Draft202012Validator(json_schema()).validate(data)
    back = tmp_path / "back.json"
    back.write_text(exported, encoding="utf-8")
    assert load_timeline([back], cache=False).to_json() == timeline.to_json()
    for _ in range(2):  # a miss writes the cache entry, a hit reads it back
        assert load_timeline([path]).to_json() == timeline.to_json()


def test_every_problem_is_located_and_teaches(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _event("a", "2024", "applies", type="part-of", to="nowhere"),
        _event("b", "2024", "adopted", type="implements", to="b"),
        _event("c", "2024", "adopted", document="no-such-doc", type="amend", to="ai-act"),
        _event("d", "2024", "adopted", document="Artificial Intelligence Act"),
    )
    assert _problems(path) == [
        "34:13: events[0] (id: a).relations[0].to: unknown event or document 'nowhere' — define "
        "it under documents:",
        "47:13: events[1] (id: b).relations[0].to: event 'b' is related to itself",
        "56:15: events[2] (id: c).document: unknown document 'no-such-doc' — define it under "
        "documents:",
        "59:15: events[2] (id: c).relations[0].type: unknown relation type 'amend' (did you mean "
        "'amends'?) (expected one of: responds-to, implements, part-of, amends, postpones, "
        "supersedes, repeals, based-on, transposes, follows, cites)",
        "69:15: events[3] (id: d).document: 'Artificial Intelligence Act' is not an id (a "
        "lowercase slug) of documents: write the id, or the title as a text: {zh: ...} or "
        "{en: ...}",
    ]


def test_an_id_both_an_event_and_a_document_hold_is_ambiguous(tmp_path: Path) -> None:
    path = _write(tmp_path, _event("paper", "2024", type="follows", to="paper"))
    problems = _problems(path)
    assert problems[0] == (
        "34:13: events[0] (id: paper).relations[0].to: 'paper' is the id of both an event and a "
        "document; give one of them another id"
    )


def test_a_document_needs_its_title_type_and_jurisdiction(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        HEAD.replace("    type: white-paper\n", "    type: whitepaper\n").replace(
            "    identifiers: {celex: 32024R1689,", "    identifiers: {CELEX: 1, x: '',"
        )
        + _event("a", "2024"),
        encoding="utf-8",
    )
    assert _problems(path) == [
        "18:19: documents.ai-act.identifiers.CELEX: 'CELEX' is not a lowercase slug of a-z, "
        "0-9, '-', '_' or '.'",
        "18:32: documents.ai-act.identifiers.x: must not be empty",
        "21:11: documents.paper.type: unknown document type 'whitepaper' (did you mean "
        "'white-paper'?) (expected one of: law, regulation, directive, decision, plan, strategy, "
        "notice, opinion, measures, report, speech, other, white-paper)",
    ]
