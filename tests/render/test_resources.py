"""Long texts in the terminal views (issue 21: one 100 MB title made `show` take 4 GB,
and `show --search` on a long title was quadratic). Memory is measured with
tracemalloc against a generous bound on a smaller input, and work is counted in
executed lines, never timed."""

from __future__ import annotations

import io
import itertools
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from policytl import load_timeline
from policytl.model.records import Lang
from policytl.render import wrap
from policytl.render.timeline import timeline_lines, write_timeline

from ..conftest import FIXTURES


def reference_line_ends(text: str, width: int) -> list[int]:
    """The line ends as the former implementation found them, from a list of the cell
    width of every prefix of ``text`` (36 bytes a character): the oracle."""
    width = max(1, width)
    cells = list(itertools.accumulate(map(get_character_cell_size, text), initial=0))
    if cells[-1] <= width:
        return []
    ends: list[int] = []
    line_start = 0
    cuts = [0, *wrap.break_opportunities(text), len(text)]
    for start, end in itertools.pairwise(cuts):
        visible_end = start + len(text[start:end].rstrip())
        if start > line_start and cells[visible_end] - cells[line_start] > width:
            ends.append(start)
            line_start = start
        if cells[visible_end] - cells[start] > width:
            i = start
            while i < visible_end:
                if cells[i + 1] - cells[line_start] > width and i > line_start:
                    line_start = wrap._fold_at(text, line_start, i)
                    ends.append(line_start)
                else:
                    i += 1
    return ends


pieces = st.sampled_from(
    [
        "a",
        "word",
        " ",
        "  ",
        "2020",
        "30%",
        "中",
        "文字",
        "《",
        "》",
        "(",
        ")",
        "“",
        "”",
        '"',
        ",",
        "。",
        "\u3000",
        "\u00a0",
        "é",
        "\u200d",
        "\ufe0f",
        "😀",
        "x" * 30,
        "数" * 12,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join), st.integers(1, 50))
def test_line_ends_are_those_of_the_former_implementation(text: str, width: int) -> None:
    assert wrap.line_ends(text, width) == reference_line_ends(text, width)


def _peak(call: Callable[[], object]) -> int:
    """Peak bytes allocated while ``call`` runs."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_line_ends_of_a_long_text_hold_only_the_ends() -> None:
    """A list of every prefix's width cost 36 bytes a character: now the line ends only
    (about 1 byte a character at 80 columns)."""
    wrap.line_ends("x y", 1)  # imports done
    for text in [("word " * 100_000).strip(), ("中文字 " * 125_000).strip()]:
        assert _peak(lambda text=text: wrap.line_ends(text, 80)) < 4 * len(text)


class _Null(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def _one_event(title: str) -> Any:
    """The small fixture's timeline with its first event's English title replaced."""
    import dataclasses

    tl = load_timeline([str(FIXTURES / "show" / "small.yaml")])
    e = tl.events[0]
    event = dataclasses.replace(e, title=dataclasses.replace(e.title, en=title))
    return dataclasses.replace(tl, events=(event,))


def test_show_of_a_long_title_is_a_small_multiple_of_it() -> None:
    """Writing the view of a 500,000-character title: under 24 bytes a character (it
    took about 48: 4 GB for a 100 MB title)."""
    title = ("word " * 100_000).strip()
    tl = _one_event(title)
    for width, detail in [(100, False), (200, True)]:

        def show(width: int = width, detail: bool = detail) -> None:
            lines = timeline_lines(tl, lang=Lang.EN, width=width, detail=detail)
            write_timeline(_Null(), lines)

        show()  # imports and caches
        assert _peak(show) < 24 * len(title)


def _lines_run(call: Callable[[], object], within: str = "policytl") -> int:
    """How many lines of Python ``call`` executes in files whose path holds ``within``
    (policytl's own code by default; ``""`` counts every line, Rich's included)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if within not in frame.f_code.co_filename:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


def _searched(words: int) -> Iterator[list[Any]]:
    tl = _one_event(("word " * words).strip())
    return timeline_lines(tl, lang=Lang.EN, width=100, highlight="word")


def test_search_over_a_long_title_is_linear() -> None:
    """Every word of the title matches --search: four times the words, about four times
    the work (it was quadratic: 60 s for a 100 KB title)."""
    small = _lines_run(lambda: list(_searched(300)))
    large = _lines_run(lambda: list(_searched(1200)))
    assert large < 5 * small
    text = "".join(t for block in _searched(3) for line in block for t, _ in line)
    assert "word word word" in text
    marked = [t for block in _searched(3) for line in block for t, s in line if "reverse" in s]
    assert marked == ["word", "word", "word"]


# --- many tags (issue 21: 1.3 million distinct tags made `tags` take minutes) -------------


def _printed(renderable: Any, width: int, color: bool = False) -> str:
    from rich.console import Console

    from policytl.render import Trimmed

    out = io.StringIO()
    console = Console(
        file=out, width=width, color_system="standard" if color else None, force_terminal=color
    )
    console.print(Trimmed(renderable))
    return out.getvalue()


def _rich_tags_table(entries: list[Any]) -> Any:
    from policytl.render import catalog

    table = catalog._table(("Tag", {}), ("Events", {"justify": "right"}))
    for e in entries:
        table.add_row(catalog.safe_text(e.tag), catalog._count(e.events))
    return table


TAG_NAMES = ["a", "区块链", "x\x1b[2J", "\u202eevil", "a-very-long-tag-name-" * 2, "t"]


@given(
    st.lists(st.sampled_from(TAG_NAMES), min_size=1, max_size=8),
    st.integers(1, 10**7),
    st.sampled_from([30, 80, 160]),
)
@settings(max_examples=20, deadline=None)
def test_many_tags_print_as_the_rich_table_would(names: list[str], most: int, width: int) -> None:
    from policytl.analyze.catalog import TagEntry
    from policytl.render import catalog

    count = catalog.PLAIN_ROWS + 1
    entries = [
        TagEntry(f"{names[i % len(names)]}{i}", most if i == 0 else 1 + i % 7) for i in range(count)
    ]
    listing = catalog.tags_table(entries)
    assert isinstance(listing, catalog.TagRows)
    assert _printed(listing, width) == _printed(_rich_tags_table(entries), width)


def test_many_tags_cost_a_few_lines_each() -> None:
    """The Rich table ran hundreds of lines of Python per tag; the listing runs a few
    dozen (counted, never timed)."""
    from policytl.analyze.catalog import TagEntry
    from policytl.render import catalog

    entries = [TagEntry(f"tag-{i}", 1) for i in range(2_000)]
    n = len(entries)
    per_tag = _lines_run(lambda: _printed(catalog.tags_table(entries), 80), within="") / n
    rich = _lines_run(lambda: _printed(_rich_tags_table(entries), 80), within="") / n
    assert per_tag < 150 < rich, (per_tag, rich)


def _tagged(tags: int) -> Any:
    from policytl.model.dates import parse_date
    from policytl.model.records import Event, Text, Timeline

    events = tuple(
        Event(
            id=f"e{i}",
            date=parse_date("2020"),
            kind="statement",
            jurisdiction="CN",
            issuers=(),
            title=Text(en="t"),
            sources=(),
            tags=tuple(f"t{i}-{k}" for k in range(10)),
        )
        for i in range(tags // 10)
    )
    return Timeline(events=events)


def test_stats_of_many_tags_shows_the_most_used_and_counts_the_rest() -> None:
    """200,000 distinct tags made `stats` take 94 s in Rich's table; the terminal shows the
    100 most used and says how many there are, in lines of Python linear in the tags."""
    from policytl.analyze.stats import Period, compute
    from policytl.render import stats as view

    def printed(tags: int) -> str:
        blocks = view.render(compute(_tagged(tags), Period.YEAR), 80)
        return "".join(_printed(b, 80) for b in blocks)

    text = printed(1_000)
    table = text.split("Events per tag\n", 1)[1].splitlines()
    assert len(table) == 2 + view.SHOWN + 1
    assert table[2].split() == ["t0-0", "1", "█" * 30]
    assert table[-1] == "The 100 most used of 1,000 tags: `policytl tags` lists them all."
    small = _lines_run(lambda: printed(1_000), within="")
    large = _lines_run(lambda: printed(8_000), within="")
    assert large < 4 * small, (small, large)
