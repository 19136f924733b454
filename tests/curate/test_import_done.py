"""Issue 23's "done when" for `policytl import`: a spreadsheet like the issue's (CSV,
XLSX, a TimelineJS-template export) into a new project, validated and re-imported
with no change; an import into a file with comments keeps them and updates changed
rows; the date reader against a simple oracle; a bad cell names ROW:COLUMN."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from policytl.curate.importing.dates import read_date
from policytl.model.dates import MONTH_NAMES
from policytl.model.errors import DateError

from ..conftest import FIXTURES, invoke

CSV = FIXTURES / "import" / "ai-act.csv"
TIMELINEJS = FIXTURES / "import" / "timelinejs.csv"


def _xlsx(source: Path, out: Path) -> None:
    """The CSV as a workbook, its first date cell a real Excel date shown as a month."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    for row in rows:
        sheet.append(row)
    sheet["A2"] = date(2021, 4, 21)
    sheet["A2"].number_format = "mmm yyyy"
    book.save(out)


def _new_project(tmp_path: Path, files: list[str], *more: str) -> bytes:
    result = invoke(["import", *files, "-o", "timeline.yaml", *more])
    assert result.exit_code == 0, result.stderr
    assert invoke(["validate", "timeline.yaml"]).exit_code == 0
    assert invoke(["fmt", "--check", "timeline.yaml"]).exit_code == 0
    before = Path("timeline.yaml").read_bytes()
    again = invoke(["import", *files, "-o", "timeline.yaml", *more])
    assert again.exit_code == 0
    assert "nothing to change in timeline.yaml" in again.stderr
    assert Path("timeline.yaml").read_bytes() == before
    return before


def test_an_xlsx_workbook_becomes_the_same_timeline_as_its_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(CSV, "ai-act.csv")
    from_csv = _new_project(tmp_path, ["ai-act.csv"])
    Path("timeline.yaml").unlink()
    _xlsx(CSV, tmp_path / "ai-act.xlsx")
    from_xlsx = _new_project(tmp_path, ["ai-act.xlsx"])
    # the one cell that differs: a date cell shown as "Apr 2021" is the month, no day
    assert from_xlsx.replace(b'"2021-04"', b'"2021-04-21"').replace(b".xlsx", b".csv") == from_csv


def test_a_timelinejs_template_export_becomes_a_timeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(TIMELINEJS, "tljs.csv")
    # the template has no kind and no quote: --kind gives the one, a column the other
    _new_project(tmp_path, ["tljs.csv"], "--kind", "adopted", "--map", "Media Caption=quote")
    data = yaml.safe_load(Path("timeline.yaml").read_text(encoding="utf-8"))
    assert data["title"] == {"en": "The AI Act"}
    assert [(e["date"], e["title"]["en"]) for e in data["events"]] == [
        ("2021-04-21", "Commission proposes the AI Act"),
        ("2023-12", "Provisional agreement"),
        ("2024-08-01/2026-08-02", "The AI Act is phased in"),
    ]


ROWS = (
    "Date,Jurisdiction,Title,Kind,Source URL,Quote,ID\n"
    "2021-04-21,EU,Proposal,proposed,https://example.org/p,harmonised rules,proposal\n"
    "2024-07-12,EU,Publication,published,https://example.org/oj,OJ L 2024/1689,published\n"
)


def test_an_import_into_a_commented_file_keeps_every_comment_and_updates_changed_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("rows.csv").write_text(ROWS, encoding="utf-8")
    assert invoke(["import", "rows.csv", "-o", "timeline.yaml"]).exit_code == 0
    text = Path("timeline.yaml").read_text(encoding="utf-8")
    text = "# the AI Act, curated by hand\n" + text.replace(
        "  - id: proposal\n", "  # the Commission's proposal\n  - id: proposal\n"
    )
    text = text.replace("kind: published\n", "kind: published # in the Official Journal\n")
    Path("timeline.yaml").write_text(text, encoding="utf-8")
    Path("rows.csv").write_text(ROWS.replace("Publication,", "Publication in the OJ,"), "utf-8")
    result = invoke(["import", "rows.csv", "-o", "timeline.yaml"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "policytl: wrote timeline.yaml: 0 events added, 1 updated, 1 unchanged\n"
    )
    after = Path("timeline.yaml").read_text(encoding="utf-8")
    for comment in (
        "# the AI Act, curated by hand",
        "# the Commission's proposal",
        "# in the Official Journal",
    ):
        assert comment in after
    assert after.replace("Publication in the OJ", "Publication") == text
    assert invoke(["validate", "timeline.yaml"]).exit_code == 0


def test_a_bad_cell_of_a_workbook_names_its_row_and_column_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.csv").write_text(ROWS.replace("2024-07-12", "Q5 2024"), encoding="utf-8")
    _xlsx(Path("bad.csv"), tmp_path / "bad.xlsx")
    result = invoke(["import", "bad.xlsx", "-o", "out.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "policytl: bad.xlsx:3:Date: cannot read 'Q5 2024' as a date"
    )
    assert not Path("out.yaml").exists()


# --- the date reader against an oracle -------------------------------------------------

_DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))
_QUARTERS = {1: ("01", "03"), 2: ("04", "06"), 3: ("07", "09"), 4: ("10", "12")}


@st.composite
def _written(draw: st.DrawFn) -> tuple[str, str]:
    """A date as people write it, and the policytl date it is (the oracle)."""
    d = draw(_DAYS)
    y, m, name = f"{d.year:04d}", f"{d.month:02d}", MONTH_NAMES[d.month - 1]
    month_name = draw(st.sampled_from([name, name.capitalize(), name[:3].capitalize()]))
    q = draw(st.integers(1, 4))
    forms = [
        (f"{d.day} {month_name} {d.year}", d.isoformat()),
        (f"{month_name} {d.day}, {d.year}", d.isoformat()),
        (f"{month_name} {d.year}", f"{y}-{m}"),
        (f"{d.year}年{d.month}月", f"{y}-{m}"),
        (f"{d.year}年{d.month}月{d.day}日", d.isoformat()),
        (f"{d.year}/{d.month}/{d.day}", d.isoformat()),
        (d.isoformat(), d.isoformat()),
        (f"{y}-{m}", f"{y}-{m}"),
        (y, y),
        (f"Q{q} {d.year}", f"{y}-{_QUARTERS[q][0]}/{y}-{_QUARTERS[q][1]}"),
        (f"{d.year}-Q{q}", f"{y}-{_QUARTERS[q][0]}/{y}-{_QUARTERS[q][1]}"),
        (f"约{d.year}年", f"{y}~"),
        (f"c. {d.year}", f"{y}~"),
        (f"circa {month_name} {d.year}", f"{y}-{m}~"),
        (f"{d.year}?", f"{y}?"),
        (f"{y}-{m}?", f"{y}-{m}?"),
    ]
    return draw(st.sampled_from(forms))


@given(_written())
def test_every_date_form_becomes_the_honest_policytl_date(case: tuple[str, str]) -> None:
    text, expected = case
    assert read_date(text) == expected
    assert read_date(f"  {text} ") == expected  # spaces around a cell do not matter


@given(_DAYS, st.sampled_from(["yyyy", "mmm yyyy", "yyyy-mm-dd", "d mmmm yyyy", None]))
def test_an_excel_date_cell_is_as_precise_as_its_format_shows(d: date, fmt: str | None) -> None:
    shown = {"yyyy": d.isoformat()[:4], "mmm yyyy": d.isoformat()[:7]}
    assert read_date(d, fmt) == shown.get(fmt or "", d.isoformat())


@given(st.text(alphabet=st.sampled_from("abcxyz;:!@ #"), min_size=1, max_size=12))
def test_what_is_no_date_is_a_date_error_never_a_made_up_day(text: str) -> None:
    with pytest.raises(DateError):
        read_date(text)


@given(_DAYS)
def test_a_month_or_year_is_never_given_a_day(d: date) -> None:
    month = MONTH_NAMES[d.month - 1]
    assert read_date(f"{month} {d.year}").count("-") == 1
    assert read_date(f"{d.year}年").count("-") == 0
