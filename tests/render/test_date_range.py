"""The whole date range the validator accepts draws in show and in the chart.

Years 0001 to 9999 at every precision, intervals, ``?`` and ``~``: the chart's
axis ends on December 31 of the last year (there is no January of year 10000).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import invoke

DATES = [
    "0001",
    "0001-01",
    "0001-01-01",
    "9999",
    "9999-12",
    "9999-12-31",
    "9999-12-31?",
    "9999~",
    "0001/9999",
    "9998-06/9999-12-31~",
]

DOC = """format: policytl/1
sources:
  s: {{title: {{en: Source}}}}
jurisdictions:
  CN: {{name: {{zh: 中国, en: China}}}}
events:
{events}
"""


def _data(tmp_path: Path, dates: list[str], due: str | None = None) -> str:
    events = "".join(
        f"  - {{id: e{i}, date: '{d}', kind: statement, jurisdiction: CN, issuers: [],"
        f" title: {{zh: 事件{i}, en: Event {i}}}, sources: [{{source: s, quote: q}}]}}\n"
        for i, d in enumerate(dates)
    )
    if due is not None:
        events += (
            f"  - {{id: t, date: '2020', kind: target, jurisdiction: CN, due: '{due}',"
            " issuers: [], title: {zh: 目标, en: Target}, sources: [{source: s, quote: q}]}\n"
        )
    path = tmp_path / "range.yaml"
    path.write_text(DOC.format(events=events), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("date", DATES)
@pytest.mark.parametrize("columns", ["40", "100", "160"])
def test_every_date_draws_in_the_chart_and_the_view(
    tmp_path: Path, date: str, columns: str
) -> None:
    data = _data(tmp_path, [date])
    for args in (["show", "--chart"], ["show"], ["show", "--detail"]):
        result = invoke([*args, "--data", data], env={"COLUMNS": columns})
        assert (result.exit_code, result.stderr) == (0, ""), (args, result.stderr)
        # the view shows the date as written; the chart, its year on the ruler
        assert (date[:4] if "--chart" in args else date.split("/")[0]) in result.stdout


def test_the_first_and_the_last_year_on_one_axis(tmp_path: Path) -> None:
    result = invoke(
        ["show", "--chart", "--lang", "en", "--data", _data(tmp_path, DATES, due="9999-12-31")],
        env={"COLUMNS": "100"},
    )
    assert (result.exit_code, result.stderr) == (0, "")
    ruler = result.stdout.splitlines()[0]
    assert ruler.split()[0] == "0001"
    assert "Event 0" in result.stdout and "Target" in result.stdout
