"""Memory on hostile input (issue 12): a bound, never a time.

No node tree is composed (the parser's events become plain data one at a time),
and a document may hold one YAML node for every ``NODE_BYTES`` bytes of its file:
past that it is refused with one clear line. 10 MB files of the shapes that cost
the most per byte must stay under 600 MB of peak RSS (PyYAML's node tree needed
1.5 GB for the first). Peak RSS is measured by a small parent process around
policytl, from ``resource.getrusage(RUSAGE_CHILDREN)``, so that no other child of
the test process counts.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policytl import check_files
from policytl.load.yamlsafe import NODE_BYTES, NODE_FLOOR, node_budget, parse_document
from policytl.model.errors import LoadError

from ..conftest import ROOT, child_env

MB = 1024 * 1024
#: A hang guard for the subprocesses, far above what any case takes (not a timing test).
HANG = 600

PEAK = (
    "import json, resource, subprocess, sys\n"
    "run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
    "print(json.dumps({'code': run.returncode, 'peak': peak, 'stderr': run.stderr.decode()}))\n"
)


def peak_of(*args: str, cwd: Path) -> dict[str, object]:
    """Exit code, stderr and peak RSS (bytes) of ``python -m policytl ARGS``."""
    env = child_env(PYTHONPATH=str(ROOT), POLICYTL_NO_CACHE="1")
    out = subprocess.run(
        [sys.executable, "-c", PEAK, sys.executable, "-m", "policytl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG,
        env=env,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def ones(size: int) -> str:
    """The issue's example: ``junk: [1,1,1,...]``, one node for every 2 bytes."""
    head = "format: policytl/1\njunk: ["
    return head + "1," * ((size - len(head)) // 2 - 1) + "1]\n"


def flow_mapping(size: int) -> str:
    """A flow mapping of distinct keys: a dict entry, a string and a problem a key."""
    parts, total, i = [], 1, 0
    while total < size - 32:
        item = f"k{i}: {i}"
        parts.append(item)
        total += len(item) + 2
        i += 1
    return "{" + ", ".join(parts) + "}\n"


def empty_lists(size: int) -> str:
    """``[[],[],...]``: a list object for every 3 bytes."""
    head = "format: policytl/1\njunk: ["
    return head + "[]," * ((size - len(head)) // 3 - 1) + "[]]\n"


@pytest.mark.parametrize("shape", [ones, flow_mapping, empty_lists], ids=lambda f: f.__name__)
def test_a_10_mb_hostile_file_stays_under_600_mb(shape: object, tmp_path: Path) -> None:
    assert callable(shape)
    text = shape(10 * MB)
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    run = peak_of("validate", "big.yaml", cwd=tmp_path)
    assert run["code"] == 1, run["stderr"]
    assert run["stderr"] == ""
    peak = run["peak"]
    assert isinstance(peak, int)
    assert peak < 600 * MB, f"peak RSS {peak / MB:.0f} MB"


def test_the_node_budget() -> None:
    assert NODE_BYTES == 4
    assert node_budget(0) == NODE_FLOOR == 10_000
    assert node_budget(10 * MB) == 10 * MB // 4


def test_a_document_over_its_node_budget_is_refused_early(tmp_path: Path) -> None:
    text = ones(100_000)  # 50,000 nodes in 100,000 bytes: the budget is 25,000
    with pytest.raises(LoadError) as info:
        parse_document(text, "big.yaml")
    problem = info.value.problem
    # stopped where the 25,001st node is, not at the end of the file
    assert (problem.file, problem.line, problem.path) == ("big.yaml", 2, "")
    assert problem.column is not None and problem.column < 60_000
    assert problem.message == (
        "too many YAML nodes: more than 25,000 (one for every 4 bytes of the file); "
        "no timeline needs that many"
    )
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert check_files([path]) == (None, [dataclasses.replace(problem, file=str(path))])


def test_the_tersest_valid_timeline_is_within_its_budget(tmp_path: Path) -> None:
    """Flow style with one-letter ids and values: still fewer nodes than the budget
    allows (a node for every 4 bytes), so no valid timeline is ever refused."""
    head = (
        "{format: policytl/1, sources: {s: {title: {en: s}}}, "
        "jurisdictions: {C: {name: {en: c}}}, "
        "bodies: {b: {name: {en: b}, level: central, jurisdiction: C, "
        "classification: government}}, events: ["
    )
    event = (
        '{{id: e{i}, date: "2016", kind: law, jurisdiction: C, issuers: [b], '
        "title: {{en: t}}, sources: [{{source: s, quote: q}}]}}"
    )
    text = head + ",".join(event.format(i=i) for i in range(20_000)) + "]}\n"
    located = parse_document(text, "terse.yaml")
    nodes = 2 * 10_000  # at least this many: 29 nodes an event
    assert len(located.data["events"]) == 20_000
    assert len(text.encode()) // NODE_BYTES > 20_000 * 29 > nodes


#: The bound that holds for valid timelines at every event size (issue 21): a
#: first load's peak RSS is at most FIRST_LOAD_FACTOR times the file's size plus
#: FIRST_LOAD_BASE. Tiny events are the worst case per byte (about 3.2 KB of peak
#: memory for a 135-byte event: 24x, so 1,000,000 of them, 135 MB, need about
#: 3.2 GB); the benchmark's events (1.4 KB each) need about 6x.
FIRST_LOAD_FACTOR = 32
FIRST_LOAD_BASE = 64 * MB


def tiny_events(count: int) -> str:
    head = (
        "format: policytl/1\nsources:\n  s: {title: {en: s}}\n"
        "jurisdictions:\n  CN: {name: {en: China}}\n"
        "bodies:\n  b: {name: {en: b}, level: central, jurisdiction: CN, "
        "classification: government}\nevents:\n"
    )
    event = (
        '- {{id: e{i}, date: "2016-{m:02d}", kind: statement, jurisdiction: CN, '
        "issuers: [b], title: {{en: t{i}}}, sources: [{{source: s, quote: q}}]}}\n"
    )
    return head + "".join(event.format(i=i, m=1 + i % 12) for i in range(count))


def test_a_first_load_of_tiny_events_stays_within_the_stated_bound(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(tiny_events(40_000), encoding="utf-8")
    size = path.stat().st_size
    run = peak_of("validate", "tiny.yaml", cwd=tmp_path)
    assert (run["code"], run["stderr"]) == (0, "")
    peak = run["peak"]
    assert isinstance(peak, int)
    bound = FIRST_LOAD_FACTOR * size + FIRST_LOAD_BASE
    assert peak < bound, f"peak RSS {peak / MB:.0f} MB for {size / MB:.1f} MB of tiny events"
