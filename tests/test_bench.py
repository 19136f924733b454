"""bench/: the generator is deterministic and valid; the benchmark script runs; the
loader's fast path for plainly valid events agrees with the full check."""

from __future__ import annotations

import copy
import datetime
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from policytl import check_files

from .conftest import ROOT, child_env

sys.path.insert(0, str(ROOT / "bench"))
import generate


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    a = generate.write("60", tmp_path / "a", seed=7)
    b = generate.write("60", tmp_path / "b", seed=7)
    c = generate.write("60", tmp_path / "c", seed=8)
    for kind in ("yaml", "json", "mw"):
        assert a[kind].read_bytes() == b[kind].read_bytes()
        assert a[kind].read_bytes() != c[kind].read_bytes()


def test_generator_command_line(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            "--sizes",
            "30",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    assert out.stdout.startswith("30: synthetic-30.yaml ")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "synthetic-30.json",
        "synthetic-30.mw",
        "synthetic-30.yaml",
    ]


def test_generated_yaml_and_json_are_the_same_document(tmp_path: Path) -> None:
    paths = generate.write("120", tmp_path)
    from_yaml = yaml.load(paths["yaml"].read_bytes(), Loader=yaml.CSafeLoader)
    from_json = json.loads(paths["json"].read_bytes())
    assert from_yaml == from_json == generate.generate(120)


def test_generated_data_validates_clean_and_uses_every_field(tmp_path: Path) -> None:
    paths = generate.write("400", tmp_path)
    for kind in ("yaml", "json"):
        timeline, problems = check_files([paths[kind]])
        assert problems == []
        assert timeline is not None
        assert len(timeline.events) == 400
    assert timeline is not None
    assert len(timeline.bodies) == 210 and len(timeline.jurisdictions) == 13
    events = timeline.events
    assert {e.date.precision.value for e in events} == {"year", "month", "day"}
    assert any(e.date.is_interval for e in events)
    assert any(e.date.uncertain and not e.date.approximate for e in events)
    assert any(e.date.approximate and not e.date.uncertain for e in events)
    assert any(e.date.uncertain and e.date.approximate for e in events)
    assert all(e.title.zh for e in events) and any(e.title.en for e in events)
    assert any(e.document is not None for e in events)
    assert any(e.summary is not None for e in events)
    assert any(len(e.sources) > 1 for e in events) and any(e.notes for e in events)
    assert any(c.locator for e in events for c in e.sources)
    assert any(len(e.issuers) > 1 for e in events) and any(e.url for e in events)
    assert {e.kind for e in events} >= {"document-issued", "consultation", "court-ruling"}
    body = timeline.bodies["bj-fintech-incubator"]
    assert body.short is not None and body.parent == "bj-hi-tech-zone" and body.aliases
    assert any(a.note for b in timeline.bodies.values() for a in b.aliases)
    assert any(b.notes for b in timeline.bodies.values())
    s = next(iter(timeline.sources.values()))
    assert s.published is not None and s.kind in ("news", "official", "secondary")
    assert any(src.notes for src in timeline.sources.values())
    assert timeline.jurisdictions["CN-BJ"].parent == "CN"
    text = paths["yaml"].read_text(encoding="utf-8")
    assert "en: >-\n" in text and "{zh: " in text  # folded blocks and flow mappings


def test_benchmark_script_smoke(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "30",
            "--runs",
            "1",
            "--data-dir",
            str(tmp_path / "data"),
            "--no-markwhen",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=child_env(),
    )
    assert result.returncode == 0, result.stderr
    table = result.stdout
    assert out.read_text(encoding="utf-8") == table
    assert table.startswith("Machine: ")
    assert "| measurement | median | baseline | ratio | target | result |" in table
    assert "| `policytl --version` | " in table
    assert "bare `yaml.load` (CSafeLoader), 30" in table
    assert "bare `json.loads`, 30" in table
    assert "memory held by the loaded timeline (cache warm), 30" in table
    assert "FAIL (" not in table  # no command failed to run
    assert "Markwhen comparison skipped (--no-markwhen)." in table


# --- the validator's fast path ------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for p in path[:-1]:
            target = target[p]
        target[path[-1]] = value

    return apply


def _delete(path: tuple[Any, ...]) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for p in path[:-1]:
            target = target[p]
        del target[path[-1]]

    return apply


MUTATIONS: dict[str, Mutation] = {
    "valid": lambda doc: None,
    "unknown kind": _set(("events", 0, "kind"), "statment"),
    "bad date": _set(("events", 1, "date"), "2016-13"),
    "unquoted date": _set(("events", 1, "date"), datetime.date(2016, 2, 3)),
    "year as int": _set(("events", 1, "date"), 2016),
    "empty zh": _set(("events", 2, "title", "zh"), ""),
    "blank en": _set(("events", 2, "title", "en"), "   "),
    "title string": _set(("events", 2, "title"), "just text"),
    "duplicate issuer": _set(("events", 3, "issuers"), ["bj-drc", "bj-drc"]),
    "unknown issuer": _set(("events", 3, "issuers"), ["bj-drx"]),
    "no issuers": _set(("events", 3, "issuers"), []),
    "bad tag": _set(("events", 4, "tags"), ["bad tag!"]),
    "tags not a list": _set(("events", 4, "tags"), "blockchain"),
    "no quote": _delete(("events", 0, "sources", 0, "quote")),
    "no sources": _set(("events", 0, "sources"), []),
    "unknown source": _set(("events", 0, "sources", 0, "source"), "nope"),
    "null locator": _set(("events", 0, "sources", 0, "locator"), None),
    "unknown field": _set(("events", 1, "colour"), "red"),
    "derived field": _set(("events", 1, "precision"), "month"),
    "notes string": _set(("events", 2, "notes"), "one note"),
    "notes blank": _set(("events", 2, "notes"), [" "]),
    "empty url": _set(("events", 2, "url"), ""),
    "null document": _set(("events", 2, "document"), None),
    "document only en": _set(("events", 2, "document"), {"en": "A plan"}),
    "bad id": _set(("events", 3, "id"), "Bad Id"),
    "duplicate id": lambda doc: doc["events"][4].__setitem__("id", doc["events"][3]["id"]),
    "event not a mapping": _set(("events", 3), ["a", "list"]),
    "number as text": _set(("events", 2, "summary", "en"), 42),
    "unknown jurisdiction": _set(("events", 1, "jurisdiction"), "CN-XX"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_mutation_of_a_generated_timeline_gets_its_verdict(name: str, tmp_path: Path) -> None:
    """The one validation path on what bench/generate.py writes, and on each mutation."""
    doc = copy.deepcopy(generate.generate(12, seed=3))
    MUTATIONS[name](doc)
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fast = check_files([path])
    if name in (
        "valid",
        "null locator",
        "derived field",
        "notes string",
        "null document",
        "document only en",
        "no issuers",
    ):
        assert fast[0] is not None and fast[1] == []
    else:
        assert fast[1] != []
