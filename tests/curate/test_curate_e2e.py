"""A newcomer's whole path through the installed `policytl` command (issue 14, "Done when").

init, add three events (one by answering the prompts), a helpful message for a
mistake, fmt, a pre-commit hook that validates, diff against the last commit,
and export: in a temporary git repository, as README's "Your own timeline" tells it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytl.curate.skeleton import skeleton

from ..conftest import child_env, invoke

POLICYTL = Path(sys.executable).with_name("policytl")


def run(args: list[str], cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = child_env(NO_COLOR="1", COLUMNS="100", POLICYTL_NO_CACHE="1")
    return subprocess.run(
        args, cwd=cwd, input=input, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    if not POLICYTL.exists():
        pytest.skip(f"no installed policytl command beside {sys.executable}")
    if shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("git is not installed (.ci/run installs it)")
        pytest.skip("git is not installed")
    return tmp_path


def git(cwd: Path, *args: str) -> None:
    done = run(["git", "-c", "user.email=c@example.org", "-c", "user.name=C", *args], cwd)
    assert done.returncode == 0, done.stderr


FIRST_EVENT = """\

  - id: example-ministry-approves-pilot
    date: "2024-03"
    kind: pilot-approved
    jurisdiction: CN
    issuers: [example-ministry]
    title: {en: The Example Ministry approves a pilot}
    tags: [pilot]
    sources:
      - source: example-source
        quote: The ministry approved the pilot in March.
"""


def test_a_newcomers_path(home: Path) -> None:
    p = str(POLICYTL)
    # 1. init, in a git repository
    git(home, "init", "-q")
    done = run([p, "init"], home)
    assert done.returncode == 0, done.stderr
    timeline = home / "timeline.yaml"
    assert timeline.read_text(encoding="utf-8") == skeleton()
    git(home, "add", ".")
    git(home, "commit", "-qm", "start")

    # 2. add an event with flags: exactly its lines are added, where fmt puts them
    done = run(
        [
            p, "add", "timeline.yaml", "--date", "2024-03", "--kind", "pilot-approved",
            "--jurisdiction", "china", "--issuer", "Example Ministry",
            "--title-en", "The Example Ministry approves a pilot", "--tag", "pilot",
            "--quote", "The ministry approved the pilot in March.",
        ],
        home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "policytl: added event 'example-ministry-approves-pilot' (2024-03) to timeline.yaml\n"
    )
    assert timeline.read_text(encoding="utf-8") == skeleton() + FIRST_EVENT

    # 3. add one by answering the prompts (answers piped; -i asks even without a terminal)
    answers = "\n".join(
        [
            "2024年5月",  # a date as people type it: read as 2024-05
            "statement",
            "",  # the file's only jurisdiction is the default
            "example-ministry",
            "示例部表态",
            "The Example Ministry states its position",
            "",  # the file's only source is the default
            "部长表示支持。",
            "",  # no locator
            "",  # no tags
            "",  # no URL
            "",  # no note
            "",  # the suggested id
        ]
    )
    done = run([p, "add", "timeline.yaml", "-i"], home, input=answers + "\n")
    assert done.returncode == 0, done.stderr
    kinds = "document-issued, institution-founded, fund-launched, fund-announced, "
    kinds += "pilot-approved, statement, report, target, statistic, proposed, adopted, "
    kinds += "published, in-force, applies, amended, postponed, suspended, repealed, expired"
    assert done.stderr.splitlines() == [
        "Date (2020, 2020-06, 2020-06-30, 2020-06?): 2024年5月",
        f"Kind ({kinds}): statement",
        "Jurisdiction (CN) [CN]: CN",
        "Issuers: body ids, names or aliases, comma-separated, the lead first "
        "(known: example-ministry; empty for none): example-ministry",
        "Title in Chinese (empty for none): 示例部表态",
        "Title in English (empty for none): The Example Ministry states its position",
        "Source (example-source) [example-source]: example-source",
        "Quote (the words of the source, verbatim): 部长表示支持。",
        "Locator: page, paragraph or article (empty for none): ",
        "Tags, comma-separated (known: example, pilot; empty for none): ",
        "URL to read more (empty for none): ",
        "A curator's note (empty for none): ",
        "policytl: read date '2024年5月' as \"2024-05\"",
        "Id [example-ministry-states-position]: example-ministry-states-position",
        "policytl: added event 'example-ministry-states-position' (2024-05) to timeline.yaml",
    ]
    assert done.stdout == ""

    # 4. a mistake: a helpful message, and the file is left as it was
    before = timeline.read_bytes()
    done = run(
        [
            p, "add", "timeline.yaml", "--date", "2024-06", "--kind", "statement", "-j", "CN",
            "--title-en", "Another statement", "--source", "example-sorce", "--quote", "q",
        ],
        home,
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].endswith(
        ".sources[0].source: unknown source 'example-sorce' (did you mean 'example-source'?)"
    )
    assert lines[-1] == (
        "policytl: error: the event was not added: it would make timeline.yaml invalid"
    )
    assert timeline.read_bytes() == before

    # 5. the third event, then fmt: already canonical, since add writes canonical events
    done = run(
        [
            p, "add", "timeline.yaml", "--date", "2024-06", "--kind", "statement", "-j", "CN",
            "--title-en", "Another statement", "--quote", "q", "--id", "another-statement",
        ],
        home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run([p, "fmt", "--check", "timeline.yaml"], home)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    done = run([p, "validate", "timeline.yaml"], home)
    assert done.stdout == "ok: 4 events, 1 body, 1 source, 1 jurisdiction in timeline.yaml\n"

    # 6. commit through a pre-commit hook that validates (the real pre-commit package)
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if pre_commit.exists():
        (home / ".pre-commit-config.yaml").write_text(
            "repos:\n"
            "  - repo: local\n"
            "    hooks:\n"
            "      - id: policytl-validate\n"
            "        name: policytl validate\n"
            f"        entry: {p} validate\n"
            "        language: system\n"
            "        files: (^|/)timeline[^/]*\\.ya?ml$\n",
            encoding="utf-8",
        )
        git(home, "add", ".")
        done = run([str(pre_commit), "run", "--all-files"], home)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.splitlines()[0].startswith("policytl validate..")
        assert done.stdout.splitlines()[0].endswith("Passed")
    git(home, "add", ".")
    git(home, "commit", "-qm", "three events")

    # 7. change one event and diff against the last commit
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(text.replace("Another statement", "A later statement"), encoding="utf-8")
    done = run([p, "diff", "HEAD:timeline.yaml", "timeline.yaml", "--lang", "en"], home)
    assert done.returncode == 1, done.stderr
    assert done.stdout == (
        "--- HEAD:timeline.yaml\n+++ timeline.yaml\n"
        "~ event another-statement: title.en 'Another statement' -> 'A later statement'\n"
        "events: 1 changed\n"
    )

    # 8. export: the installed command writes what the library renders
    done = run([p, "export", "--data", "timeline.yaml", "-f", "json"], home)
    assert done.returncode == 0, done.stderr
    here = invoke(["export", "--data", str(timeline), "-f", "json", "--no-cache"])
    assert done.stdout == here.stdout.replace(str(timeline), "timeline.yaml")
