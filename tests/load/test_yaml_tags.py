"""Explicit YAML tags, tags and anchors on keys, and YAML 1.1's special plain values
(issue 12): each is one ``FILE:LINE:COL: field: message`` problem, listed with every
other problem of the file, never a crash.

The class is every tag PyYAML knows: each tag of its resolver tables
(``yaml.resolver.Resolver``) and each tag its safe constructor builds, written
explicitly before odd values, on a value and on a key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policytl import check_files
from policytl.load.checks import describe as _describe
from policytl.model.errors import LoadError, Problem, Severity

PREFIX = "tag:yaml.org,2002:"

#: Every tag of PyYAML's resolver tables, and every tag its safe constructor builds.
RESOLVER_TAGS = sorted(
    {tag for pairs in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for tag, _ in pairs}
)
CONSTRUCTOR_TAGS = sorted(t for t in yaml.constructor.SafeConstructor.yaml_constructors if t)
ALL_TAGS = sorted(set(RESOLVER_TAGS) | set(CONSTRUCTOR_TAGS))
SCALAR_TYPES = {"null", "bool", "int", "float"}

ODD_VALUES = [
    "",
    " ",
    "-",
    "+",
    ".",
    "_",
    "maybe",
    "x",
    "0x",
    "0b",
    "0o",
    "1e",
    "1_",
    "1:",
    ":1",
    "~",
    "=",
    "<<",
    "yes ",
    "2016-13-45",
    "2016-02-03T25:61:61Z",
    "9" * 5000,
    "中文",
]

HEAD = """format: policytl/1
bodies: {gov: {name: {en: G}, level: central, jurisdiction: CN, classification: government}}
sources:
  src:
    title: {en: A source}
jurisdictions:
  CN:
    name: {en: China}
events:
  - id: first
    date: "2016-02"
    kind: statement
    jurisdiction: CN
    issuers: [gov]
    sources:
      - {source: src, quote: "a quote"}
"""


def short(tag: str) -> str:
    return "!!" + tag.removeprefix(PREFIX)


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    timeline, problems = check_files([path])
    assert timeline is None
    return problems


def matches_type(tag: str, value: str) -> bool:
    """Whether value is written as YAML 1.1 writes a value of tag (the resolver's forms)."""
    patterns = [
        regexp
        for pairs in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
        for t, regexp in pairs
        if t == tag or (tag == PREFIX + "float" and t == PREFIX + "int")
    ]
    return any(p.match(value) for p in patterns)


def expected_title_problem(tag: str, value: str) -> tuple[str, str]:
    """(path, message) of the one error for ``title: {en: !!TAG "value"}``."""
    name = tag.removeprefix(PREFIX)
    path = "events[0].title.en"
    if tag == PREFIX + "str":
        return path, "must not be empty" if not value.strip() else ""
    if name in SCALAR_TYPES:
        shown = (
            repr(value) if len(value) <= 80 else f"{value[:60]!r}... ({len(value):,} characters)"
        )
        cannot = f"cannot read {shown} as {name} (it has the YAML tag !!{name})"
        if not matches_type(tag, value):
            return path, cannot
        try:
            data = yaml.safe_load(f"{short(tag)} {quoted(value)}")
        except ValueError:  # more digits than Python converts
            return path, cannot
        return path, f"expected a string, got {_describe(data)}"
    if name == "timestamp":
        return path, "YAML tag '!!timestamp' is not allowed: write a date as a quoted string"
    return path, f"YAML tag '{short(tag)}' is not allowed (only plain data is accepted)"


def test_the_class_is_every_tag_pyyaml_has() -> None:
    names = {t.removeprefix(PREFIX) for t in ALL_TAGS}
    assert {"bool", "int", "float", "null", "timestamp", "merge", "value", "yaml"} <= names
    assert {"str", "binary", "set", "omap", "pairs", "seq", "map"} <= names


@pytest.mark.parametrize("tag", ALL_TAGS, ids=short)
def test_every_tag_on_a_value_with_odd_values(tmp_path: Path, tag: str) -> None:
    for value in ODD_VALUES:
        text = HEAD + f"    title: {{en: {short(tag)} {quoted(value)}}}\n"
        problems = problems_of(tmp_path, text) if expected_title_problem(tag, value)[1] else []
        if not problems:
            continue
        path, message = expected_title_problem(tag, value)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        assert [(p.line, p.column, p.path, p.message) for p in errors] == [
            (17, 17, path, message)
        ], (tag, value)


@pytest.mark.parametrize("tag", ALL_TAGS, ids=short)
def test_every_tag_on_a_key_is_reported(tmp_path: Path, tag: str) -> None:
    text = HEAD + f"    title: {{{short(tag)} en: An event}}\n"
    if tag == PREFIX + "str":
        path = tmp_path / "t.yaml"
        path.write_text(text, encoding="utf-8")
        assert check_files([path])[0] is not None  # !!str is what a key is anyway
        return
    problems = problems_of(tmp_path, text)
    if tag == PREFIX + "merge":  # a merge key, as `<<` is: refused, and the pair dropped
        assert [(p.line, p.column, p.path, p.message) for p in problems] == [
            (
                17,
                12,
                "events[0].title",
                "expected at least one language: write {en: ...}, {zh: ...}, {it: ...} ...",
            ),
            (17, 13, "events[0].title.en", "YAML merge keys (<<) are not supported"),
        ]
        return
    assert [(p.line, p.column, p.path, p.message) for p in problems] == [
        (
            17,
            13,
            "events[0].title.en",
            f"YAML tag '{short(tag)}' is not allowed on a mapping key (keys are plain strings)",
        )
    ]


def test_every_problem_of_the_file_is_listed_with_the_tag_problems(tmp_path: Path) -> None:
    text = (
        HEAD.replace("kind: statement", 'kind: !!bool "maybe"').replace(
            "jurisdiction: CN\n    issuers", "jurisdiction: XX\n    issuers"
        )
        + '    title: {en: !!int ""}\n    !!float "-": 1\n    &k summary: {en: s}\n'
    )
    problems = problems_of(tmp_path, text)
    assert [(p.line, p.column, p.path, p.message) for p in problems] == [
        (12, 11, "events[0].kind", "cannot read 'maybe' as bool (it has the YAML tag !!bool)"),
        (
            13,
            19,
            "events[0].jurisdiction",
            "unknown jurisdiction 'XX' — define it under jurisdictions:",
        ),
        (17, 17, "events[0].title.en", "cannot read '' as int (it has the YAML tag !!int)"),
        (
            18,
            5,
            'events[0]["-"]',
            "YAML tag '!!float' is not allowed on a mapping key (keys are plain strings)",
        ),
        (18, 5, 'events[0]["-"]', "unknown field '-' in an event"),
        (
            19,
            5,
            "events[0].summary",
            "YAML anchors and aliases (&name / *name) are not supported",
        ),
    ]


ANCHORS = "YAML anchors and aliases (&name / *name) are not supported"


@pytest.mark.parametrize(
    ("snippet", "problems"),
    [
        # an alias as a key: refused, and the pair dropped
        (
            "*k : x",
            [
                (
                    17,
                    12,
                    "events[0].title",
                    "expected at least one language: write {en: ...}, {zh: ...}, {it: ...} ...",
                ),
                (17, 13, "events[0].title", ANCHORS),
            ],
        ),
        ("&k en: x", [(17, 13, "events[0].title.en", ANCHORS)]),
        (
            "!custom en: x",
            [
                (
                    17,
                    13,
                    "events[0].title.en",
                    "YAML tag '!custom' is not allowed on a mapping key (keys are plain strings)",
                )
            ],
        ),
    ],
)
def test_anchors_aliases_and_custom_tags_on_keys(
    tmp_path: Path, snippet: str, problems: list[tuple[int, int, str, str]]
) -> None:
    # an anchor on a value that no alias uses is harmless, and accepted
    text = HEAD.replace("id: first", "id: &k first") if snippet.startswith("*") else HEAD
    found = problems_of(tmp_path, text + f"    title: {{{snippet}}}\n")
    assert [(p.line, p.column, p.path, p.message) for p in found] == problems


@pytest.mark.parametrize("plain", ["=", "<<"])
def test_yaml11_special_plain_values_name_no_tag(tmp_path: Path, plain: str) -> None:
    problems = problems_of(tmp_path, HEAD + f"    title: {{en: {plain}}}\n")
    assert [(p.line, p.column, p.path, p.message) for p in problems] == [
        (
            17,
            17,
            "events[0].title.en",
            f"{plain} is read by YAML 1.1 as a special value; "
            f'quote it ("{plain}") to write the text',
        )
    ]


TAGS = st.sampled_from([short(t) for t in ALL_TAGS] + ["!", "!custom", "!!python/none"])


@settings(max_examples=300, deadline=None)
@given(tag=TAGS, value=st.text(max_size=12), on_key=st.booleans(), style=st.sampled_from("'\""))
def test_any_tag_with_any_value_is_a_located_problem_or_data(
    tmp_path_factory: pytest.TempPathFactory, tag: str, value: str, on_key: bool, style: str
) -> None:
    """Whatever follows a tag, loading never crashes: the file loads or every problem
    has a line and a column (a file-level LoadError only for malformed YAML)."""
    folder = tmp_path_factory.mktemp("h")
    q = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=10**6)
    q = q.removesuffix("\n...\n").rstrip("\n")
    item = f"{tag} {q}: x" if on_key else f"en: {tag} {q}"
    path = folder / "t.yaml"
    path.write_text(HEAD + f"    title: {{{item}}}\n", encoding="utf-8")
    try:
        _, problems = check_files([path])
    except LoadError:  # pragma: no cover - check_files reports, never raises
        raise
    for p in problems:
        if p.line is None:
            assert re.match("malformed YAML|file ", p.message), p
        else:
            assert p.column is not None
