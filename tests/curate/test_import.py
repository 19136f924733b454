"""`policytl import`: spreadsheets and policytl's own exports into a timeline file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import FIXTURES, invoke

CSV = FIXTURES / "import" / "ai-act.csv"
SKIPPED = (
    "policytl: ai-act.csv:{row}:Quote: warning: row skipped: it has no quote or locator, and a "
    "citation needs the source's words verbatim or where in the source it is; give them in a "
    "quote or locator column\n"
)


def test_a_spreadsheet_becomes_a_valid_timeline_and_a_second_import_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(CSV, "ai-act.csv")
    result = invoke(["import", "ai-act.csv", "-o", "timeline.yaml"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "".join(SKIPPED.format(row=r) for r in (4, 12, 15, 18)) + (
        "policytl: wrote timeline.yaml: 13 events added, 0 updated, 0 unchanged, 12 sources "
        "added, 3 jurisdictions added, 6 bodies added\n"
    )
    check = invoke(["validate", "timeline.yaml"])
    assert check.exit_code == 0, check.stderr
    assert invoke(["fmt", "--check", "timeline.yaml"]).exit_code == 0
    before = Path("timeline.yaml").read_bytes()
    again = invoke(["import", "ai-act.csv", "-o", "timeline.yaml"])
    assert again.exit_code == 0
    assert again.stderr.endswith(
        "policytl: nothing to change in timeline.yaml (0 events added, 0 updated, 13 unchanged)\n"
    )
    assert Path("timeline.yaml").read_bytes() == before


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_policytl_s_own_exports_round_trip(tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(invoke(["export", "-f", fmt]).stdout, encoding="utf-8")
    out = tmp_path / "imported.yaml"
    assert invoke(["import", str(exported), "-o", str(out)]).exit_code == 0
    again = invoke(["export", "-f", fmt, "--data", str(out)]).stdout
    assert again == exported.read_text(encoding="utf-8")


def test_every_bad_cell_is_named_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.csv").write_text(
        "Date,Jurisdiction,Title,Kind,Source,Quote\n"
        "31 April 2021,EU,A,adopted,S,q\n"
        "2021,Atlantis,B,adopted,S,q\n"
        "2021,EU,C,voted,S,q\n",
        encoding="utf-8",
    )
    result = invoke(["import", "bad.csv", "-o", "out.yaml"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "policytl: bad.csv:2:Date: cannot read '31 April 2021' as a date: 2021-04 has no day 31"
    )
    assert lines[1].startswith("policytl: bad.csv:3:Jurisdiction: 'Atlantis' is neither")
    assert lines[2].startswith("policytl: bad.csv:4:Kind: unknown kind 'voted'")
    assert lines[3] == "policytl: error: 3 problems; nothing was written"
    assert not Path("out.yaml").exists()


def test_a_bad_map_is_a_usage_error() -> None:
    result = invoke(["import", str(CSV), "--map", "Date"])
    assert result.exit_code == 2


def test_an_unknown_relation_type_in_a_spreadsheet_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # only policytl's own export may bring back the types its file added
    monkeypatch.chdir(tmp_path)
    Path("rel.csv").write_text(
        "Date,Jurisdiction,Title,Kind,Source,Quote,Relations\n"
        "2021,EU,A,adopted,S,q,\n"
        "2022,EU,B,adopted,S,q,inspired-by:a\n",
        encoding="utf-8",
    )
    result = invoke(["import", "rel.csv", "-o", "out.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "policytl: rel.csv:3:Relations: unknown relation type 'inspired-by'; expected one of "
        "responds-to, implements, part-of, amends, postpones, supersedes, repeals, based-on, "
        "transposes, follows (or add it under relation-types: in the file first)"
    )
    assert not Path("out.yaml").exists()
