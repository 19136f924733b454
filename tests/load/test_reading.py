"""Reading data files within --max-bytes (issue 12): a regular file is refused from its
size; a stream (a pipe, /dev/stdin, a device) is read in chunks, with the limit and NUL
bytes checked after each, so that /dev/zero or an endless pipe is never read whole."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from policytl.load.loader import READ_CHUNK, load_timeline, read_bytes
from policytl.model.errors import LoadError
from policytl.model.limits import DEFAULT_MAX_BYTES

from ..conftest import invoke

MB = 1024 * 1024


def test_dev_zero_is_read_one_chunk_only() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    assert len(read_bytes("/dev/zero", DEFAULT_MAX_BYTES)) == READ_CHUNK == MB
    with pytest.raises(LoadError) as info:
        load_timeline("/dev/zero", cache=False)
    assert str(info.value) == "/dev/zero:1:1: file contains NUL bytes; it is not a text file"


def test_dev_zero_on_the_command_line() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    result = invoke(["show", "--data", "/dev/zero"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "policytl: error: /dev/zero:1:1: file contains NUL bytes; it is not a text file\n"
    )


def endless_pipe() -> tuple[int, threading.Thread, list[int]]:
    """A pipe fed with text until its reader closes it; how much was written."""
    r, w = os.pipe()
    written = [0]

    def feed() -> None:
        block = b"x: y\n" * 13_000
        try:
            while True:
                written[0] += os.write(w, block)
        except OSError:
            pass
        finally:
            os.close(w)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return r, thread, written


def test_an_endless_pipe_is_refused_at_the_limit_not_read_whole() -> None:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd to name a pipe")
    r, thread, written = endless_pipe()
    try:
        with pytest.raises(LoadError) as info:
            read_bytes(f"/proc/self/fd/{r}", 3 * MB)
    finally:
        os.close(r)
    thread.join(timeout=60)
    assert str(info.value).endswith(
        ": file is more than the limit of 3,145,728 bytes (raise it with --max-bytes)"
    )
    # what was read, plus at most what the pipe buffers and one block in flight
    assert written[0] <= 3 * MB + 1 + 2 * MB


def test_a_regular_file_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as fh:
        fh.truncate(5 * MB)  # sparse: nothing to read, only a size
    with pytest.raises(LoadError) as info:
        read_bytes(path, MB)
    assert str(info.value) == (
        f"{path}: file is 5,242,880 bytes, more than the limit of 1,048,576 "
        "(raise it with --max-bytes)"
    )


def test_a_stream_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd to name a pipe")
    r, w = os.pipe()
    payload = b"format: policytl/1\n" + b"# padding\n" * 300_000  # 3 MB: several chunks

    def feed() -> None:
        with os.fdopen(w, "wb") as fh:
            fh.write(payload)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        assert read_bytes(f"/proc/self/fd/{r}", 10 * MB) == payload
    finally:
        os.close(r)
        thread.join(timeout=60)
