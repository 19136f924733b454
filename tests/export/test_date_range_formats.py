"""The whole date range the validator accepts goes through every export format and stats.

Years 0001 to 9999 at every precision, intervals ending in 9999, ``?`` and ``~``:
no ValueError or OverflowError (there is no January of year 10000), and iCalendar
dates keep their four-digit year.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import invoke

DATES = [
    "0001", "0001-01", "0001-01-01", "9999", "9999-12", "9999-12-31", "9999-12-31?",
    "9999~", "0001/9999", "9998-06/9999-12-31~", "9999-10/9999-12",
]  # fmt: skip

FORMATS = ["json", "csv", "html", "ics", "markdown", "markwhen", "mermaid", "timelinejs"]


def _data(tmp_path: Path) -> str:
    events = "".join(
        f"  - {{id: e{i}, date: '{d}', kind: statement, jurisdiction: {'CN' if i % 2 else 'US'},"
        f" issuers: [], tags: [t], title: {{zh: 事件{i}, en: Event {i}}},"
        " sources: [{source: s, quote: q}]}\n"
        for i, d in enumerate(DATES)
    )
    path = tmp_path / "range.yaml"
    path.write_text(
        "format: policytl/1\nsources:\n  s: {title: {en: S}}\njurisdictions:\n"
        "  CN: {name: {zh: 中国, en: China}}\n  US: {name: {zh: 美国, en: USA}}\n"
        f"events:\n{events}",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_date_exports(tmp_path: Path, fmt: str) -> None:
    result = invoke(["export", "--data", _data(tmp_path), "-f", fmt])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("period", ["year", "quarter", "month"])
@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown"])
def test_every_date_counts(tmp_path: Path, period: str, fmt: str) -> None:
    result = invoke(["stats", "--data", _data(tmp_path), "--period", period, "-f", fmt])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("period", ["year", "quarter", "month"])
def test_every_date_compares(tmp_path: Path, period: str) -> None:
    result = invoke(["compare", "--data", _data(tmp_path), "CN", "US", "--period", period])
    assert (result.exit_code, result.stderr) == (0, "")


def test_ics_ends_9999_by_duration_and_keeps_four_digit_years(tmp_path: Path) -> None:
    out = invoke(["export", "--data", _data(tmp_path), "-f", "ics"]).stdout
    lines = out.splitlines()
    assert "DTSTART;VALUE=DATE:00010101" in lines
    assert "DTEND;VALUE=DATE:00020101" in lines  # the year 0001
    assert "DTSTART;VALUE=DATE:99991231" in lines and "DURATION:P1D" in lines
    assert "DURATION:P3652059D" in lines  # 0001/9999: every day of the calendar
    assert "DURATION:P92D" in lines  # 9999-10/9999-12
