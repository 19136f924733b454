"""`policytl add`: one event, checked with the whole file, written as a pure addition."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from policytl.curate.add import render_event, suggest_id
from policytl.curate.fmt import format_text
from policytl.curate.skeleton import skeleton

from ..conftest import child_env, invoke

FLAGS = [
    "--date", "2024-03", "--kind", "pilot-approved", "-j", "CN", "--issuer",
    "example-ministry", "--title-en", "The Example Ministry approves a pilot",
    "--quote", "The ministry approved the pilot in March.",
]  # fmt: skip

EVENT = """\
  - id: example-ministry-approves-pilot
    date: "2024-03"
    kind: pilot-approved
    jurisdiction: CN
    issuers: [example-ministry]
    title: {en: The Example Ministry approves a pilot}
    sources:
      - source: example-source
        quote: The ministry approved the pilot in March.
"""

#: seconds without output after which the terminal test gives up (a hang guard)
HANG = 120

#: the skeleton with odd but valid layout elsewhere: add must leave it byte for byte
ODD = (
    skeleton()
    .replace("publisher: Example News", "publisher: 'Example News'   # single quotes, kept")
    .replace("    aliases: [china, national]", "    aliases:\n    - china\n    - national")
)


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    f = tmp_path / "timeline.yaml"
    f.write_text(ODD, encoding="utf-8")
    return f


def added_lines(old: str, new: str) -> list[str]:
    """The lines a diff adds; it must remove none."""
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
    assert [line for line in diff if line.startswith("-") and not line.startswith("---")] == []
    return [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def test_add_with_flags_adds_exactly_the_event(timeline: Path) -> None:
    result = invoke(["add", str(timeline), *FLAGS])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"policytl: added event 'example-ministry-approves-pilot' (2024-03) to {timeline}\n"
    )
    new = timeline.read_text(encoding="utf-8")
    assert added_lines(ODD, new) == ["", *EVENT.splitlines()]
    assert new == ODD + "\n" + EVENT


def test_the_event_goes_where_fmt_puts_it(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(skeleton(), encoding="utf-8")
    flags = [*FLAGS]
    flags[1] = "2023"
    assert invoke(["add", str(f), *flags]).exit_code == 0
    new = f.read_text(encoding="utf-8")
    assert added_lines(skeleton(), new) == [
        *EVENT.replace('"2024-03"', '"2023"').splitlines(),
        "",
    ]
    assert format_text(new) == new


def test_names_and_aliases_become_ids_and_typed_dates_iso(timeline: Path) -> None:
    flags = [*FLAGS]
    flags[1] = "2024年3月"
    flags[flags.index("example-ministry")] = "Example Ministry"
    flags[flags.index("CN")] = "china"
    result = invoke(["add", str(timeline), *flags])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "policytl: read date '2024年3月' as \"2024-03\""
    assert timeline.read_text(encoding="utf-8") == ODD + "\n" + EVENT


def test_missing_fields_without_a_terminal_are_a_usage_error(timeline: Path) -> None:
    result = invoke(["add", str(timeline), "--date", "2024"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "policytl: error: missing --kind, --title-zh or --title-en, --quote "
        "(run it in a terminal, or with -i, to be asked)\n"
    )
    assert timeline.read_text(encoding="utf-8") == ODD


def test_an_event_that_would_make_the_file_invalid_is_refused(timeline: Path) -> None:
    flags = [*FLAGS, "--source", "example-sorce", "--id", "x"]
    result = invoke(["add", str(timeline), *flags])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{timeline}:63:17: events[1] (id: x).sources[0].source: unknown source "
        "'example-sorce' (did you mean 'example-source'?)\n"
        f"policytl: error: the event was not added: it would make {timeline} invalid\n"
    )
    assert timeline.read_text(encoding="utf-8") == ODD


def test_an_invalid_file_is_not_touched(timeline: Path) -> None:
    bad = ODD.replace("level: central", "level: federal")
    timeline.write_text(bad, encoding="utf-8")
    result = invoke(["add", str(timeline), *FLAGS])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"policytl: error: {timeline} is not valid; fix it first (nothing was added)"
    )
    assert timeline.read_text(encoding="utf-8") == bad


def test_prompts_ask_for_what_is_missing(timeline: Path) -> None:
    answers = "\n".join(
        ["soon", "2024-3", "speach", "statement", "", "", "", "A statement", "", "Quoted."]
        + [""] * 5  # no locator, tags, URL or note; the suggested id
    )
    result = invoke(["add", str(timeline), "-i"], input=answers + "\n")
    assert result.exit_code == 0, result.stderr
    new = timeline.read_text(encoding="utf-8")
    assert added_lines(ODD, new) == [
        "",
        "  - id: statement",
        '    date: "2024-03"',
        "    kind: statement",
        "    jurisdiction: CN",
        "    issuers: []",
        "    title: {en: A statement}",
        "    sources:",
        "      - source: example-source",
        "        quote: Quoted.",
    ]


def test_dry_run_prints_the_lines_and_writes_nothing(timeline: Path) -> None:
    result = invoke(["add", str(timeline), *FLAGS, "--dry-run"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "\n" + EVENT
    assert timeline.read_text(encoding="utf-8") == ODD


def test_a_file_without_events_gets_a_list(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    head = skeleton().split("\n# The events", 1)[0] + "\n"
    f.write_text(head, encoding="utf-8")
    assert invoke(["add", str(f), *FLAGS]).exit_code == 0
    assert f.read_text(encoding="utf-8") == head + "\nevents:\n" + EVENT


def test_suggested_ids() -> None:
    taken = {"beijing-issues-plan"}
    assert suggest_id("Beijing issues a plan", date="2020", kind="k", jurisdiction="CN-BJ",
                      taken=taken) == "beijing-issues-plan-2"  # fmt: skip
    assert suggest_id(None, date="2020-06?", kind="document-issued", jurisdiction="CN-BJ",
                      taken=set()) == "cn-bj-2020-06-document-issued"  # fmt: skip


def test_render_event_indents_like_the_file() -> None:
    event = {"id": "a", "date": "2020", "kind": "k", "jurisdiction": "CN", "issuers": [],
             "title": {"en": "T"}, "sources": [{"source": "s", "quote": "q"}]}  # fmt: skip
    assert render_event(event, 0).splitlines()[:2] == ["- id: a", '  date: "2020"']
    assert render_event(event, 4).splitlines()[:2] == ["    - id: a", '      date: "2020"']


def test_a_terminal_is_asked_without_i(tmp_path: Path) -> None:
    """In a pseudo-terminal, add asks for what is missing (no -i needed)."""
    import os
    import select
    import subprocess
    import sys

    pty = pytest.importorskip("pty")
    f = tmp_path / "timeline.yaml"
    f.write_text(skeleton(), encoding="utf-8")
    master, slave = pty.openpty()
    env = child_env()
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytl", "add", str(f), "--date", "2025", "--kind",
         "statement", "-j", "CN", "--quote", "Quoted."],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    # issuers: none; title zh: none; title en; the only source; no locator, tags, URL
    # or note; the suggested id
    os.write(master, b"\n\nA terminal statement\n\n\n\n\n\n\n")
    out = b""
    while select.select([master], [], [], HANG)[0]:  # a hang guard, not a timing
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0, out.decode("utf-8", "replace")
    text = out.decode("utf-8").replace("\r\n", "\n")
    assert "Id [terminal-statement]: " in text
    assert f.read_text(encoding="utf-8") == skeleton() + (
        "\n"
        "  - id: terminal-statement\n"
        '    date: "2025"\n'
        "    kind: statement\n"
        "    jurisdiction: CN\n"
        "    issuers: []\n"
        "    title: {en: A terminal statement}\n"
        "    sources:\n"
        "      - source: example-source\n"
        "        quote: Quoted.\n"
    )


# --- issue 21: add rewrites only what it adds; hostile input and environments -----------

MINIMAL = (Path(__file__).resolve().parents[1] / "hostile" / "valid-minimal.yaml").read_text(
    encoding="utf-8"
)
NEW = ["--date", "2020-01", "--kind", "statement", "--title-en", "New", "--quote", "Q"]


def test_a_flow_list_of_events_gets_the_event_and_nothing_else_changes(tmp_path: Path) -> None:
    head = MINIMAL[: MINIMAL.index("events:")]
    old = (
        head + 'events: [{id: first, date: "2016-02", kind: statement, jurisdiction: CN, '
        'issuers: [gov], title: {en: First event}, sources: [{source: src, quote: "a"}]}]  # c\n'
    )
    f = tmp_path / "t.yaml"
    f.write_text(old, encoding="utf-8")
    assert invoke(["add", str(f), *NEW]).exit_code == 0
    new = f.read_text(encoding="utf-8")
    added = (
        ', {"id": "new", "date": "2020-01", "kind": "statement", "jurisdiction": "CN", '
        '"issuers": [], "title": {"en": "New"}, "sources": [{"source": "src", "quote": "Q"}]}'
    )
    assert new == old.replace('"a"}]}]  # c', '"a"}]}' + added + "]  # c")


def test_a_crlf_file_stays_crlf_and_a_bom_stays(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    assert invoke(["add", str(f), *NEW]).exit_code == 0
    data = f.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    assert data.count(b"\n") == data.count(b"\r\n")


@pytest.mark.parametrize("quote", ["a\rb", "a\x85b", "a\u2028b", "a\u2029b", "a\r\nb"])
def test_a_quote_with_any_line_break_reads_back_exactly(tmp_path: Path, quote: str) -> None:
    from policytl import load_timeline

    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    result = invoke(["add", str(f), *NEW[:-1], quote])
    assert result.exit_code == 0, result.stderr
    (event,) = [e for e in load_timeline(str(f)).events if e.id == "new"]
    assert event.sources[0].quote == quote


@pytest.mark.parametrize(
    ("title", "event_id", "after"), [("First", "first-2", True), ("Alpha", "alpha", False)]
)
def test_events_of_one_date_are_ordered_by_id(
    tmp_path: Path, title: str, event_id: str, after: bool
) -> None:
    """A tie on the date: the id decides, as fmt sorts (before or after the equal date)."""
    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    args = ["--date", "2016-02", "--kind", "statement", "--quote", "Q", "--title-en", title]
    args += ["--id", event_id]
    assert invoke(["add", str(f), *args]).exit_code == 0
    text = f.read_text(encoding="utf-8")
    assert (text.index("id: first\n") < text.index(f"id: {event_id}\n")) is after


def test_the_id_suggested_after_a_collision_counts_on() -> None:
    taken = {"new", "new-2"}
    assert suggest_id("New", date="2020", kind="k", jurisdiction="CN", taken=taken) == "new-3"


def test_add_refuses_json_with_one_line(tmp_path: Path) -> None:
    f = tmp_path / "t.json"
    f.write_text('{"format": "policytl/1"}', encoding="utf-8")
    result = invoke(["add", str(f), *NEW])
    assert (result.exit_code, result.stderr) == (
        2,
        f"policytl: error: add edits YAML files only; {f} is JSON (add the event to it by hand)\n",
    )


def test_the_file_itself_among_the_data_is_read_once(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    result = invoke(["add", str(f), "-d", str(f), *NEW])
    assert result.exit_code == 0, result.stderr


def test_closed_stdin_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "policytl", "add", str(f), "-i"],
        capture_output=True,
        text=True,
        env=child_env(),
        preexec_fn=lambda: os.close(0),  # as the shell's <&- does
        timeout=HANG,
    )
    assert run.returncode == 2
    assert run.stderr.endswith("policytl: error: no answer to 'Date': standard input is closed\n")


def test_chinese_answers_under_an_ascii_locale(tmp_path: Path) -> None:
    import subprocess
    import sys

    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    answers = "2020-06\nstatement\nCN\n\n试点通知\n\nsrc\n原文\n\n\n\n\n\n"
    run = subprocess.run(
        [sys.executable, "-m", "policytl", "add", str(f), "-i"],
        input=answers.encode(),
        capture_output=True,
        env=child_env(PYTHONIOENCODING="ascii"),
        timeout=HANG,
    )
    assert run.returncode == 0, run.stderr
    assert "    title: {zh: 试点通知}\n" in f.read_text(encoding="utf-8")


def test_piped_answers_are_echoed_escaped(timeline: Path) -> None:
    answers = "2024-03\nstatement\n\n\n\x1b]52;c;eA==\x07T\n\n\nQ\n\n\n\n\n\n"
    result = invoke(["add", str(timeline), "-i", "--dry-run"], input=answers)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr and "\\x1b]52;c;eA==\\x07T\n" in result.stderr


#: every text option of add, with a value made of bytes that are not UTF-8
NOT_UTF8 = "a\udcffb"


TEXT_OPTIONS = [
    "--date", "--due", "--kind", "-j", "-b", "--title-zh", "--title-en", "--source",
    "--quote", "--locator", "--tag", "--note", "--url", "--id",
]  # fmt: skip


@pytest.mark.parametrize("option", TEXT_OPTIONS)
def test_a_text_option_that_is_not_utf8_is_a_usage_error(tmp_path: Path, option: str) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    result = invoke(["add", str(f), *NEW, option, NOT_UTF8])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "policytl: error: the command line holds bytes that are not UTF-8 text (b'\\xff'); "
        "give text options as UTF-8\n"
    )
    assert f.read_text(encoding="utf-8") == MINIMAL


def test_title_zh_of_raw_bytes_is_exit_2(tmp_path: Path) -> None:
    """The reproduction of issue 21: `add --title-zh $'\\xff'` from a real command line."""
    import os
    import subprocess
    import sys

    f = tmp_path / "t.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    args = ["add", str(f), *NEW, "--dry-run"]
    run = subprocess.run(
        [sys.executable, "-m", "policytl", *map(os.fsencode, args), b"--title-zh", b"\xff"],
        capture_output=True,
        env=child_env(),
        timeout=HANG,
        check=False,
    )
    assert (run.returncode, run.stdout) == (2, b"")
    assert run.stderr == (
        b"policytl: error: the command line holds bytes that are not UTF-8 text (b'\\xff'); "
        b"give text options as UTF-8\n"
    )


# --- documents, scopes and lifecycle kinds -------------------------------------------------

LIFE = """\
format: policytl/1

sources:
  oj:
    title: {en: Official Journal}

jurisdictions:
  EU:
    name: {en: European Union}

documents:
  ai-act:
    title: {en: Artificial Intelligence Act}
    type: regulation
    jurisdiction: EU

events:
  - id: ai-act-in-force
    date: "2024-08-01"
    kind: in-force
    jurisdiction: EU
    issuers: []
    title: {en: The AI Act enters into force}
    document: ai-act
    sources:
      - source: oj
        quote: shall enter into force
"""


@pytest.fixture
def life(tmp_path: Path) -> Path:
    f = tmp_path / "life.yaml"
    f.write_text(LIFE, encoding="utf-8")
    return f


def test_document_and_scope_options(life: Path) -> None:
    flags = [
        "--date", "2025-02-02", "--kind", "applies", "--title-en", "The prohibitions apply",
        "--document", "Artificial Intelligence Act", "--scope-en", "Chapter II",
        "--scope-zh", "第二章", "--quote", "Chapters I and II shall apply",
    ]  # fmt: skip
    result = invoke(["add", str(life), *flags])
    assert result.exit_code == 0, result.stderr
    new = life.read_text(encoding="utf-8")
    assert added_lines(LIFE, new) == [
        "",
        "  - id: prohibitions-apply",
        '    date: "2025-02-02"',
        "    kind: applies",
        "    jurisdiction: EU",
        "    issuers: []",
        "    title: {en: The prohibitions apply}",
        "    document: ai-act",
        "    sources:",
        "      - source: oj",
        "        quote: Chapters I and II shall apply",
        "    scope: {zh: 第二章, en: Chapter II}",
    ]
    assert format_text(new, "life.yaml") == new  # canonical


def test_an_unknown_document_is_a_usage_error(life: Path) -> None:
    flags = ["--date", "2025", "--kind", "applies", "--title-en", "T", "--quote", "Q"]
    result = invoke(["add", str(life), *flags, "--document", "ai-akt"])
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: unknown document 'ai-akt' for --document; did you mean 'ai-act'?\n"
    )
    assert life.read_text(encoding="utf-8") == LIFE


def test_prompts_offer_the_lifecycle_kinds_documents_and_a_scope(life: Path) -> None:
    answers = ["2025-02-02", "applies", "", "", "", "Prohibitions apply", "ai-act", "Chapter II"]
    answers += ["", "Chapters I and II shall apply", "", "", "", "", ""]
    result = invoke(["add", str(life), "-i"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    kinds = next(line for line in result.stderr.split(": ") if "in-force" in line)
    for kind in ("proposed", "adopted", "published", "in-force", "applies", "expired"):
        assert kind in kinds
    assert "Document (known: ai-act; empty for none)" in result.stderr
    assert "Which part applies, in English (empty for all of it)" in result.stderr
    added = added_lines(LIFE, life.read_text(encoding="utf-8"))
    assert "    document: ai-act" in added
    assert "    scope: {en: Chapter II}" in added


def test_an_event_equal_in_order_goes_after_the_one_in_the_file() -> None:
    """As a stable sort would place it: after every event it does not sort before
    (issue 21's planted bug: inserted before an equal key)."""
    from policytl.curate.add import insert_event

    text = 'events:\n  - id: a\n    date: "2020"\n\n  - id: b\n    date: "2021"\n'
    new = {"id": "a", "date": "2020", "title": {"en": "again"}}
    out = insert_event(text, new)
    assert out.startswith('events:\n  - id: a\n    date: "2020"\n\n  - id: a\n')
    assert out.index("again") < out.index("- id: b")
