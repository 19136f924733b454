"""The cache keeps to regular files and to its size cap (issue 12).

- inputs that are not regular files (pipes, ``/dev/stdin``, FIFOs) are never cached;
- the folder is bounded: ``$POLICYTL_CACHE_MAX`` (default 256 MiB), least recently
  used entries first (a hit touches its entry), ``0`` turns the cache off;
- a FIFO or a device in place of an entry is a miss, never a hang;
- stale temporary files of policytl's own naming go at the next write, nothing else;
- the cache knows nothing about YAML: the loader decides, the cache stores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from policytl.load import cache
from policytl.load.loader import load_timeline

from ..conftest import ROOT, child_env
from .test_cache import SMALL, data_files, entries  # noqa: F401 (a fixture)

#: A hang guard for subprocesses, far above what any case takes; not a timing assertion.
HANG = 120


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYTL_CACHE_DIR", str(folder))
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)
    monkeypatch.delenv("POLICYTL_CACHE_MAX", raising=False)
    return folder


def copies(folder: Path, source: Path, n: int) -> list[Path]:
    """n copies of one timeline under different names (one cache entry each)."""
    folder.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"t{i}.yaml"
        path.write_bytes(source.read_bytes())
        out.append(path)
    return out


def feed(path: str | Path | int, payload: bytes) -> threading.Thread:
    """Write payload to a pipe (its write end, which is closed after) or a FIFO from
    another thread."""

    def run() -> None:
        with open(path, "wb") as fh:
            fh.write(payload)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# --- what is cached ------------------------------------------------------------------------


def test_a_pipe_is_never_cached(cache_dir: Path, data_files: dict[str, Path]) -> None:  # noqa: F811
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd to name a pipe, as --data <(cat x.yaml) does")
    payload = data_files["yaml"].read_bytes()
    for _ in range(2):
        r, w = os.pipe()
        thread = feed(w, payload)
        try:
            timeline = load_timeline([f"/proc/self/fd/{r}"])
        finally:
            os.close(r)
            thread.join(timeout=HANG)
        assert len(timeline.events) == SMALL
    assert not cache_dir.exists()  # not even the folder: nothing was written


def test_a_fifo_is_never_cached(
    cache_dir: Path,
    tmp_path: Path,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    fifo = tmp_path / "data.yaml"
    os.mkfifo(fifo)
    thread = feed(fifo, data_files["yaml"].read_bytes())
    assert len(load_timeline([fifo]).events) == SMALL
    thread.join(timeout=HANG)
    assert not cache_dir.exists()


def test_cacheable_means_regular_files(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    os.mkfifo(tmp_path / "p")
    assert cache.cacheable([os.stat(tmp_path / "f")])
    assert not cache.cacheable([os.stat(tmp_path / "f"), os.stat(tmp_path / "p")])
    if os.path.exists("/dev/null"):
        assert not cache.cacheable([os.stat("/dev/null")])


# --- the size cap --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "size"),
    [
        (None, 256 * 1024 * 1024),
        ("", 256 * 1024 * 1024),
        ("0", 0),
        ("1000", 1000),
        ("64K", 64 * 1024),
        ("64k", 64 * 1024),
        ("300M", 300 * 1024 * 1024),
        ("300MiB", 300 * 1024 * 1024),
        ("2G", 2 * 1024**3),
        ("1gb", 1024**3),
        (" 5 ", 5),
        ("lots", 256 * 1024 * 1024),
        ("-1", 256 * 1024 * 1024),
        ("1.5G", 256 * 1024 * 1024),
        ("١٢", 256 * 1024 * 1024),
    ],
)
def test_cache_max_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, size: int
) -> None:
    if value is None:
        monkeypatch.delenv("POLICYTL_CACHE_MAX", raising=False)
    else:
        monkeypatch.setenv("POLICYTL_CACHE_MAX", value)
    assert cache.max_size() == size
    assert cache.DEFAULT_MAX == 256 * 1024 * 1024


def test_cache_max_0_turns_the_cache_off(
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    monkeypatch.setenv("POLICYTL_CACHE_MAX", "0")
    assert not cache.enabled()
    load_timeline([data_files["yaml"]])
    assert not cache_dir.exists()


def test_least_recently_used_entries_go_first(
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    a, b, c, d = copies(tmp_path / "data", data_files["yaml"], 4)
    load_timeline([a])
    (entry_a,) = entries(cache_dir)
    size = entry_a.stat().st_size
    monkeypatch.setenv("POLICYTL_CACHE_MAX", str(2 * size + size // 2))  # room for two
    ages = iter(range(1_000_000_000, 2_000_000_000, 10_000_000))

    def age_all() -> None:
        # the order of events, not the clock's resolution, decides what is older
        for e in sorted(entries(cache_dir), key=lambda p: p.stat().st_mtime_ns):
            t = next(ages)
            os.utime(e, ns=(t, t))

    age_all()
    load_timeline([b])
    age_all()
    assert {p.name for p in entries(cache_dir)} == {
        cache.entry_path([a]).name,  # type: ignore[union-attr]
        cache.entry_path([b]).name,  # type: ignore[union-attr]
    }
    load_timeline([a])  # a hit: a is now the most recently used
    time.sleep(0.01)
    load_timeline([c])  # over the cap: b goes, not a
    assert {p.name for p in entries(cache_dir)} == {
        cache.entry_path([a]).name,  # type: ignore[union-attr]
        cache.entry_path([c]).name,  # type: ignore[union-attr]
    }
    age_all()
    load_timeline([d])  # a is the oldest now
    assert {p.name for p in entries(cache_dir)} == {
        cache.entry_path([c]).name,  # type: ignore[union-attr]
        cache.entry_path([d]).name,  # type: ignore[union-attr]
    }
    assert sum(p.stat().st_size for p in entries(cache_dir)) <= 2 * size + size // 2


def test_an_entry_bigger_than_the_cap_is_not_written(
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    monkeypatch.setenv("POLICYTL_CACHE_MAX", "1000")
    assert len(load_timeline([data_files["yaml"]]).events) == SMALL
    assert entries(cache_dir) == []


def test_stale_temporary_files_of_ours_go_at_the_next_write(
    cache_dir: Path,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    cache_dir.mkdir()
    name = "0123456789abcdef0123456789abcdef.jsonl"
    stale = cache_dir / f".{name}.k2j4h5.tmp"
    fresh = cache_dir / f".{name}.zz91aa.tmp"  # another policytl writing right now
    others = [cache_dir / ".notes.tmp", cache_dir / "mine.txt", cache_dir / ".x.jsonl.a.tmp"]
    for p in (stale, fresh, *others):
        p.write_text("partial")
    old = time.time() - cache.STALE_TEMP_SECONDS - 60
    for p in (stale, *others):
        os.utime(p, (old, old))
    load_timeline([data_files["yaml"]])
    assert not stale.exists()
    assert fresh.exists() and all(p.exists() for p in others)
    assert len(entries(cache_dir)) == 1


# --- never blocked by what is in the folder -----------------------------------------------


def test_a_fifo_in_place_of_an_entry_is_a_miss_not_a_hang(
    cache_dir: Path,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    entry = cache.entry_path([data_files["yaml"]])
    assert entry is not None
    cache_dir.mkdir()
    os.mkfifo(entry)
    code = (
        "import sys; from policytl import load_timeline; "
        "print(len(load_timeline([sys.argv[1]]).events))"
    )
    env = child_env(PYTHONPATH=str(ROOT), POLICYTL_CACHE_DIR=str(cache_dir))
    for _ in range(2):  # the first run replaces the FIFO with an entry, the second hits
        run = subprocess.run(
            [sys.executable, "-c", code, str(data_files["yaml"])],
            capture_output=True,
            text=True,
            timeout=HANG,
            env=env,
        )
        assert (run.returncode, run.stdout, run.stderr) == (0, f"{SMALL}\n", "")
    assert entry.is_file()


def test_a_device_in_place_of_an_entry_is_a_miss(
    cache_dir: Path,
    data_files: dict[str, Path],  # noqa: F811
) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    entry = cache.entry_path([data_files["yaml"]])
    assert entry is not None
    cache_dir.mkdir()
    entry.symlink_to("/dev/zero")
    stats = [data_files["yaml"].stat()]
    assert cache.lookup([data_files["yaml"]], stats) is None


# --- the design: the loader decides, the cache stores ---------------------------------------


def test_the_cache_knows_nothing_about_yaml() -> None:
    code = (
        "import sys, policytl.load.cache; "
        "print(sorted(m for m in sys.modules if m in ('yaml', 'policytl.load.loader', "
        "'policytl.load.yamlsafe', 'policytl.load.validate')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=HANG,
        env=child_env(PYTHONPATH=str(ROOT)),
    )
    assert (run.stdout, run.stderr) == ("[]\n", "")
