"""Property-based tests of the loader (issue 7).

* Arbitrary Unicode (control characters, NUL, CJK, emoji, RTL, bidi controls...)
  in every free-text field of a timeline, written with ``yaml.safe_dump`` or
  ``json.dumps``, loads back as the same text, or is a clean problem with a
  location (blank text is the only thing the format refuses).
* Random mutations of a valid document (deleted keys, values of another type,
  unknown fields, edits of the raw text) either load or give problems: never
  another exception, never a traceback from the command.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policytl import check_files, load_timeline
from policytl.load.yamlsafe import format_path
from policytl.model.errors import DataError, LoadError, Problem, Severity
from policytl.model.records import Timeline

from ..conftest import invoke

SETTINGS = settings(
    max_examples=150,
    deadline=None,  # no timing in tests
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Characters that break naive YAML, terminals or Markdown, and several scripts.
TRICKY = (
    "\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x1c\x7f\x85\x9b\xa0\xad"
    "\u200b\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff\ufffd\uffff"
    "北京区块链政策“”，。🇨🇳👨‍👩‍👧😀𠀀مرحباשלום"
    " []{}:#&*!|>'\"%@`-?,~\\<>/=;$"
    "aZ09"
)
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.text(st.sampled_from(TRICKY), max_size=30),
)

Getter = Callable[[Timeline], Any]


def _base() -> dict[str, Any]:
    return {
        "format": "policytl/1",
        "title": {"zh": "标题", "en": "Title"},
        "description": {"zh": "说明", "en": "Description"},
        "translations": {"en": "unofficial"},
        "kinds": {"custom-kind": "a kind of our own"},
        "sources": {
            "src": {
                "title": {"zh": "来源", "en": "Source"},
                "publisher": "PANews",
                "author": "小湃",
                "published": "2020-07-01",
                "language": "zh",
                "url": "https://example.com/a",
                "kind": "news",
                "notes": ["a note"],
            }
        },
        "jurisdictions": {
            "CN": {
                "name": {"zh": "中国", "en": "China"},
                "aliases": ["national", {"name": "中央", "note": "a note"}],
                "notes": ["a note"],
            }
        },
        "bodies": {
            "gov": {
                "name": {"zh": "国务院", "en": "State Council"},
                "short": {"zh": "国务院", "en": "SC"},
                "aliases": ["state council", {"name": "gov.cn", "note": "a note"}],
                "level": "central",
                "jurisdiction": "CN",
                "classification": "government",
                "notes": ["a note"],
            }
        },
        "events": [
            {
                "id": "first",
                "date": "2016-02",
                "kind": "statement",
                "jurisdiction": "CN",
                "issuers": ["gov"],
                "title": {"zh": "事件", "en": "Event"},
                "document": {"zh": "文件", "en": "Document"},
                "summary": {"zh": "摘要", "en": "Summary"},
                "tags": ["blockchain"],
                "notes": ["a note"],
                "url": "https://example.com/b",
                "sources": [{"source": "src", "quote": "引文", "locator": "p. 1"}],
            }
        ],
    }


def _event(t: Timeline) -> Any:
    return t.events[0]


#: Every free-text field of the format: where it is in a document, and where it is
#: in the loaded Timeline (None where the model does not keep it).
SLOTS: list[tuple[tuple[str | int, ...], Getter | None]] = [
    (("title", "zh"), lambda t: t.title.zh),
    (("title", "en"), lambda t: t.title.en),
    (("description", "zh"), lambda t: t.description.zh),
    (("description", "en"), lambda t: t.description.en),
    (("translations", "en"), lambda t: t.translations["en"]),
    (("kinds", "custom-kind"), None),
    (("sources", "src", "title", "zh"), lambda t: t.sources["src"].title.zh),
    (("sources", "src", "title", "en"), lambda t: t.sources["src"].title.en),
    (("sources", "src", "publisher"), lambda t: t.sources["src"].publisher),
    (("sources", "src", "author"), lambda t: t.sources["src"].author),
    (("sources", "src", "url"), lambda t: t.sources["src"].url),
    (("sources", "src", "notes", 0), lambda t: t.sources["src"].notes[0]),
    (("jurisdictions", "CN", "name", "zh"), lambda t: t.jurisdictions["CN"].name.zh),
    (("jurisdictions", "CN", "name", "en"), lambda t: t.jurisdictions["CN"].name.en),
    (("jurisdictions", "CN", "aliases", 0), lambda t: t.jurisdictions["CN"].aliases[0].name),
    (
        ("jurisdictions", "CN", "aliases", 1, "name"),
        lambda t: t.jurisdictions["CN"].aliases[1].name,
    ),
    (
        ("jurisdictions", "CN", "aliases", 1, "note"),
        lambda t: t.jurisdictions["CN"].aliases[1].note,
    ),
    (("jurisdictions", "CN", "notes", 0), lambda t: t.jurisdictions["CN"].notes[0]),
    (("bodies", "gov", "name", "zh"), lambda t: t.bodies["gov"].name.zh),
    (("bodies", "gov", "name", "en"), lambda t: t.bodies["gov"].name.en),
    (("bodies", "gov", "short", "zh"), lambda t: t.bodies["gov"].short.zh),
    (("bodies", "gov", "short", "en"), lambda t: t.bodies["gov"].short.en),
    (("bodies", "gov", "aliases", 0), lambda t: t.bodies["gov"].aliases[0].name),
    (("bodies", "gov", "aliases", 1, "name"), lambda t: t.bodies["gov"].aliases[1].name),
    (("bodies", "gov", "aliases", 1, "note"), lambda t: t.bodies["gov"].aliases[1].note),
    (("bodies", "gov", "notes", 0), lambda t: t.bodies["gov"].notes[0]),
    (("events", 0, "title", "zh"), lambda t: _event(t).title.zh),
    (("events", 0, "title", "en"), lambda t: _event(t).title.en),
    (("events", 0, "document", "zh"), lambda t: _event(t).document.zh),
    (("events", 0, "document", "en"), lambda t: _event(t).document.en),
    (("events", 0, "summary", "zh"), lambda t: _event(t).summary.zh),
    (("events", 0, "summary", "en"), lambda t: _event(t).summary.en),
    (("events", 0, "notes", 0), lambda t: _event(t).notes[0]),
    (("events", 0, "url"), lambda t: _event(t).url),
    (("events", 0, "sources", 0, "quote"), lambda t: _event(t).sources[0].quote),
    (("events", 0, "sources", 0, "locator"), lambda t: _event(t).sources[0].locator),
]


def _set(doc: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _check_texts(
    path: Path, values: list[str], problems: list[Problem], timeline: Timeline | None
) -> None:
    blank = {format_path(slot) for (slot, _), v in zip(SLOTS, values, strict=True) if not v.strip()}
    # A text that YAML 1.2 or 1.1 reads as another type when written plain (1e3, y)
    # is read as text with a warning to quote it; nothing else is a warning.
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    assert all("should be quoted" in p.message for p in warnings), warnings
    problems = [p for p in problems if p.severity is Severity.ERROR]
    if not blank:
        assert problems == []
        assert timeline is not None
        for (slot, get), v in zip(SLOTS, values, strict=True):
            if get is not None:
                assert get(timeline) == v, slot
        return
    # The only thing the format refuses in free text is a blank value: one clean,
    # located problem for each, and nothing else.
    assert timeline is None
    assert {p.path for p in problems} == blank
    for p in problems:
        assert (p.file, p.severity, p.message) == (str(path), Severity.ERROR, "must not be empty")
        assert p.line is not None and p.column is not None


@SETTINGS
@given(values=st.lists(TEXT, min_size=len(SLOTS), max_size=len(SLOTS)))
def test_any_text_in_yaml_loads_back_or_is_a_located_problem(
    values: list[str], tmp_path: Path
) -> None:
    doc = _base()
    for (slot, _), v in zip(SLOTS, values, strict=True):
        _set(doc, slot, v)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    # PyYAML's emitter writes a lone NEL (U+0085) raw in single quotes, which YAML reads
    # as a line break: the file itself says something else then; not the loader's doing.
    assume(yaml.safe_load(text) == doc)
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    timeline, problems = check_files([path])
    _check_texts(path, values, problems, timeline)


@SETTINGS
@given(
    values=st.lists(TEXT, min_size=len(SLOTS), max_size=len(SLOTS)),
    ascii_only=st.booleans(),
)
def test_any_text_in_json_loads_back_or_is_a_located_problem(
    values: list[str], ascii_only: bool, tmp_path: Path
) -> None:
    doc = _base()
    for (slot, _), v in zip(SLOTS, values, strict=True):
        _set(doc, slot, v)
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc, ensure_ascii=ascii_only, indent=1), encoding="utf-8")
    timeline, problems = check_files([path])
    _check_texts(path, values, problems, timeline)


@SETTINGS
@given(
    slot=st.sampled_from([s for s, get in SLOTS if get is not None]),
    before=st.text(st.sampled_from("ab 北")),
    surrogate=st.integers(0xD800, 0xDFFF),
    after=st.text(st.sampled_from("ab 北")),
)
def test_lone_surrogates_in_json_are_refused(
    slot: tuple[str | int, ...], before: str, surrogate: int, after: str, tmp_path: Path
) -> None:
    doc = _base()
    _set(doc, slot, before + chr(surrogate) + after)
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ASCII: "\udXXX" escapes
    timeline, problems = check_files([path])
    assert timeline is None
    assert [(p.path, p.message) for p in problems] == [
        (
            format_path(slot),
            "text holds an unpaired surrogate (a \\udXXX escape), which is not Unicode",
        )
    ]


# --- random mutations ---------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    TEXT,
    st.sampled_from(["2016", "2016-02-30", "0000", "2020/2019", "gov", "CN", "src", "no", "~"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)


def _paths(doc: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [path]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*path, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc: Any = _base()
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["delete", "replace", "add-key", "duplicate"]))
        if not path:
            doc = draw(VALUES) if action == "replace" else doc
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(VALUES)
        elif action == "add-key" and isinstance(parent[last], dict):
            parent[last][draw(TEXT)] = draw(VALUES)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return doc


def _loads_or_fails_cleanly(path: Path) -> None:
    timeline, problems = check_files([path])
    assert all(isinstance(p, Problem) and p.file == str(path) and p.message for p in problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert (timeline is None) == bool(errors)
    try:
        load_timeline(path)
    except (DataError, LoadError) as exc:
        assert errors and str(exc)
    else:
        assert not errors
    result = invoke(["validate", str(path)])
    assert result.exit_code == (1 if errors else 0)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr


@SETTINGS
@given(doc=mutated(), as_json=st.booleans())
def test_mutated_documents_load_or_fail_cleanly(doc: Any, as_json: bool, tmp_path: Path) -> None:
    if as_json:
        path = tmp_path / "m.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    else:
        path = tmp_path / "m.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _loads_or_fails_cleanly(path)


BASE_YAML = yaml.safe_dump(_base(), allow_unicode=True, sort_keys=False)


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(BASE_YAML)), st.integers(0, 5), st.text(TRICKY, max_size=5)),
        min_size=1,
        max_size=6,
    )
)
def test_edited_yaml_text_loads_or_fails_cleanly(
    edits: list[tuple[int, int, str]], tmp_path: Path
) -> None:
    """Random cuts and insertions in the raw text: the YAML parser's error paths."""
    text = BASE_YAML
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    path = tmp_path / "e.yaml"
    path.write_bytes(text.encode("utf-8"))
    _loads_or_fails_cleanly(path)
