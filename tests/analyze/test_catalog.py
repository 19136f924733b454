"""The companions of show (bodies, tags, kinds, jurisdictions) and shell completion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from policytl.analyze.catalog import DATA_KIND, kind_entries
from policytl.cli import app as cli
from policytl.cli.options import completions
from policytl.load.loader import load_timeline
from policytl.model.records import EVENT_KINDS

from ..conftest import FIXTURES, invoke
from ..render.test_show import assert_golden, assert_plain

SMALL = str(FIXTURES / "show" / "small.yaml")


def run(*args: str, columns: int = 100) -> str:
    result = invoke(list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# --- text tables ------------------------------------------------------------------------------


def test_tags_table() -> None:
    assert run("tags", "--data", SMALL) == (
        "Tag    Events\nalpha       3\nbeta        2\ngamma       2\n"
    )
    out = run("tags")
    assert out.splitlines()[:3] == ["Tag                 Events", "blockchain              15",
                                    "fintech                  4"]  # fmt: skip
    assert len(out.splitlines()) == 1 + 18


def test_kinds_table_lists_the_vocabulary_with_counts() -> None:
    assert run("kinds", "--data", SMALL) == (
        "Kind                 Description                                                  Events\n"
        "document-issued      a policy document, plan, notice or rule is issued                 1\n"
        "institution-founded  an alliance, centre or institution is set up                      0\n"
        "fund-launched        a fund is launched or put into operation                          1\n"
        "fund-announced       a fund is announced or planned, not yet launched                  0\n"
        "pilot-approved       a pilot, trial or regulatory sandbox is approved or started       0\n"
        "statement            a policy position is stated by leaders or officials               1\n"
        "report               a work report or review mentions the topic                        1\n"
        "target               a goal to be reached by a given date                              1\n"
        "statistic            a measured figure as of a date                                    1\n"
        "proposed             a draft or proposal of the document is published                  0\n"
        "adopted              the document is adopted, passed or signed                         0\n"
        "published            the document is published officially (a gazette, a journal)       0\n"
        "in-force             the document enters into force                                    0\n"
        "applies              the document, or the part named in scope, applies                 0\n"
        "amended              the document is amended                                           0\n"
        "postponed            a stage of the document is postponed                              0\n"
        "suspended            the document, or a part of it, is suspended                       0\n"
        "repealed             the document is repealed                                          0\n"
        "expired              the document lapses at the end of its term                        0\n"
    )


def test_jurisdictions_table() -> None:
    assert run("jurisdictions") == (
        "Code   Name     Parent  Aliases                                  Events\n"
        "CN     中国     —       national, china, 中央, 全国, 国家, 中国       4\n"
        "       China\n"
        "CN-BJ  北京市   CN      beijing, bj, 北京, 北京市                    11\n"
        "       Beijing\n"
    )


@pytest.mark.parametrize("columns", [100, 60])
def test_bodies_table(columns: int) -> None:
    out = run("bodies", columns=columns)
    assert_plain(out)
    assert_golden(f"bodies-{columns}.txt", out)


def test_bodies_table_counts_events_per_body() -> None:
    out = run("bodies", "--data", SMALL)
    rows = {line.split()[0]: line.split()[-1] for line in out.splitlines() if line[:1].isalpha()}
    assert rows == {"ID": "Events", "gov": "1", "dept": "2", "sub": "1", "bj": "2", "sh": "1"}


# --- JSON ----------------------------------------------------------------------------------


def test_bodies_json() -> None:
    doc = json.loads(run("bodies", "--data", SMALL, "--format", "json"))
    assert [b["id"] for b in doc] == ["gov", "dept", "sub", "bj", "sh"]
    dept = doc[1]
    assert dept == {
        "id": "dept",
        "name": {"zh": "某部", "en": "Some Ministry"},
        "short": {"zh": "某部", "en": "Ministry"},
        "aliases": ["ministry"],
        "level": "central",
        "jurisdiction": "CN",
        "parent": "gov",
        "classification": "department",
        "events": 2,
        "lead": 1,
    }
    assert [(b["id"], b["events"], b["lead"]) for b in doc] == [
        ("gov", 1, 1),
        ("dept", 2, 1),
        ("sub", 1, 1),
        ("bj", 2, 1),
        ("sh", 1, 1),
    ]


def test_tags_json() -> None:
    doc = json.loads(run("tags", "-f", "json", "-d", SMALL))
    assert doc == [
        {"tag": "alpha", "events": 3},
        {"tag": "beta", "events": 2},
        {"tag": "gamma", "events": 2},
    ]


def test_kinds_json() -> None:
    doc = json.loads(run("kinds", "--format", "json"))
    assert [k["kind"] for k in doc] == list(EVENT_KINDS)
    assert doc[0] == {
        "kind": "document-issued",
        "description": "a policy document, plan, notice or rule is issued",
        "events": 5,
    }
    assert sum(k["events"] for k in doc) == 15


def test_kinds_declared_by_the_data_are_listed(tmp_path: Path) -> None:
    text = Path(SMALL).read_text(encoding="utf-8")
    text = text.replace("kind: report", "kind: hearing").replace(
        "format: policytl/1\n", "format: policytl/1\nkinds: {hearing: a public hearing}\n"
    )
    data = tmp_path / "kinds.yaml"
    data.write_text(text, encoding="utf-8")
    entries = kind_entries(load_timeline(data))
    assert entries[-1].to_json() == {"kind": "hearing", "description": DATA_KIND, "events": 1}
    assert "hearing              (a kind declared in the data)" in run("kinds", "-d", str(data))


def test_jurisdictions_json() -> None:
    doc = json.loads(run("jurisdictions", "--format", "json"))
    assert doc[1] == {
        "code": "CN-BJ",
        "name": {"zh": "北京市", "en": "Beijing"},
        "aliases": ["beijing", "bj", "北京", "北京市"],
        "parent": "CN",
        "events": 11,
    }


@pytest.mark.parametrize("cmd", ["bodies", "tags", "kinds", "jurisdictions"])
def test_companions_read_policytl_data_and_reject_bad_formats(cmd: str) -> None:
    via_env = invoke([cmd], env={"POLICYTL_DATA": SMALL})
    assert via_env.exit_code == 0
    assert via_env.stdout == run(cmd, "--data", SMALL)
    bad = invoke([cmd, "--format", "yaml"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        f"policytl: error: invalid value for --format: 'yaml' is not one of text, json "
        f"(see 'policytl {cmd} --help')\n"
    )
    missing = invoke([cmd, "--data", "nope.yaml"])
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == "policytl: error: nope.yaml: no such file or folder\n"


# --- shell completion ------------------------------------------------------------------------


def _ctx(data: list[str] | None = None) -> typer.Context:
    group = typer.main.get_command(cli.app)
    ctx = typer.Context(group)
    ctx.params = {"data": data}
    return ctx


def _complete_bodies(ctx: typer.Context, incomplete: str) -> list[str]:
    return completions(ctx, "bodies", incomplete)


def _complete_jurisdictions(ctx: typer.Context, incomplete: str) -> list[str]:
    return completions(ctx, "jurisdictions", incomplete)


def _complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    return completions(ctx, "tags", incomplete)


def _complete_kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    return completions(ctx, "kinds", incomplete)


def test_completion_functions_return_ids_from_the_data() -> None:
    ctx = _ctx()
    assert _complete_bodies(ctx, "bj") == ["bj-drc", "bj-finance-bureau"]
    assert _complete_bodies(ctx, "") == sorted(load_timeline().bodies)
    assert _complete_jurisdictions(ctx, "cn") == ["CN", "CN-BJ"]
    assert _complete_jurisdictions(ctx, "CN-") == ["CN-BJ"]
    assert _complete_tags(ctx, "f") == ["fintech", "five-year-plan", "funding"]
    assert _complete_kinds(ctx, "fund") == ["fund-announced", "fund-launched"]
    assert _complete_kinds(ctx, "") == sorted(EVENT_KINDS)
    assert _complete_bodies(ctx, "zzz") == []


def test_completion_reads_data_from_the_command_line() -> None:
    ctx = _ctx([SMALL])
    assert _complete_bodies(ctx, "") == ["bj", "dept", "gov", "sh", "sub"]
    assert _complete_jurisdictions(ctx, "CN-") == ["CN-BJ", "CN-SH"]
    assert _complete_tags(ctx, "") == ["alpha", "beta", "gamma"]


def test_completion_with_unreadable_data_offers_nothing() -> None:
    assert _complete_bodies(_ctx(["no/such.yaml"]), "") == []


def test_shell_completion_end_to_end() -> None:
    # what bash runs on <TAB>: `policytl show --data small.yaml --body d<TAB>`
    result = invoke(
        [],
        env={
            "_POLICYTL_COMPLETE": "complete_bash",
            "COMP_WORDS": f"policytl show --data {SMALL} --body d",
            "COMP_CWORD": "5",
        },
    )
    assert (result.exit_code, result.stdout) == (0, "dept\n")
    result = invoke(
        [],
        env={
            "_POLICYTL_COMPLETE": "complete_bash",
            "COMP_WORDS": "policytl show -j CN",
            "COMP_CWORD": "3",
        },
    )
    assert (result.exit_code, result.stdout) == (0, "CN\nCN-BJ\n")
