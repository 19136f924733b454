"""The shipped JSON Schema and the loader agree.

The schema checks the shape of one file; the loader checks that and more. So
every fixture is in exactly one of these groups, and the test holds each
group to what it claims:

* structural: the schema rejects the file, at the same places (a field or its
  parent) where ``policytl validate`` reports problems, and nowhere else;
* SCHEMA_UNDETECTABLE: only the loader can see the problem (other records,
  other files, the calendar, the `kinds:` vocabulary); the schema accepts it;
* YAML_LEVEL: the problem is in the YAML text itself. ``yaml.safe_load``
  either refuses the file outright or hides the problem (it keeps the last of
  two duplicate keys, expands aliases, decodes UTF-16), and then the schema
  accepts what is left.

The one warning-only fixture (unquoted dates) is structural on purpose: the
loader reads unquoted dates with a warning, the schema asks for the quotes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from policytl import check_files, json_schema, parse_date
from policytl.load.validate import SLUG, TOP_FIELDS
from policytl.load.yamlsafe import format_path
from policytl.model.errors import DateError
from policytl.model.fields import derived_names, names
from policytl.model.records import (
    BODY_CLASSIFICATIONS,
    BODY_LEVELS,
    EVENT_KINDS,
    SOURCE_KINDS,
    Alias,
    Body,
    Citation,
    Event,
    Jurisdiction,
    Source,
)

from ..conftest import FIXTURES, ROOT

EVENT_FIELDS, DERIVED_EVENT_FIELDS = names(Event), derived_names(Event)
BODY_FIELDS, SOURCE_FIELDS, ALIAS_FIELDS = names(Body), names(Source), names(Alias)
JURISDICTION_FIELDS, CITATION_FIELDS = names(Jurisdiction), names(Citation)
INVALID = FIXTURES / "invalid"
SCHEMA_FILE = ROOT / "policytl" / "schema" / "policytl-1.schema.json"

SCHEMA_UNDETECTABLE = {
    "date-impossible-day.yaml": "well-formed dates that the calendar lacks (2016-02-30)",
    "interval-order.yaml": "comparing the two ends of an interval",
    "due-before-date.yaml": "comparing an event's due date with its date (and the calendar)",
    "unknown-references.yaml": "ids that refer to other records",
    "unknown-kind.yaml": "any slug may become a kind through `kinds:`",
    "duplicate-event-ids.yaml": "one field unique across the items of a list",
    "duplicate-ids-across-files": "ids in two files",
    "body-parent-loop.yaml": "a cycle through references",
    "relation-loops.yaml": "a cycle through relations",
    "order-in-force.yaml": "comparing the dates of a document's stages",
    "order-targets.yaml": "comparing an event's date with the date of what it relates to",
    "order-repealed.yaml": "comparing the dates of a document's stages",
}
#: name -> True when yaml.safe_load refuses the file, False when it hides the problem.
YAML_LEVEL = {
    "malformed.yaml": True,
    "malformed.json": True,
    "tabs.yaml": True,
    "gbk.yaml": True,
    "python-tag.yaml": True,
    "duplicate-keys.yaml": False,
    "anchors-aliases.yaml": False,
    "utf16.yaml": False,
}


def validator() -> Draft202012Validator:
    return Draft202012Validator(json_schema())


def fixtures() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir() or p.suffix in (".yaml", ".json"))


def files_of(name: str) -> list[Path]:
    path = INVALID / name
    return sorted(path.iterdir()) if path.is_dir() else [path]


def read(path: Path) -> Any:
    data = path.read_bytes()
    if path.suffix == ".json":
        return json.loads(data)
    return yaml.safe_load(data)


def schema_errors(data: Any) -> list[str]:
    return sorted(format_path(tuple(e.absolute_path)) for e in validator().iter_errors(data))


_LAST = re.compile(r'(?:\.[^.\[\]]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\]|^[^.\[\]]+)$')


def parent(path: str) -> str:
    return _LAST.sub("", path)


def near(a: str, b: str) -> bool:
    """The same field, or one is the other's direct parent."""
    return a == b or (a != "" and parent(a) == b) or (b != "" and parent(b) == a)


# --- the schema itself ---------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_shipped_file_is_what_the_field_table_makes() -> None:
    """policytl/schema/policytl-1.schema.json is generated: scripts/make_schema.py writes it."""
    from policytl.load.loader import json_schema_text

    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text()
    assert json_schema() == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_data_file_points_editors_at_the_schema_in_the_checkout_and_when_installed() -> None:
    first = (ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/policytl-1.schema.json"
    relative = first.split("$schema=", 1)[1]
    # in the checkout: data/../schema is a symlink to policytl/schema
    assert (ROOT / "data" / relative).resolve() == SCHEMA_FILE.resolve()
    # installed: the wheel puts the data at policytl/data/timeline.yaml, beside policytl/schema/
    installed = Path("site-packages/policytl/data") / relative
    assert os.path.normpath(installed) == os.path.normpath(
        "site-packages/policytl/schema/policytl-1.schema.json"
    )


def test_schema_fields_and_vocabularies_are_the_loaders() -> None:
    schema = json_schema()
    defs = schema["$defs"]
    assert set(schema["properties"]) == set(TOP_FIELDS)
    assert set(defs["event"]["properties"]) == set(EVENT_FIELDS) | set(DERIVED_EVENT_FIELDS)
    assert set(defs["body"]["properties"]) == set(BODY_FIELDS)
    assert set(defs["source"]["properties"]) == set(SOURCE_FIELDS)
    assert set(defs["jurisdiction"]["properties"]) == set(JURISDICTION_FIELDS)
    assert set(defs["citation"]["properties"]) == set(CITATION_FIELDS)
    assert set(defs["alias"]["properties"]) == set(ALIAS_FIELDS)
    assert defs["body"]["properties"]["level"]["enum"] == list(BODY_LEVELS)
    assert defs["body"]["properties"]["classification"]["enum"] == list(BODY_CLASSIFICATIONS)
    assert defs["source"]["properties"]["kind"]["enum"] == list(SOURCE_KINDS)
    builtin, added = defs["event"]["properties"]["kind"]["anyOf"]
    assert builtin["enum"] == list(EVENT_KINDS)
    assert builtin["enumDescriptions"] == list(EVENT_KINDS.values())
    assert added["pattern"] == f"^{SLUG.pattern}$"
    for name in ("event", "body", "source", "jurisdiction", "citation", "alias", "text"):
        assert defs[name]["additionalProperties"] is False, name
    assert schema["additionalProperties"] is False


def test_the_schema_teaches_in_editors() -> None:
    schema = json_schema()
    assert schema["$id"] == "urn:policytl:schema:policytl-1"
    defs = schema["$defs"]
    records = [schema, *(defs[n] for n in ("event", "body", "source", "jurisdiction"))]
    records += [defs[n] for n in ("citation", "alias", "text")]
    for record in records:
        for name, field in record["properties"].items():
            assert field.get("markdownDescription"), name
            assert field.get("description"), name
    date = defs["date"]
    assert date["patternErrorMessage"] == date["errorMessage"]
    assert '"2016-02-15"' in date["patternErrorMessage"]
    assert defs["event"]["properties"]["id"]["patternErrorMessage"].startswith("An id is a")


# --- the shipped data -------------------------------------------------------------------


def test_shipped_data_validates_against_the_schema() -> None:
    data = yaml.safe_load((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"))
    assert schema_errors(data) == []


def test_json_export_of_the_shipped_data_validates_against_the_schema() -> None:
    from policytl import load_timeline

    assert schema_errors(load_timeline().to_json()) == []


# --- every fixture -----------------------------------------------------------------------


def test_every_fixture_is_classified_once() -> None:
    names = set(fixtures())
    assert set(SCHEMA_UNDETECTABLE) <= names
    assert set(YAML_LEVEL) <= names
    assert not set(SCHEMA_UNDETECTABLE) & set(YAML_LEVEL)
    assert len(names - set(SCHEMA_UNDETECTABLE) - set(YAML_LEVEL)) >= 12


@pytest.mark.parametrize("name", sorted(SCHEMA_UNDETECTABLE))
def test_schema_accepts_the_semantic_only_fixtures(name: str) -> None:
    for path in files_of(name):
        assert schema_errors(read(path)) == [], path.name
    _, problems = check_files([INVALID / name])
    assert problems, "the loader must reject it"


@pytest.mark.parametrize("name", sorted(YAML_LEVEL))
def test_yaml_level_fixtures(name: str) -> None:
    path = INVALID / name
    if YAML_LEVEL[name]:
        with pytest.raises((yaml.YAMLError, json.JSONDecodeError)):
            read(path)
    else:
        assert schema_errors(read(path)) == []
    _, problems = check_files([path])
    assert problems, "the loader must reject it"


def structural() -> Iterator[str]:
    for name in fixtures():
        if name not in SCHEMA_UNDETECTABLE and name not in YAML_LEVEL:
            yield name


@pytest.mark.parametrize("name", list(structural()))
def test_schema_rejects_structural_fixtures_where_the_loader_does(name: str) -> None:
    path = INVALID / name
    errors = schema_errors(read(path))
    assert errors, "the schema must reject it"
    _, problems = check_files([path])
    found = sorted({p.path for p in problems})
    assert found
    # Each problem the loader reports is one the schema reports, and vice versa
    # (up to one level: the schema flags an unknown field at its parent object).
    assert [p for p in found if not any(near(p, e) for e in errors)] == []
    # format-version: the loader stops at an unsupported version; the schema goes on.
    if name != "format-version.yaml":
        assert [e for e in errors if not any(near(e, p) for p in found)] == []


def test_parent_of_a_path() -> None:
    assert parent("events[0].title.zh") == "events[0].title"
    assert parent("events[0]") == "events"
    assert parent("events") == ""
    assert parent('kinds["Policy Speech"]') == "kinds"
    assert not near("events[0].title.zh", "events[0]")
    assert near("titel", "")


# --- dates: the schema's pattern and the loader's parser --------------------------------

DATE_PATTERN = json_schema()["$defs"]["date"]["pattern"]


def _single(d: date, precision: int, qualifier: str) -> str:
    text = f"{d.year:04d}" + (f"-{d.month:02d}" if precision > 0 else "")
    return text + (f"-{d.day:02d}" if precision > 1 else "") + qualifier


qualifiers = st.sampled_from(["", "?", "~", "%"])
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(days, st.integers(0, 2), qualifiers, st.none() | st.tuples(days, st.integers(0, 2)))
def test_every_date_the_loader_accepts_matches_the_schema(
    d: date, precision: int, q: str, other: tuple[date, int] | None
) -> None:
    text = _single(d, precision, q)
    if other is not None:
        text += "/" + _single(other[0], other[1], "")
    try:
        parse_date(text)
    except DateError:
        assert other is not None  # only an interval in the wrong order fails
    assert re.search(DATE_PATTERN, text)


@given(st.from_regex(DATE_PATTERN, fullmatch=True))
def test_every_date_the_schema_accepts_parses_or_fails_only_on_the_calendar(text: str) -> None:
    try:
        parse_date(text)
    except DateError as exc:
        assert "has no day" in str(exc) or "ends before it starts" in str(exc), str(exc)


@pytest.mark.parametrize(
    "text", ["2016-13", "0000", "2016-2", "16", "2016-02-1", "２０１６", "2016/", "2016-00"]
)
def test_malformed_dates_fail_both(text: str) -> None:
    assert re.search(DATE_PATTERN, text) is None
    with pytest.raises(DateError):
        parse_date(text)


def test_full_width_digits_are_for_people_not_for_data() -> None:
    from policytl.model.dates import parse_user_date

    with pytest.raises(DateError):
        parse_date("２０１６-06")
    typed = parse_user_date("２０１６年６月")
    assert (typed.start, typed.end) == (date(2016, 6, 1), date(2016, 6, 30))


# --- the data-format page of the docs (docs/reference/format.md) ------------------------------


def readme_format_section() -> str:
    return (ROOT / "docs" / "reference" / "format.md").read_text(encoding="utf-8")


def test_readme_example_is_valid_for_the_loader_and_the_schema(tmp_path: Path) -> None:
    section = readme_format_section()
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert example.startswith("# yaml-language-server: $schema=")
    f = tmp_path / "example.yaml"
    f.write_text(example, encoding="utf-8")
    timeline, problems = check_files([f])
    assert problems == []
    assert timeline is not None and len(timeline.events) == 1
    assert schema_errors(yaml.safe_load(example)) == []


def test_readme_documents_every_field_and_vocabulary() -> None:
    section = readme_format_section()
    for kind, meaning in EVENT_KINDS.items():
        assert f"| `{kind}` | {meaning} |" in section
    for word in (*BODY_LEVELS, *BODY_CLASSIFICATIONS, *SOURCE_KINDS):
        assert f"`{word}`" in section, word
    fields = {
        *TOP_FIELDS,
        *EVENT_FIELDS,
        *DERIVED_EVENT_FIELDS,
        *BODY_FIELDS,
        *SOURCE_FIELDS,
        *JURISDICTION_FIELDS,
        *CITATION_FIELDS,
        *ALIAS_FIELDS,
    }
    assert sorted(f for f in fields if f"`{f}`" not in section) == []
