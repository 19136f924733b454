"""Run the examples of README.md and of every page of docs/, so that they never drift.

    python scripts/readme_examples.py            # check: exit 1 and list what differs
    python scripts/readme_examples.py --update   # rewrite the sample outputs in the pages
    python scripts/readme_examples.py docs/guide/show.md   # only these pages

Two kinds of example are run, each as a user runs it (``python -m policytl`` in a
subprocess, plain output at 100 columns, no POLICYTL_* settings):

- a ```console block holds ``$ policytl ...`` lines, each followed by what it prints
  (stdout, then stderr). A line ``...`` stands for lines left out: the lines around it
  must appear in that order, and a block that starts or ends with ``...`` shows only
  part of the output. ``--update`` rewrites the shown lines and keeps the ``...`` gaps
  where the output still fits them, else it shows the whole output. A sample exits 0
  or 1, or 2 when what it shows is a usage error (``policytl: error: ...``).
- every ``policytl ...`` line of a ```sh block must exit 0 (``diff`` may also exit 1,
  when the versions differ). A shell redirection ``> FILE`` is dropped and a pipe or
  ``&&`` ends the command.

Each page's examples run in order, in a fresh folder of the page's own holding the
files of ``tests/fixtures/readme/`` and ``tests/fixtures/diff/`` and a copy of
``examples/`` (so a page may ``init`` a timeline in one example and ``add`` to it in
the next, and read ``examples/eu-ai-act.yaml``). A file or folder
an ``sh`` example names that is not there (``mydata.yaml``, ``v1/``) stands for your
own data: a file gets a copy of the shipped data set, a folder a file with no records
(so that it can be read with the file).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
FIXTURES = [ROOT / "tests" / "fixtures" / "readme", ROOT / "tests" / "fixtures" / "diff"]
EXAMPLES = ROOT / "examples"  # the worked examples, as examples/NAME.yaml
GAP = "..."
DATA_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Sample:
    """One ``$ policytl ...`` command of a console block and the lines shown after it."""

    command: str
    shown: list[str]
    start: int  # index in README's lines of the first shown line
    end: int  # index after the last shown line


@dataclass
class Problem:
    page: str  # the page's path from the repository's root
    line: int  # 1-based line of the page
    command: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.command}: {self.message}"


def pages() -> list[Path]:
    """README.md and every Markdown page of docs/, in name order."""
    return [README, *sorted(DOCS.rglob("*.md"))]


def blocks(lines: list[str], lang: str) -> list[tuple[int, int]]:
    """(first, end) line indexes of the bodies of the fenced blocks of this language."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == f"```{lang}":
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            found.append((i + 1, j))
            i = j
        i += 1
    return found


def console_samples(lines: list[str], page: str = "README.md") -> list[Sample]:
    samples: list[Sample] = []
    for first, end in blocks(lines, "console"):
        i = first
        while i < end:
            if not lines[i].startswith("$ policytl "):
                where = f"{page}:{i + 1}"
                raise ValueError(f"{where}: a console block line must be '$ policytl ...'")
            j = i + 1
            while j < end and not lines[j].startswith("$ "):
                j += 1
            samples.append(Sample(lines[i][2:], lines[i + 1 : j], i + 1, j))
            i = j
    return samples


def sh_commands(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(line index, argv) of each ``policytl`` command in the sh blocks."""
    commands: list[tuple[int, list[str]]] = []
    for first, end in blocks(lines, "sh"):
        for i in range(first, end):
            if not lines[i].startswith("policytl "):
                continue  # another program, or the continuation of its line
            lexer = shlex.shlex(lines[i], posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words = list(lexer)
            if not words or words[0] != "policytl":
                continue
            argv: list[str] = []
            it = iter(words)
            for word in it:
                if word in ("|", "&&", ";", "||"):
                    break
                if word in (">", ">>"):
                    next(it, None)
                    continue
                argv.append(word)
            commands.append((i, argv))
    return commands


def environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICYTL_")
        and k not in {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PAGER", "TERM", "LC_ALL"}
    }
    env.update(COLUMNS="100", PYTHONIOENCODING="utf-8", POLICYTL_NO_CACHE="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # a home of its own: an example may install shell completion or read a config file
    home = cwd / ".home"
    home.mkdir(exist_ok=True)
    env = environment()
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    env.pop("APPDATA", None)
    return subprocess.run(
        [sys.executable, "-m", "policytl", *argv[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=300,
    )


def workspace() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="policytl-readme-"))
    for fixtures in FIXTURES:
        for path in sorted(fixtures.iterdir()):
            if path.is_file():
                shutil.copyfile(path, folder / path.name)
    shutil.copytree(EXAMPLES, folder / "examples")
    return folder


def stand_in_for_data(argv: list[str], cwd: Path) -> None:
    """Give each data path an example names, and the folder does not hold, the shipped set."""
    shipped = ROOT / "data" / "timeline.yaml"
    outputs = {"-o", "--output", "--svg"}
    for before, word in zip(["", *argv], argv, strict=False):
        if before in outputs or word.startswith("-"):
            continue
        target = cwd / word
        if target.exists():
            continue
        if word.endswith("/"):
            target.mkdir(parents=True)  # more files that go with the data: none yet
            (target / "more.yaml").write_text("format: policytl/1\n", encoding="utf-8")
        elif word.endswith(DATA_SUFFIXES) and word != "-":
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shipped, target)


def printed(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]


def fits(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``shown`` with each ``...`` standing for any lines."""
    parts: list[list[str]] = [[]]
    for line in shown:
        if line == GAP:
            parts.append([])
        else:
            parts[-1].append(line)
    if len(parts) == 1:
        return parts[0] == actual
    head, *middle, tail = parts
    if actual[: len(head)] != head:
        return False
    pos = len(head)
    for part in middle:
        while pos + len(part) <= len(actual) and actual[pos : pos + len(part)] != part:
            pos += 1
        if pos + len(part) > len(actual):
            return False
        pos += len(part)
    return len(actual) - pos >= len(tail) and (not tail or actual[-len(tail) :] == tail)


def refit(shown: list[str], actual: list[str]) -> list[str]:
    """New shown lines for ``actual``: the same head and tail sizes around one gap."""
    if GAP not in shown:
        return actual
    head = shown.index(GAP)
    tail = len(shown) - 1 - max(i for i, line in enumerate(shown) if line == GAP)
    if head + tail >= len(actual):
        return actual
    return [*actual[:head], GAP, *(actual[len(actual) - tail :] if tail else [])]


def check_page(path: Path, update: bool = False) -> list[Problem]:
    """Run one page's examples in a folder of its own; with ``update``, rewrite its samples."""
    name = path.relative_to(ROOT).as_posix()
    lines = path.read_text(encoding="utf-8").split("\n")
    problems: list[Problem] = []
    folder = workspace()
    try:
        replacements: list[tuple[Sample, list[str]]] = []
        for sample in console_samples(lines, name):
            argv = shlex.split(sample.command)
            result = run(argv, folder)
            actual = printed(result)
            # a sample of a usage error shows its message, and exits 2
            usage = result.returncode == 2 and result.stderr.startswith("policytl: error: ")
            if result.returncode not in (0, 1) and not usage:
                problems.append(
                    Problem(name, sample.start, sample.command, f"exit status {result.returncode}")
                )
            elif not fits(sample.shown, actual):
                if update:
                    replacements.append((sample, refit(sample.shown, actual)))
                else:
                    problems.append(
                        Problem(name, sample.start, sample.command, "the shown output differs")
                    )
        for index, argv in sh_commands(lines):
            stand_in_for_data(argv, folder)
            result = run(argv, folder)
            allowed = (0, 1) if argv[1:2] == ["diff"] else (0,)
            if result.returncode not in allowed:
                message = f"exit status {result.returncode}: {result.stderr.strip()}"
                problems.append(Problem(name, index + 1, " ".join(argv), message))
        for sample, new in reversed(replacements):
            lines[sample.start : sample.end] = new
        if replacements:
            path.write_text("\n".join(lines), encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return problems


def check(update: bool = False, only: list[Path] | None = None) -> list[Problem]:
    """Run the examples of every page (or of ``only``)."""
    problems: list[Problem] = []
    for path in only or pages():
        problems.extend(check_page(path, update))
    return problems


def main(argv: list[str]) -> int:
    update = "--update" in argv
    names = [a for a in argv if a != "--update"]
    if any(a.startswith("-") for a in names):
        print(__doc__, file=sys.stderr)
        return 2
    only = [Path(a).resolve() for a in names] or None
    problems = check(update=update, only=only)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
