"""Golden `policytl validate` output for every invalid fixture, and multi-file merges.

Each entry of tests/fixtures/invalid/ (a .yaml/.yml/.json file, or a folder of
files checked together) has a golden ``<name>.expected`` with the exact stdout
of ``policytl validate <name>`` run from inside that folder, so that the file
names in the output are the short relative ones. To update them after a
deliberate message change, run the suite with POLICYTL_UPDATE_GOLDEN=1 (as every
golden file; tests/goldens.py) and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytl import load_timeline

from ..conftest import FIXTURES, invoke
from ..goldens import assert_golden

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"
DATA_SUFFIXES = (".yaml", ".yml", ".json")

#: Fixtures with warnings only: valid data, exit 0.
WARNING_ONLY = {"unquoted-dates.yaml"}


def invalid_fixtures() -> list[str]:
    return sorted(
        p.name for p in INVALID.iterdir() if p.is_dir() or p.suffix.lower() in DATA_SUFFIXES
    )


def test_there_are_enough_fixtures_and_every_one_has_a_golden_file() -> None:
    names = invalid_fixtures()
    assert len(names) >= 15
    goldens = sorted(p.name for p in INVALID.glob("*.expected"))
    assert goldens == sorted(f"{n}.expected" for n in names)
    assert set(names) >= WARNING_ONLY


@pytest.mark.parametrize("name", invalid_fixtures())
def test_validate_output_is_the_golden_output(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = invoke(["validate", name])
    assert_golden(INVALID / f"{name}.expected", result.stdout)
    assert result.stderr == ""
    assert result.exit_code == (0 if name in WARNING_ONLY else 1)
    last = result.stdout.splitlines()[-1]
    assert last.startswith("ok: " if name in WARNING_ONLY else "invalid: ")


def test_warnings_as_errors_fails_a_warning_only_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = invoke(["validate", "--warnings-as-errors", "unquoted-dates.yaml"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "invalid: 0 errors, 3 warnings in unquoted-dates.yaml"
    )


def test_validate_json_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = invoke(["validate", "--format", "json", "unknown-references.yaml"])
    assert result.exit_code == 1
    assert result.stderr == ""
    f = "unknown-references.yaml"

    def problem(line: int, column: int, path: str, message: str) -> dict[str, object]:
        return {
            "file": f,
            "line": line,
            "column": column,
            "path": path,
            "severity": "error",
            "message": message,
            "event_id": "bj-blockchain-ecosystem-fund" if path.startswith("events[") else None,
        }

    expected = {
        "ok": False,
        "files": [f],
        "counts": None,
        "errors": 6,
        "warnings": 0,
        "problems": [
            problem(
                7,
                49,
                "jurisdictions.CN-BJ.parent",
                "unknown jurisdiction 'CM' — define it under jurisdictions:",
            ),
            problem(
                18,
                13,
                "bodies.bj-finance-bureau.parent",
                "unknown body 'beijing-municipalty' (did you mean 'beijing-municipality'?)",
            ),
            problem(
                24,
                19,
                "events[0].jurisdiction",
                "unknown jurisdiction 'CN-PK' (did you mean 'CN-BJ'?)",
            ),
            problem(
                25,
                15,
                "events[0].issuers[0]",
                "unknown body 'bj-finance-burea' (did you mean 'bj-finance-bureau'?)",
            ),
            problem(
                25, 33, "events[0].issuers[1]", "unknown body 'pboc' — define it under bodies:"
            ),
            problem(
                28,
                17,
                "events[0].sources[0].source",
                "unknown source 'panews-2020-07-10' (did you mean 'panews-2020-07-01'?)",
            ),
        ],
    }
    assert result.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_validate_json_output_for_a_warning_only_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = invoke(["validate", "-f", "json", "unquoted-dates.yaml"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["ok"] is True
    assert doc["counts"] == {"events": 3, "bodies": 0, "sources": 1, "jurisdictions": 1}
    assert (doc["errors"], doc["warnings"]) == (0, 3)
    assert [p["severity"] for p in doc["problems"]] == ["warning"] * 3
    assert [p["path"] for p in doc["problems"]] == [
        "sources.src.published",
        "events[0].date",
        "events[1].date",
    ]


# --- several files merged ----------------------------------------------------------------

MERGE_FILES = ["00-header.yaml", "10-registries.yaml", "20-events.yaml", "30-more.json"]


def test_validate_a_folder_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(VALID)
    result = invoke(["validate", "merge"])
    assert result.exit_code == 0
    assert result.stderr == ""
    where = ", ".join(f"merge/{f}" for f in MERGE_FILES)
    assert result.stdout == f"ok: 4 events, 2 bodies, 1 source, 2 jurisdictions in {where}\n"


def test_validate_files_given_one_by_one_is_the_same_as_the_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(VALID / "merge")
    result = invoke(["validate", *MERGE_FILES])
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: 4 events, 2 bodies, 1 source, 2 jurisdictions in ")


def test_a_file_alone_misses_the_records_of_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(VALID / "merge")
    result = invoke(["validate", "20-events.yaml"])
    assert result.exit_code == 1
    assert (
        "20-events.yaml:8:15: events[0] (id: bj-blockchain-action-plan-2020-2022).issuers[0]: "
        "unknown body 'beijing-municipality' — define it under bodies:"
    ) in result.stdout.splitlines()


def test_merged_timeline_resolves_references_across_files() -> None:
    timeline = load_timeline(VALID / "merge")
    assert timeline.files == tuple(str(VALID / "merge" / f) for f in MERGE_FILES)
    # Sorted by date across files, whatever file each event came from.
    assert [(e.date.text, e.id) for e in timeline.events] == [
        ("2016", "bj-2016"),
        ("2018-05", "bj-blockchain-ecosystem-fund"),
        ("2019-10-24", "top-leadership-blockchain"),
        ("2020-06-30", "bj-blockchain-action-plan-2020-2022"),
    ]
    fund = next(e for e in timeline.events if e.id == "bj-blockchain-ecosystem-fund")
    assert timeline.issuer_names(fund, "zh") == ["北京金融局"]
    assert timeline.bodies["bj-finance-bureau"].parent == "beijing-municipality"
    assert timeline.jurisdictions["CN-BJ"].parent == "CN"
    # The kind added by 00-header.yaml applies to the events of 30-more.json.
    assert next(e for e in timeline.events if e.id == "top-leadership-blockchain").kind == (
        "speech"
    )
    assert timeline.title is not None and timeline.title.zh == "合并测试"
    assert timeline.translations == {"en": "unofficial translation"}


def test_merge_order_does_not_change_the_timeline() -> None:
    folder = VALID / "merge"
    forward = load_timeline([folder / f for f in MERGE_FILES])
    backward = load_timeline([folder / f for f in reversed(MERGE_FILES)])
    assert [e.to_json() for e in forward.events] == [e.to_json() for e in backward.events]
    assert forward.bodies == backward.bodies


def test_ids_are_unique_across_files(tmp_path: Path) -> None:
    folder = VALID / "merge"
    copy = tmp_path / "copy.yaml"
    copy.write_bytes((folder / "20-events.yaml").read_bytes())
    result = invoke(["validate", str(folder), str(copy)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    first = folder / "20-events.yaml"
    assert lines == [
        f"{copy}:4:9: events[0].id: duplicate event id "
        f"'bj-blockchain-action-plan-2020-2022' (first defined at {first}:4)",
        f"{copy}:13:9: events[1].id: duplicate event id "
        f"'bj-blockchain-ecosystem-fund' (first defined at {first}:13)",
        f"invalid: 2 errors, 0 warnings in {folder}, {copy}",
    ]
