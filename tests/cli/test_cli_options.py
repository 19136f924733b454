"""The CLI's option enums mirror the core's (kept apart so start-up imports no core module)."""

from __future__ import annotations

from policytl.analyze import compare, stats
from policytl.cli import app as cli
from policytl.export import Format
from policytl.render.chart import Lanes


def values(enum: type) -> list[str]:
    return [m.value for m in enum]  # type: ignore[attr-defined]


def test_period_option_is_the_core_period() -> None:
    assert values(cli.PeriodOpt) == values(stats.Period) == values(compare.Period)


def test_compare_by_option_is_the_core_reading() -> None:
    assert values(cli.CompareBy) == values(compare.By)


def test_lanes_option_is_the_chart_lanes() -> None:
    assert values(cli.LanesOpt) == values(Lanes)


def test_show_formats_are_export_formats() -> None:
    for fmt in cli.ShowFormat:
        if fmt is not cli.ShowFormat.TEXT:
            assert Format(fmt.value).value == fmt.value
