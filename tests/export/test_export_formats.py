"""Every export format: golden files, and real parsers reading the output back.

Golden files: tests/goldens.py (POLICYTL_UPDATE_GOLDEN=1 rewrites them after a
deliberate change; then review the diff).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from rich.cells import cell_len

from policytl import load_timeline
from policytl.export import (
    FILE_FORMATS,
    MODULES,
    ExportOptions,
    Format,
    Group,
    Style,
    render,
    renderer,
)
from policytl.export import html as html_export
from policytl.export.mermaid import LINE_CELLS, MAX_LABEL
from policytl.export.timelinejs import HEADLINE_MAX
from policytl.model.dates import Precision
from policytl.model.records import Lanes, Lang, Timeline
from policytl.model.textsafe import for_terminal

from ..conftest import FIXTURES, invoke
from ..export_parsers import (
    MW_ANY_EVENT_START,
    MW_COMMENT,
    MW_EDTF_EVENT,
    MW_LIST_ITEM,
    MW_PROPERTY,
    MW_SECTION,
    MW_TAG,
    Element,
    TreeParser,
    html_normalise,
    ics_normalise,
    ics_unescape,
    ics_unfold,
    inline_text,
    markdown_parser,
    md_normalise,
    mermaid_decode,
    mermaid_normalise,
    mermaid_tokens,
    mermaid_unbreak,
    parse_html,
    parse_properties,
    walk,
)
from ..goldens import assert_golden

SMALL = FIXTURES / "export" / "small.yaml"
HOSTILE = FIXTURES / "export" / "hostile.yaml"
#: documents, lifecycle stages (past, scheduled, with a scope) and relations
LIFE = FIXTURES / "export" / "life.yaml"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "export"

#: golden file -> (format, options)
GOLDEN_CASES: dict[str, tuple[Format, ExportOptions]] = {
    "small.md": (Format.MARKDOWN, ExportOptions(filters="--since 2016")),
    "small.month.zh.md": (Format.MARKDOWN, ExportOptions(lang=Lang.ZH, group=Group.MONTH)),
    "small.table.en.md": (Format.MARKDOWN, ExportOptions(lang=Lang.EN, style=Style.TABLE)),
    "small.json": (Format.JSON, ExportOptions()),
    "small.csv": (Format.CSV, ExportOptions()),
    "small.excel.csv": (Format.CSV, ExportOptions(excel=True)),
    "small.ics": (Format.ICS, ExportOptions()),
    "small.en.ics": (Format.ICS, ExportOptions(lang=Lang.EN, title="My calendar")),
    "small.mmd": (Format.MERMAID, ExportOptions()),
    "small.timelinejs.json": (Format.TIMELINEJS, ExportOptions(filters="--tag blockchain")),
    "small.mw": (Format.MARKWHEN, ExportOptions()),
    "small.html": (Format.HTML, ExportOptions(filters="--since 2016", generated="2020-07-01")),
    "small.month.en.html": (Format.HTML, ExportOptions(lang=Lang.EN, group=Group.MONTH)),
}


#: golden file of the life fixture (documents, stages, relations) -> (format, options)
LIFE_CASES: dict[str, tuple[Format, ExportOptions]] = {
    "life.json": (Format.JSON, ExportOptions()),
    "life.csv": (Format.CSV, ExportOptions()),
    "life.ics": (Format.ICS, ExportOptions()),
    "life.md": (Format.MARKDOWN, ExportOptions()),
    "life.table.md": (Format.MARKDOWN, ExportOptions(lang=Lang.EN, style=Style.TABLE)),
    "life.zh.md": (Format.MARKDOWN, ExportOptions(lang=Lang.ZH)),
    "life.html": (Format.HTML, ExportOptions(generated="2025-03-01")),
    "life.mmd": (Format.MERMAID, ExportOptions()),
    "life.timelinejs.json": (Format.TIMELINEJS, ExportOptions()),
    "life.mw": (Format.MARKWHEN, ExportOptions()),
}


@pytest.fixture(scope="module")
def small() -> Timeline:
    return load_timeline(SMALL)


@pytest.fixture(scope="module")
def hostile() -> Timeline:
    return load_timeline(HOSTILE)


# --- the registry -------------------------------------------------------------------------


def test_every_format_has_a_module_with_a_render_function() -> None:
    assert set(MODULES) == set(Format)
    embedded = load_timeline()
    for fmt in set(Format) - FILE_FORMATS:  # tests/export/test_datapackage.py, test_sqlite.py
        fn = renderer(fmt)
        assert callable(fn)
        text = fn(embedded, ExportOptions())
        assert isinstance(text, str)
        # every event of the embedded data set shows up in every format
        for e in embedded.events:
            # (7 Chinese characters: Mermaid's labels break after 14 cells)
            assert e.id in text or (e.title.zh or "")[:7] in text, (fmt, e.id)


def test_every_format_has_a_golden_file() -> None:
    # (the file formats' golden files: tests/export/test_datapackage.py, test_sqlite.py)
    assert {fmt for fmt, _ in GOLDEN_CASES.values()} == set(Format) - FILE_FORMATS
    assert {fmt for fmt, _ in LIFE_CASES.values()} == set(Format) - FILE_FORMATS


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str, small: Timeline) -> None:
    fmt, options = GOLDEN_CASES[name]
    assert_golden(GOLDEN / name, render(fmt, small, options).encode("utf-8"))


@pytest.mark.parametrize("name", sorted(LIFE_CASES))
def test_golden_life(name: str) -> None:
    fmt, options = LIFE_CASES[name]
    assert_golden(GOLDEN / name, render(fmt, load_timeline(LIFE), options).encode("utf-8"))


def test_golden_files_are_stored_byte_for_byte() -> None:
    # CRLF in ics and csv must survive git: .gitattributes marks them -text.
    assert b"\r\n" in (GOLDEN / "small.ics").read_bytes()
    assert b"\r\n" in (GOLDEN / "small.csv").read_bytes()
    assert b"\r\n" not in (GOLDEN / "small.md").read_bytes()


# --- Markdown -----------------------------------------------------------------------------


def _md_events(text: str) -> list[str]:
    """The first paragraph of each list item: '<date> · <title>' with footnote refs dropped.

    (Adjacent references are separated by ", ", which is all that is left of them.)
    """
    tokens = markdown_parser().parse(text)
    out = []
    for i, t in enumerate(tokens):
        if t.type == "list_item_open":
            inline = tokens[i + 2]
            assert inline.type == "inline"
            out.append(re.sub(r"(?:, )+$", "", inline_text(inline)))
    return out


def test_markdown_structure(small: Timeline) -> None:
    text = render(Format.MARKDOWN, small, ExportOptions(lang=Lang.EN))
    tokens = markdown_parser().parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["A small test timeline", "2016", "2017", "2018", "2020"]
    assert _md_events(text) == [f"{e.date.text} · {e.title.get('en')}" for e in small.events]
    refs = [t for t in walk(tokens) if t.type == "footnote_ref"]
    assert len(refs) == sum(len(e.sources) for e in small.events) == 7
    assert not [t for t in walk(tokens) if t.type.startswith("html")]


def test_markdown_month_groups_keep_dates_as_written(small: Timeline) -> None:
    text = render(Format.MARKDOWN, small, ExportOptions(lang=Lang.EN, group=Group.MONTH))
    tokens = markdown_parser().parse(text)
    h3 = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h3"
    ]
    assert h3 == [
        "2016 (date unknown within the year)",
        "2016-02",
        "2017-04",
        "2018 (date unknown within the year)",
        "2020-06",
    ]
    # a month-precision date is shown as written, never as the 1st of the month
    assert "**2016-02** ·" in text
    assert "2016-02-01" not in text


def test_markdown_table_is_a_gfm_table(small: Timeline) -> None:
    text = render(Format.MARKDOWN, small, ExportOptions(lang=Lang.EN, style=Style.TABLE))
    tokens = markdown_parser().parse(text)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 4 + 6  # a header row per year, a row per event
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"]
    assert cells[:6] == [
        "2016",
        "Beijing's government work report mentions blockchain",
        "Beijing government",
        "Beijing Municipal Government Work Report",
        "",
        "",
    ]


def test_markdown_hostile_texts_render_literally(hostile: Timeline) -> None:
    for lang in Lang:
        for style in Style:
            text = render(Format.MARKDOWN, hostile, ExportOptions(lang=lang, style=style))
            tokens = markdown_parser().parse(text)
            kinds = {t.type for t in walk(tokens)}
            # no HTML, links, images, code, emphasis or extra headings from the data
            bad = {
                "html_inline",
                "html_block",
                "image",
                "code_inline",
                "fence",
                "code_block",
                "em_open",
                "strong_open",
                "s_open",
                "blockquote_open",
                "hr",
            }
            if style is Style.LIST:
                bad.discard("strong_open")  # the dates are bold
            assert not kinds & bad, (lang, style, kinds & bad)
            # the only links are the sources' http(s) URLs, percent-encoded
            hrefs = {t.attrs["href"] for t in walk(tokens) if t.type == "link_open"}
            assert hrefs == {
                "https://example.org/a?b=1&c=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
            }, hrefs
            headings = [t for t in tokens if t.type == "heading_open"]
            years = len({e.date.start.year for e in hostile.events})
            assert len(headings) == 1 + years
            lists = [t for t in tokens if t.type in ("bullet_list_open", "ordered_list_open")]
            assert len(lists) == (years if style is Style.LIST else 0)
            texts = "\n".join(inline_text(t) for t in walk(tokens) if t.type == "inline")
            for e in hostile.events:
                assert md_normalise(e.title.get(lang)) in texts
    text = render(Format.MARKDOWN, hostile, ExportOptions(lang=Lang.EN))
    assert _md_events(text) == [
        f"{e.date.text} · {md_normalise(e.title.get('en'))}" for e in hostile.events
    ]


# --- JSON ---------------------------------------------------------------------------------


def _same_timeline(a: Timeline, b: Timeline) -> None:
    assert a.events == b.events
    assert a.bodies == b.bodies
    assert a.sources == b.sources
    assert a.jurisdictions == b.jurisdictions
    assert (a.title, a.description, a.translations) == (b.title, b.description, b.translations)
    assert a.documents == b.documents
    assert (a.kinds, a.document_types, a.relation_types) == (
        b.kinds,
        b.document_types,
        b.relation_types,
    )


@pytest.mark.parametrize("fixture", [SMALL, HOSTILE, LIFE, None])
def test_json_round_trip(fixture: Path | None, tmp_path: Path) -> None:
    timeline = load_timeline(fixture)
    path = tmp_path / "out.json"
    path.write_text(render(Format.JSON, timeline), encoding="utf-8")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "policytl/1"
    registries = ["sources", "jurisdictions", "bodies"]
    registries += ["documents"] if timeline.documents else []
    assert list(doc)[-len(registries) - 1 :] == [*registries, "events"]
    _same_timeline(load_timeline(path), timeline)


def test_json_documents_and_relations_are_records(tmp_path: Path) -> None:
    doc = json.loads(render(Format.JSON, load_timeline(LIFE)))
    assert doc["documents"]["ai-act"] == {
        "title": {"en": "Artificial Intelligence Act"},
        "type": "regulation",
        "jurisdiction": "EU",
        "issuers": ["parliament"],
        "identifiers": {"celex": "32024R1689"},
        "url": "https://example.org/ai-act",
    }
    events = {e["id"]: e for e in doc["events"]}
    assert events["ai-act-prohibitions-apply"]["document"] == "ai-act"
    assert events["ai-act-prohibitions-apply"]["scope"] == {
        "en": "Chapter II, prohibited practices"
    }
    assert events["ai-act-prohibitions-apply"]["relations"] == [
        {
            "type": "part-of",
            "to": "ai-act",
            "notes": ["the scope is the curators' reading of Article 113"],
        }
    ]
    assert events["bj-plan-goal"]["relations"] == [
        {
            "type": "part-of",
            "to": "bj-plan-issued",
            "sources": [{"source": "news-2020", "quote": "计划明确主要目标"}],
        }
    ]


def test_json_selection_keeps_the_relations_it_can_load_back(tmp_path: Path) -> None:
    """A relation to an event the selection left out is dropped (it would dangle);
    relations to selected events and to documents stay."""
    timeline = load_timeline(LIFE)
    picked = timeline.with_events([e for e in timeline.events if e.date.start.year >= 2024])
    path = tmp_path / "out.json"
    path.write_text(render(Format.JSON, picked), encoding="utf-8")
    back = load_timeline(path)
    relations = {e.id: [(r.type, r.to) for r in e.relations] for e in back.events}
    assert relations == {
        "ai-act-published": [],
        "ai-act-in-force": [],
        "ai-act-prohibitions-apply": [("part-of", "ai-act")],
        "ai-act-high-risk-postponed": [("postpones", "ai-act-prohibitions-apply")],
    }
    assert back.documents == timeline.documents


def test_json_round_trip_keeps_custom_kinds(tmp_path: Path) -> None:
    src = tmp_path / "custom.yaml"
    src.write_text(
        SMALL.read_text(encoding="utf-8")
        .replace("format: policytl/1", "format: policytl/1\nkinds:\n  hearing: a public hearing")
        .replace("kind: statement", "kind: hearing"),
        encoding="utf-8",
    )
    timeline = load_timeline(src)
    out = tmp_path / "out.json"
    out.write_text(render(Format.JSON, timeline), encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["kinds"] == {"hearing": "a public hearing"}
    back = load_timeline(out)
    _same_timeline(back, timeline)
    assert back.kinds == {"hearing": "a public hearing"}


# --- CSV ----------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_columns_and_cells(small: Timeline) -> None:
    from policytl.export.csv import COLUMNS

    text = render(Format.CSV, small)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = _csv_rows(text)
    assert [r["id"] for r in rows] == [e.id for e in small.events]
    plan = rows[-1]
    assert plan["date"] == "2020-06-30/2022"
    assert plan["precision"] == "day/year"
    assert (plan["start"], plan["end"]) == ("2020-06-30", "2022-12-31")
    assert plan["issuers"] == "bj-gov;bj-finance"
    assert plan["issuer_names_zh"] == "北京市政府;北京金融局"
    assert plan["tags"] == "blockchain;action-plan"
    assert plan["quotes"] == "6月30日,北京发布了行动计划\nthe action plan runs to 2022"
    assert rows[3]["uncertain"] == "true"


def test_csv_excel_has_a_bom_and_defuses_formulas(hostile: Timeline) -> None:
    plain = render(Format.CSV, hostile)
    excel = render(Format.CSV, hostile, ExportOptions(excel=True))
    assert not plain.startswith("\ufeff")
    assert excel.startswith("\ufeff")
    assert excel.encode("utf-8").startswith(b"\xef\xbb\xbf")
    for row in _csv_rows(excel[1:]):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


# The formula guard (a security feature): every cell a spreadsheet would run as a formula.
FORMULAS = FIXTURES / "export" / "formulas.yaml"
#: what makes a cell a formula in Excel, LibreOffice and Google Sheets (OWASP's list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def formulas() -> Timeline:
    return load_timeline(FORMULAS)


@pytest.mark.parametrize(
    ("name", "options"),
    [("formulas.csv", ExportOptions()), ("formulas.excel.csv", ExportOptions(excel=True))],
)
def test_csv_formula_cells_golden(name: str, options: ExportOptions, formulas: Timeline) -> None:
    assert_golden(GOLDEN / name, render(Format.CSV, formulas, options).encode("utf-8"))


def test_the_formula_fixture_has_every_trigger_in_every_free_text_column(
    formulas: Timeline,
) -> None:
    """Otherwise the guard tests below could pass with nothing to guard."""
    rows = _csv_rows(render(Format.CSV, formulas))
    free_text = (
        "issuer_names_zh",
        "issuer_names_en",
        "title_zh",
        "title_en",
        "document_en",
        "summary_en",
        "quotes",
        "notes",
    )
    for column in free_text:
        starts = {r[column][:1] for r in rows if r[column]}
        assert starts >= {"=", "+"}, column
    for column in ("title_zh", "title_en", "document_en", "summary_en", "quotes", "notes"):
        assert {r[column][:1] for r in rows} >= set(FORMULA_STARTS), column
    assert rows[1]["url"].startswith("=")


def test_csv_excel_defuses_exactly_the_formula_cells(formulas: Timeline) -> None:
    plain = render(Format.CSV, formulas)
    excel = render(Format.CSV, formulas, ExportOptions(excel=True))
    assert excel[0] == "\ufeff" and plain[0] != "\ufeff"
    plain_rows, excel_rows = _csv_rows(plain), _csv_rows(excel[1:])
    assert [list(r) for r in excel_rows] == [list(r) for r in plain_rows]
    defused = 0
    for p, x in zip(plain_rows, excel_rows, strict=True):
        for column, value in p.items():
            if value.startswith(FORMULA_STARTS):
                # one apostrophe before the very text: nothing is lost or added
                assert x[column] == "'" + value, (p["id"], column)
                defused += 1
            else:
                assert x[column] == value, (p["id"], column)
    assert defused == 45  # counted by hand in the fixture
    # plain CSV keeps every cell exactly as written (the guard is --excel's only)
    for row, e in zip(plain_rows, formulas.events, strict=True):
        assert row["title_zh"] == e.title.zh and row["title_en"] == e.title.en
        assert row["notes"] == "\n".join(e.notes)
    assert {r["title_en"][:1] for r in plain_rows} >= set(FORMULA_STARTS)


def test_csv_excel_guard_on_the_command_line() -> None:
    for args, name in (([], "formulas.csv"), (["--excel"], "formulas.excel.csv")):
        result = invoke(["export", "-f", "csv", *args, "--data", str(FORMULAS)])
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout_bytes == (GOLDEN / name).read_bytes(), args


def test_csv_hostile_cells_come_back_exactly(hostile: Timeline) -> None:
    rows = _csv_rows(render(Format.CSV, hostile))
    assert len(rows) == len(hostile.events)
    for row, e in zip(rows, hostile.events, strict=True):
        assert row["title_zh"] == e.title.zh
        assert row["title_en"] == e.title.en
        assert row["quotes"] == e.sources[0].quote
        assert row["notes"] == "\n".join(e.notes)


# --- iCalendar ----------------------------------------------------------------------------


def _check_ics_lines(data: bytes) -> None:
    data.decode("utf-8")  # valid UTF-8
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character split across a fold
        assert b"\n" not in line and b"\r" not in line


def test_ics_events_parse_back(small: Timeline) -> None:
    data = render(Format.ICS, small, ExportOptions(lang=Lang.EN)).encode("utf-8")
    _check_ics_lines(data)
    cal = icalendar.Calendar.from_ical(data)
    # one VEVENT per event, then one for each due date, right after its event's
    events = [ev for ev in cal.walk("VEVENT") if not str(ev["UID"]).endswith("-due@policytl")]
    dues = [ev for ev in cal.walk("VEVENT") if str(ev["UID"]).endswith("-due@policytl")]
    assert len(events) == len(small.events)
    assert [str(ev["UID"]) for ev in dues] == [
        f"{e.id}-due@policytl" for e in small.events if e.due is not None
    ]
    for ev, e in zip(events, small.events, strict=True):
        assert str(ev["UID"]) == f"{e.id}@policytl"
        assert ev["DTSTART"].dt == e.date.start
        assert ev["DTEND"].dt == e.date.end + timedelta(days=1)
        assert ev["DTSTART"].params["VALUE"] == "DATE"
        assert str(ev["SUMMARY"]) == e.title.get("en")
    by_id = {str(ev["UID"]): ev for ev in events}
    month = by_id["zgc-alliance-founded@policytl"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (date(2016, 2, 1), date(2016, 3, 1))
    assert str(month["DESCRIPTION"]).startswith("Date as given: 2016-02 (month precision)\n")
    year = by_id["bj-work-report-2016@policytl"]
    assert (year["DTSTART"].dt, year["DTEND"].dt) == (date(2016, 1, 1), date(2017, 1, 1))
    assert str(year["DESCRIPTION"]).startswith("Date as given: 2016 (year precision)\n")
    plan = by_id["action-plan-2020-2022@policytl"]
    assert (plan["DTSTART"].dt, plan["DTEND"].dt) == (date(2020, 6, 30), date(2023, 1, 1))
    assert str(plan["URL"]) == "https://example.org/plan"
    assert str(plan["DESCRIPTION"]).startswith(
        "Date as given: 2020-06-30/2022 (from day precision to year precision)\n"
        "Due: 2022-12 (month precision)\n"
    )
    due = dues[0]
    # the due date gets its own entry over the days it may denote: December 2022
    assert (due["DTSTART"].dt, due["DTEND"].dt) == (date(2022, 12, 1), date(2023, 1, 1))
    assert due["DTSTART"].params["VALUE"] == "DATE"
    assert str(due["SUMMARY"]) == "Due: Beijing blockchain action plan (2020-2022)"
    assert str(due["RELATED-TO"]) == "action-plan-2020-2022@policytl"
    assert str(due["DESCRIPTION"]).startswith(
        "Due: 2022-12 (month precision)\n"
        "Set on: 2020-06-30/2022 (from day precision to year precision)\n"
        "Issued by: Beijing government, Beijing Finance Bureau\n"
    )
    assert plan["DTSTAMP"].dt.isoformat() == "2021-03-01T00:00:00+00:00"
    assert str(by_id["fintech-measures@policytl"]["DESCRIPTION"]).startswith(
        "Date as given: 2017-04? (month precision, uncertain)\n"
    )


def test_ics_is_deterministic(small: Timeline) -> None:
    assert render(Format.ICS, small) == render(Format.ICS, small)


def test_ics_hostile_texts(hostile: Timeline) -> None:
    data = render(Format.ICS, hostile, ExportOptions(lang=Lang.EN)).encode("utf-8")
    _check_ics_lines(data)
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == len(hostile.events)
    lines = [ln for ln in ics_unfold(data.decode("utf-8")) if ln.startswith("SUMMARY:")]
    for ev, line, e in zip(events, lines, hostile.events, strict=True):
        assert str(ev["UID"]) == f"{e.id}@policytl"
        expected = ics_normalise(e.title.get("en"), line=True)
        assert ics_unescape(line.removeprefix("SUMMARY:")) == expected
        assert "\n" not in expected and "\t" not in expected
        if "\\" not in expected:  # icalendar mis-reads escaped backslashes (see ics_unescape)
            assert str(ev["SUMMARY"]) == expected
    # a javascript: URL is not a calendar URL
    assert all("URL" not in ev or str(ev["URL"]).startswith("https://") for ev in events)


def test_ics_folding_never_splits_a_character() -> None:
    from policytl.export.ics import fold

    for text in ("a" * 200, "区" * 100, "🎉" * 60, "a" + "区" * 80, "ab" + "🎉" * 50):
        folded = fold("SUMMARY:" + text).encode("utf-8")
        parts = folded.split(b"\r\n")
        assert all(len(p) <= 75 for p in parts)
        assert all(p.decode("utf-8") for p in parts)
        assert b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode() == (
            "SUMMARY:" + text
        )


def test_ics_text_escaping() -> None:
    from policytl.export.ics import escape_text

    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("bell\x07") == "bell\ufffd"
    assert ics_unescape(escape_text("x \\n y")) == "x \\n y"


def test_ics_needs_an_event(small: Timeline) -> None:
    from policytl.model.errors import ExportError

    with pytest.raises(ExportError, match="needs at least one event"):
        render(Format.ICS, small.with_events([]))


# --- Mermaid ------------------------------------------------------------------------------


def _mermaid_events(text: str) -> list[tuple[str, list[str]]]:
    """(section, [decoded event labels]) as mermaid's lexer reads them."""
    tokens = mermaid_tokens(text)
    assert "INVALID" not in {k for k, _ in tokens}, tokens
    assert tokens[0] == ("timeline", "timeline")
    sections: list[tuple[str, list[str]]] = []
    for kind, value in tokens:
        if kind == "section":
            sections.append((value[len("section ") :].strip(), []))
        elif kind == "event":
            sections[-1][1].append(mermaid_decode(value[2:].strip()))
    return sections


def test_mermaid_sections_by_year(small: Timeline) -> None:
    text = render(Format.MERMAID, small, ExportOptions(lang=Lang.EN))
    got = _mermaid_events(text)
    assert [s for s, _ in got] == ["2016", "2017", "2018", "2020"]
    # a target's label ends with its due date
    assert [mermaid_unbreak(label) for _, labels in got for label in labels] == [
        e.title.get("en") + (f" (due {e.due.text})" if e.due else "") for e in small.events
    ]
    assert got[-1][1][-1] == "Beijing blockchain action plan (2020-2022) (due 2022-12)"
    periods = [v.strip() for k, v in mermaid_tokens(text) if k == "period"]
    assert periods == [e.date.text for e in small.events]


def test_mermaid_hostile_labels_stay_labels(hostile: Timeline) -> None:
    for lang in Lang:
        text = render(Format.MERMAID, hostile, ExportOptions(lang=lang))
        got = _mermaid_events(text)
        assert [s for s, _ in got] == [
            str(y) for y in sorted({e.date.start.year for e in hostile.events})
        ]
        labels = [label.split("<br>") for _, labels in got for label in labels]
        expected = [mermaid_normalise(e.title.get(lang), MAX_LABEL) for e in hostile.events]
        assert ["".join(lines) for lines in labels] == expected
        for lines, x in zip(labels, expected, strict=True):
            assert len(lines) == 1 or any(cell_len(c) == 2 for c in x)
            if len(lines) > 1:
                assert all(
                    cell_len(ln.rstrip()) <= LINE_CELLS or " " not in ln.rstrip() for ln in lines
                ), lines
        title = [v for k, v in mermaid_tokens(text) if k == "title"]
        assert len(title) == 1


# --- TimelineJS ---------------------------------------------------------------------------


def test_timelinejs_dates_have_only_their_precision(small: Timeline) -> None:
    doc = json.loads(render(Format.TIMELINEJS, small, ExportOptions(lang=Lang.EN)))
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert slides["bj-work-report-2016"]["start_date"] == {"year": 2016}
    assert slides["zgc-alliance-founded"]["start_date"] == {"year": 2016, "month": 2}
    assert slides["state-council-statement"]["start_date"] == {"year": 2016, "month": 2, "day": 15}
    plan = slides["action-plan-2020-2022"]
    assert plan["start_date"] == {"year": 2020, "month": 6, "day": 30}
    assert plan["end_date"] == {"year": 2022}
    assert "end_date" not in slides["zgc-alliance-founded"]
    assert plan["display_date"] == "2020-06-30/2022 → due 2022-12"
    assert plan["text"]["text"].startswith("<p>Due: 2022-12 (month precision)</p>")
    assert plan["group"] == "Beijing"
    assert slides["state-council-statement"]["group"] == "China"
    assert doc["title"]["text"]["headline"] == "A small test timeline"


def test_timelinejs_hostile_html_is_escaped(hostile: Timeline) -> None:
    doc = json.loads(render(Format.TIMELINEJS, hostile, ExportOptions(lang=Lang.EN)))
    for slide, e in zip(doc["events"], hostile.events, strict=True):
        head = parse_html(slide["text"]["headline"])
        assert {el.tag for el in head.elements} <= {"wbr"}  # text, breakable
        title = e.title.get("en")
        shown = " ".join(for_terminal(title).split())  # controls visible, one line
        body = parse_html(slide["text"]["text"])
        if len(shown) <= HEADLINE_MAX:
            assert head.root.all_text() == shown
        else:  # cut, and given in full as the text's first paragraph
            assert head.root.all_text() == shown[: HEADLINE_MAX - 1].rstrip() + "…"
            assert body.elements[0].tag == "p"
            assert body.elements[0].all_text() == for_terminal(title)
        assert {el.tag for el in body.elements} <= {"p", "ol", "li", "wbr"}
        assert body.errors == []
        group = parse_html(slide["group"])
        assert group.elements == [] and group.root.all_text() == "Region <i>X</i>: #1; test"


# --- Markwhen -----------------------------------------------------------------------------


def _markwhen(text: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Header and events as markwhen reads them (sections, properties, description)."""
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    header = parse_properties(lines[1:end])
    events: list[dict[str, object]] = []
    section = None
    i = end + 1
    while i < len(lines):
        line = lines[i]
        if m := MW_SECTION.match(line):
            section = m.group(2)
            assert MW_TAG.findall(line) == []
            i += 1
            while i < len(lines) and MW_PROPERTY.match(lines[i]):
                i += 1
            continue
        if m := MW_EDTF_EVENT.match(line):
            props = []
            i += 1
            while i < len(lines) and MW_PROPERTY.match(lines[i]):
                props.append(lines[i])
                i += 1
            desc = []
            while i < len(lines) and not (
                MW_EDTF_EVENT.match(lines[i]) or MW_SECTION.match(lines[i])
            ):
                desc.append(lines[i])
                i += 1
            events.append(
                {
                    "section": section,
                    "date": m.group(1),
                    "line": m.group(2),
                    "tags": MW_TAG.findall(m.group(2)),
                    "properties": parse_properties(props),
                    "description": desc,
                }
            )
            continue
        assert line == "", line
        i += 1
    return header, events


def test_markwhen_reads_back(small: Timeline) -> None:
    header, events = _markwhen(render(Format.MARKWHEN, small, ExportOptions(lang=Lang.EN)))
    assert header == {
        "title": "A small test timeline",
        "description": "A data set for the export tests.".replace("A ", "A small ", 1),
    }
    assert [e["properties"]["id"] for e in events] == [  # type: ignore[index]
        "state-council-statement",
        "fintech-measures",
        "bj-work-report-2016",
        "zgc-alliance-founded",
        "ecosystem-fund",
        "action-plan-2020-2022",
    ]
    assert [e["section"] for e in events] == ["China (CN)"] * 2 + ["Beijing (CN-BJ)"] * 4
    assert [e["date"] for e in events] == [
        "2016-02-15",
        "2017-04",
        "2016",
        "2016-02",
        "2018",
        "2020-06-30/2022",
    ]
    assert events[1]["properties"]["date"] == "2017-04?"  # type: ignore[index]
    assert events[0]["tags"] == ["strategy"]
    assert events[-1]["tags"] == ["blockchain", "action_plan"]


def test_markwhen_hostile_texts_make_no_syntax(hostile: Timeline) -> None:
    for lang in Lang:
        text = render(Format.MARKWHEN, hostile, ExportOptions(lang=lang))
        header, events = _markwhen(text)
        assert isinstance(header["title"], str)
        assert len(events) == len(hostile.events)
        for got in events:
            eid = str(got["properties"]["id"])  # type: ignore[index]
            assert got["tags"] == [f"tag_{eid.removeprefix('hostile-')}", "a_b"]
            for line in got["description"]:  # type: ignore[attr-defined]
                assert not MW_ANY_EVENT_START.match(line), line
                assert not MW_SECTION.match(line) and not MW_COMMENT.match(line), line
                assert not MW_LIST_ITEM.match(line), line
                assert MW_TAG.findall(line) == [], line
                assert not re.search(r"[#@\[\]<>]", line), line


# --- HTML ---------------------------------------------------------------------------------
# The page as a document: structure, links, CSP, axis geometry, citations. How it looks
# and behaves in a browser (axe-core, the script, screenshots) is in test_consumer_html.py.


ALLOWED_TAGS = {
    *("html", "head", "meta", "title", "style", "script", "body", "header", "main", "footer"),
    *("section", "article", "div", "p", "span", "code", "time", "a", "blockquote"),
    *("h1", "h2", "h3", "h4", "h5", "ol", "ul", "li"),
    *("form", "fieldset", "legend", "label", "input", "select", "option"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}

_DATETIME = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def _by_class(page: TreeParser, cls: str) -> list[Element]:
    return [el for el in page.elements if cls in (el.attrs.get("class") or "").split()]


def _check_page(text: str) -> TreeParser:
    """What every page must be: well-formed, self-contained, linked and allowed by its CSP."""
    page = parse_html(text)
    assert page.errors == []
    assert {el.tag for el in page.elements} <= ALLOWED_TAGS
    assert not [el for el in page.elements if "src" in el.attrs]
    css = next(el for el in page.elements if el.tag == "style").all_text()
    assert "@import" not in css and "url(" not in css
    ids = [el.attrs["id"] for el in page.elements if "id" in el.attrs]
    assert len(ids) == len(set(ids))
    for el in page.elements:
        assert not [name for name in el.attrs if name.startswith("on")], el.attrs
        href = el.attrs.get("href")
        if href is not None:
            assert href.startswith(("https://", "http://")) or href[1:] in ids, href
    csp = [el for el in page.elements if el.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in (csp[0].attrs["content"] or "").split(";"))
    styles = [el for el in page.elements if el.tag == "style"]
    scripts = [el for el in page.elements if el.tag == "script"]
    assert len(styles) == 1 and len(scripts) <= 1
    assert policy == {
        "default-src": "'none'",
        "style-src": f"'{_csp_hash(styles[0].all_text())}'",
        "script-src": f"'{_csp_hash(html_export.SCRIPT)}'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    if scripts:
        assert scripts[0].all_text() == html_export.SCRIPT
    for el in page.elements:
        if el.tag == "time":
            assert _DATETIME.fullmatch(el.attrs["datetime"] or ""), el.attrs
    return page


def test_html_is_a_self_contained_linked_page(small: Timeline) -> None:
    text = render(Format.HTML, small, ExportOptions(filters="--since 2016"))
    page = _check_page(text)
    assert [el.all_text() for el in page.elements if el.tag == "h3"] == [
        "2016",
        "2017",
        "2018",
        "2020",
    ]
    events = [el for el in page.elements if el.tag == "article"]
    assert [el.attrs["id"] for el in events] == [e.id for e in small.events]
    for el, e in zip(events, small.events, strict=True):
        assert el.attrs["data-j"] == e.jurisdiction
        assert el.attrs["data-k"] == e.kind
        assert el.attrs["data-t"] == " ".join(e.tags)
        permalink = _by_class(_tree(el), "permalink")
        assert [(a.attrs["href"], a.all_text()) for a in permalink] == [(f"#{e.id}", f"#{e.id}")]
        shown = "".join(t.all_text() for t in _tree(el).elements if t.tag == "time")
        # the date as written, then a target's due date (after "→ Due:")
        assert shown == e.date.text.replace("/", "") + (e.due.text if e.due else "")
        due = [d.all_text() for d in _by_class(_tree(el), "due")]
        assert due == ([f"→ Due目标期限: {e.due.text}"] if e.due else [])  # both languages
    # the page is whole without the script: no event is hidden, only the controls are
    assert [el.tag for el in page.elements if "hidden" in el.attrs] == ["form"]
    assert [el.all_text() for el in page.elements if el.attrs.get("id") == "_shown"] == [
        "6 of 6 events shown"
    ]


def _tree(el: Element) -> TreeParser:
    """The elements below ``el`` (a TreeParser-like view for the helpers above)."""
    view = TreeParser()
    stack = list(reversed(el.children))
    while stack:
        child = stack.pop()
        view.elements.append(child)
        stack.extend(reversed(child.children))
    return view


def test_html_dates_are_machine_readable_and_shown_as_written(small: Timeline) -> None:
    page = parse_html(render(Format.HTML, small, ExportOptions()))
    times = [(el.attrs["datetime"], el.all_text()) for el in page.elements if el.tag == "time"]
    events = [t for t in times if t[1] != "2020-07-01" and t[1] != "2021-03"]  # sources
    assert events == [
        ("2016", "2016"),
        ("2016-02", "2016-02"),
        ("2016-02-15", "2016-02-15"),
        ("2017-04", "2017-04?"),
        ("2018", "2018~"),
        ("2020-06-30", "2020-06-30"),
        ("2022", "2022"),
        ("2022-12", "2022-12"),  # the target's due date
    ]
    quals = [el.all_text() for el in _by_class(page, "small") if el.all_text().startswith("(")]
    assert quals == ["(uncertain存疑)", "(approximate约略)"]


def test_html_axis_is_proportional_and_honest_about_precision(small: Timeline) -> None:
    text = render(Format.HTML, small, ExportOptions())
    page = parse_html(text)
    css = next(el for el in page.elements if el.tag == "style").all_text()
    place = {
        m["id"]: (float(m["left"]), float(m["width"]), int(m["top"]))
        for m in re.finditer(
            r"#(?P<id>_m\d+)\{left:(?P<left>[\d.]+)%;width:(?P<width>[\d.]+)%;top:(?P<top>\d+)px\}",
            css,
        )
    }
    every = [
        el for el in page.elements if el.tag == "a" and "mark" in (el.attrs.get("class") or "")
    ]
    assert len(every) == len(place)
    # a target's due date: a hollow mark over its days (here inside the plan's interval,
    # so no arrow); it links to the event and is hidden with it by the filters
    (due,) = [m for m in every if "due" in m.attrs["class"].split()]
    assert due.attrs["class"] == "mark due"
    assert (due.attrs["href"], due.attrs["data-k"]) == ("#action-plan-2020-2022", "target")
    left, width, _ = place[due.attrs["id"]]
    assert left == pytest.approx((date(2022, 12, 1) - date(2016, 1, 1)).days * 100 / 2557, abs=1e-3)
    assert width == pytest.approx(31 * 100 / 2557, abs=1e-3)
    assert due.attrs["aria-label"].startswith("Due: 2022-12 ")
    marks = [m for m in every if m is not due]
    assert len(marks) == len(small.events)
    total = (date(2023, 1, 1) - date(2016, 1, 1)).days  # whole years 2016-2022
    by_event = {m.attrs["href"][1:]: (m, place[m.attrs["id"]]) for m in marks}
    for e in small.events:
        mark, (left, width, _top) = by_event[e.id]
        assert left == pytest.approx((e.date.start - date(2016, 1, 1)).days * 100 / total, abs=1e-3)
        days = (e.date.end - e.date.start).days + 1
        assert width == pytest.approx(days * 100 / total, abs=1e-3)
        classes = mark.attrs["class"].split()
        assert ("day" in classes) is (e.date.precision is Precision.DAY and not e.date.is_interval)
        assert ("unc" in classes) is (e.date.uncertain or e.date.approximate)
        assert mark.attrs["aria-label"] == f"{e.date.text} {e.title.get(Lang.BOTH)}"
    # lanes by jurisdiction, in registry order; marks that would overlap take another row
    lanes = [el for el in page.elements if "lane" in (el.attrs.get("class") or "").split()]
    assert [el.attrs["aria-label"] for el in lanes] == ["CN 中国 / China", "CN-BJ 北京市 / Beijing"]
    cnbj = [by_event[i][1] for i in ("bj-work-report-2016", "zgc-alliance-founded")]
    assert cnbj[0][2] != cnbj[1][2]  # 2016 spans the year, so 2016-02 cannot share its row
    ticks = re.findall(r"#_y(\d+)\{left:([\d.]+)%\}", css)
    assert [(int(i), round(float(x), 3)) for i, x in ticks] == [
        (i, round((date(2016 + i, 1, 1) - date(2016, 1, 1)).days * 100 / total, 3))
        for i in range(7)
    ]


def test_html_body_lanes_show_each_issuer_and_the_events_without_one(small: Timeline) -> None:
    page = parse_html(render(Format.HTML, small, ExportOptions(lanes=Lanes.BODY)))
    lanes = [el for el in page.elements if "lane" in (el.attrs.get("class") or "").split()]
    marks = {
        lane.attrs["aria-label"]: [a.attrs["href"] for a in _tree(lane).elements if a.tag == "a"]
        for lane in lanes
    }
    assert marks == {
        "state-council 国务院 / State Council": ["#state-council-statement", "#fintech-measures"],
        "bj-gov 北京市政府 / Beijing government": [
            "#bj-work-report-2016",
            "#action-plan-2020-2022",
            "#action-plan-2020-2022",  # its due date's mark
        ],
        "bj-finance 北京金融局 / Beijing Finance Bureau": [
            "#ecosystem-fund",
            "#action-plan-2020-2022",
            "#action-plan-2020-2022",
        ],
        " (无发布机构) / (no issuer)": ["#zgc-alliance-founded"],
    }


def test_html_who_moved_first_comes_from_compare(small: Timeline) -> None:
    from policytl.analyze.compare import compare

    page = parse_html(render(Format.HTML, small, ExportOptions()))
    rows = [
        [cell.all_text() for cell in row.children]
        for row in page.elements
        if row.tag == "tr"
        and row.children[0].tag == "th"
        and row.children[0].attrs.get("scope") == "row"
    ]
    expected = compare(small, ["CN", "CN-BJ"], by="jurisdiction")
    assert rows == [
        [
            t.tag,
            *(next((m.date_text for m in t.moves if m.side == s.id), "") for s in expected.sides),
            t.text(),
        ]
        for t in expected.themes
    ]
    one = small.with_events([e for e in small.events if e.jurisdiction == "CN"])
    assert not _by_class(parse_html(render(Format.HTML, one, ExportOptions())), "first")


def test_html_citations_are_numbered_and_sources_listed_once(small: Timeline) -> None:
    page = parse_html(render(Format.HTML, small, ExportOptions(lang=Lang.EN)))
    cites = [
        el for el in page.elements if el.tag == "li" and (el.attrs.get("id") or "").startswith("_c")
    ]
    quotes = [c.quote for e in small.events for c in e.sources]
    assert [el.attrs["id"] for el in cites] == [f"_c{k}" for k in range(1, len(quotes) + 1)]
    assert [
        next(x for x in el.children if x.tag == "blockquote").all_text() for el in cites
    ] == quotes
    refs = [
        el for el in page.elements if el.tag == "a" and (el.attrs.get("id") or "").startswith("_r")
    ]
    assert [(a.attrs["id"], a.attrs["href"], a.all_text()) for a in refs] == [
        (f"_r{k}", f"#_c{k}", f"[{k}]") for k in range(1, len(quotes) + 1)
    ]
    sources = [
        el for el in page.elements if el.tag == "li" and (el.attrs.get("id") or "").startswith("_s")
    ]
    assert [el.attrs["id"] for el in sources] == ["_s1", "_s2"]
    assert "p. 3" in cites[2].all_text()


def test_html_languages_switch_without_losing_text(small: Timeline) -> None:
    for lang in Lang:
        page = parse_html(render(Format.HTML, small, ExportOptions(lang=lang)))
        assert page.elements[0].attrs["lang"] == ("en" if lang is Lang.EN else "zh")
        body = next(el for el in page.elements if el.tag == "body")
        assert body.attrs["class"] == f"show-{lang.value}"
        checked = [
            el.attrs["value"]
            for el in page.elements
            if el.tag == "input" and "checked" in el.attrs and el.attrs["name"] == "lang"
        ]
        assert checked == [lang.value]
        titles = [el for el in page.elements if "title" in (el.attrs.get("class") or "").split()]
        # both languages are always in the page; CSS shows the chosen one
        assert [
            [(c.attrs.get("class"), c.attrs["lang"], c.all_text()) for c in t.children]
            for t in titles[:3]
        ] == [
            [
                ("t-zh", "zh", "北京市政府工作报告提及区块链"),
                ("t-en", "en", "Beijing's government work report mentions blockchain"),
            ],
            [(None, "zh", "中关村区块链产业联盟成立")],
            [(None, "en", "The State Council names blockchain a frontier technology")],
        ]


def test_html_footer_names_the_data_its_digest_and_the_export_date(small: Timeline) -> None:
    from policytl import __version__

    digest = hashlib.sha256(render(Format.JSON, small).encode("utf-8")).hexdigest()[:16]
    page = parse_html(render(Format.HTML, small, ExportOptions(generated="2020-07-01")))
    footer = next(el for el in page.elements if el.tag == "footer")
    en = "".join(
        x.all_text()
        for x in _tree(footer).elements
        if x.tag in ("code",) or x.attrs.get("class") == "l-en"
    )
    assert en == f"digestsha256:{digest}exported 2020-07-01 by policytl {__version__}"
    assert footer.all_text().startswith("小型测试时间线 / A small test timeline · ")


def _as_shown(text: str) -> str:
    """A data text as the page holds it: line breaks are whitespace (CR as LF)."""
    return html_normalise(re.sub("\r\n?", "\n", text))


def test_html_hostile_texts_are_text(hostile: Timeline) -> None:
    for lang in Lang:
        text = render(Format.HTML, hostile, ExportOptions(lang=lang, filters="--search <script>"))
        page = _check_page(text)
        titles = [el for el in page.elements if "title" in (el.attrs.get("class") or "").split()]
        for el, e in zip(titles, hostile.events, strict=True):
            spans = [c.all_text() for c in el.children]
            if e.title.zh and e.title.en and e.title.zh != e.title.en:
                assert spans == [_as_shown(e.title.zh), _as_shown(e.title.en)]
            else:
                assert spans == [_as_shown(e.title.get(lang))]
        quotes = [el.all_text() for el in page.elements if el.tag == "blockquote"]
        assert quotes == [_as_shown(c.quote) for e in hostile.events for c in e.sources]
        assert "\\x0d" not in text  # a carriage return is whitespace in HTML, not an escape


# --- documentation ------------------------------------------------------------------------


def test_readme_documents_every_format_and_csv_column() -> None:
    from policytl.export.csv import COLUMNS

    from ..conftest import ROOT

    pages = ROOT / "docs" / "guide" / "export"
    section = "\n".join(p.read_text(encoding="utf-8") for p in sorted(pages.glob("*.md")))
    for fmt in Format:
        assert (pages / f"{fmt.value}.md").is_file(), fmt
    for column in COLUMNS:
        assert f"`{column}`" in section, column
    for option in ("--format", "--output", "--lang", "--group", "--style", "--excel", "--title"):
        assert option in section
