"""Standard output that fails or cannot hold Chinese (issue 12): one line, never a crash.

Real processes (`python -m policytl` from this checkout), because what is under test is
what the interpreter does with file descriptors and encodings: /dev/full, a closed
stdout (`>&-`), a closed or full stderr, a reader that goes away, PYTHONIOENCODING and
the C locale.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import FIXTURES, ROOT, child_env

SMALL = str(FIXTURES / "export" / "small.yaml")
OTHER = str(ROOT / "data" / "timeline.yaml")

#: every command, and the two that print before any command runs
COMMANDS: list[list[str]] = [
    ["--version"],
    ["--help"],
    ["show", "--help"],
    ["show"],
    ["show", "--detail", "--lang", "both"],
    ["show", "--chart"],
    ["show", "-f", "json"],
    ["show", "-f", "markdown"],
    ["stats"],
    ["stats", "-f", "json"],
    ["compare", "CN-BJ", "CN"],
    ["compare", "CN-BJ", "CN", "-f", "json"],
    ["compare", "CN-BJ", "CN", "-f", "markdown"],
    ["diff", SMALL, OTHER],
    ["diff", SMALL, OTHER, "-f", "json"],
    ["diff", SMALL, OTHER, "-f", "markdown"],
    ["bodies"],
    ["bodies", "-f", "json"],
    ["tags"],
    ["kinds"],
    ["jurisdictions"],
    ["jurisdictions", "-f", "json"],
    ["validate"],
    ["validate", "-f", "json"],
    *(["export", "-f", f] for f in ("markdown", "json", "csv", "ics", "mermaid", "markwhen")),
    ["export", "-f", "timelinejs"],
    ["export", "-f", "html"],
    ["cite"],
    ["cite", "-f", "bibtex"],
    ["cite", "-f", "csl-json"],
]


def _names(commands: list[list[str]]) -> list[str]:
    return [" ".join(c).replace(SMALL, "SMALL").replace(OTHER, "OTHER") for c in commands]


#: each command once, and each way of writing stdout (Rich, plain, JSON, bytes, Click)
ONE_EACH = [
    c
    for c in COMMANDS
    if c[0] in ("--version", "--help", "kinds", "tags", "validate")
    or c in (["show", "--help"], ["show"], ["show", "-f", "json"], ["stats"], ["bodies"])
    or c in (["compare", "CN-BJ", "CN"], ["diff", SMALL, OTHER], ["jurisdictions"])
    or c in (["export", "-f", "json"], ["cite"])
]


def _run(
    argv: list[str], shell_redirect: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m policytl ARGV REDIRECT` through sh, so that `>&-` closes for real."""
    script = f'exec "$@" {shell_redirect}'
    return subprocess.run(
        ["sh", "-c", script, "sh", sys.executable, "-m", "policytl", *argv],
        capture_output=True,
        env=child_env(**{"COLUMNS": "100", **(env or {})}),
        cwd=ROOT,
        timeout=120,
        check=False,
    )


# --- stdout that cannot be written --------------------------------------------------------


@pytest.mark.parametrize("argv", ONE_EACH, ids=_names(ONE_EACH))
def test_full_disk(argv: list[str]) -> None:
    proc = _run(argv, ">/dev/full")
    assert (proc.returncode, proc.stderr.decode()) == (
        1,
        "policytl: error: cannot write to standard output: no space left on device\n",
    )


@pytest.mark.parametrize("argv", ONE_EACH, ids=_names(ONE_EACH))
def test_closed_stdout(argv: list[str]) -> None:
    proc = _run(argv, ">&-")
    assert (proc.returncode, proc.stderr.decode()) == (
        1,
        "policytl: error: cannot write to standard output: it is closed\n",
    )


def test_closed_stdout_is_fine_for_a_command_that_prints_nothing(tmp_path: Path) -> None:
    out = tmp_path / "t.md"
    proc = _run(["export", "-d", SMALL, "-o", str(out)], ">&-")
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert out.read_bytes() == _run(["export", "-d", SMALL]).stdout


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["show"], 0),
        (["--version"], 0),
        (["show", "--since", "someday"], 2),
        (["validate", str(ROOT / "tests" / "hostile" / "alias-in-events.yaml")], 1),
        (["diff", SMALL, OTHER], 1),
        (["show", "--bogus"], 2),
    ],
    ids=["show", "version", "usage", "invalid", "diff", "click-usage"],
)
@pytest.mark.parametrize("stderr", ["2>&-", "2>/dev/full"])
def test_a_closed_or_full_stderr_keeps_the_exit_status(
    argv: list[str], code: int, stderr: str
) -> None:
    proc = _run(argv, stderr)
    assert proc.returncode == code
    assert proc.stderr == b""
    for redirect in (f">&- {stderr}", f">/dev/full {stderr}"):
        proc = _run(argv, redirect)
        # the output error (1) when the command had something to print, else its status
        assert proc.returncode in (code or 1, code), redirect


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["show", "--help"], ["tags"]])
def test_a_reader_that_went_away_stops_quietly(argv: list[str]) -> None:
    """`policytl --help | true`: exit 0, nothing on stderr, whenever the reader leaves."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytl", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=child_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert (proc.wait(timeout=60), err) == (0, b"")


# --- encodings that cannot hold Chinese ---------------------------------------------------

ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "big5": {"PYTHONIOENCODING": "big5"},
    "C locale": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}

LOST = (
    "policytl: warning: the output encoding ({}) cannot show every character; "
    "they are shown as '?' (set PYTHONIOENCODING=utf-8 to see them all)\n"
)


def _encoding_of(env: dict[str, str]) -> str:
    return env.get("PYTHONIOENCODING") or "ascii"


@pytest.mark.parametrize("argv", COMMANDS, ids=_names(COMMANDS))
def test_ascii_output_never_crashes(argv: list[str]) -> None:
    _check_narrow(argv, ENCODINGS["ascii"])


@pytest.mark.parametrize("name", ["cp1252", "big5", "C locale"])
@pytest.mark.parametrize(
    "argv",
    [["show", "--detail"], ["stats"], ["compare", "CN-BJ", "CN", "-f", "json"], ["bodies"]],
    ids=" ".join,
)
def test_other_narrow_encodings_never_crash(name: str, argv: list[str]) -> None:
    _check_narrow(argv, ENCODINGS[name])


@functools.cache
def _utf8(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return _run(list(argv), env={"PYTHONIOENCODING": "utf-8"})


def _check_narrow(argv: list[str], env: dict[str, str]) -> None:
    narrow = _run(argv, env=env)
    wide = _utf8(*argv)
    assert narrow.returncode == wide.returncode == (1 if argv[0] == "diff" else 0), narrow.stderr
    encoding = _encoding_of(env)
    if argv[0] == "export" or "--help" in argv:
        # An export is a file: UTF-8 on stdout as with -o (Click writes help as UTF-8 too)
        assert narrow.stdout == wide.stdout
        assert narrow.stderr == b""
        return
    text = narrow.stdout.decode(encoding)  # strict: every byte is what the encoding says
    if any(a.endswith("json") for a in argv):
        # JSON keeps every character, as \uXXXX escapes: the same data, no warning
        assert json.loads(text) == json.loads(wide.stdout.decode("utf-8"))
        assert narrow.stderr == b""
        return
    try:
        wide.stdout.decode("utf-8").encode(encoding)
    except UnicodeEncodeError:
        assert narrow.stderr.decode() == LOST.format(encoding)
    else:
        assert narrow.stderr == b""
        assert narrow.stdout == wide.stdout
        return
    if argv[0] in ("show", "diff", "compare") and not {"--chart", "compare"} & set(argv):
        # Plain text: exactly the UTF-8 text, each lost character as ? (?? when wide)
        assert text == _replaced(wide.stdout.decode("utf-8"), encoding)


def _replaced(text: str, encoding: str) -> str:
    import unicodedata

    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append("??" if unicodedata.east_asian_width(ch) in "WF" else "?")
    return "".join(out)


def test_an_all_ascii_timeline_shows_on_ascii(tmp_path: Path) -> None:
    """Even all-ASCII data used to crash (on the `·` separator)."""
    data = tmp_path / "ascii.yaml"
    data.write_text(
        "format: policytl/1\nsources: {s: {title: {en: S}}}\n"
        "jurisdictions: {CN: {name: {en: China}}}\nevents:\n"
        "  - {id: e1, date: '2020', kind: statement, jurisdiction: CN, issuers: [],"
        " title: {en: One}, sources: [{source: s, quote: q}]}\n",
        encoding="ascii",
    )
    for argv in (["show", "--lang", "en"], ["stats", "--lang", "en"], ["show", "-f", "markdown"]):
        proc = _run([*argv, "--data", str(data)], env=ENCODINGS["ascii"])
        assert proc.returncode == 0
        proc.stdout.decode("ascii")
