"""`policytl stats --format markdown|csv`: exact output, valid GFM tables, guarded CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from policytl.analyze.stats import CSV_COLUMNS

from ..conftest import FIXTURES, invoke
from ..goldens import UPDATE_GOLDEN

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "stats"
HOSTILE = str(FIXTURES / "stats" / "hostile.yaml")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/stats/NAME (rewritten when POLICYTL_UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def run(*args: str) -> str:
    result = invoke(["stats", *args])
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout_bytes.decode("utf-8")  # as written: CRLF rows stay CRLF


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("year-both.md", ["--format", "markdown"]),
        ("month-en.md", ["--format", "markdown", "--period", "month", "--lang", "en"]),
        ("hostile-quarter-en.md", ["-f", "markdown", "-p", "quarter", "-l", "en", "-d", HOSTILE]),
        ("year.csv", ["--format", "csv"]),
        ("month.csv", ["--format", "csv", "--period", "month"]),
        ("hostile-excel.csv", ["-f", "csv", "--excel", "-d", HOSTILE]),
    ],
)
def test_exact_output(name: str, args: list[str]) -> None:
    golden(name, run(*args))


def _tables(text: str) -> list[list[list[str]]]:
    """Every GFM table as rows of cell texts (header first), as a GFM parser reads it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    for t in tokens:
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            tables[-1].append([])
        elif t.type == "inline" and tables and t.level > 3:
            tables[-1][-1].append(t.content)
    return tables


@pytest.mark.parametrize("args", [[], ["-p", "month"], ["-p", "quarter", "-d", HOSTILE]])
def test_markdown_tables_hold_the_json_counts(args: list[str]) -> None:
    doc = json.loads(run("-f", "json", "-l", "en", *args))
    tables = _tables(run("-f", "markdown", "-l", "en", *args))
    heads = [t[0] for t in tables]
    period = doc["period"].capitalize()
    assert heads[0] == [period, "Events", "Note"]
    assert ["Jurisdiction", "Code", "Events"] in heads
    jur = next(t for t in tables if t[0][0] == "Jurisdiction")
    assert [(r[1], int(r[2])) for r in jur[1:]] == [
        (j["jurisdiction"], j["count"]) for j in doc["jurisdictions"]
    ]
    for t in tables:  # every row has the header's number of cells
        assert {len(r) for r in t} == {len(t[0])}
    counted = sum(int(r[1]) for r in tables[0][1:])
    apart = sum(i["count"] for i in doc["imprecise"])
    assert counted + apart == doc["events"]


def test_markdown_escapes_names_from_data() -> None:
    tables = _tables(run("-f", "markdown", "-l", "en", "-d", HOSTILE))
    jur = next(t for t in tables if t[0][0] == "Jurisdiction")
    # the pipe stays inside its cell (no extra column) and no emphasis is read
    assert [r[0] for r in jur[1:]] == ["@SUM(A1:A9)", "-2 | \\*two\\*"]
    html = MarkdownIt("commonmark").enable("table").render(run("-f", "markdown", "-d", HOSTILE))
    assert "<em>" not in html


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_is_every_count_and_parses_back() -> None:
    text = run("-f", "csv", "-p", "month")
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])
    rows = _csv(text)
    doc = json.loads(run("-f", "json", "-p", "month"))
    periods = [r for r in rows if r["table"] == "period"]
    assert [(r["key"], int(r["count"]), r["start"], r["end"]) for r in periods] == [
        (p["period"], p["count"], p["start"], p["end"]) for p in doc["periods"]
    ]
    assert [(r["key"], int(r["count"])) for r in rows if r["table"] == "imprecise"] == [
        (i["span"], i["count"]) for i in doc["imprecise"]
    ]
    bodies = [(r["key"], int(r["lead"]), int(r["count"])) for r in rows if r["table"] == "body"]
    assert bodies == [(b["body"], b["lead"], b["any"]) for b in doc["bodies"]]
    assert [r["count"] for r in rows if r["table"] == "no_issuer"] == [str(doc["no_issuer"])]


def test_csv_goes_through_the_export_formula_guard() -> None:
    plain = _csv(run("-f", "csv", "-d", HOSTILE))
    names = [r["name_zh"] for r in plain] + [r["name_en"] for r in plain]
    assert any(n.startswith(FORMULA) for n in names)  # the data is hostile ...
    excel = run("-f", "csv", "--excel", "-d", HOSTILE)
    assert excel.startswith("\ufeff")
    rows = _csv(excel[1:])
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA), value  # ... and Excel gets it defused
    office = next(r for r in rows if r["key"] == "office")
    assert office["name_en"] == "'+cmd|' /C calc'!A0"


def test_excel_and_svg_need_their_format() -> None:
    for args, message in (
        (["--excel"], "policytl: error: --excel applies to --format csv\n"),
        (
            ["-f", "csv", "--svg", "x.svg"],
            "policytl: error: --svg saves the text view; it cannot be used with --format csv\n",
        ),
    ):
        result = invoke(["stats", *args])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
