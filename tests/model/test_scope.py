"""An event's ``scope``: the first field added through the field table alone.

One declaration in ``policytl/model/records.py`` (see
docs/contributing/add-a-field.md) gives the check, the JSON export and its loading
back, the JSON Schema, the CSV columns, the cache and the format reference; the
terminal view shows it in the event's details.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policytl import check_files, json_schema, load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.model.records import Text

from ..conftest import invoke

DOC = """\
format: policytl/1
sources:
  s: {{title: {{en: Regulation (EU) 2024/1689}}}}
jurisdictions:
  EU: {{name: {{en: European Union}}}}
events:
  - id: ai-act-prohibitions-apply
    date: "2025-02-02"
    kind: statement
    jurisdiction: EU
    issuers: []
    title: {{en: The prohibitions apply}}
    scope: {scope}
    sources: [{{source: s, quote: "shall apply from 2 February 2025"}}]
"""
SCOPE = "{en: 'Chapter II, prohibited practices', zh: 第二章}"


def _file(tmp_path: Path, scope: str = SCOPE) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(DOC.format(scope=scope), encoding="utf-8")
    return path


def test_scope_is_read_and_kept_through_the_json_export_and_the_cache(tmp_path: Path) -> None:
    path = _file(tmp_path)
    timeline = load_timeline([path], cache=False)
    (event,) = timeline.events
    assert event.scope == Text(zh="第二章", en="Chapter II, prohibited practices")
    exported = render(Format.JSON, timeline, ExportOptions())
    as_json = json.loads(exported)["events"][0]
    assert list(as_json)[-1] == "scope"  # the table's order: scope is declared last
    assert as_json["scope"] == {"zh": "第二章", "en": "Chapter II, prohibited practices"}
    back = tmp_path / "back.json"
    back.write_text(exported, encoding="utf-8")
    assert load_timeline([back], cache=False).events[0].scope == event.scope
    for _ in range(2):  # a miss writes the entry, a hit reads it
        assert load_timeline([path]).events[0].scope == event.scope


def test_scope_is_optional_and_null_is_the_same_as_leaving_it_out(tmp_path: Path) -> None:
    timeline, problems = check_files([_file(tmp_path, "null")])
    assert problems == [] and timeline is not None
    assert timeline.events[0].scope is None


def test_a_wrong_scope_is_located_and_says_what_a_text_is(tmp_path: Path) -> None:
    path = _file(tmp_path, "just text")
    timeline, problems = check_files([path])
    assert timeline is None
    assert [str(p) for p in problems] == [
        f"{path}:13:12: events[0] (id: ai-act-prohibitions-apply).scope: expected a "
        "text in one or more languages, got a string: write {en: ...}, {zh: ...}, {it: ...} ..."
    ]


def test_scope_is_in_the_schema_and_the_csv_columns(tmp_path: Path) -> None:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    scope = schema["$defs"]["event"]["properties"]["scope"]
    assert scope["$ref"] == "#/$defs/optionalText"
    timeline = load_timeline([_file(tmp_path)], cache=False)
    rows = list(csv.reader(io.StringIO(render(Format.CSV, timeline, ExportOptions()))))
    # appended: the old columns stay, and the later ones follow
    assert rows[0][-6:] == ["due", "scope_zh", "scope_en", "relations", "document_id", "stage"]
    assert rows[1][-5:-3] == ["第二章", "Chapter II, prohibited practices"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_lists_the_scope_in_the_details_and_search_finds_it(tmp_path: Path, lang: str) -> None:
    path = _file(tmp_path)
    result = invoke(["show", "--data", str(path), "--detail", "--lang", lang, "-s", "Chapter"])
    assert result.exit_code == 0, result.stderr
    shown = "第二章" if lang == "zh" else "Chapter II, prohibited practices"
    assert any(
        line.split()[:1] == ["Scope"] and shown in line for line in result.stdout.splitlines()
    )
