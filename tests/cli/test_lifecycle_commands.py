"""`policytl status`, `upcoming` and `trace` from the command line: exact output (golden
files under tests/golden/lifecycle/) on an AI Act-like fixture, JSON read back, Markdown
tables as a GFM parser reads them, CSV as the csv module reads it, and usage errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from policytl.analyze.lifecycle import STATUS_COLUMNS, UPCOMING_COLUMNS

from ..conftest import FIXTURES, invoke
from ..export_parsers import markdown_parser
from ..goldens import GOLDEN, assert_golden

DATA = str(FIXTURES / "lifecycle" / "ai-act.yaml")
FOLDER = GOLDEN / "lifecycle"


def run(*args: str) -> str:
    result = invoke([*args, "--data", DATA])
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("status-2020-05-10-100.txt", ["status", "--as-of", "2020-05-10"]),
        ("status-2024-03-01-100.txt", ["status", "--as-of", "2024-03-01"]),
        ("status-2025-09-01-100.txt", ["status", "--as-of", "2025-09-01"]),
        ("status-2028-100.txt", ["status", "--as-of", "2028"]),
        ("status-2025-09-01-60.txt", ["status", "--as-of", "2025-09-01", "-l", "en"]),
        ("status-2025-09-01.md", ["status", "--as-of", "2025-09-01", "-f", "markdown"]),
        ("status-2025-09-01.csv", ["status", "--as-of", "2025-09-01", "-f", "csv"]),
        ("status-2025-09-01.json", ["status", "--as-of", "2025-09-01", "-f", "json"]),
        ("upcoming-2024-08-10-100.txt", ["upcoming", "--as-of", "2024-08-10"]),
        ("upcoming-2024-08-10-6m-100.txt", ["upcoming", "--as-of", "2024-08-10", "--within", "6m"]),
        ("upcoming-2024-08-10.md", ["upcoming", "--as-of", "2024-08-10", "-f", "markdown"]),
        ("upcoming-2024-08-10.csv", ["upcoming", "--as-of", "2024-08-10", "-f", "csv"]),
        ("upcoming-2024-08-10.json", ["upcoming", "--as-of", "2024-08-10", "-f", "json"]),
        ("trace-eu-ai-act-100.txt", ["trace", "eu-ai-act"]),
        ("trace-eu-ai-act-down-1-100.txt", ["trace", "eu-ai-act", "--down", "--depth", "1"]),
        ("trace-eu-ai-act.json", ["trace", "eu-ai-act", "-f", "json"]),
        ("trace-eu-ai-act.mmd", ["trace", "eu-ai-act", "-f", "mermaid"]),
    ],
)
def test_golden(name: str, args: list[str]) -> None:
    env = {"COLUMNS": "60"} if name.endswith("-60.txt") else None
    result = invoke([*args, "--data", DATA], env=env)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(FOLDER / name, result.stdout_bytes)


def test_status_reads_precision_honestly() -> None:
    """A stage dated 2020-05 is possibly in force on 2020-05-10, and in force from
    2020-05-31 (its whole month is then past)."""

    def stage(day: str) -> dict[str, object]:
        doc = json.loads(run("status", "xa-pilot-rules", "--as-of", day, "-f", "json"))
        return doc["documents"][0]["stage"]

    assert (stage("2020-05-10")["stage"], stage("2020-05-10")["state"]) == ("in-force", "possibly")
    assert stage("2020-05-31")["state"] == "reached"
    assert stage("2020-04-30") is None
    assert stage("2026-01-01")["stage"] == "expired"


def test_status_json_of_the_ai_act() -> None:
    doc = json.loads(run("status", "eu-ai-act", "--as-of", "2025-09-01", "-f", "json"))
    assert doc["as_of"] == "2025-09-01"
    [act] = doc["documents"]
    assert act["stage"]["event"] == "ai-act-applies-gpai"
    assert [a["scope"]["en"] for a in act["applies"]] == [
        "Chapter II, prohibited practices",
        "Chapter V, general-purpose AI models",
    ]
    assert [a["date"] for a in act["not_yet"]] == ["2026-08-02", "2027-08-02"]
    assert (act["next"]["stage"], act["next"]["date"]) == ("applies", "2026-08-02")


def test_a_year_adoption_is_possibly_adopted_within_the_year() -> None:
    doc = json.loads(run("status", "eu-ai-act", "--as-of", "2024-03-01", "-f", "json"))
    act = doc["documents"][0]
    assert (act["stage"]["stage"], act["stage"]["state"]) == ("adopted", "possibly")
    assert act["settled"]["stage"] == "proposed"


def test_status_filters_pick_documents() -> None:
    doc = json.loads(run("status", "--jurisdiction", "XA", "-f", "json"))
    assert [d["id"] for d in doc["documents"]] == ["xa-ai-law", "xa-pilot-rules"]


def test_status_markdown_is_one_gfm_table() -> None:
    text = run("status", "--as-of", "2025-09-01", "-f", "markdown")
    tokens = markdown_parser().parse(text)
    assert [t.type for t in tokens].count("table_open") == 1
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + 3  # the header and a row per document


def test_status_and_upcoming_csv_read_back() -> None:
    rows = list(csv.DictReader(io.StringIO(run("status", "--as-of", "2025-09-01", "-f", "csv"))))
    assert tuple(rows[0]) == STATUS_COLUMNS
    assert [(r["document_id"], r["stage"], r["state"]) for r in rows] == [
        ("eu-ai-act", "applies", "reached"),
        ("xa-ai-law", "adopted", "reached"),
        ("xa-pilot-rules", "in-force", "reached"),
    ]
    text = run("upcoming", "--as-of", "2025-09-01", "-f", "csv")
    items = list(csv.DictReader(io.StringIO(text)))
    assert tuple(items[0]) == UPCOMING_COLUMNS
    assert [(i["date"], i["what"]) for i in items] == [
        ("2025-12-31", "expired"),
        ("2026-08-02", "applies"),
        ("2027-08-02", "applies"),
    ]


def test_upcoming_soonest_first_with_due_dates_and_windows() -> None:
    doc = json.loads(run("upcoming", "--as-of", "2024-08-10", "--within", "1y", "-f", "json"))
    assert doc["until"] == "2025-08-10"
    assert [(i["month"], i["date"], i["what"]) for i in doc["items"]] == [
        ("2025-02", "2025-02-02", "applies"),
        ("2025-03", "2025-03", "adopted"),
        ("2025-05", "2025-05", "due"),
        ("2025-08", "2025-08-02", "applies"),
    ]
    doc = json.loads(run("upcoming", "--as-of", "2024-08-10", "--within", "90d", "-f", "json"))
    assert doc["items"] == []


def test_upcoming_markdown_has_a_table_per_month() -> None:
    text = run("upcoming", "--as-of", "2024-08-10", "-f", "markdown")
    tokens = markdown_parser().parse(text)
    assert [t.type for t in tokens].count("table_open") == 7
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[1:] == [
        "2025-02",
        "2025-03",
        "2025-05",
        "2025-08",
        "2025-12",
        "2026-08",
        "2027-08",
    ]


def test_trace_json_steps_and_lags() -> None:
    doc = json.loads(run("trace", "eu-ai-act", "-f", "json"))
    steps = [(s["id"], s["direction"], s["relation"], s["parent"]) for s in doc["steps"]]
    assert steps == [
        ("eu-ai-act", None, None, None),
        ("ai-white-paper", "up", "responds-to", 0),
        ("xa-ai-law-adopted", "down", "implements", 0),
        ("xa-supervisor-named", "down", "part-of", 2),
    ]
    lags = [s["lag"] and s["lag"]["text"] for s in doc["steps"]]
    assert lags == [None, "-14 months", "+47 months", "-2 to +9 months"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--as-of", "soon"], "--as-of: cannot read date 'soon'"),
        (["status", "eu-ai-akt"], "unknown document 'eu-ai-akt'; did you mean 'eu-ai-act'?"),
        (["upcoming", "--within", "3 months"], "--within '3 months': expected a number"),
        (["trace", "eu-ai"], "no event or document has id 'eu-ai'; did you mean"),
        (["status", "-f", "csv", "--excel", "-f", "json"], "--excel applies to --format csv"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = invoke([*args, "--data", DATA])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"policytl: error: {message}")
