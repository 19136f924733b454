"""The field tables of docs/reference/format.md, made from the field table with cog.

.venv/bin/cog -r docs/reference/format.md   # regenerate (a test runs cog --check)
"""

from __future__ import annotations

from policytl.model.fields import PATTERNS, Field, Kind, Spec, derived_names, table
from policytl.model.records import DOCUMENT, RECORD_CLASSES

#: What each kind of value is called in the tables.
_KINDS = {
    Kind.STRING: "string",
    Kind.TEXT: "text",
    Kind.DATE: "date",
    Kind.CHOICE: "one of the values listed",
    Kind.REF: "an id",
    Kind.REFS: "a list of ids",
    Kind.STRINGS: "a list of strings",
    Kind.NOTES: "a string or a list of strings",
    Kind.ALIASES: "a list of names",
    Kind.RECORDS: "a list",
    Kind.RECORD: "a mapping",
    Kind.MAPPING: "a mapping",
    Kind.DOCREF: "an id, or a text",
}


def _value(spec: Spec) -> str:
    kind = _KINDS[spec.kind]
    if spec.kind is Kind.CHOICE:
        kind = "`" + "`, `".join(spec.choices) + "`" + (" or added" if spec.extensible else "")
    elif spec.kind in (Kind.REF, Kind.REFS):
        kind = f"{kind} in " + " or ".join(f"`{to}`" for to in spec.to)
    elif spec.kind is Kind.DOCREF:
        kind = f"an id in `{spec.to[0]}`, or a text"
    elif spec.kind is Kind.MAPPING and spec.item is not None:
        kind = f"a mapping of ids to {spec.item.__name__.lower()} records"
    elif spec.kind is Kind.RECORD and spec.item is not None:
        kind = f"an {spec.item.__name__.lower()} record"
    elif spec.kind is Kind.RECORDS and spec.item is not None:
        kind = f"a list of {spec.item.__name__.lower()} records"
    if spec.pattern is not None and spec.kind is not Kind.MAPPING:
        kind += f" ({PATTERNS[spec.pattern].expected})"
    return f"{kind}: {spec.doc}"


def _rows(fields: tuple[Field, ...]) -> list[str]:
    out = ["| field | required | value |", "| --- | --- | --- |"]
    for name, spec in fields:
        if spec.kind is not Kind.KEY:
            required = "yes" if spec.required else "no"
            value = _value(spec).replace("|", "\\|")
            out.append(f"| `{name}` | {required} | {value} |")
    return out


def fields(name: str) -> str:
    """The table of a record's fields (``file`` for a file's top level), as Markdown."""
    if name == "file":
        return "\n".join(_rows(DOCUMENT)) + "\n"
    classes = {c.__name__.lower(): c for c in RECORD_CLASSES}
    cls = classes[name]
    rows = _rows(table(cls))
    derived = derived_names(cls)
    if derived:
        listed = ", ".join(f"`{d}`" for d in derived)
        rows.append("")
        rows.append(
            f"The JSON export adds {listed} (those it can derive from the dates); the loader "
            "accepts them back and ignores them."
        )
    return "\n".join(rows) + "\n"


def choices(field: str, record: str = "event") -> str:
    """The table of a record field's built-in choices and their meanings."""
    cls = {c.__name__.lower(): c for c in RECORD_CLASSES}[record]
    spec = next(f.spec for f in table(cls) if f.name == field)
    out = [f"| {field} | meaning |", "| --- | --- |"]
    out += [f"| `{c}` | {m} |" for c, m in zip(spec.choices, spec.meanings, strict=True)]
    return "\n".join(out) + "\n"
