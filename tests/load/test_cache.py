"""The parsed-data cache: hits are equal, never stale, never trusted when foreign."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policytl.cli.app import PolicytlGroup
from policytl.cli.data import Selection
from policytl.cli.options import filtering
from policytl.cli.output import write_stdout
from policytl.load import cache, loader
from policytl.load.loader import load_timeline
from policytl.model.errors import DataError, LoadError
from policytl.model.records import Event, Timeline

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
    cache_dir: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch
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


def test_a_changed_file_is_never_served_stale(cache_dir: Path, yaml_file: Path) -> None:
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


def _reseal(header: dict[str, Any], payload: bytes) -> bytes:
    """An entry with a correct payload digest (so only the decoding can tell)."""
    from hashlib import blake2b

    header = dict(header, payload=blake2b(payload).hexdigest())
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    return head + b"\n" + payload + b"\n"


def _field(cls: type, name: str) -> int:
    return [f.name for f in dataclasses.fields(cls)].index(name)


def _corruptions(entry: bytes) -> Iterator[tuple[str, bytes]]:
    head, payload, _ = entry.split(b"\n")
    header = json.loads(head)
    yield "empty", b""
    yield "not json", b"\x80\x81 garbage\n" * 3
    yield "truncated", entry[: len(entry) // 2]
    yield "truncated by one byte", entry[:-1]
    yield "no payload", head + b"\n"
    yield "pickle", b"\x80\x04\x95" + entry[3:]
    yield "header not a mapping", b"[" + head + b"]\n" + payload + b"\n"
    for key, value in [
        ("cache", "someone-else"),
        ("policytl", "0.0.0-other"),
        ("version", cache.CACHE_VERSION - 1),
        ("layout", "0" * 32),
    ]:
        yield f"other {key}", _reseal(dict(header, **{key: value}), payload)
    other_file = [dict(header["files"][0], size=header["files"][0]["size"] + 1)]
    yield "other file size", _reseal(dict(header, files=other_file), payload)
    yield "bit flip", head + b"\n" + payload.replace(b'"CN-', b'"CX-', 1) + b"\n"
    yield (
        "payload digest",
        head.replace(header["payload"].encode(), b"0" * 128) + entry[len(head) :],
    )
    yield "extra line", entry + b'{"more": 1}\n'

    def edit(name: str, change: Callable[[Any], None]) -> bytes:
        value = json.loads(payload)
        change(value)
        return _reseal(header, json.dumps(value, ensure_ascii=False).encode())

    events = _field(Timeline, "events")

    def column(name: str) -> Callable[[Any], Any]:
        return lambda p: p[events][1][_field(Event, name)]

    def date_fields(p: Any) -> Any:
        return column("date")(p)

    # resealed: a correct digest, so decoding must catch these (never a traceback)
    yield "payload not a list", edit("payload", lambda p: p.clear())
    yield "short column", edit("id", lambda p: column("id")(p).pop())
    yield "citation counts", edit("sources", lambda p: column("sources")(p)[0].__setitem__(0, 9))
    yield "ordinal zero", edit("date", lambda p: date_fields(p)[1].__setitem__(0, 0))
    yield "no such precision", edit("date", lambda p: date_fields(p)[3].__setitem__(0, "week"))
    yield "optional where", edit("due", lambda p: column("summary")(p)[0].append(10**6))
    yield "payload truncated", _reseal(header, payload[: len(payload) // 2])


def test_corrupt_or_foreign_entries_are_ignored_and_rebuilt(
    cache_dir: Path, yaml_file: Path
) -> None:
    fresh = load_timeline([yaml_file], cache=False)
    load_timeline([yaml_file])
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    head, payload, _ = good.split(b"\n")
    assert _reseal(json.loads(head), payload) == good  # resealing alone changes nothing
    for name, bad in _corruptions(good):
        assert bad != good, name
        entry.write_bytes(bad)
        assert load_timeline([yaml_file]) == fresh, name
        assert entry.read_bytes() == good, f"{name}: the entry was not rebuilt"


def test_an_entry_for_other_content_is_not_used(cache_dir: Path, yaml_file: Path) -> None:
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
    @filtering
    def probe(*, selection: Selection) -> None:
        timeline, _ = selection.select()
        write_stdout(f"{len(timeline.events)} no_cache={selection.no_cache}\n")

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


# --- whose cache it is (issue 21: cache poisoning) ------------------------------------------

NOBODY = 65534


def _give_away(path: Path) -> None:
    """Make path another user's (tests run as root in CI; elsewhere, skipped)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to make a file another user's")
    os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def _poisoned_entry(victim: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An entry for victim's file, keys and digests right, with another title: what
    an attacker who can read the file can write."""
    with monkeypatch.context() as m:
        m.setenv("POLICYTL_CACHE_DIR", str(folder))
        load_timeline([victim])
        (entry,) = entries(folder)
        head, payload, _ = entry.read_bytes().split(b"\n")
        forged = payload.replace(b"Synthetic policy", b"ATTACKER POLICY")
        assert forged != payload
        entry.write_bytes(_reseal(json.loads(head), forged))
        m.setattr(loader, "parse_file", None)
        title = load_timeline([victim]).title
        assert title is not None and title.en is not None and title.en.startswith("ATTACKER")
    return entry


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A /tmp-like folder anyone may write to, as $XDG_CACHE_HOME."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    monkeypatch.delenv("POLICYTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_warned", set())
    return folder


def _show_title(victim: Path, xdg: Path) -> tuple[int, str, str]:
    import subprocess

    code = (
        "import sys; from policytl import load_timeline; "
        "print(load_timeline([sys.argv[1]]).title.en)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(victim)],
        capture_output=True,
        text=True,
        env=child_env(XDG_CACHE_HOME=str(xdg), POLICYTL_CACHE_DIR=None),
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("how", ["another user's", "writable by all"])
def test_a_cache_folder_others_can_write_is_not_used(
    shared: Path, yaml_file: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    planted = shared / "policytl"
    planted.mkdir()
    entry = _poisoned_entry(yaml_file, planted, monkeypatch)
    planted.chmod(0o777)
    if how == "another user's":
        _give_away(planted)
        _give_away(entry)
    before = sorted(p.name for p in planted.iterdir())
    fresh = load_timeline([yaml_file], cache=False)
    assert fresh.title is not None and fresh.title.en is not None
    # in a child, as a victim's `show` would run: the real title, one warning
    code, out, err = _show_title(yaml_file, shared)
    reason = "belongs to another user" if how == "another user's" else "is writable by other users"
    assert (code, out) == (0, fresh.title.en + "\n")
    assert err == (
        f"policytl: warning: not using the cache folder {planted}: it {reason} (it must be "
        "yours, and writable by you alone); this run reads the data files without a cache\n"
    )
    # in this process: twice, one warning, nothing written there
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    assert load_timeline([yaml_file]) == load_timeline([yaml_file]) == fresh
    assert sorted(p.name for p in planted.iterdir()) == before
    assert len(cache._warned) == 1


def test_a_cache_folder_made_by_policytl_is_private(shared: Path, yaml_file: Path) -> None:
    code, out, err = _show_title(yaml_file, shared)
    assert (code, err) == (0, "")
    folder = shared / "policytl"
    st = folder.stat()
    assert (stat.S_IMODE(st.st_mode), st.st_uid) == (0o700, os.geteuid())
    assert len(entries(folder)) == 1
    assert _show_title(yaml_file, shared) == (code, out, "")  # a hit, no warning


def test_a_link_to_the_cache_folder_must_be_the_users(
    shared: Path, yaml_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    (shared / "policytl").symlink_to(mine)
    assert _show_title(yaml_file, shared)[2] == ""  # my link to my folder: fine
    assert len(entries(mine)) == 1
    _give_away(shared / "policytl")
    code, _, err = _show_title(yaml_file, shared)
    assert code == 0 and "the link to it belongs to another user" in err


def test_an_entry_of_another_user_is_ignored_and_replaced(
    cache_dir: Path,
    yaml_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cache, "_warned", set())
    entry = _poisoned_entry(yaml_file, cache_dir, monkeypatch)
    _give_away(entry)
    capsys.readouterr()
    fresh = load_timeline([yaml_file], cache=False)
    assert load_timeline([yaml_file]) == fresh
    err = capsys.readouterr().err
    assert (
        err == f"policytl: warning: ignoring the cache entry {entry}: it belongs to another user\n"
    )
    assert entry.stat().st_uid == os.geteuid()  # rebuilt, and ours now
    assert load_timeline([yaml_file]) == fresh
    assert capsys.readouterr().err == ""
