"""Hostile and broken input (issue 7): the corpus in tests/hostile/ and the dangerous cases.

Every entry of tests/hostile/ (a file, or a folder checked as one data set) has a
sidecar ``NAME.expected``: the exit code on its first line (``exit N``), then the
exact stdout of ``policytl validate NAME`` run in that folder.

The same corpus runs through every command in ``COMMANDS``. To cover a new
command that loads data, add one line there, for example::

    "show": Command(("show", "--data"), loads_or_fails_cleanly),
    "export json": Command(("export", "--format", "json", "--data"), loads_or_fails_cleanly,
                           stdout_is_data=True),

Cases too big or too dangerous to commit (100 MB, 1,000,000 levels of nesting)
are generated in a temporary folder and run in a subprocess with a timeout, so
that a crash or a hang fails the test instead of taking pytest down with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from policytl import check_files, load_timeline
from policytl.load.yamlsafe import SCAN_NESTING
from policytl.model.errors import DataError, LoadError, PolicytlError, Problem, Severity
from policytl.model.textsafe import one_line

from .conftest import ROOT, child_env, invoke

HOSTILE = Path(__file__).resolve().parent / "hostile"
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if not p.name.endswith(".expected"))
VALID = (HOSTILE / "valid-minimal.yaml").read_text(encoding="utf-8")

#: Characters that must never reach a terminal raw from data: C0 controls but tab and
#: newline, DEL, C1 controls, bidi controls (the set textsafe.for_terminal escapes).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: A hang guard for subprocesses, far above what any case takes; not a timing assertion.
HANG = 120


@dataclass(frozen=True)
class Expected:
    code: int
    stdout: str

    @property
    def lines(self) -> list[str]:
        """The problem lines (all but the closing ok:/invalid: line)."""
        return self.stdout.splitlines()[:-1]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.lines if ": warning: " not in line]

    def error_message(self) -> str:
        """What a command that loads this data says on stderr (after ``policytl: error: ``).

        LoadError and DataError print the first error; DataError adds how many more.
        """
        first, n = self.errors[0], len(self.errors)
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        return first + more


def expected(name: str) -> Expected:
    text = (HOSTILE / f"{name}.expected").read_text(encoding="utf-8")
    head, _, stdout = text.partition("\n")
    assert head.startswith("exit "), f"{name}.expected must start with 'exit N'"
    if name == "nesting-block-5000.yaml" and SCAN_NESTING:
        # libyaml < 0.2.6 has no depth limit; policytl's own count (from parser
        # events) stops one block level after where libyaml >= 0.2.6 stops.
        stdout = stdout.replace(":3:1999:", ":3:2001:")
    return Expected(int(head.removeprefix("exit ")), stdout)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# --- the corpus ---------------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    assert len(CORPUS) >= 30
    sidecars = {p.name.removesuffix(".expected") for p in HOSTILE.glob("*.expected")}
    assert sidecars == set(CORPUS)


@pytest.mark.parametrize("name", CORPUS)
def test_validate_corpus(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HOSTILE)
    want = expected(name)
    result = invoke(["validate", name])
    no_traceback(result)
    assert (result.exit_code, result.stdout, result.stderr) == (want.code, want.stdout, "")
    assert UNSAFE.search(result.stdout) is None


@pytest.mark.parametrize("name", CORPUS)
def test_library_agrees_with_the_corpus(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_timeline() loads exactly the valid entries, and fails with the first error."""
    monkeypatch.chdir(HOSTILE)
    want = expected(name)
    if not want.errors:
        assert want.code == 0
        assert load_timeline(name).files
        return
    with pytest.raises((DataError, LoadError)) as info:
        load_timeline(name)
    assert one_line(str(info.value)) == want.error_message()


# --- every command over the corpus --------------------------------------------------------


def check_validate_json(name: str, result: Result) -> None:
    """--format json lists the same problems as the text output, as valid JSON."""
    want = expected(name)
    assert (result.exit_code, result.stderr) == (want.code, "")
    doc = json.loads(result.stdout)
    assert doc["ok"] is (want.code == 0)
    assert doc["errors"] == len(want.errors)
    lines = [
        one_line(
            str(
                Problem(
                    p["file"],
                    p["line"],
                    p["column"],
                    p["path"],
                    p["message"],
                    Severity(p["severity"]),
                    p["event_id"],
                )
            )
        )
        for p in doc["problems"]
    ]
    assert lines == want.lines


def check_validate_text(name: str, result: Result) -> None:
    want = expected(name)
    assert (result.exit_code, result.stdout, result.stderr) == (want.code, want.stdout, "")


def loads_or_fails_cleanly(name: str, result: Result) -> None:
    """A command that loads data: invalid data is one line on stderr and exit 1, else exit 0."""
    want = expected(name)
    if want.errors:
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == f"policytl: error: {want.error_message()}\n"
    else:
        assert result.exit_code == 0, result.stderr


def formats_or_refuses_cleanly(name: str, result: Result) -> None:
    """fmt --check: invalid data is refused with the problems and one error line, exit 1;
    valid data is canonical (exit 0) or named on stdout (exit 1). Never a crash."""
    want = expected(name)
    lines = result.stderr.splitlines()
    if want.errors:
        assert (result.exit_code, result.stdout) == (1, "")
        assert lines[-1].startswith("policytl: error: ")
        assert "internal error" not in lines[-1]
    else:
        assert result.exit_code in (0, 1), result.stderr
        assert result.stdout in ("", f"{name}\n")
        assert [line for line in lines if "error" in line] == []


@dataclass(frozen=True)
class Command:
    #: arguments before the corpus entry's name
    args: tuple[str, ...]
    check: Callable[[str, Result], None]
    #: stdout carries data in a file format (CSV, ICS ...) rather than text for a terminal
    stdout_is_data: bool = False


COMMANDS: dict[str, Command] = {
    "validate --format json": Command(("validate", "--format", "json"), check_validate_json),
    "validate --data": Command(("validate", "--data"), check_validate_text),
    "show": Command(("show", "--data"), loads_or_fails_cleanly),
    "show --detail --lang both": Command(
        ("show", "--detail", "--lang", "both", "--data"), loads_or_fails_cleanly
    ),
    "show --chart": Command(("show", "--chart", "--data"), loads_or_fails_cleanly),
    "show --format json": Command(("show", "--format", "json", "--data"), loads_or_fails_cleanly),
    "stats": Command(("stats", "--data"), loads_or_fails_cleanly),
    "fmt --check": Command(("fmt", "--check"), formats_or_refuses_cleanly),
    "bodies": Command(("bodies", "--data"), loads_or_fails_cleanly),
    "tags": Command(("tags", "--data"), loads_or_fails_cleanly),
    "diffuse": Command(("diffuse", "--data"), loads_or_fails_cleanly),
    "diffuse --format html": Command(
        ("diffuse", "--format", "html", "--data"), loads_or_fails_cleanly
    ),
    "diffuse --format csv": Command(
        ("diffuse", "--format", "csv", "--data"), loads_or_fails_cleanly, stdout_is_data=True
    ),
    **{
        f"export {fmt}": Command(
            ("export", "--format", fmt, "--data"),
            loads_or_fails_cleanly,
            stdout_is_data=fmt in ("csv", "ics"),
        )
        for fmt in ("markdown", "json", "html", "mermaid", "markwhen", "timelinejs", "csv", "ics")
    },
}


@pytest.mark.parametrize("name", CORPUS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_on_the_corpus(
    command: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(HOSTILE)
    cmd = COMMANDS[command]
    result = invoke([*cmd.args, name])
    no_traceback(result)
    assert UNSAFE.search(result.stderr) is None
    if not cmd.stdout_is_data:
        assert UNSAFE.search(result.stdout) is None
    cmd.check(name, result)


def test_the_loading_check_matches_the_error_path(capsys: pytest.CaptureFixture[str]) -> None:
    """loads_or_fails_cleanly expects what cli prints for a DataError, escapes included."""
    from policytl.cli.app import run as _run

    monkey = DataError(
        [
            Problem("x.yaml", 3, 5, "events[0].id", "'\x1b[2J' is not valid"),
            Problem("x.yaml", 4, 5, "events[0].kind", "unknown event kind '\u202e'"),
            Problem("x.yaml", 2, 1, "", "a warning", Severity.WARNING),
        ]
    )

    def fail() -> None:
        raise monkey

    assert _run(fail, debug=False) == 1
    err = capsys.readouterr().err
    assert err == (
        "policytl: error: x.yaml:3:5: events[0].id: '\\x1b[2J' is not valid (and 1 more problem)\n"
    )


def test_error_path_escapes_data_in_messages(capsys: pytest.CaptureFixture[str]) -> None:
    """Any error message echoing data (a file name, an id) reaches stderr escaped."""
    from policytl.cli.app import run as _run

    def fail() -> None:
        raise LoadError(Problem("\x1b]0;pwned\x07.yaml", None, None, "", "\u202eno such file"))

    assert _run(fail, debug=False) == 1
    assert capsys.readouterr().err == (
        "policytl: error: \\x1b]0;pwned\\x07.yaml: \\u202eno such file\n"
    )

    def crash() -> None:
        raise RuntimeError("\x9b31m")

    assert _run(crash, debug=False) == 1
    err = capsys.readouterr().err
    assert "\x9b" not in err and "Traceback" not in err
    assert err.startswith("policytl: internal error: RuntimeError: \\x9b31m")


# --- what a file name can do --------------------------------------------------------------


def test_hostile_file_names_are_escaped(tmp_path: Path) -> None:
    good = tmp_path / "data"
    good.mkdir()
    (good / "\x1b[31mred\u202e.yaml").write_text(VALID, encoding="utf-8")
    result = invoke(["validate", str(good)])
    no_traceback(result)
    assert result.exit_code == 0
    assert result.stdout == (
        f"ok: 1 event, 1 body, 1 source, 1 jurisdiction in {good}/\\x1b[31mred\\u202e.yaml\n"
    )
    (good / "\x9bbad\nname.yaml").write_text("format: 1\n", encoding="utf-8")
    result = invoke(["validate", str(good)])
    assert result.exit_code == 1
    assert UNSAFE.search(result.stdout) is None
    assert result.stdout.splitlines()[0] == (
        f"{good}/\\x9bbad name.yaml:1:9: format: unsupported format the number 1 "
        "(quote it to keep it as text) (expected 'policytl/1')"
    )
    result = invoke(["validate", "--format", "json", str(good)])
    assert UNSAFE.search(result.stdout) is None
    assert json.loads(result.stdout)["problems"][0]["file"] == f"{good}/\x9bbad\nname.yaml"


# --- code execution -----------------------------------------------------------------------

PAYLOADS = ["python-object-apply.yaml", "python-other-tags.yaml", "python-tag-on-format.yaml"]


@pytest.mark.parametrize("name", PAYLOADS)
def test_python_tags_never_execute(name: str, tmp_path: Path) -> None:
    shutil.copy(HOSTILE / name, tmp_path / name)
    run = subprocess.run(
        [sys.executable, "-m", "policytl", "validate", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
        env=_env(),
    )
    assert run.returncode == 1
    assert run.stdout == expected(name).stdout
    assert sorted(os.listdir(tmp_path)) == [name]  # no policytl-pwned marker
    # in-process too, through the library
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        _, problems = check_files([name])
    finally:
        os.chdir(cwd)
    assert problems and sorted(os.listdir(tmp_path)) == [name]


def test_the_payload_is_live(tmp_path: Path) -> None:
    """Control: an unsafe loader does run the corpus payload (so the test above means it)."""
    shutil.copy(HOSTILE / "python-object-apply.yaml", tmp_path / "p.yaml")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import yaml; yaml.unsafe_load(open('p.yaml', encoding='utf-8'))",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=HANG,
        env=_env(),
    )
    assert (tmp_path / "policytl-pwned").exists()


# --- alias bombs: refused with bounded memory ---------------------------------------------


@pytest.mark.parametrize("name", ["alias-billion-laughs.yaml", "alias-bomb-in-events.yaml"])
def test_alias_bomb_is_refused_in_bounded_memory(name: str) -> None:
    # Expanded, these would be 9**9 (387 million) strings and 10**9 events.
    tracemalloc.start()
    try:
        timeline, problems = check_files([HOSTILE / name])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert timeline is None
    assert any("anchors and aliases" in p.message for p in problems)
    assert peak < 1024 * 1024, f"peak {peak:,} bytes"


def test_alias_bomb_cli_in_a_subprocess(tmp_path: Path) -> None:
    run = _policytl(tmp_path, "validate", str(HOSTILE / "alias-billion-laughs.yaml"))
    assert (run.returncode, run.stderr) == (1, "")
    assert "anchors and aliases (&name / *name) are not supported" in run.stdout


# --- deep nesting: no crash, no RecursionError, no hang ------------------------------------

SHAPES = {
    "flow-seq": ("[", "1:1001"),
    "flow-map": ("{a: ", "1:4001"),
    "block-seq": ("- ", "1:1999"),
}


@pytest.mark.parametrize("depth", [10_000, 100_000, 1_000_000])
@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("scan", [False, True], ids=["libyaml-limit", "policytl-scan"])
def test_deep_nesting_is_refused(depth: int, shape: str, scan: bool, tmp_path: Path) -> None:
    """100,000 levels crash the C composer of libyaml < 0.2.6 (segfault, measured with
    PyYAML 6.0.1); policytl counts the depth itself there. Both paths say the same."""
    from policytl.load import yamlsafe

    if not scan and yamlsafe.SCAN_NESTING:
        pytest.skip("this libyaml has no nesting limit: only policytl's scan protects it")
    opener, where = SHAPES[shape]
    (tmp_path / "deep.yaml").write_text(opener * depth + "\n", encoding="utf-8")
    code = (
        "import sys, policytl.load.yamlsafe as y; "
        f"y.SCAN_NESTING = y.SCAN_NESTING or {scan}; "
        "from policytl.__main__ import main; main(sys.argv[1:])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "validate", "deep.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
        env=_env(),
    )
    assert run.returncode == 1, run.stderr  # a segfault would be -11
    if shape == "block-seq" and yamlsafe.SCAN_NESTING:
        where = "1:2001"  # libyaml >= 0.2.6 counts block levels one apart from events
    assert run.stdout == (
        f"deep.yaml:{where}: malformed YAML: exceeded maximum nesting depth\n"
        "invalid: 1 error, 0 warnings in deep.yaml\n"
    )
    assert run.stderr == ""


def test_pure_python_yaml_reports_deep_nesting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, nothing in the parser limits nesting: policytl's own count
    stops it, at the 1001st level, with the position (the composer, which no longer
    runs, raised RecursionError and gave none)."""
    from policytl.load import yamlsafe

    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(yamlsafe, "SCAN_NESTING", False)
    with pytest.raises(LoadError) as info:
        yamlsafe.parse_document("[" * 100_000, "deep.yaml")
    assert str(info.value) == "deep.yaml:1:1001: malformed YAML: exceeded maximum nesting depth"


def test_nesting_scan_agrees_with_libyaml_where_libyaml_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from policytl.load import yamlsafe

    if yamlsafe.SCAN_NESTING:
        pytest.skip("needs libyaml >= 0.2.6 to compare with")
    texts = ["[" * 1001 + "]" * 1001, "{a: " * 600, "a:\n  - b: [" + "{c: [" * 600]
    for text in texts:
        outcomes = []
        for scan in (False, True):
            monkeypatch.setattr(yamlsafe, "SCAN_NESTING", scan)
            with pytest.raises(LoadError) as info:
                yamlsafe.parse_document(text, "x.yaml")
            outcomes.append(str(info.value))
        assert outcomes[0] == outcomes[1]
    monkeypatch.setattr(yamlsafe, "SCAN_NESTING", True)
    located = yamlsafe.parse_document("[" * 1000 + "]" * 1000, "x.yaml")  # at the limit: read
    assert located.problems[0].message == "structure is nested more than 64 levels deep"


# --- size: --max-bytes --------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid timeline padded to 100 MiB with a comment (generated, never committed)."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(VALID)
        fh.write("# " + "x" * (100 * 1024 * 1024 - len(VALID) - 3) + "\n")
    assert path.stat().st_size == 100 * 1024 * 1024
    return path


def test_max_bytes_refuses_before_reading(big_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(big_file.parent)
    tracemalloc.start()
    try:
        result = invoke(["validate", "--max-bytes", "1000000", "big.yaml"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1
    assert result.stdout == (
        "big.yaml: file is 104,857,600 bytes, more than the limit of 1,000,000 "
        "(raise it with --max-bytes)\n"
        "invalid: 1 error, 0 warnings in big.yaml\n"
    )
    assert peak < 10 * 1024 * 1024, f"peak {peak:,} bytes: the file was read"


def test_default_limit_reads_100_mb(big_file: Path) -> None:
    from policytl.model.limits import DEFAULT_MAX_BYTES

    assert DEFAULT_MAX_BYTES == 512 * 1024 * 1024
    run = _policytl(big_file.parent, "validate", "big.yaml")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == "ok: 1 event, 1 body, 1 source, 1 jurisdiction in big.yaml\n"


def test_max_bytes_when_the_file_grows_while_read(tmp_path: Path) -> None:
    """The limit holds on the bytes actually read, not only on the size stat() saw."""
    from policytl.load.loader import read_bytes

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # stat() says 0 bytes

    def feed() -> None:
        with open(fifo, "wb") as fh, contextlib.suppress(BrokenPipeError):
            fh.write(b"# " + b"x" * 5000 + b"\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        with pytest.raises(LoadError) as info:
            read_bytes(fifo, 1000)
    finally:
        writer.join(HANG)
    assert str(info.value) == (
        f"{fifo}: file is more than the limit of 1,000 bytes (raise it with --max-bytes)"
    )


# --- very long text -----------------------------------------------------------------------


def test_one_megabyte_title_loads(tmp_path: Path) -> None:
    title = "长" * 1_000_000
    (tmp_path / "long.yaml").write_text(
        VALID.replace("{en: First event}", '{en: "' + title + '"}'), encoding="utf-8"
    )
    timeline = load_timeline(tmp_path / "long.yaml")
    assert timeline.events[0].title.en == title


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "id: first",
            "id: " + "a" * 1_000_000,
            "events[0].id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'... "
            "(1,000,000 characters) is not valid (a lowercase slug of a-z, 0-9, '-', '_' or '.')",
        ),
        (
            'date: "2016-02"',
            'date: "' + "2" * 1_000_000 + '"',
            "events[0].date: '222222222222222222222222222222222222222222222222222222222222'... "
            "(1,000,000 characters) is not a valid date (expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally with ? ~ or %, or an interval A/B)",
        ),
        (
            "issuers: [gov]",
            "issuers: [" + "g" * 1_000_000 + "]",
            "events[0].issuers[0]: unknown body 'gggggggggggggggggggggggggggggggggggggggggg"
            "gggggggggggggggggg'... (1,000,000 characters) — define it under bodies:",
        ),
    ],
    ids=["id", "date", "reference"],
)
def test_long_values_are_shortened_in_messages(
    old: str, new: str, message: str, tmp_path: Path
) -> None:
    (tmp_path / "long.yaml").write_text(VALID.replace(old, new), encoding="utf-8")
    _, problems = check_files([tmp_path / "long.yaml"])
    assert [f"{p.path}: {p.message}" for p in problems] == [message]


# --- many problems: no quadratic blow-up ---------------------------------------------------


def test_suggestions_stay_within_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 unknown references among 5,000 similar ids took hours (difflib for each:
    0.6 s a lookup); here 4,000 among 2,000 would make 8,000,000 comparisons.
    Suggestions are now remembered and bounded, every problem is still reported."""
    import difflib

    from policytl.load.validate import check_documents
    from policytl.load.yamlsafe import parse_document

    compared = 0
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
        nonlocal compared
        compared += len(possibilities)
        return real(word, possibilities, n, cutoff)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    bodies = {
        f"body-{i}": {
            "name": {"en": "B"},
            "level": "central",
            "jurisdiction": "CN",
            "classification": "government",
        }
        for i in range(2000)
    }
    events = [
        {
            "id": f"e{i}",
            "date": "2016",
            "kind": "statment" if i % 2 else f"kind-{i}",
            "jurisdiction": "CN",
            "issuers": [f"bodi-{i}"],
            "title": {"en": "t"},
            "sources": [{"source": "src", "quote": "q"}],
        }
        for i in range(4000)
    ]
    doc = {
        "format": "policytl/1",
        "sources": {"src": {"title": {"en": "s"}}},
        "jurisdictions": {"CN": {"name": {"en": "China"}}},
        "bodies": bodies,
        "events": events,
    }
    located = parse_document(json.dumps(doc), "many.json", as_json=True)
    timeline, problems = check_documents([located])
    assert timeline is None
    assert len(problems) == 8000
    assert compared <= 20_000
    kinds = [p.message for p in problems if p.path.endswith(".kind")]
    assert kinds[0].startswith("unknown event kind 'kind-0' (expected one of")
    assert kinds[1].startswith("unknown event kind 'statment' (did you mean 'statement'?)")
    assert kinds[-1].startswith("unknown event kind 'statment' (did you mean 'statement'?)")


def test_positions_in_big_mappings() -> None:
    """Problems in thousands of records are located through an index (was quadratic)."""
    from policytl.load.yamlsafe import parse_document

    lines = ["format: policytl/1", "bodies:"]
    lines += [f"  b{i}: {{name: {{en: B}}, level: bad}}" for i in range(3000)]
    lines += ["  b0: {}"]  # a duplicate key: positions point at the first one
    located = parse_document("\n".join(lines) + "\n", "big.yaml")
    assert located.position(("bodies", "b2999", "level")) == (3002, 33)
    assert located.position(("bodies", "b0"), key=True) == (3, 3)
    assert located.position(("bodies", "b1", "missing")) == (4, 7)
    assert located.position(("bodies", "nope")) == (3, 3)
    assert [str(p) for p in located.problems] == [
        "big.yaml:3003:3: bodies.b0: duplicate key 'b0' in the same mapping"
    ]
    assert located.source_text(("bodies", "b7", "level")) == "bad"
    assert located.source_text(("bodies", "b7")) is None


# --- nothing is written to the input ------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_policytl_never_writes_to_its_input(tmp_path: Path) -> None:
    data = tmp_path / "corpus"
    shutil.copytree(HOSTILE, data)
    for p in data.glob("*.expected"):
        p.unlink()
    os.utime(data / "valid-minimal.yaml", ns=(1_000_000_000, 1_000_000_000))
    before = _snapshot(data)
    for name in sorted(os.listdir(data)):
        invoke(["validate", str(data / name)])
        invoke(["validate", "--format", "json", "--data", str(data / name)])
        with contextlib.suppress(PolicytlError):
            load_timeline(data / name)
    invoke(["validate", str(data)])
    assert _snapshot(data) == before
    assert (data / "valid-minimal.yaml").stat().st_mtime_ns == 1_000_000_000


# --- helpers ------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return child_env(PYTHONPATH=str(ROOT))


def _policytl(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policytl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG,
        env=_env(),
    )
