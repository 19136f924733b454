"""export -f datapackage: the tables of policytl.export.tables as a Frictionless Data
Package, checked by the real `frictionless validate`, golden for the shipped data set,
hostile text made safe, and the folder written all or nothing."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.export import Format, render, render_files
from policytl.export.csv import defuse
from policytl.export.tables import ALWAYS, tables
from policytl.model.records import Text, Timeline
from policytl.model.textsafe import no_bidi

from ..conftest import FIXTURES, ROOT, child_env, invoke
from ..consumers import need_module
from ..goldens import GOLDEN, assert_golden
from .hostile_text import HOSTILE

SHIPPED = ROOT / "data" / "timeline.yaml"
SMALL = FIXTURES / "export" / "small.yaml"
PACKAGE = GOLDEN / "export" / "datapackage"
#: texts a spreadsheet would run as formulas
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx")


def validate(folder: Path) -> dict[str, object]:
    """The report of the real `frictionless validate` on the package in ``folder``."""
    need_module("frictionless")
    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=child_env(),
        timeout=300,
    )
    report: dict[str, object] = json.loads(done.stdout)
    return report


def errors(report: dict[str, object]) -> list[str]:
    tasks = report["tasks"]
    assert isinstance(tasks, list)
    return [f"{t['name']}: {e['note']}" for t in tasks for e in t["errors"]]


def write(folder: Path, timeline: Timeline) -> Path:
    folder.mkdir()
    for name, payload in render_files(Format.DATAPACKAGE, timeline).items():
        (folder / name).write_bytes(payload)
    return folder


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    text = (folder / f"{table}.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- golden files: the descriptor and every table of the shipped data set ----------------


def test_the_shipped_data_set_is_golden(tmp_path: Path) -> None:
    result = invoke(["export", "-f", "datapackage", "-d", str(SHIPPED), "-o", str(tmp_path / "p")])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    made = sorted(p.name for p in (tmp_path / "p").iterdir())
    golden = sorted(p.name for p in PACKAGE.iterdir()) if PACKAGE.is_dir() else []
    for name in made:
        assert_golden(PACKAGE / name, (tmp_path / "p" / name).read_bytes())
    assert made == golden or not golden


def test_the_descriptor_describes_every_table_with_keys() -> None:
    package = json.loads(
        render_files(Format.DATAPACKAGE, load_timeline(SHIPPED))["datapackage.json"]
    )
    assert package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}
    assert set(ALWAYS) <= set(resources)
    assert {"documents", "relations"} <= set(resources)  # the shipped data set has them
    events = resources["events"]["schema"]
    assert events["primaryKey"] == ["id"]
    fields = {f["name"]: f for f in events["fields"]}
    assert fields["date_earliest"]["type"] == "date"
    assert fields["date"]["constraints"] == {"required": True}
    assert "statement" in fields["kind"]["constraints"]["enum"]
    citations = resources["citations"]["schema"]
    assert citations["primaryKey"] == ["event_id", "position"]
    assert {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}} in (
        citations["foreignKeys"]
    )
    parent = {"fields": ["parent"], "reference": {"resource": "", "fields": ["code"]}}
    assert parent in resources["jurisdictions"]["schema"]["foreignKeys"]


# --- the real validator -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [[], ["--since", "2020"], ["--jurisdiction", "CN-BJ", "--tag", "blockchain"]],
    ids=["all", "since-2020", "selected"],
)
def test_frictionless_validates_the_export(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "package"
    result = invoke(["export", "-f", "datapackage", "-d", str(SHIPPED), *args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    report = validate(out)
    assert errors(report) == []
    assert report["valid"] is True


def test_frictionless_validates_an_empty_selection(tmp_path: Path) -> None:
    out = tmp_path / "package"
    result = invoke(["export", "-f", "datapackage", "--since", "2099", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr.startswith("policytl: warning: no event matches")
    assert rows(out, "events") == []
    assert validate(out)["valid"] is True


def test_frictionless_finds_a_broken_foreign_key(tmp_path: Path) -> None:
    # the validator really checks the keys the descriptor declares
    out = write(tmp_path / "package", load_timeline(SHIPPED))
    table = rows(out, "citations")
    table[0]["source"] = "no-such-source"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(table[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table)
    (out / "citations.csv").write_text(buf.getvalue(), encoding="utf-8")
    report = validate(out)
    assert report["valid"] is False
    assert [e for e in errors(report) if e.startswith("citations:")] != []


# --- hostile text ---------------------------------------------------------------------------


def hostile(texts: list[str]) -> Timeline:
    """small.yaml's events, the i-th with texts[i] as its title, summary and quotes."""
    base = load_timeline(SMALL)
    events = []
    for i, text in enumerate(texts):
        event = base.events[i % len(base.events)]
        citations = tuple(dataclasses.replace(c, quote=text) for c in event.sources)
        event = dataclasses.replace(
            event, id=f"e{i}", title=Text(en=text), summary=Text(zh=text), sources=citations
        )
        events.append(event)
    return base.with_events(events)


def test_hostile_text_comes_out_safe_and_valid(tmp_path: Path) -> None:
    texts = [*HOSTILE.values(), *FORMULAS]
    out = write(tmp_path / "package", hostile(texts))
    events = rows(out, "events")
    assert [e["title_en"] for e in events] == [defuse(no_bidi(t)) for t in texts]
    assert [e["summary_zh"] for e in events] == [defuse(no_bidi(t)) for t in texts]
    for e in events:  # no cell starts a formula, no bidi control stands raw
        assert not e["title_en"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert no_bidi(e["title_en"]) == e["title_en"]
    quotes = [c["quote"] for c in rows(out, "citations")]
    assert set(quotes) == {defuse(no_bidi(t)) for t in texts}
    report = validate(out)
    assert errors(report) == []


# --- the command: -o required, never onto an input, all or nothing -------------------------


def test_without_o_it_is_a_usage_error_in_one_line() -> None:
    result = invoke(["export", "-f", "datapackage"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "policytl: error: --format datapackage writes files, not text: give -o DIR (a folder)\n"
    )
    assert invoke(["export", "-f", "datapackage", "-o", "-"]).exit_code == 2


def test_a_folder_holding_an_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_bytes(SMALL.read_bytes())
    result = invoke(["export", "-f", "datapackage", "-d", str(data), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds the input file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.yaml"]


def test_a_folder_of_other_files_is_refused_and_kept(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke(["export", "-f", "datapackage", "-d", str(SMALL), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"policytl: error: cannot write {tmp_path}: the folder is not an earlier export "
        "(notes.txt is in it); write to a new or empty folder\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_file_or_a_missing_parent_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "a.csv"
    afile.write_text("x", encoding="utf-8")
    result = invoke(["export", "-f", "datapackage", "-d", str(SMALL), "-o", str(afile)])
    assert (result.exit_code, afile.read_text(encoding="utf-8")) == (1, "x")
    assert result.stderr.endswith("it is not a folder\n")
    result = invoke(["export", "-f", "datapackage", "-d", str(SMALL), "-o", str(tmp_path / "a/b")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_an_earlier_export_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "package"
    assert invoke(["export", "-f", "datapackage", "-o", str(out)]).exit_code == 0
    assert (out / "relations.csv").exists()
    result = invoke(["export", "-f", "datapackage", "-d", str(SMALL), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    expected = render_files(Format.DATAPACKAGE, load_timeline(SMALL))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]  # nothing left beside


def test_a_failed_write_leaves_the_earlier_export_and_no_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policytl.files import folder

    out = tmp_path / "package"
    assert invoke(["export", "-f", "datapackage", "-d", str(SMALL), "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    written: list[str] = []

    def full_disk(path: str, payload: bytes) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(path)
        Path(path).write_bytes(payload)

    monkeypatch.setattr(folder, "_write_file", full_disk)
    result = invoke(["export", "-f", "datapackage", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"policytl: error: cannot write {out}: No space left on device\n"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]


def test_options_that_do_not_apply_warn(tmp_path: Path) -> None:
    out = tmp_path / "p"
    result = invoke(["export", "-f", "datapackage", "-l", "en", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == (
        "policytl: warning: --lang does not apply to --format datapackage; ignored\n"
    )


def test_render_refuses_a_file_format() -> None:
    with pytest.raises(ValueError, match="render_files"):
        render(Format.DATAPACKAGE, load_timeline(SMALL))
    with pytest.raises(ValueError, match="use render"):
        render_files(Format.CSV, load_timeline(SMALL))


def test_tables_follow_the_field_table() -> None:
    # a column per field of one value, a table per field of many: nothing listed by hand
    from policytl.model.fields import Kind, table
    from policytl.model.records import Event

    made = {t.name: t for t in tables(load_timeline(SHIPPED))}
    columns = made["events"].names
    for name, spec in table(Event):
        if spec.kind in (Kind.TEXT,):
            assert f"{name}_zh" in columns and f"{name}_en" in columns
        elif spec.kind is Kind.DATE:
            assert columns[columns.index(name) : columns.index(name) + 5] == [
                name,
                f"{name}_earliest",
                f"{name}_latest",
                f"{name}_precision",
                f"{name}_qualifier",
            ]
        elif spec.kind in (Kind.STRING, Kind.CHOICE, Kind.REF, Kind.NOTES):
            assert name in columns
    assert {"event_issuers", "event_tags", "citations", "relations"} <= set(made)
