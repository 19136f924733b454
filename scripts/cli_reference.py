"""The command reference (docs/reference/cli.md): the ``--help`` of every command.

The page is written by cog from this module; a test runs ``cog --check`` on it, so a
change to any command's help fails the suite until the page is regenerated:

    .venv/bin/cog -r docs/reference/cli.md        # regenerate after changing a command
    .venv/bin/cog --check docs/reference/cli.md   # what the test runs

Each help is what a user sees in a terminal of 100 columns with no colour and no
policytl settings, read from ``python -m policytl`` in a subprocess (so the page
shows the installed command, whatever module declares it). The commands are those
the root ``--help`` lists, in its order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = "100"


def environment() -> dict[str, str]:
    """The caller's environment without policytl's settings or terminal hints."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("POLICYTL_", "LC_", "TTY_", "CLICOLOR"))
        and k not in {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "LANG", "SHELL"}
    }
    env.update(COLUMNS=WIDTH, NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def help_text(*command: str) -> str:
    """``policytl COMMAND --help`` as printed, each line without trailing blanks."""
    result = subprocess.run(
        [sys.executable, "-m", "policytl", *command, "--help"],
        env=environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        check=True,
        timeout=120,
    )
    return "\n".join(line.rstrip() for line in result.stdout.splitlines())


def commands(root_help: str) -> list[str]:
    """The command names of the root help's ``Commands:`` block, in its order."""
    lines = root_help.splitlines()
    start = lines.index("Commands:")
    names: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if line.startswith("  ") and not line.startswith("   "):
            names.append(line.split()[0])
    return names


def reference() -> str:
    """The Markdown of every command's help: the root first, then each command."""
    root = help_text()
    parts = [f"## policytl\n\n```text\n{root}\n```\n"]
    for name in commands(root):
        text = help_text(name)
        parts.append(f"## policytl {name}\n\n```text\n{text}\n```\n")
        for sub in commands(text) if "\nCommands:" in text else []:  # a group: policytl add
            parts.append(f"### policytl {name} {sub}\n\n```text\n{help_text(name, sub)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(reference())
