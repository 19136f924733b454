"""The loader as a library: files, folders, JSON, errors, and safe YAML only."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

import policytl
from policytl import DataError, LoadError, check_files, load_timeline
from policytl.model.errors import Problem, Severity

from ..conftest import FIXTURES, ROOT, child_env

INVALID = FIXTURES / "invalid"
MERGE = FIXTURES / "valid" / "merge"

HEADER = """\
format: policytl/1
sources:
  src: {title: {en: A source}}
jurisdictions:
  CN: {name: {zh: 中国, en: China}}
"""


def event(eid: str, date: str = '"2016"', extra: str = "") -> str:
    return (
        f"  - id: {eid}\n    date: {date}\n    kind: statement\n    jurisdiction: CN\n"
        f"    issuers: []\n    title: {{en: An event}}\n"
        f"    sources: [{{source: src, quote: q}}]\n{extra}"
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- what can be loaded ------------------------------------------------------------------


def test_load_the_embedded_data_set() -> None:
    timeline = load_timeline()
    assert len(timeline.events) == 15
    assert timeline.files == ("<embedded>/timeline.yaml",)
    keys = [e.sort_key for e in timeline.events]
    assert keys == sorted(keys)


def test_load_one_file_as_str_or_path(tmp_path: Path) -> None:
    f = write(tmp_path / "t.yaml", HEADER + "events:\n" + event("a", '"2016-02"'))
    for arg in (str(f), f, [f], [str(f)]):
        timeline = load_timeline(arg)
        assert [(e.id, e.date.text, e.date.precision.value) for e in timeline.events] == [
            ("a", "2016-02", "month")
        ]
        assert timeline.files == (str(f),)


def test_load_a_folder_takes_yaml_yml_and_json_files_in_name_order(tmp_path: Path) -> None:
    write(tmp_path / "b.yml", "format: policytl/1\nevents:\n" + event("b", '"2017"'))
    write(tmp_path / "a.yaml", HEADER + "events:\n" + event("a", '"2018"'))
    write(tmp_path / "c.json", json.dumps({"format": "policytl/1", "events": []}))
    write(tmp_path / "notes.txt", "not data")
    timeline = load_timeline(tmp_path)
    assert [Path(f).name for f in timeline.files] == ["a.yaml", "b.yml", "c.json"]
    assert [e.id for e in timeline.events] == ["b", "a"]


def test_json_export_loads_back_as_the_same_timeline(tmp_path: Path) -> None:
    original = load_timeline()
    exported = json.dumps(original.to_json(), ensure_ascii=False, indent=2)
    again = load_timeline(write(tmp_path / "export.json", exported))
    assert again.to_json() == original.to_json()
    assert again.events == original.events


def test_json_input_is_located_by_line_and_column() -> None:
    timeline, problems = check_files([INVALID / "bad-types.json"])
    assert timeline is None
    assert [(p.line, p.column, p.path) for p in problems] == [
        (8, 15, "events[0].date"),
        (11, 19, "events[0].issuers[0]"),
        (12, 23, "events[0].title.zh"),
    ]


def test_a_folder_without_data_files_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_timeline(tmp_path)
    assert info.value.problem.message == "folder holds no .yaml, .yml or .json files"


# --- errors --------------------------------------------------------------------------------


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(LoadError) as info:
        load_timeline(missing)
    assert info.value.problem == Problem(str(missing), None, None, "", "no such file or folder")
    assert str(info.value) == f"{missing}: no such file or folder"


def test_non_utf8_file_is_a_load_error() -> None:
    with pytest.raises(LoadError) as info:
        load_timeline(INVALID / "gbk.yaml")
    assert str(info.value).endswith(
        "gbk.yaml:3:13: file is not valid UTF-8 (it looks like GBK/GB18030); save it as UTF-8"
    )


def test_data_error_lists_every_problem() -> None:
    with pytest.raises(DataError) as info:
        load_timeline(INVALID / "wrong-types.yaml")
    err = info.value
    assert len(err.errors) == 16
    assert [p.line for p in err.problems] == sorted(p.line or 0 for p in err.problems)
    assert str(err) == (
        f"{INVALID / 'wrong-types.yaml'}:3:8: title: expected a text in one or more languages, "
        "got a string: write {en: ...}, {zh: ...}, {it: ...} ... (and 15 more problems)"
    )


def test_data_error_spans_files() -> None:
    with pytest.raises(DataError) as info:
        load_timeline(INVALID / "duplicate-ids-across-files")
    assert [(Path(p.file).name, p.path) for p in info.value.problems] == [
        ("b.yaml", "jurisdictions.CN"),
        ("b.yaml", "bodies.state-council"),
        ("b.yaml", "events[0].id"),
    ]


def test_warnings_do_not_stop_loading() -> None:
    timeline, problems = check_files([INVALID / "unquoted-dates.yaml"])
    assert timeline is not None
    assert {p.severity for p in problems} == {Severity.WARNING}
    assert [e.date.text for e in timeline.events] == ["2016-02", "2020-06-30", "2022"]
    assert load_timeline(INVALID / "unquoted-dates.yaml").events == timeline.events


def test_check_files_reports_every_unreadable_file(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", HEADER)
    empty = write(tmp_path / "empty.yaml", "")
    bad = write(tmp_path / "bad.yaml", "format: [\n")
    timeline, problems = check_files([good, empty, bad])
    assert timeline is None
    assert [(Path(p.file).name, p.message) for p in problems] == [
        ("empty.yaml", "file is empty (expected a policytl/1 document)"),
        ("bad.yaml", "malformed YAML: did not find expected node content"),
    ]


def test_every_files_header_is_checked(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", HEADER + "title: {en: First}\n")
    b = write(tmp_path / "b.yaml", "format: policytl/1\ntitle: 5\ndescription: {}\n")
    _, problems = check_files([a, b])
    assert [(Path(p.file).name, p.path, p.message) for p in problems] == [
        (
            "b.yaml",
            "title",
            "expected a text in one or more languages (a mapping), got the number 5 "
            "(quote it to keep it as text)",
        ),
        (
            "b.yaml",
            "description",
            "expected at least one language: write {en: ...}, {zh: ...}, {it: ...} ...",
        ),
    ]


def test_json_nesting_too_deep_is_one_clear_problem(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(LoadError) as info:
        load_timeline(deep)
    assert info.value.problem.message == "malformed JSON: nested too deep"


# --- safe YAML only --------------------------------------------------------------------------


def test_libyaml_safe_loader_is_used() -> None:
    from policytl.load import yamlsafe

    assert yaml.__with_libyaml__
    assert issubclass(yamlsafe._Loader, yaml.CSafeLoader)


UNSAFE = [
    re.compile(r"\byaml\.(?:unsafe_|full_)?load(?:_all)?\s*\("),
    re.compile(r"\b(?:C?(?:Unsafe|Full)Loader|CLoader)\b"),
    re.compile(r"\byaml\.Loader\b"),
    re.compile(r"\b(?:Unsafe|Full)?Constructor\b"),
]


def unsafe_uses(text: str) -> list[str]:
    return [m.group(0) for rx in UNSAFE for m in rx.finditer(text)]


def test_the_unsafe_loader_check_can_fail() -> None:
    assert unsafe_uses("yaml.load(s)\nyaml.unsafe_load(s)\nLoader=yaml.Loader\n") == [
        "yaml.load(",
        "yaml.unsafe_load(",
        "yaml.Loader",
    ]
    assert unsafe_uses("yaml.full_load(x); yaml.FullLoader; yaml.CLoader; Constructor()") == [
        "yaml.full_load(",
        "FullLoader",
        "CLoader",
        "Constructor",
    ]
    assert unsafe_uses("yaml.compose(t, Loader=yaml.CSafeLoader); yaml.safe_load(t)") == []


def test_no_unsafe_yaml_loader_anywhere_in_policytl() -> None:
    sources = sorted((ROOT / "policytl").rglob("*.py"))
    assert len(sources) > 10
    found = {
        str(p.relative_to(ROOT)): uses
        for p in sources
        if (uses := unsafe_uses(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_python_tags_are_reported_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = write(
        tmp_path / "evil.yaml",
        f'format: policytl/1\ntitle: !!python/object/apply:builtins.open ["{marker}", "w"]\n',
    )
    timeline, problems = check_files([evil])
    assert timeline is None
    assert not marker.exists()
    assert [p.message for p in problems] == [
        "YAML tag '!!python/object/apply:builtins.open' is not allowed "
        "(only plain data is accepted)"
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        "title: {en: &a A timeline}\ndescription: {en: *a}\n",  # a scalar
        "title: &a {en: A timeline}\ndescription: *a\n",  # a mapping
        "translations: {en: x}\n<<: {title: {en: merged}}\n",  # a merge key
    ],
)
def test_anchors_aliases_and_merge_keys_are_refused(tmp_path: Path, snippet: str) -> None:
    f = write(tmp_path / "a.yaml", "format: policytl/1\n" + snippet)
    timeline, problems = check_files([f])
    assert timeline is None
    assert len(problems) == 1
    assert problems[0].message in (
        "YAML anchors and aliases (&name / *name) are not supported",
        "YAML merge keys (<<) are not supported",
    )


def test_an_alias_bomb_is_one_problem(tmp_path: Path) -> None:
    lines = ["format: policytl/1", "kinds:", '  a: &a ["lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"  {cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    f = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    _, problems = check_files([f])
    assert [p.message for p in problems if "alias" in p.message] == [
        "YAML anchors and aliases (&name / *name) are not supported"
    ]


def test_text_with_an_asterisk_but_no_alias_is_fine(tmp_path: Path) -> None:
    f = write(
        tmp_path / "t.yaml",
        HEADER + "events:\n" + event("a", extra="    notes: ['*a footnote*', '* starred']\n"),
    )
    assert load_timeline(f).events[0].notes == ("*a footnote*", "* starred")


def test_the_library_is_importable_without_the_cli() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from policytl import load_timeline; t = load_timeline(); "
        "bad = [m for m in ('typer', 'rich', 'click', 'policytl.cli.app') if m in sys.modules]; "
        "print(len(t.events), bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=child_env(),
    )
    assert out.stdout == "15 []\n"


def test_public_names() -> None:
    for name in ("load_timeline", "check_files", "json_schema", "DataError", "LoadError"):
        assert getattr(policytl, name) is not None
    with pytest.raises(AttributeError):
        policytl.no_such_name  # noqa: B018
    assert MERGE.is_dir()


def test_package_files_are_where_importlib_resources_finds_them() -> None:
    # The loader looks beside its modules rather than import importlib.resources
    # (start-up time); see also test_wheel for a package in a folder and in a zip.
    from importlib import resources

    from policytl.load.loader import _resource

    for name in ("schema/policytl-1.schema.json", "data/timeline.yaml", "no/such.file"):
        res = resources.files("policytl").joinpath(name)
        fast = _resource(name)
        assert (fast is not None) == res.is_file()
        if fast is not None:
            assert fast == res
            assert fast.read_bytes() == res.read_bytes()


def test_embedded_path_is_the_file_the_cache_reads() -> None:
    from policytl.load.loader import _embedded_file, embedded_path

    path = embedded_path()
    assert path is not None and path.is_file()
    assert path == Path(str(_embedded_file()))
    assert path.read_text(encoding="utf-8") == policytl.load.loader.embedded_text()


def test_suffix_is_path_suffix() -> None:
    from policytl.load.loader import _suffix

    names = ["a.json", "a.JSON", "a.yaml", "dir.json/a.yaml", ".json", "a.", "a.b.json"]
    names += ["a/", "", "/", "a.json/", "x/.json", "a..json", "dir/a.tar.json", "a.json//"]
    for name in names:
        assert _suffix(name) == Path(name).suffix, name
        assert _suffix(Path(name)) == Path(name).suffix, name


def test_one_file_reached_by_two_paths_is_read_once(tmp_path: Path) -> None:
    """A symlink beside its target, a hard link, a folder holding both, the same
    name twice: one file, read once, so no duplicate-id errors (issue 21)."""
    from policytl.load.loader import expand_paths

    from ..conftest import invoke

    folder = tmp_path / "data"
    folder.mkdir()
    real = folder / "a.yaml"
    real.write_text((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"))
    (folder / "b-link.yaml").symlink_to(real)
    os.link(real, tmp_path / "hard.yaml")
    want = len(load_timeline([real], cache=False).events)
    for paths in (
        [real, folder / "b-link.yaml"],
        [folder / "b-link.yaml", real],
        [folder],
        [real, real],
        [real, tmp_path / "hard.yaml", folder],
    ):
        assert len(expand_paths(paths)) == 1, paths
        assert expand_paths(paths)[0] == (real if paths == [folder] else Path(paths[0]))
        assert len(load_timeline(paths, cache=False).events) == want
        timeline, problems = check_files(paths)
        assert timeline is not None and [p for p in problems if "duplicate" in p.message] == []
    result = invoke(["validate", str(real), str(folder / "b-link.yaml")])
    assert result.exit_code == 0, result.stdout
    # two different files stay two
    other = folder / "c.yaml"
    other.write_text("format: policytl/1\nevents: []\n", encoding="utf-8")
    assert expand_paths([folder]) == [real, other]
