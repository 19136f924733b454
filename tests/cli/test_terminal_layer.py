"""The one terminal output layer (issue 21): no raw control sequence from data reaches a
terminal, whatever command and format printed it; pipes and files keep each format's text.

Every command and format runs on tests/hostile/text-terminal-every-view.yaml (control
sequences, OSC 52 clipboard writes and bidi overrides in every text the data has) in a
real pseudo-terminal (tests/ptyrun.py), long output through a pager. What the terminal
receives, once policytl's own colours (SGR) and the tty's CRLF line ends are taken out,
holds no ESC, C0 (but tab and newline), DEL, C1 or bidi control.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from policytl.cli.output import terminal_text

from ..conftest import invoke
from ..ptyrun import run_in_pty

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
DATA = HOSTILE / "text-terminal-every-view.yaml"

SGR = re.compile(r"\x1b\[[0-9;]*m")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: what a view shows for the data's control characters (BibTeX spells the backslash)
SHOWN = re.compile(r"(\\|\\textbackslash\{\})(x1b|x9b|u202e|u001b|u009b)")

MARK = "=== policytl run "

#: runs each command line in one process, one after the other, on the same terminal
DRIVER = """
import json, sys
from policytl.__main__ import main
for n, argv in enumerate(json.loads(sys.argv[1])):
    sys.stdout.write("%s%d ===\\n" % (MARK, n))
    sys.stdout.flush()
    try:
        main(argv)
    except SystemExit as exc:
        sys.stdout.write("%sstatus %s ===\\n" % (MARK, exc.code))
        sys.stdout.flush()
""".replace("MARK", repr(MARK))


def _argvs(data: str, other: str) -> list[list[str]]:
    d = ["--data", data]
    export = ("markdown", "json", "csv", "ics", "mermaid", "timelinejs", "markwhen", "html")
    return [
        ["validate", data],
        ["validate", "--format", "json", data],
        ["show", *d],
        ["show", "--detail", "--lang", "both", *d],
        ["show", "--detail", "--lang", "zh", *d],
        ["show", "--chart", *d],
        ["show", "--chart", "--lanes", "body", *d],
        *(["show", "--format", f, *d] for f in ("json", "markdown")),
        *([name, *d] for name in ("bodies", "tags", "kinds", "jurisdictions")),
        *([name, "--format", "json", *d] for name in ("bodies", "tags", "jurisdictions")),
        *(["export", "--format", f, *d] for f in export),
        ["export", "--format", "csv", "--excel", *d],
        ["export", "--format", "markdown", "--style", "table", "--title", "\x1b[31m\u202e", *d],
        *(["compare", "CN", "CN-BJ", "--format", f, *d] for f in ("text", "json", "markdown")),
        ["compare", "CN", "CN-BJ", "--summary", *d],
        *(["diff", data, other, "--format", f] for f in ("text", "json", "markdown")),
        *(["stats", "--format", f, *d] for f in ("text", "json", "markdown", "csv")),
        ["stats", "--period", "month", *d],
        *(["cite", "--format", f, *d] for f in ("text", "bibtex", "csl-json")),
    ]


def _other(tmp_path: Path) -> str:
    """A second version of the data for diff: a title changed, an event gone, one new."""
    text = DATA.read_text(encoding="utf-8")
    text = text.replace('"Second\\e[8m', '"Second changed\\e]52;c;eA==\\a\\e[8m')
    text = text.replace("id: first", "id: first-renamed\x20")
    path = tmp_path / "other.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_corpus_case_validates() -> None:
    result = invoke(["validate", str(DATA)])
    assert result.exit_code == 0, result.stdout


def test_no_control_sequence_from_data_reaches_a_terminal(tmp_path: Path) -> None:
    hostile_name = tmp_path / "tl\x1b]52;c;eA==\x07\u202e.yaml"  # validate shows the name
    shutil.copy(DATA, hostile_name)
    data = str(hostile_name)
    argvs = _argvs(data, _other(tmp_path))
    run = run_in_pty(
        [sys.executable, "-c", DRIVER, json.dumps(argvs)],
        rows=24,
        columns=100,
        env={"POLICYTL_PAGER": "cat -u"},  # long output through a pager, to the terminal
        timeout=300,
    )
    assert run.status == 0
    parts = run.output.split(MARK)[1:]
    starts = [p for p in parts if not p.startswith("status ")]
    assert len(starts) == len(argvs), run.output[-2000:]
    for argv, shown in zip(argvs, starts, strict=True):
        # the tty ends lines with CRLF; a CR before a newline (CSV, iCalendar) does nothing
        received = SGR.sub("", shown.split("===", 1)[1]).replace("\r\n", "\n")
        received = received.replace("\r\n", "\n")
        bad = UNSAFE.search(received)
        assert bad is None, f"{argv}: raw {bad.group()!r} in {received[:3000]!r}"
        if argv[0] not in ("tags", "kinds"):  # tags and kinds are plain words (validated)
            assert SHOWN.search(received), f"{argv} shows no data: {received[:3000]!r}"
    statuses = [p.split()[1] for p in parts if p.startswith("status ")]
    assert set(statuses) <= {"0", "1"}, statuses  # diff says 1: the versions differ


@pytest.mark.parametrize(
    "argv",
    [
        *(["export", "--format", f] for f in ("csv", "markdown", "ics", "json", "markwhen")),
        *(["cite", "--format", f] for f in ("text", "bibtex", "csl-json")),
    ],
    ids=" ".join,
)
def test_a_pipe_and_a_file_get_the_same_bytes(argv: list[str], tmp_path: Path) -> None:
    """Into a pipe (CliRunner's stdout is no terminal) the text is the format's own,
    byte for byte what -o writes: escaping is for terminals only."""
    piped = invoke([*argv, "--data", str(DATA)])
    assert piped.exit_code == 0, piped.stderr
    out = tmp_path / "out.txt"
    assert invoke([*argv, "--data", str(DATA), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == piped.stdout_bytes


def test_terminal_text_escapes_what_could_act_on_a_terminal() -> None:
    assert terminal_text("a\x1b]52;c;eA==\x07b\r\nc\rd\te\x9b\u202ef\u2066\x7f\n") == (
        "a\\x1b]52;c;eA==\\x07b\r\nc\\x0dd\te\\x9b\\u202ef\\u2066\\x7f\n"
    )
