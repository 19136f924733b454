"""Every golden file obeys the rules that views obey (tests/goldens.py), and the rules
themselves catch what they are meant to catch."""

from __future__ import annotations

from pathlib import Path

import pytest

from .goldens import GOLDEN, KNOWN_BREAKS, rule_breaks, view_width

ALL = sorted(p for p in GOLDEN.rglob("*") if p.is_file())
VIEWS = [p for p in ALL if view_width(p) is not None]


def _id(path: Path) -> str:
    return path.relative_to(GOLDEN).as_posix()


def test_every_golden_file_is_a_view_or_a_format() -> None:
    # a view is *.txt under one of the view folders; everything else is a format's output
    assert len(VIEWS) >= 20
    for path in ALL:
        if view_width(path) is None:
            assert path.suffix != ".txt" or path.parent.name not in ("show", "chart"), path
    assert {view_width(p) for p in VIEWS} >= {40, 60, 80, 100, 120}
    assert view_width(GOLDEN / "show" / "since-2016-60.txt") == 60
    assert view_width(GOLDEN / "compare" / "periods-year.txt") == 100


@pytest.mark.parametrize("path", VIEWS, ids=_id)
def test_golden_view_obeys_the_rules(path: Path) -> None:
    width = view_width(path)
    assert width is not None
    breaks = rule_breaks(path.read_text(encoding="utf-8"), width)
    if _id(path) in KNOWN_BREAKS:
        assert breaks, f"{_id(path)} is fixed: remove it from goldens.KNOWN_BREAKS"
    else:
        assert breaks == []


def test_known_breaks_are_golden_files() -> None:
    assert set(KNOWN_BREAKS) <= {_id(p) for p in VIEWS}


# --- the rules catch what they should, and nothing else -------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "found"),
    [
        # too wide: cells, not characters (a Chinese character is two)
        ("北京市区块链", 11, ["line 1 is 12 columns wide (> 11): '北京市区块链'"]),
        ("北京市区块链", 12, []),
        # an opening bracket or quote ends a line, or a table cell
        ("报告提及区块链:“\n政务”", 40, ["line 1 ends with an opening bracket or quote: "
                                        "'报告提及区块链:“'"]),
        ("│ a《  │ b │", 40, ["line 1 ends with an opening bracket or quote: '│ a《  │ b │'"]),
        ("He said (\nthis)", 40, ["line 1 ends with an opening bracket or quote: 'He said ('"]),
        ('the word "\nquoted"', 40, ["line 1 ends with an opening bracket or quote: "
                                     "'the word \"'"]),
        ('the "quoted"\nword', 40, []),
        ("Beijing's\nplan", 40, []),
        ("（监管沙盒）\n“试点”", 40, []),
        # a number split across lines, in a text that wraps (hanging indent or not)
        ("2017-04  按合同金额3\n         0%补贴", 40, ["lines 1-2 split a number: "
                                                  "'2017-04  按合同金额3' / '         0%补贴'"]),
        ("单个项目最高50\n0万元", 40, ["lines 1-2 split a number: '单个项目最高50' / '0万元'"]),
        ("│ 2016 │ 金额30 │\n│      │ 0万元  │", 40, ["lines 1-2 split a number: "
                                                   "'│ 2016 │ 金额30 │' / '│      │ 0万元  │'"]),
        # ... but not rows of counts, nor a next row that starts with a date
        ("2019-11     0\n2019-12     1", 40, []),
        ("  2016-12  Finance Bureau +1\n  2017-04  Beijing", 40, []),
        ("│ 2016-02 立 2016 │\n│ 2016-08 北京    │", 40, []),
        ("Events  11\nCN-BJ   4", 40, []),
        ("title 2020\n  2020-06-30/2022 plan", 40, []),
    ],
)  # fmt: skip
def test_the_rules(text: str, width: int, found: list[str]) -> None:
    assert rule_breaks(text, width) == found
