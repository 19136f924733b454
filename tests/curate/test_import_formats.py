"""`policytl import` of iCalendar, Markwhen and CSL-JSON: the same events as from a
spreadsheet, policytl's own ICS and Markwhen exports read back with what they carry,
and every problem at FILE:LINE:COLUMN (the line of the event, the item)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from policytl.model.records import STAGES

from ..conftest import invoke

DATA = Path(__file__).resolve().parents[2] / "data" / "timeline.yaml"


def _events(path: Path | None = None) -> dict[str, dict[str, Any]]:
    args = ["export", "-f", "json", *(["--data", str(path)] if path else [])]
    return {e["id"]: e for e in json.loads(invoke(args).stdout)["events"]}


def _registries_only(tmp_path: Path) -> Path:
    """The shipped data set's registries, with no events."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["events"] = []
    out = tmp_path / "timeline.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _quotes(event: dict[str, Any]) -> list[str | None]:
    return [c.get("quote") for c in event["sources"]]


@pytest.mark.parametrize("lang", ["en", "both"])
def test_policytl_s_own_markwhen_export_comes_back_with_what_it_carries(
    tmp_path: Path, lang: str
) -> None:
    exported = tmp_path / "export.mw"
    exported.write_text(invoke(["export", "-f", "markwhen", "--lang", lang]).stdout, "utf-8")
    out = tmp_path / "imported.yaml"
    result = invoke(["import", str(exported), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert invoke(["validate", "--data", str(out)]).exit_code == 0
    before, after = _events(), _events(out)
    assert list(after) == list(before)
    for key, old in before.items():
        new = after[key]
        for name in ("date", "kind", "jurisdiction", "issuers", "due"):
            assert new.get(name) == old.get(name), (key, name)
        assert new["tags"] == [t.replace("-", "_") for t in old["tags"]]
        assert new["title"]["en"] == old["title"]["en"]
        assert _quotes(new) == _quotes(old)
        if lang == "both":
            assert new["title"] == old["title"]
    again = invoke(["import", str(exported), "-o", str(out)])
    assert again.stderr.endswith("(0 events added, 0 updated, 15 unchanged)\n")


def test_policytl_s_own_ics_export_comes_back_into_its_registries(tmp_path: Path) -> None:
    exported = tmp_path / "export.ics"
    exported.write_text(invoke(["export", "-f", "ics", "--lang", "en"]).stdout, "utf-8")
    out = _registries_only(tmp_path)
    result = invoke(["import", str(exported), "-o", str(out), "--kind", "statement"])
    assert result.exit_code == 0, result.stderr
    assert invoke(["validate", "--data", str(out)]).exit_code == 0
    before, after = _events(), _events(out)
    assert sorted(after) == sorted(before)
    for key, old in before.items():
        new = after[key]
        for name in ("date", "jurisdiction", "issuers", "due", "tags", "url"):
            assert new.get(name) == old.get(name), (key, name)
        assert _quotes(new) == _quotes(old)
        assert new.get("summary", {}).get("en") == (old.get("summary") or {}).get("en")
        if old["kind"] not in (*STAGES, "document-issued"):
            assert new["title"]["en"] == old["title"]["en"]
            assert new["kind"] == "statement"  # the calendar has no kind: --kind gave it
        else:
            assert new["kind"] == old["kind"].replace("document-issued", "published")


SKIPPED = (
    "policytl: {file}:{line}:DESCRIPTION: warning: row skipped: it has no quote or locator, "
    "and a citation needs the source's words verbatim or where in the source it is; give them "
    "in a quote or locator column"
)
ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//example//EN\r
BEGIN:VEVENT\r
UID:abc-1@example.org\r
DTSTAMP:20240101T000000Z\r
DTSTART;VALUE=DATE:20240401\r
DTEND;VALUE=DATE:20240501\r
SUMMARY:The act is published\r
LOCATION:EU\r
URL:https://example.org/act\r
CATEGORIES:ai,law\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:abc-2@example.org\r
DTSTAMP:20240101T000000Z\r
DTSTART;VALUE=DATE:20240101\r
DTEND;VALUE=DATE:20250101\r
SUMMARY:A year of consultation\r
LOCATION:Atlantis\r
URL:https://example.org/act\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_calendar_s_events_are_dated_by_their_days_and_problems_name_the_line(
    tmp_path: Path,
) -> None:
    cal = tmp_path / "cal.ics"
    cal.write_text(ICS, encoding="utf-8")
    result = invoke(["import", str(cal), "--kind", "published", "--map", "x=locator"])
    # --map is for spreadsheets: a calendar's columns are its own
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        SKIPPED.format(file=cal, line=4),
        f"policytl: {cal}:14:LOCATION: 'Atlantis' is neither a jurisdiction of the file nor "
        "an ISO 3166 code; write its code (EU, DE, CN-BJ ...)",
        SKIPPED.format(file=cal, line=14),
        "policytl: error: 1 problem; nothing was written",
    ]
    cal.write_text(ICS.replace("Atlantis", "EU"), encoding="utf-8")
    result = invoke(["import", str(cal), "--kind", "published"])
    # a calendar cites no quote or locator: its events are skipped, each with a warning
    assert result.stderr.splitlines()[0] == SKIPPED.format(file=cal, line=4)


MARKWHEN = """---
title: The AI Act
---

# European Union (EU)

21 April 2021: Commission proposes the AI Act #ai
kind: proposed

Source: https://eur-lex.europa.eu/ COM(2021) 206, Art. 1: “laying down harmonised rules”

2024-08-01 - 2026-08-02: The AI Act is phased in #ai
kind: applies

Source: EUR-Lex, https://eur-lex.europa.eu/eli/reg/2024/1689/oj, Art. 113

Q5 2024: A bad quarter
kind: statement

Source: [the press release](https://example.org/press), p. 2
"""


def test_a_markwhen_text_becomes_events_and_a_bad_date_names_its_line(tmp_path: Path) -> None:
    mw = tmp_path / "ai.mw"
    mw.write_text(MARKWHEN, encoding="utf-8")
    result = invoke(["import", str(mw)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"policytl: {mw}:17:date: cannot read 'Q5 2024' as a date; expected a date such as "
        "2021-04-21, 2021-04, 2021, 21 April 2021, April 2021, 2021年4月, Q2 2021, c. 2021, "
        "2021? or an interval A/B"
    )
    mw.write_text(MARKWHEN.replace("Q5 2024", "Q2 2024"), encoding="utf-8")
    result = invoke(["import", str(mw)])
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["title"] == {"en": "The AI Act"}
    assert [(e["date"], e["kind"], e["title"]["en"]) for e in data["events"]] == [
        ("2021-04-21", "proposed", "Commission proposes the AI Act"),
        ("2024-04/2024-06", "statement", "A bad quarter"),
        ("2024-08-01/2026-08-02", "applies", "The AI Act is phased in"),
    ]
    assert data["events"][0]["sources"][0]["quote"] == "laying down harmonised rules"
    assert data["events"][2]["sources"][0]["locator"] == "Art. 113"
    assert data["events"][1]["sources"][0] == {"source": "example-org-press", "locator": "p. 2"}
    assert data["sources"]["example-org-press"] == {
        "title": {"en": "the press release"},
        "url": "https://example.org/press",
    }


CSL = [
    {
        "id": "eu-2024-1689",
        "type": "legislation",
        "title": "Regulation (EU) 2024/1689 (Artificial Intelligence Act)",
        "authority": "European Parliament",
        "jurisdiction": "EU",
        "issued": {"date-parts": [[2024, 6, 13]]},
        "URL": "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
        "number": "2024/1689",
    },
    {
        "id": "ai-bill",
        "type": "bill",
        "title": "An AI bill",
        "jurisdiction": "IT",
        "issued": {"date-parts": [[2024, 4]], "circa": True},
        "page": "12",
    },
    {
        "id": "bad",
        "type": "report",
        "title": "A report",
        "jurisdiction": "EU",
        "issued": {"raw": "sometime"},
        "page": "3",
    },
]


def test_csl_json_items_are_works_dated_by_issued_and_problems_name_the_item_s_line(
    tmp_path: Path,
) -> None:
    refs = tmp_path / "refs.json"
    text = json.dumps(CSL, indent=2)
    refs.write_text(text, encoding="utf-8")
    result = invoke(["import", str(refs)])
    assert result.exit_code == 1
    line = text[: text.index('"id": "bad"')].count("\n")  # the line of the item's {
    assert result.stderr.splitlines()[0].startswith(
        f"policytl: {refs}:{line}:issued: cannot read 'sometime' as a date"
    )
    refs.write_text(json.dumps(CSL[:2], indent=2), encoding="utf-8")
    result = invoke(["import", str(refs)])
    assert result.exit_code == 0, result.stderr
    events = yaml.safe_load(result.stdout)["events"]
    assert [(e["id"], e["date"], e["kind"]) for e in events] == [
        ("ai-bill", "2024-04~", "proposed"),
        ("eu-2024-1689", "2024-06-13", "document-issued"),
    ]
    assert events[1]["sources"][0]["locator"] == "2024/1689"
