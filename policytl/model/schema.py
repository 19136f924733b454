"""The JSON Schema (draft 2020-12) of the policytl/1 format, made from the field table.

``policytl schema`` prints it, and ``policytl/schema/policytl-1.schema.json`` is
this very text (``scripts/make_schema.py`` writes it; a test fails when they
differ). Each field's schema comes from its kind (``Kind``), its description
from its ``doc``; the definitions below are those of the kinds themselves.
"""

from __future__ import annotations

import json
import re
from typing import Any

from policytl.model.fields import PATTERNS, Field, Kind, Spec, derived_names, key_of, table
from policytl.model.records import DOCUMENT, FORMAT, RECORD_CLASSES, Alias

__all__ = ["json_schema", "json_schema_text"]

_DEF = "#/$defs/"

_DESCRIPTION = (
    "A curated timeline of dated policy events (policytl/1). Several files may be merged: "
    "ids must be unique across them and references may point into another file. This schema "
    "checks the shape of one file; `policytl validate` also checks what a schema cannot: "
    "references between records, duplicate ids, calendar dates such as 2016-02-30, intervals "
    "that end before they start, a `due` date before its event's date, and event kinds "
    "against the vocabulary extended by `kinds`."
)
_DATE_PART = r"(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?[?~%]?"
_DATE_ERROR = (
    'Write the date as the source gives it, in quotes: "2016", "2016-02" or "2016-02-15" '
    "(two-digit months and days), optionally ending in ? (uncertain), ~ (approximate) or % "
    '(both), or an interval such as "2020-06-30/2022". Not 2016/02/15, 2016-2 or 2016年2月.'
)
_DATE_TABLE = (
    "A date **as the source gives it**, quoted, in ISO 8601 / EDTF level 0-1:\n\n"
    "| written | means |\n| --- | --- |\n"
    '| `"2016"` | some day in 2016 |\n'
    '| `"2016-02"` | some day in February 2016 |\n'
    '| `"2019-10-24"` | that day |\n'
    '| `"2020-05?"` | May 2020, uncertain |\n'
    '| `"2019~"` | about 2019 |\n'
    '| `"2019%"` | uncertain and approximate |\n'
    '| `"2020-06-30/2022"` | from 30 June 2020 to the end of 2022 |'
)


def _plain(markdown: str) -> str:
    """The text of a line of Markdown without its code and emphasis marks."""
    return re.sub(r"`|\*\*", "", markdown)


def _described(fragment: dict[str, Any], doc: str) -> dict[str, Any]:
    return {**fragment, "description": _plain(doc), "markdownDescription": doc}


#: The definitions of the kinds of value (the records' definitions follow them).
_KIND_DEFS: dict[str, Any] = {
    "nonEmptyString": {
        "description": "A string with at least one non-blank character.",
        "type": "string",
        "pattern": r"\S",
        "patternErrorMessage": "Must not be empty or blank.",
    },
    "optionalString": {
        "description": "A non-blank string, or null (the same as leaving the field out).",
        "anyOf": [{"$ref": _DEF + "nonEmptyString"}, {"type": "null"}],
    },
    "notes": {
        "description": "Curators' notes: one string or a list of strings (null: none).",
        "anyOf": [
            {"$ref": _DEF + "nonEmptyString"},
            {"type": "array", "items": {"$ref": _DEF + "nonEmptyString"}},
            {"type": "null"},
        ],
    },
    "text": {
        "description": (
            "A text in one or more languages, keyed by BCP 47 language tag: Chinese (zh), "
            "English (en), or any other (it, zh-Hant, es-419 ...); at least one is given."
        ),
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "zh": _described({"$ref": _DEF + "nonEmptyString"}, "Chinese text."),
            "en": _described({"$ref": _DEF + "nonEmptyString"}, "English text."),
        },
        "patternProperties": {
            PATTERNS["language"].schema: _described(
                {"$ref": _DEF + "nonEmptyString"}, "The text in the language of this tag."
            ),
        },
    },
    "optionalText": {"anyOf": [{"$ref": _DEF + "text"}, {"type": "null"}]},
    "date": {
        "description": (
            "A date as the source gives it, ISO 8601 / EDTF level 0-1, always quoted: "
            '"2016", "2016-02", "2016-02-15", with ? (uncertain), ~ (approximate) or % (both), '
            'or an interval "2020-06-30/2022". policytl also checks the calendar (no '
            "2016-02-30) and that an interval does not end before it starts. It reads an "
            "unquoted YAML date or year with a warning; this schema asks for the quotes."
        ),
        "type": "string",
        "pattern": f"^{_DATE_PART}(?:/{_DATE_PART})?$",
        "examples": ["2016", "2016-02", "2016-02-15", "2020-05?", "2019~", "2020-06-30/2022"],
        "patternErrorMessage": _DATE_ERROR,
        "errorMessage": _DATE_ERROR,
        "markdownDescription": _DATE_TABLE,
    },
    "aliases": {
        "description": "Other names people use: strings, or {name, note} (null: none).",
        "anyOf": [
            {
                "type": "array",
                "items": {"anyOf": [{"$ref": _DEF + "nonEmptyString"}, {"$ref": _DEF + "alias"}]},
            },
            {"type": "null"},
        ],
    },
}


def _null_or(fragment: dict[str, Any], spec: Spec) -> dict[str, Any]:
    return {"anyOf": [fragment, {"type": "null"}]} if spec.nullable else fragment


def _pattern(name: str) -> dict[str, Any]:
    pattern = PATTERNS[name]
    out: dict[str, Any] = {"type": "string", "pattern": pattern.schema}
    if pattern.hint:
        out["patternErrorMessage"] = pattern.hint
    return out


def _choice(spec: Spec) -> dict[str, Any]:
    if len(spec.choices) == 1 and not spec.extensible:
        return {"const": spec.choices[0]}
    builtin: dict[str, Any] = {"enum": list(spec.choices)}
    if spec.meanings:
        builtin["enumDescriptions"] = list(spec.meanings)
        builtin["markdownEnumDescriptions"] = [
            f"**{c}**: {m}" for c, m in zip(spec.choices, spec.meanings, strict=True)
        ]
    if not spec.extensible:
        return builtin
    section = spec.extensible
    error = (
        f"An {spec.label} is one of {', '.join(spec.choices)}, or a slug added under `{section}:`."
    )
    what = "A kind" if section == "kinds" else "A type"
    added = {
        "description": (
            f"{what} added under `{section}:` in this file or another file merged with it "
            "(policytl validate checks it is defined)."
        ),
        **_pattern("slug"),
        "patternErrorMessage": error,
    }
    return {
        "anyOf": [{"description": f"A built-in {spec.label}.", **builtin}, added],
        "errorMessage": error,
    }


def _mapping(spec: Spec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    pattern = spec.pattern
    if spec.item is not None:
        declared = key_of(spec.item)
        pattern = declared.pattern if declared is not None else None
    if pattern is not None:
        keys = _pattern(pattern)
        out["propertyNames"] = {k: v for k, v in keys.items() if k != "type"}
    item = _DEF + spec.item.__name__.lower() if spec.item is not None else _DEF + "nonEmptyString"
    out["additionalProperties"] = {"$ref": item}
    return out


def _fragment(spec: Spec) -> dict[str, Any]:
    """The schema of one field's value, by its kind."""
    kind = spec.kind
    if kind in (Kind.STRING, Kind.REF) and spec.pattern is None:
        return {"$ref": _DEF + ("optionalString" if spec.nullable else "nonEmptyString")}
    if kind is Kind.STRING:
        return _null_or(_pattern(spec.pattern or ""), spec)
    if kind is Kind.TEXT:
        return {"$ref": _DEF + ("optionalText" if spec.nullable else "text")}
    if kind is Kind.DOCREF:
        return {"anyOf": [{"$ref": _DEF + "nonEmptyString"}, {"$ref": _DEF + "optionalText"}]}
    if kind is Kind.DATE:
        return _null_or({"$ref": _DEF + "date"}, spec)
    if kind is Kind.CHOICE:
        return _choice(spec)
    if kind is Kind.REFS:
        return {"type": "array", "uniqueItems": True, "items": {"$ref": _DEF + "nonEmptyString"}}
    if kind is Kind.STRINGS:
        return _null_or({"type": "array", "items": _pattern(spec.pattern or "")}, spec)
    if kind is Kind.NOTES:
        return {"$ref": _DEF + "notes"}
    if kind is Kind.ALIASES:
        return {"$ref": _DEF + "aliases"}
    if kind is Kind.RECORDS:
        assert spec.item is not None
        out: dict[str, Any] = {"type": "array"}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return {**out, "items": {"$ref": _DEF + spec.item.__name__.lower()}}
    if kind is Kind.RECORD:
        assert spec.item is not None
        return _null_or({"$ref": _DEF + spec.item.__name__.lower()}, spec)
    if kind is Kind.MAPPING:
        return _null_or(_mapping(spec), spec)
    raise TypeError(f"no schema for a field of kind {kind}")


def _properties(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        name: _described(_fragment(spec), spec.doc)
        for name, spec in fields
        if spec.kind is not Kind.KEY
    }


def _record(cls: type) -> dict[str, Any]:
    fields = table(cls)
    out: dict[str, Any] = {}
    if cls.__doc__ and cls is not Alias:
        out["description"] = cls.__doc__.strip().split("\n")[0]
    out |= {"type": "object", "additionalProperties": False}
    out["required"] = [f.name for f in fields if f.spec.required and f.spec.kind is not Kind.KEY]
    out["properties"] = _properties(fields)
    for name, spec in fields:
        if spec.instead is not None:  # one of the two is required
            out["anyOf"] = [{"required": [name]}, {"required": [spec.instead[0]]}]
    for name in derived_names(cls):
        note = "Derived by the JSON export; ignored on load."
        out["properties"][name] = {"description": note, "markdownDescription": note}
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the policytl/1 format, made from the field table."""
    defs = dict(_KIND_DEFS)
    for cls in RECORD_CLASSES:
        defs[cls.__name__.lower()] = _record(cls)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:policytl:schema:policytl-1",
        "title": f"{FORMAT} timeline",
        "description": _DESCRIPTION,
        "type": "object",
        "required": [f.name for f in DOCUMENT if f.spec.required],
        "additionalProperties": False,
        "properties": _properties(DOCUMENT),
        "$defs": defs,
    }


def json_schema_text() -> str:
    """The schema as ``policytl schema`` prints it (and as the shipped file holds it)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
