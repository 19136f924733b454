"""The parsed-data cache: hits are equal, never stale, never trusted when foreign."""

from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policytl.cli.app import FilterArgs, PolicytlGroup, with_filters, write_stdout
from policytl.load import cache, loader
from policytl.load.loader import load_timeline
from policytl.model.errors import DataError, LoadError

from ..conftest import ROOT, child_env, run_unprivileged

sys.path.insert(0, str(ROOT / "bench"))
import generate

SMALL = 40


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYTL_CACHE_DIR", str(folder))
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)
    return folder


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate.write(str(SMALL), tmp_path_factory.mktemp("data"))


@pytest.fixture
def yaml_file(tmp_path: Path, data_files: dict[str, Path]) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(data_files["yaml"].read_bytes())
    return path


@pytest.fixture(params=["main thread", "thread"])
def checker_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Small inputs are digested and checksummed in the main thread, large ones in another."""
    mode: str = request.param
    monkeypatch.setattr(cache, "_IN_THREAD_FROM", 1 << 62 if mode == "main thread" else 0)
    return mode


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("POLICYTL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "policytl"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "policytl"
    monkeypatch.setenv("POLICYTL_CACHE_DIR", str(tmp_path / "own"))
    assert cache.cache_dir() == tmp_path / "own"


def test_no_cache_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)
    assert cache.enabled()
    monkeypatch.setenv("POLICYTL_NO_CACHE", "0")
    assert cache.enabled()
    monkeypatch.setenv("POLICYTL_NO_CACHE", "1")
    assert not cache.enabled()


def test_hit_returns_an_equal_timeline_without_parsing(
    cache_dir: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch, checker_mode: str
) -> None:
    fresh = load_timeline([yaml_file], cache=False)
    assert entries(cache_dir) == []
    first = load_timeline([yaml_file])
    assert len(entries(cache_dir)) == 1
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f59")

    def no_parsing(*args: object, **kw: object) -> None:
        raise AssertionError("a cache hit must not parse the data file")

    monkeypatch.setattr(loader, "parse_file", no_parsing)
    hit = load_timeline([yaml_file])
    assert hit == first == fresh
    assert len(hit.events) == SMALL
    assert hit.files == (str(yaml_file),)
    # equal field by field and of the same classes (the fast constructors)
    for a, b in zip(hit.events, fresh.events, strict=True):
        assert type(a) is type(b)
        assert type(a.title) is type(b.title)
        assert a.date == b.date and a.sources == b.sources
        assert hash(a) == hash(b)
    assert hit.bodies == fresh.bodies and hit.sources == fresh.sources
    assert hit.jurisdictions == fresh.jurisdictions and hit.translations == fresh.translations


def test_only_large_inputs_are_checked_in_a_thread(
    cache_dir: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[object] = []
    start = cache._Checker.start

    def spy(self: cache._Checker) -> None:
        start(self)
        threads.append(self.thread)

    monkeypatch.setattr(cache._Checker, "start", spy)
    first = load_timeline([yaml_file])
    assert threads == []  # a miss: nothing to check
    assert yaml_file.stat().st_size < cache._IN_THREAD_FROM
    assert load_timeline([yaml_file]) == first
    assert threads == [None]
    monkeypatch.setattr(cache, "_IN_THREAD_FROM", yaml_file.stat().st_size)
    assert load_timeline([yaml_file]) == first
    assert len(threads) == 2 and threads[1] is not None


def test_json_input_is_cached_too(cache_dir: Path, data_files: dict[str, Path]) -> None:
    first = load_timeline([data_files["json"]])
    assert len(entries(cache_dir)) == 1
    assert load_timeline([data_files["json"]]) == first


def test_the_same_events_share_strings(cache_dir: Path, yaml_file: Path) -> None:
    load_timeline([yaml_file])
    hit = load_timeline([yaml_file])
    kinds = {}
    for e in hit.events:
        assert kinds.setdefault(e.kind, e.kind) is e.kind
    assert len(kinds) < len(hit.events)


def _rewrite_same_size_and_mtime(path: Path, old: str, new: str) -> None:
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode()) and old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns)


def test_a_changed_file_is_never_served_stale(
    cache_dir: Path, yaml_file: Path, checker_mode: str
) -> None:
    first = load_timeline([yaml_file])
    # Same size, same mtime (restored with os.utime), same inode: only the content differs.
    title = first.title
    assert title is not None and title.en is not None
    _rewrite_same_size_and_mtime(yaml_file, "en: Synthetic policy", "en: SYNTHETIC POLICY")
    second = load_timeline([yaml_file])
    assert second.title is not None
    assert second.title.en == title.en.replace("Synthetic policy", "SYNTHETIC POLICY")
    assert second == load_timeline([yaml_file], cache=False)
    # and the rebuilt entry is then a hit for the new content
    assert load_timeline([yaml_file]) == second


def test_a_file_made_invalid_is_reported_not_served(cache_dir: Path, yaml_file: Path) -> None:
    load_timeline([yaml_file])
    _rewrite_same_size_and_mtime(yaml_file, "kind: document-issued", "kind: document-issuex")
    with pytest.raises(DataError) as info:
        load_timeline([yaml_file])
    assert "unknown event kind 'document-issuex'" in str(info.value)


def test_max_bytes_still_applies_on_a_hit(cache_dir: Path, yaml_file: Path) -> None:
    load_timeline([yaml_file])
    with pytest.raises(LoadError) as info:
        load_timeline([yaml_file], max_bytes=100)
    assert "more than the limit of 100 (raise it with --max-bytes)" in str(info.value)


def _reseal(lines: list[bytes]) -> bytes:
    """An entry with a correct checksum for these lines (so only type checks can tell)."""
    body = b"".join(line + b"\n" for line in lines)
    count = json.loads(lines[0])["events"]
    trailer = {"end": count, "crc32": zlib.crc32(body)}
    return body + json.dumps(trailer, separators=(",", ":")).encode() + b"\n"


def _corruptions(entry: bytes) -> Iterator[tuple[str, bytes]]:
    lines = entry.split(b"\n")[:-2]  # without the trailer and the final empty string
    header = json.loads(lines[0])
    names = ["header", *header["lines"]]
    yield "empty", b""
    yield "not json", b"\x80\x81 garbage\n" * 3
    yield "truncated", entry[: len(entry) // 2]
    yield "no trailer", b"".join(line + b"\n" for line in lines)
    yield "pickle", b"\x80\x04\x95" + entry[3:]
    foreign = dict(header, cache="someone-else")
    yield "foreign stamp", _reseal([json.dumps(foreign).encode(), *lines[1:]])
    other = dict(header, policytl="0.0.0-other")
    yield "other policytl", _reseal([json.dumps(other).encode(), *lines[1:]])
    head, rest = entry.split(b"\n", 1)
    yield "bit flip", head + b"\n" + rest.replace(b'"CN-', b'"CX-', 1)
    yield "extra line", entry + b'{"more": 1}\n'

    def edit(name: str, change: Callable[[Any], Any]) -> bytes:
        i = names.index(name)
        value = change(json.loads(lines[i]))
        return _reseal(
            [*lines[:i], json.dumps(value, ensure_ascii=False).encode(), *lines[i + 1 :]]
        )

    def first(new: Any) -> Callable[[list[Any]], list[Any]]:
        return lambda v: [new, *v[1:]]

    # resealed: a correct checksum, so the type and range checks must catch these
    yield "id not a string", edit("id", first(12345))
    yield "index out of range", edit("kind", first(10**6))
    yield "negative index", edit("date", first(-1))
    yield "title none", edit("title", first(0))
    yield "bool for int", edit("jurisdiction", first(True))
    yield "short column", edit("url", lambda v: v[1:])
    yield "no citation", edit("citations", first(0))
    yield "text not a string", edit("texts_zh", lambda v: [None, 5, *v[2:]])
    yield "texts misaligned", edit("texts_en", lambda v: v[:-1])
    yield "no text at index 0", edit("texts_zh", lambda v: ["x", *v[1:]])
    yield "date text not a string", edit("dates", lambda v: [None, 5, *v[2:]])
    yield "no none date", edit("dates", first("2016"))
    yield "precision out of range", edit("date_fields", lambda v: [*v[:2], 7, *v[3:]])
    yield "ordinal zero", edit("date_fields", first(0))
    yield "date fields short", edit("date_fields", lambda v: v[:-1])
    yield "duplicate source id", edit("source_id", lambda v: [v[1], *v[1:]])
    yield "source kind missing", edit("source_kind", lambda v: v[:-1])
    yield "registries not a mapping", edit("registries", lambda v: [v])
    yield "lines renamed", edit("header", lambda v: dict(v, lines=["x", *v["lines"][1:]]))


def test_corrupt_or_foreign_entries_are_ignored_and_rebuilt(
    cache_dir: Path, yaml_file: Path, checker_mode: str
) -> None:
    fresh = load_timeline([yaml_file], cache=False)
    load_timeline([yaml_file])
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    assert _reseal(good.split(b"\n")[:-2]) == good  # resealing alone changes nothing
    for name, bad in _corruptions(good):
        assert bad != good, name
        entry.write_bytes(bad)
        assert load_timeline([yaml_file]) == fresh, name
        assert entry.read_bytes() == good, f"{name}: the entry was not rebuilt"


def test_an_entry_for_other_content_is_not_used(
    cache_dir: Path, yaml_file: Path, checker_mode: str
) -> None:
    # An entry whose header matches the file's stat but whose events differ: the
    # digest of the file's bytes does not match, so it is ignored.
    load_timeline([yaml_file])
    (entry,) = entries(cache_dir)
    header, *rest = entry.read_bytes().split(b"\n")
    h = json.loads(header)
    h["files"][0]["digest"] = "0" * 128
    entry.write_bytes(b"\n".join([json.dumps(h).encode(), *rest]))
    assert load_timeline([yaml_file]) == load_timeline([yaml_file], cache=False)
    assert json.loads(entry.read_bytes().split(b"\n")[0])["files"][0]["digest"] != "0" * 128


def test_no_cache_neither_reads_nor_writes(
    cache_dir: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_timeline([yaml_file], cache=False)
    assert not cache_dir.exists()
    load_timeline([yaml_file])
    (entry,) = entries(cache_dir)
    entry.write_bytes(b"not a cache entry")
    before = entry.stat().st_mtime_ns

    def forbidden(*args: object, **kw: object) -> None:
        raise AssertionError("--no-cache must not touch the cache")

    monkeypatch.setattr(cache, "_read_entry", forbidden)
    monkeypatch.setattr(cache, "_write_entry", forbidden)
    load_timeline([yaml_file], cache=False)
    monkeypatch.setenv("POLICYTL_NO_CACHE", "1")
    load_timeline([yaml_file])
    assert entry.read_bytes() == b"not a cache entry" and entry.stat().st_mtime_ns == before


def test_unwritable_cache_folder_still_works(cache_dir: Path, yaml_file: Path) -> None:
    """A real read-only cache folder, for root too: the load runs in a child whose
    permission bits bind root (conftest.run_unprivileged drops CAP_DAC_OVERRIDE)."""
    cache_dir.mkdir()
    cache_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    code = (
        "import sys; from policytl import load_timeline; "
        "print(len(load_timeline([sys.argv[1]]).events))"
    )
    try:
        proc = run_unprivileged(
            [sys.executable, "-c", code, str(yaml_file)], POLICYTL_CACHE_DIR=str(cache_dir)
        )
    finally:
        cache_dir.chmod(stat.S_IRWXU)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"{SMALL}\n", "")
    assert entries(cache_dir) == []


def test_cache_that_cannot_be_written_still_works(
    cache_dir: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policytl.model.errors import ExportError

    def denied(path: object, data: object, **_: object) -> None:
        raise ExportError(f"cannot write {path}: permission denied")

    monkeypatch.setattr(cache, "write_atomic", denied)
    assert load_timeline([yaml_file]) == load_timeline([yaml_file], cache=False)
    assert entries(cache_dir) == []


def test_cache_folder_that_cannot_be_made_still_works(
    tmp_path: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POLICYTL_CACHE_DIR", str(blocker / "cache"))
    assert load_timeline([yaml_file]) == load_timeline([yaml_file], cache=False)
    assert blocker.read_text() == "not a folder"


def test_deleting_the_cache_folder_is_safe(cache_dir: Path, yaml_file: Path) -> None:
    first = load_timeline([yaml_file])
    for p in cache_dir.iterdir():
        p.unlink()
    cache_dir.rmdir()
    assert load_timeline([yaml_file]) == first
    assert len(entries(cache_dir)) == 1


def test_embedded_data_goes_through_the_cache(cache_dir: Path) -> None:
    from policytl.load.loader import EMBEDDED_NAME

    first = load_timeline()
    assert len(entries(cache_dir)) == 1
    again = load_timeline()
    assert again == first
    assert again.files == first.files == (EMBEDDED_NAME,)
    assert load_timeline(cache=False) == first


def test_a_cache_hit_on_the_embedded_data_needs_no_yaml(cache_dir: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from policytl import load_timeline; load_timeline(); "
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('policytl.yaml')"
        " or m == 'policytl.load.validate'))"
    )
    env = child_env(POLICYTL_CACHE_DIR=str(cache_dir), PATH="")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    )
    assert out.stdout == "[]\n"


def test_a_cache_hit_on_the_embedded_data_skips_costly_imports(cache_dir: Path) -> None:
    """Modules the core was trimmed of for start-up time (see the comments where each
    was imported before); a command served from the cache imports none of them."""
    import subprocess
    import sys

    costly = (
        "_hashlib",  # hashlib: the cache takes blake2b from _blake2
        "calendar",  # dates has days_in_month
        "difflib",  # query: hints on errors only
        "importlib.resources",  # loader: the package's files are beside it
        "pathlib",  # loader and cache: str paths and os.path
        "tempfile",  # fileio: when a file is written
        "threading",  # cache: large inputs only
        "typing",  # TYPE_CHECKING = False
    )
    code = (
        "import sys; from policytl.load.loader import load_timeline; "
        "from policytl.export import ExportOptions, Format, render; "
        "render(Format.JSON, load_timeline(), ExportOptions()); "
        f"print(sorted(m for m in {costly!r} if m in sys.modules))"
    )
    env = child_env(POLICYTL_CACHE_DIR=str(cache_dir), PATH="")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    )
    assert out.stdout == "[]\n"


def test_str_paths_and_paths_name_the_same_entry(
    cache_dir: Path, yaml_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hit works on str paths without pathlib; entries are named as when the
    # cache took Path objects only (so that existing entries stay valid).
    from hashlib import blake2b

    link = tmp_path / "link.yaml"
    link.symlink_to(yaml_file)
    monkeypatch.chdir(tmp_path)
    for files in ([yaml_file], [link, yaml_file], [Path("link.yaml")], [Path("missing.yaml")]):
        key = "\0".join(str(f.resolve()) for f in files).encode("utf-8", "surrogateescape")
        want = cache_dir / f"{blake2b(key, digest_size=16).hexdigest()}.jsonl"
        assert cache.entry_path(files) == want
        assert cache._entry_file([str(f) for f in files]) == str(want)


def test_resolved_is_path_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "dir" / ".." / "file.yaml")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path / "dir")
    names = ["../file.yaml", "../link.yaml", "..//./file.yaml", "../loop", "../loop/x"]
    names += ["../dangling", "../missing/../file.yaml", "missing", str(tmp_path / "file.yaml")]
    for name in names:
        try:
            want = str(Path(name).resolve())
        except (OSError, RuntimeError):
            want = str(Path(name).absolute())
        assert cache._resolved(name) == want, name
        assert cache._resolved(Path(name)) == want, name


def test_cache_folder_without_a_home(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    monkeypatch.delenv("POLICYTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def no_entry(uid: int) -> None:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()
    assert cache.cache_dir() is None
    assert cache.entry_path([Path("x.yaml")]) is None


def test_several_files_get_one_entry_and_order_matters(
    cache_dir: Path, tmp_path: Path, data_files: dict[str, Path]
) -> None:
    text = data_files["yaml"].read_text(encoding="utf-8")
    head, events = text.split("\nevents:\n", 1)
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(head + "\nevents: []\n", encoding="utf-8")
    b.write_text("format: policytl/1\nevents:\n" + events, encoding="utf-8")
    ab = load_timeline([a, b])
    assert len(entries(cache_dir)) == 1
    assert load_timeline([a, b]) == ab
    ba = load_timeline([b, a])
    assert len(entries(cache_dir)) == 2
    assert ba.files == (str(b), str(a)) and ba.events == ab.events
    # a folder is its sorted files
    assert load_timeline([tmp_path]).events == ab.events


# --- the --no-cache option of the shared filters ------------------------------------------


def _probe_app() -> typer.Typer:
    app = typer.Typer(cls=PolicytlGroup)

    @app.command()
    @with_filters
    def probe(*, filters: FilterArgs) -> None:
        timeline, _ = filters.select()
        write_stdout(f"{len(timeline.events)} no_cache={filters.no_cache}\n")

    @app.command()
    def other() -> None:  # a second command, so that probe is a subcommand
        write_stdout("other\n")

    return app


def test_no_cache_option_is_shared_and_threaded(cache_dir: Path, yaml_file: Path) -> None:
    app = _probe_app()
    runner = CliRunner()
    env = {"POLICYTL_CACHE_DIR": str(cache_dir), "POLICYTL_NO_CACHE": None}
    result = runner.invoke(app, ["probe", "--data", str(yaml_file), "--no-cache"], env=env)
    assert (result.exit_code, result.stdout) == (0, f"{SMALL} no_cache=True\n")
    assert entries(cache_dir) == []
    result = runner.invoke(app, ["probe", "--data", str(yaml_file)], env=env)
    assert (result.exit_code, result.stdout) == (0, f"{SMALL} no_cache=False\n")
    assert len(entries(cache_dir)) == 1


def test_validate_never_uses_the_cache(cache_dir: Path, yaml_file: Path) -> None:
    from ..conftest import invoke

    env = {"POLICYTL_CACHE_DIR": str(cache_dir)}
    result = invoke(["validate", str(yaml_file)], env=env)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(f"ok: {SMALL} events, 210 bodies")
    assert not cache_dir.exists()


def test_curated_and_empty_timelines_round_trip(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    curated = tmp_path / "curated.yaml"
    curated.write_text((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"))
    empty = tmp_path / "empty.yaml"
    empty.write_text("format: policytl/1\nevents: []\n", encoding="utf-8")
    firsts = [load_timeline([path]) for path in (curated, empty)]
    assert len(entries(cache_dir)) == 2
    fresh = [load_timeline([path], cache=False) for path in (curated, empty)]
    monkeypatch.setattr(loader, "parse_file", None)  # hits only from here on
    assert [load_timeline([path]) for path in (curated, empty)] == firsts == fresh
    assert len(firsts[0].events) == 15
    assert load_timeline([empty]).events == []


@pytest.mark.parametrize("use_cache", [True, False])
def test_freeze_from_freezes_only_large_timelines(
    cache_dir: Path, yaml_file: Path, use_cache: bool
) -> None:
    import gc

    gc.unfreeze()
    try:
        load_timeline([yaml_file], cache=use_cache)  # fills the cache
        load_timeline([yaml_file], cache=use_cache, freeze_from=SMALL + 1)
        assert gc.get_freeze_count() == 0
        timeline = load_timeline([yaml_file], cache=use_cache, freeze_from=SMALL)
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
        assert len(timeline.events) == SMALL
    finally:
        gc.unfreeze()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_round_trip_of_random_timelines(seed: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate.write("25", folder / "data", seed=seed)
        old = os.environ.get("POLICYTL_CACHE_DIR")
        os.environ["POLICYTL_CACHE_DIR"] = str(folder / "cache")
        try:
            for kind in ("yaml", "json"):
                fresh = load_timeline([paths[kind]], cache=False)
                assert load_timeline([paths[kind]]) == fresh  # miss: builds the entry
                entry = cache.entry_path([paths[kind]])
                assert entry is not None and entry.is_file()
                hit = cache._read_entry(entry, [paths[kind]], [paths[kind].stat()])
                assert hit == fresh
                assert hit is not None and [e.to_json() for e in hit.events] == [
                    e.to_json() for e in fresh.events
                ]
                assert hit.to_json() == fresh.to_json()
        finally:
            if old is None:
                os.environ.pop("POLICYTL_CACHE_DIR", None)
            else:
                os.environ["POLICYTL_CACHE_DIR"] = old
