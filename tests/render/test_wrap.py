"""Line breaking of mixed Chinese and English text (policytl.render.wrap)."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.text import Text

from policytl.render.wrap import Paragraph, break_opportunities, wrap_plain

from ..goldens import rule_breaks


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # numbers and percentages stay whole; lines may break between Chinese characters
        (
            "北京首个对区块链企业予以资金支持的政策:按合同金额30%补贴,单个项目最高500万元",
            20,
            ["北京首个对区块链企业", "予以资金支持的政策:",
             "按合同金额30%补贴,单", "个项目最高500万元"],
        ),
        # a closing quote and bracket never start a line: the last character goes with them
        (
            "央行支持北京率先开展金融科技创新监管试点(“监管沙盒”)",
            50,
            ["央行支持北京率先开展金融科技创新监管试点(“监管沙", "盒”)"],
        ),
        # an opening bracket never ends a line
        ("北京印发《北京市区块链创新发展行动计划》", 10,
         ["北京印发", "《北京市区", "块链创新发", "展行动计", "划》"]),
        # English wraps at spaces, as Rich does
        ("Beijing's first funding policy for blockchain", 20,
         ["Beijing's first", "funding policy for", "blockchain"]),
        # a word wider than the line is folded
        ("supercalifragilistic word", 10, ["supercalif", "ragilistic", "word"]),
        # an ASCII quote may open or close: no break on either side of it but at a space
        ('not the hub. "北京方案" is rendered', 20, ['not the hub. "北京方', '案" is rendered']),
        ('not the hub. "北京方案" is rendered', 14, ["not the hub.", '"北京方案" is', "rendered"]),
        ('北京"十三五"规划', 6, ["北", '京"十', "三", '五"规', "划"]),
        # an opening mark keeps what follows it, even across a space
        ("见“ 北京", 4, ["见", "“ 北", "京"]),
        # a word folded at the width: not right after an opening mark, not inside a number
        ("abc(defgh", 4, ["abc", "(def", "gh"]),
        ("abc12345", 5, ["abc", "12345"]),
        ("1(、", 2, ["1", "(", "、"]),  # no better place: the width wins
        # hard line breaks are kept
        ("中文\nEnglish", 40, ["中文", "English"]),
        ("", 10, [""]),
    ],
)  # fmt: skip
def test_wrap_examples(text: str, width: int, lines: list[str]) -> None:
    assert wrap_plain(text, width) == lines


def test_break_opportunities() -> None:
    assert break_opportunities("ab cd") == [3]
    assert break_opportunities("中文") == [1]
    assert break_opportunities("2020年") == [4]
    assert break_opportunities("30%补贴") == [3, 4]
    assert break_opportunities("(“监") == []
    assert break_opportunities("监”)") == []
    assert break_opportunities("a , b") == [4]  # not before the comma, even after a space
    assert break_opportunities("1\u00a0source") == []


def test_no_break_space_glues_and_prints_as_a_space() -> None:
    assert wrap_plain("statement · CN · 1\u00a0source", 18) == ["statement · CN ·", "1 source"]
    assert Paragraph(Text("ab 1\u00a0cd")).wrapped(5).plain == "ab\n1 cd"


#: words and phrases no wider than 14 columns, with quotes, brackets and numbers
WORDS = [
    '"北京方案"',
    "“监管沙盒”",
    "(2020—2022年)",
    "《行动计划》",
    "30%补贴",
    "500万元",
    '"initially',
    'build")',
    "2016-02起",  # no word ends with a digit: a line that does splits a number
    "（一）",
    "中关村",
    "“ 北京",
    "plan",
    "第12345678号",
]
TEXT = st.text(
    alphabet=st.sampled_from(list("ab1 中文区块链,。、(“”)《》%-\u00a0")),
    max_size=60,
)


@given(st.lists(st.sampled_from(WORDS), max_size=12), st.integers(min_value=14, max_value=40))
def test_no_line_ends_open_nor_splits_a_number(words: list[str], width: int) -> None:
    """Where every word fits on a line, the rules of views hold (tests/goldens.py)."""
    text = " ".join(words)
    assert rule_breaks("\n".join(wrap_plain(text, width)), width) == []


@given(TEXT, st.integers(min_value=2, max_value=40))
def test_lines_fit_and_lose_only_blanks(text: str, width: int) -> None:
    lines = wrap_plain(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", text)


@given(TEXT, st.integers(min_value=2, max_value=40))
def test_paragraph_renders_as_wrap_plain(text: str, width: int) -> None:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, markup=False, emoji=False)
    console.print(Paragraph(Text(text)))
    assert out.getvalue() == "".join(line.rstrip() + "\n" for line in wrap_plain(text, width))


def test_paragraph_keeps_styles_and_measures() -> None:
    text = Text("红色 red")
    text.stylize("red", 0, 2)
    para = Paragraph(text)
    wrapped = para.wrapped(4)
    assert wrapped.plain == "红色\nred"
    assert [(s.start, s.end, str(s.style)) for s in wrapped.spans] == [(0, 2, "red")]
    console = Console(width=80)
    # the narrowest it can be is its longest unbreakable piece, "red"
    assert Measurement.get(console, console.options, para) == Measurement(3, 8)
