"""`policytl show`: the terminal timeline view, its formats and its output paths.

Large exact outputs are golden files under tests/golden/show/ (tests/goldens.py:
regenerate them with POLICYTL_UPDATE_GOLDEN=1 and review every change by eye).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len, get_character_cell_size

from policytl.analyze.query import Filters, select
from policytl.export import ExportOptions, Format, render
from policytl.load.loader import load_timeline

from .. import goldens
from ..conftest import FIXTURES, ROOT, big_timeline, child_env, invoke

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "show"
SMALL = str(FIXTURES / "show" / "small.yaml")
HOSTILE = str(FIXTURES / "show" / "hostile.yaml")
SGR = re.compile(r"\x1b\[[0-9;]*m")
#: the first line of an event row (a year heading is "2016  5 events")
ROW = re.compile(r"\d{4}(?!  \d+ events?$)[-?~/ ]")


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/show/NAME (see tests/goldens.py)."""
    goldens.assert_golden(GOLDEN / name, text)


def show(*args: str, columns: int = 100, **env: str | None) -> str:
    result = invoke(["show", *args], env={"COLUMNS": str(columns), **env})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def assert_plain(text: str) -> None:
    assert "\x1b" not in text
    for line in text.splitlines():
        assert line == line.rstrip(), f"trailing blanks in {line!r}"


# --- the main views, exactly ---------------------------------------------------------------

GOLDENS = [
    ("default-100.txt", [], 100),
    ("since-2016-60.txt", ["--since", "2016"], 60),
    ("since-2016-80.txt", ["--since", "2016"], 80),
    ("since-2016-120.txt", ["--since", "2016"], 120),
    ("lang-en-100.txt", ["--lang", "en", "--since", "2019"], 100),
    ("lang-zh-120.txt", ["--lang", "zh"], 120),
    ("detail-100.txt", ["--detail", "--since", "2020-06"], 100),
    ("detail-wide-120.txt", ["--detail", "--lang", "en", "--kind", "fund-launched"], 120),
    ("small-both-60.txt", ["--data", SMALL, "--lang", "both"], 60),
    ("small-detail-60.txt", ["--data", SMALL, "--detail", "--since", "2019"], 60),
]


@pytest.mark.parametrize(("name", "args", "columns"), GOLDENS, ids=[g[0] for g in GOLDENS])
def test_show_golden(name: str, args: list[str], columns: int) -> None:
    out = show(*args, columns=columns)
    assert_plain(out)
    assert_golden(name, out)
    for line in out.splitlines():
        assert cell_len(line) <= columns, line


def test_default_view_starts_as_expected() -> None:
    # The golden file is long; the top is spelt out here so that a review sees it.
    out = show("--since", "2016")
    assert out.splitlines()[:14] == [
        "北京区块链政策路径(据 PANews 2020-07-01 解读)",
        "Beijing's blockchain policy path (after a PANews analysis of 2020-07-01)",
        "Jurisdictions: CN 中国 / China · CN-BJ 北京市 / Beijing",
        "English texts: unofficial translation by the policytl curators",
        "",
        "2016  5 events",
        "2016-02      中关村区块链产业联盟正式成立",
        "             Zhongguancun Blockchain Industry Alliance formally founded",
        "             institution-founded · CN-BJ · no issuer · 1 source",
        "",
        "2016-02      中关村创业公社区块链国际孵化中心成立",
        "             Zhongguancun Startup Commune Blockchain International Incubation Center"
        " founded",
        "             institution-founded · CN-BJ · no issuer · 1 source",
        "",
    ]
    assert out.endswith("\n15 events\n")


def test_small_view_at_60_columns_exactly() -> None:
    out = show("--data", SMALL, "--lang", "zh", "--until", "2016", columns=60)
    assert out == (
        "小时间线\n"
        "Jurisdictions: CN 中国 · CN-BJ 北京市 · CN-SH 上海市\n"
        "\n"
        "2015  1 event\n"
        "2015         国务院发布规划\n"
        "             document-issued · CN · 国务院 · 1 source\n"
        "\n"
        "2016  3 events\n"
        "2016-02      北京表态\n"
        "             statement · CN-BJ · 北京市、某部 · 2 sources\n"
        "\n"
        "2016-06-30   上海设立基金\n"
        "             fund-launched · CN-SH · 上海市 · 1 source\n"
        "\n"
        "2016-12?     某司报告\n"
        "             report · CN · 某司 · 1 source\n"
        "\n"
        "4 events\n"
    )


def test_dates_print_as_written() -> None:
    out = show("--data", SMALL, "--lang", "en", columns=100)
    for written in ("2015 ", "2016-02 ", "2016-06-30 ", "2016-12? ", "2019~ "):
        assert any(line.startswith(written) for line in out.splitlines()), written
    # An interval too wide for the date column breaks after its slash.
    assert "\n2017-03/     Beijing target\n2018-06      target · CN-BJ" in out
    # A month is never shown as its first day.
    assert "2016-02-01" not in out


def test_lang_default_is_both_at_every_width() -> None:
    # The layout adapts to the width; the language does not (policytl.cli.settings).
    english = "By 2022, initially build Beijing into an influential hub"
    for columns in (60, 80, 99, 100, 160):
        out = show("--kind", "target", columns=columns)
        assert english in out.replace("\n             ", " "), columns
        assert out == show("--kind", "target", "--lang", "both", columns=columns), columns


def test_lang_en_has_no_chinese_titles() -> None:
    out = show("--lang", "en", "--kind", "target")
    assert out == (
        "Beijing's blockchain policy path (after a PANews analysis of 2020-07-01)\n"
        "Jurisdictions: CN China · CN-BJ Beijing\n"
        "English texts: unofficial translation by the policytl curators\n"
        "\n"
        "2020  1 event\n"
        "2020-06-30   By 2022, initially build Beijing into an influential hub of blockchain"
        " sci-tech\n"
        "             innovation, application demonstration, industry development and innovative"
        " talent\n"
        "             target · CN-BJ · Beijing · due 2022 · 1 source\n"
        "\n"
        "1 event\n"
    )


def test_lang_is_case_insensitive_and_checked() -> None:
    assert show("--lang", "EN", "--kind", "target") == show("--lang", "en", "--kind", "target")
    result = invoke(["show", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: invalid value for --lang: 'fr' is not one of zh, en, both "
        "(see 'policytl show --help')\n"
    )


def test_detail_adds_documents_summaries_quotes_notes() -> None:
    plain = show("--since", "2017", "--until", "2017")
    detail = show("--since", "2017", "--until", "2017", "--detail")
    for label in ("ID ", "Document ", "Summary ", "Quote ", "Note ", "Tags "):
        assert label not in plain
        assert f"             {label}" in detail
    assert "《中关村国家自主创新示范区促进科技金融深度融合创新发展支持资金管理办法》" in detail
    assert "— PANews 2020-07-01" in detail
    # the small fixture's document, locator and URL
    small = show("--data", SMALL, "--detail", "--since", "2019", "--lang", "en")
    assert "Document Statistics Document" in small
    assert "“figure” (p. 3)" in small
    assert "URL      https://example.org/stat" in small


# --- colour, NO_COLOR, pipes ----------------------------------------------------------------


def test_not_a_tty_is_plain() -> None:
    out = show("--since", "2016", "--detail")
    assert_plain(out)


def test_force_color_colours_and_no_color_wins() -> None:
    plain = show("--since", "2016")
    coloured = show("--since", "2016", FORCE_COLOR="1")
    assert "\x1b[" in coloured
    # The colours are the only difference: the text is the same.
    assert SGR.sub("", coloured) == plain
    # CN-BJ rows are cyan and CN rows red (the jurisdiction legend's colours).
    assert re.search(r"\x1b\[[0-9;]*36mCN-BJ\x1b\[0m", coloured)
    assert re.search(r"\x1b\[[0-9;]*31m2016-12\x1b\[0m", coloured)
    assert show("--since", "2016", FORCE_COLOR="1", NO_COLOR="1") == plain
    assert show("--since", "2016", NO_COLOR="1") == plain


def test_companions_respect_no_color() -> None:
    for cmd in ("bodies", "tags", "kinds", "jurisdictions"):
        coloured = invoke([cmd], env={"FORCE_COLOR": "1"}).stdout
        plain = invoke([cmd], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
        assert "\x1b[" in coloured
        assert_plain(plain)
        assert SGR.sub("", coloured) == plain


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "policytl", *args],
        capture_output=True,
        env=child_env(**(env or {})),
        cwd=ROOT,
        check=False,
    )


def test_real_pipe_is_plain_utf8() -> None:
    proc = _run_cli("show", "--since", "2016")
    assert proc.returncode == 0
    assert proc.stderr == b""
    out = proc.stdout.decode("utf-8")
    assert_plain(out)
    # not a terminal and no COLUMNS: 100 columns, so both languages
    assert out == show("--since", "2016", columns=100)


def test_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    # Enough events to overflow a pipe buffer, then the reader goes away (`| head -1`).
    data = big_timeline(tmp_path / "big.yaml")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytl", "show", "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=child_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait() == 0
    assert first == b"Jurisdictions: CN China\n"
    assert err == b""


# --- CJK alignment ----------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    """The line as terminal cells: a wide character fills its cell and a placeholder."""
    out: list[str] = []
    for ch in line:
        out.append(ch)
        out.extend("\0" * (get_character_cell_size(ch) - 1))
    return out


def test_wide_columns_align_with_chinese_text() -> None:
    out = show("--lang", "zh", columns=120)
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Date "))
    starts = [header.index(h) for h in ("Kind", "Jur.", "Issuers", "Title")]
    src_end = cell_len(header)  # Src is right-aligned under its heading
    rows = [line for line in lines if ROW.match(line)]
    assert len(rows) == 15
    for row in rows:
        cells = _cells(row)
        for start in starts:
            assert cells[start - 1] == " " and cells[start] not in (" ", "\0"), (row, start)
        # Every row's first line is one line of Chinese title plus its source count.
        assert len(cells) == src_end, row
        assert cells[-1] == "1"
        # The title column really holds double-width text.
        title = "".join(cells[starts[3] :]).replace("\0", "")
        assert cell_len(title) > len(title)


DETAIL_LABELS = ("ID", "Document", "Summary", "Quote", "Note", "Tags", "URL")


def test_compact_continuation_lines_align_with_chinese_text() -> None:
    out = show("--lang", "both", "--detail", columns=80)
    for line in out.splitlines():
        if ROW.match(line):
            # the event column starts after the 11-cell date column and 2 blanks
            assert _cells(line)[13] not in (" ", "\0")
            assert _cells(line)[11:13] == [" ", " "]
        elif line.startswith(" "):
            # the event column, or the values of --detail after their labels
            indent = len(line) - len(line.lstrip(" "))
            assert indent in (13, 22), line
            if indent == 13 and line.split()[0] in DETAIL_LABELS:
                assert _cells(line)[21] == " " and _cells(line)[22] not in (" ", "\0"), line


def test_chinese_wraps_at_character_boundaries_and_keeps_numbers_whole() -> None:
    out = show("--lang", "zh", "--since", "2017", "--until", "2017", columns=50)
    assert out.splitlines()[4:10] == [
        "2017-04      北京市发布首个对区块链企业予以资金支",
        "             持的政策:对开展区块链等前沿技术示范应",
        "             用的企业按合同或采购协议金额30%支持,",
        "             单个项目最高500万元",
        "             document-issued · CN-BJ · 北京市 ·",
        "             1 source",
    ]


# --- hostile text ------------------------------------------------------------------------------


def test_hostile_text_prints_literally() -> None:
    out = show("--data", HOSTILE, "--detail", "--lang", "both")
    assert_plain(out)
    assert out == (
        "[bold red]Hostile[/bold red] timeline\n"
        "Jurisdictions: CN 中国\\x1b[2J / [blink]China[/blink]\n"
        "\n"
        "2020  1 event\n"
        "2020-01      标题[bold]x[/bold]\\x1b[31m红色\n"
        "             [link=file:///etc/passwd]click[/link] \\x1b[31mred\\x1b[0m \\u202eevil\n"
        "             statement · CN · 恶意\\x1b[31m机构 / [reverse]Evil[/reverse] body"
        " · 1 source\n"
        "             ID       hostile\n"
        "             Document [i]doc[/i]\n"
        "             Summary  line\\x0dback\\x08space\\x07bell\n"
        "             Quote    “[bold]quote[/bold]\\x1b[1m”\n"
        "                      — \\x1b]8;;file:///etc/passwd\\x1b\\pub\\x1b]8;;\\x1b\\\n"
        "             Note     \\x1b]0;window title\\x07 note\n"
        "             Tags     hostile\n"
        "\n"
        "1 event\n"
    )


def test_hostile_text_in_colour_is_still_literal() -> None:
    plain = show("--data", HOSTILE, "--detail", "--lang", "both")
    coloured = show("--data", HOSTILE, "--detail", "--lang", "both", FORCE_COLOR="1")
    # Every escape sequence in the output is one of ours (SGR colour codes); removing
    # them gives the plain text, so none came from the data and no markup was applied.
    assert SGR.sub("", coloured) == plain
    assert "\x1b]" not in coloured and "\u202e" not in coloured


def test_hostile_companions() -> None:
    out = invoke(["bodies", "--data", HOSTILE]).stdout
    assert "恶意\\x1b[31m机构" in out and "[reverse]Evil[/reverse] body" in out
    assert_plain(out)
    out = invoke(["jurisdictions", "--data", HOSTILE]).stdout
    assert "中国\\x1b[2J" in out and "[blink]China[/blink]" in out
    assert_plain(out)


# --- no match, formats, data sources ----------------------------------------------------------


def test_no_match_message_names_the_filters() -> None:
    result = invoke(["show", "--since", "2030"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "policytl: no event matches --since 2030\n"
    result = invoke(["show", "--body", "pboc", "--tag", "funding", "--search", "no such text"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "policytl: no event matches --body pboc --tag funding --search 'no such text'\n"
    )


def test_data_without_events(tmp_path: Path) -> None:
    data = tmp_path / "empty.yaml"
    data.write_text("format: policytl/1\nevents: []\n", encoding="utf-8")
    result = invoke(["show", "--data", str(data)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "policytl: the data has no events\n"


def test_no_match_in_json_is_an_empty_document() -> None:
    result = invoke(["show", "--until", "2015", "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == "policytl: no event matches --until 2015\n"
    doc = json.loads(result.stdout)
    assert doc["events"] == []
    assert doc["format"] == "policytl/1"


def test_format_json_is_the_export_document() -> None:
    result = invoke(["show", "--jurisdiction", "national", "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    timeline = load_timeline()
    selected = timeline.with_events(select(timeline, Filters(jurisdictions=("national",))))
    assert result.stdout == render(Format.JSON, selected)
    doc = json.loads(result.stdout)
    assert [e["id"] for e in doc["events"]] == [
        "state-council-13th-fyp-informatization",
        "top-leadership-blockchain-core-technology",
        "blockchain-new-infrastructure",
        "government-blockchain-procurement-count",
    ]
    first = doc["events"][0]
    assert (first["date"], first["start"], first["end"], first["precision"]) == (
        "2016-12",
        "2016-12-01",
        "2016-12-31",
        "month",
    )
    assert first == timeline.events[4].to_json()
    assert "\x1b" not in result.stdout


def test_format_json_ignores_width_and_colour() -> None:
    a = invoke(["show", "-f", "json"], env={"COLUMNS": "40", "FORCE_COLOR": "1"}).stdout
    b = invoke(["show", "-f", "json"]).stdout
    assert a == b
    assert json.loads(a)["events"][0]["title"]["zh"] == "中关村区块链产业联盟正式成立"


def test_format_markdown_goes_through_the_export_registry() -> None:
    # Format.MARKDOWN comes with the export work (issue 4); until it is merged
    # `show --format markdown` says so instead of failing obscurely.
    result = invoke(["show", "--since", "2020", "--format", "markdown"])
    try:
        fmt = Format("markdown")
    except ValueError:
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "policytl: error: --format markdown is not available in this build\n"
        )
        # said before anything else, even when nothing would match
        nothing = invoke(["show", "--since", "2030", "--format", "markdown"])
        assert nothing.stderr == result.stderr
        return
    timeline = load_timeline()
    filters = Filters(since="2020")
    selected = timeline.with_events(select(timeline, filters))
    options = ExportOptions(filters=filters.describe())
    assert result.exit_code == 0
    assert result.stdout == render(fmt, selected, options)


def test_format_is_checked() -> None:
    result = invoke(["show", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: invalid value for --format: 'xml' is not one of text, json, markdown "
        "(see 'policytl show --help')\n"
    )


def test_policytl_data_env_replaces_the_embedded_data() -> None:
    out = show("--lang", "en", POLICYTL_DATA=SMALL)
    assert out.startswith("Small timeline\n")
    assert out.endswith("\n6 events\n")
    # --data wins over the environment
    out = show("--lang", "en", "--data", HOSTILE, POLICYTL_DATA=SMALL)
    assert out.startswith("[bold red]Hostile")


def test_policytl_data_env_holds_several_paths(tmp_path: Path) -> None:
    a, b = _split_fixture(tmp_path)
    out = show("--lang", "en", POLICYTL_DATA=f"{a}{os.pathsep}{b}")
    assert out.endswith("\n6 events\n")


def _split_fixture(tmp_path: Path) -> tuple[Path, Path]:
    """The small fixture as two files: registries in one, events in the other."""
    text = Path(SMALL).read_text(encoding="utf-8")
    head, _, events = text.partition("events:\n")
    folder = tmp_path / "data"
    folder.mkdir()
    a = folder / "a-registries.yaml"
    b = folder / "b-events.yaml"
    a.write_text(head, encoding="utf-8")
    b.write_text("format: policytl/1\nevents:\n" + events, encoding="utf-8")
    (folder / "README.txt").write_text("not data", encoding="utf-8")
    return a, b


def test_data_folder(tmp_path: Path) -> None:
    a, _ = _split_fixture(tmp_path)
    folder = a.parent
    assert show("--data", str(folder)) == show("--data", SMALL)
    assert show("--data", str(folder), "--kind", "target", "--lang", "en").count("\n2017-03/") == 1


def test_missing_data_is_an_error() -> None:
    result = invoke(["show", "--data", "no/such/file.yaml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "policytl: error: no/such/file.yaml: no such file or folder\n"


@pytest.mark.parametrize("columns", [20, 30, 40, 50, 70, 99, 119, 120, 150, 200])
@pytest.mark.parametrize("detail", [[], ["--detail"]])
def test_no_line_is_wider_than_the_terminal(columns: int, detail: list[str]) -> None:
    out = show("--lang", "both", *detail, columns=columns)
    assert_plain(out)
    # narrower than MIN_WIDTH is drawn at MIN_WIDTH (policytl.cli.context.clamp_width)
    assert max(cell_len(line) for line in out.splitlines()) <= max(columns, 40)
    if columns >= 120:
        return  # the wide layout interleaves columns on a line
    # nothing is lost: every title is there (folded onto lines, so compare without blanks)
    squeezed = re.sub(r"\s+", "", out)
    for e in load_timeline().events:
        assert re.sub(r"\s+", "", e.title.zh or "") in squeezed


def test_very_narrow_terminals_put_the_date_above() -> None:
    # The command line draws nothing narrower than 40 columns; the library can.
    import io

    from policytl.cli.context import Environment
    from policytl.cli.output import emit
    from policytl.model.records import Lang
    from policytl.render.timeline import render_timeline, timeline_lines

    timeline = load_timeline([SMALL])
    events = select(timeline, Filters(since="2017", until="2017"))
    buf = io.StringIO()
    env = Environment(stdout=buf, stderr=buf, stdout_isatty=False, color=False, width=30)
    blocks = timeline_lines(timeline.with_events(events), lang=Lang.EN, width=30)
    emit(env, render_timeline(blocks))
    assert buf.getvalue() == (
        "Small timeline\n"
        "Jurisdictions: CN China ·\n"
        "CN-BJ Beijing · CN-SH Shanghai\n"
        "English texts: unofficial\n"
        "\n"
        "2017  1 event\n"
        "2017-03/\n"
        "2018-06\n"
        "  Beijing target\n"
        "  target · CN-BJ · Ministry,\n"
        "  Beijing · 1 source\n"
        "\n"
        "1 event\n"
    )


def test_hostile_filter_values_are_escaped_in_messages() -> None:
    result = invoke(["show", "--search", "\x1b[2Jx"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "policytl: no event matches --search '\\x1b[2Jx'\n"


def test_render_timeline_takes_any_iterable_and_never_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from rich.console import Console

    from policytl.model.records import Lang
    from policytl.render import Trimmed
    from policytl.render.timeline import render_timeline, timeline_lines

    timeline = load_timeline()
    events = (e for e in timeline.events if e.date.start.year >= 2016)  # a generator
    renderables = render_timeline(timeline_lines(timeline, events, lang=Lang.BOTH, width=100))
    assert capsys.readouterr() == ("", "")  # building them writes nothing
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None, markup=False, emoji=False)
    for r in renderables:
        console.print(Trimmed(r))
    assert capsys.readouterr() == ("", "")
    assert buf.getvalue() == show("--since", "2016")
