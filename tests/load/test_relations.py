"""validate's rules between relations and stages (policytl.load.relations): loops, order.

The golden output of each rule is in tests/fixtures/invalid/ (relation-loops.yaml,
order-in-force.yaml, order-targets.yaml, order-repealed.yaml); here are the
properties (random graphs), the deep chains and the details of a loop's message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policytl.load.validate import check_documents
from policytl.load.yamlsafe import parse_document
from policytl.model.errors import Problem, Severity

from ..conftest import ROOT, child_env

#: A hang guard for the subprocess, far above what it takes; not a timing assertion.
HANG = 120


def _event(eid: str, relations: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "date": "2020-01-01",
        "kind": "statement",
        "jurisdiction": "EU",
        "issuers": [],
        "title": {"en": eid},
        "sources": [{"source": "src", "quote": "q"}],
        "relations": [{"type": t, "to": to} for t, to in relations],
        **extra,
    }


def _data(events: list[dict[str, Any]], documents: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "format": "policytl/1",
        "sources": {"src": {"title": {"en": "A source"}}},
        "jurisdictions": {"EU": {"name": {"en": "EU"}}},
        "documents": {
            d: {"title": {"en": d}, "type": "law", "jurisdiction": "EU"} for d in documents
        },
        "events": events,
    }


def _problems(data: dict[str, Any]) -> list[Problem]:
    doc = parse_document(json.dumps(data), "t.json", as_json=True)
    _, problems = check_documents([doc])
    return problems


def _loops(problems: list[Problem]) -> list[str]:
    assert all(p.severity is Severity.ERROR for p in problems)
    return [p.message for p in problems if " relations loop: " in p.message]


# --- random graphs -------------------------------------------------------------------------

#: A DAG on n nodes: edges only from a higher node to a lower one, as (from, to) pairs;
#: nodes 0..n-1 are events, and with ``documents`` every third one is a document that
#: the event after it belongs to.
dags = st.integers(min_value=2, max_value=12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.sets(
            st.tuples(st.integers(1, n - 1), st.integers(0, n - 2)).filter(lambda e: e[0] > e[1])
        ),
        st.booleans(),
    )
)


def _graph_data(n: int, edges: set[tuple[int, int]], documents: bool) -> dict[str, Any]:
    docs = tuple(f"n{i}" for i in range(n) if documents and i % 3 == 2)
    events = []
    for i in range(n):
        if f"n{i}" in docs:
            continue
        # an event after a document belongs to it (a document's events' relations are its own)
        extra = {"document": f"n{i + 1}"} if f"n{i + 1}" in docs else {}
        relations = [("part-of", f"n{b}") for a, b in sorted(edges) if a == i]
        events.append(_event(f"n{i}", relations, **extra))
    return _data(events, docs)


def _reaches(edges: set[tuple[int, int]], start: int, goal: int) -> bool:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for a, b in edges:
            if a == node and b not in seen:
                seen.add(b)
                todo.append(b)
    return False


@settings(max_examples=150, deadline=None)
@given(dags)
def test_a_dag_has_no_loop(dag: tuple[int, set[tuple[int, int]], bool]) -> None:
    n, edges, documents = dag
    # a document's node has no relations of its own: keep edges from events only
    data = _graph_data(n, edges, False)
    assert _problems(data) == []
    if documents:
        assert _loops(_problems(_graph_data(n, edges, True))) == []


@settings(max_examples=150, deadline=None)
@given(dags, st.data())
def test_one_back_edge_makes_exactly_one_loop(
    dag: tuple[int, set[tuple[int, int]], bool], data: st.DataObject
) -> None:
    n, edges, _ = dag
    reachable = [(b, a) for a in range(n) for b in range(a) if _reaches(edges, a, b)]
    if not reachable:
        edges = {*edges, (1, 0)}
        reachable = [(0, 1)]
    back = data.draw(st.sampled_from(reachable))
    loops = _loops(_problems(_graph_data(n, {*edges, back}, False)))
    assert len(loops) == 1
    chain = loops[0].removeprefix("part-of relations loop: ").split(" → ")
    assert chain[0] == chain[-1] and len(set(chain)) == len(chain) - 1
    # every step of the chain is an edge of the graph
    steps = {(f"n{a}", f"n{b}") for a, b in {*edges, back}}
    assert all(step in steps for step in pairwise(chain))


# --- deep chains ---------------------------------------------------------------------------

DEEP = 10_000
#: How the loop of 10,000 is named: its ends, and how many ids are left out between.
LOOP_10000 = (
    "e0 → e9999 → e9998 → e9997 → e9996 → e9995 → e9994 → e9993 → e9992 → e9991 → "
    "… 9,981 more … → e9 → e8 → e7 → e6 → e5 → e4 → e3 → e2 → e1 → e0"
)


def _chain(n: int, *, loop: bool) -> dict[str, Any]:
    events = [_event("e0", [("supersedes", f"e{n - 1}")] if loop else [])]
    events += [_event(f"e{i}", [("supersedes", f"e{i - 1}")]) for i in range(1, n)]
    return _data(events)


def test_a_chain_10000_deep_is_checked_without_recursion() -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    try:
        assert _problems(_chain(DEEP, loop=False)) == []
        problems = _problems(_chain(DEEP, loop=True))
    finally:
        sys.setrecursionlimit(limit)
    assert [(p.path, p.message) for p in problems] == [
        (
            "events[0].relations[0].to",
            "supersedes relations loop: " + LOOP_10000,
        )
    ]


def test_validate_a_loop_10000_deep_in_a_subprocess(tmp_path: Path) -> None:
    """As the hostile corpus's cases too big to commit: generated, run in a subprocess."""
    (tmp_path / "deep.json").write_text(json.dumps(_chain(DEEP, loop=True)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "policytl", "validate", "deep.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
        env=child_env(PYTHONPATH=str(ROOT)),
    )
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.splitlines() == [
        "deep.json:1:359: events[0] (id: e0).relations[0].to: supersedes relations loop: "
        + LOOP_10000,
        "invalid: 1 error, 0 warnings in deep.json",
    ]


# --- what a loop's message says ------------------------------------------------------------


def test_a_loop_through_a_document_names_the_event_that_carries_it() -> None:
    events = [
        _event("goal", [("part-of", "plan")]),
        _event("plan-issued", [("part-of", "goal")], document="plan"),
    ]
    problems = _problems(_data(events, ("plan",)))
    assert [(p.path, p.message) for p in problems] == [
        (
            "events[0].relations[0].to",
            "part-of relations loop: goal → plan (its event plan-issued) → goal",
        )
    ]


def test_a_relation_to_its_own_document_or_of_another_type_is_no_loop() -> None:
    events = [
        _event("a", [("part-of", "plan"), ("follows", "b")], document="plan"),
        _event("b", [("part-of", "plan"), ("follows", "a")], document="plan"),
    ]
    assert _problems(_data(events, ("plan",))) == []


def test_each_type_loops_on_its_own() -> None:
    events = [
        _event("a", [("part-of", "b"), ("amends", "b")]),
        _event("b", [("amends", "a"), ("repeals", "a")]),
    ]
    assert _loops(_problems(_data(events))) == ["amends relations loop: a → b → a"]


def test_a_group_with_two_loops_is_reported_once() -> None:
    events = [
        _event("a", [("part-of", "b"), ("part-of", "c")]),
        _event("b", [("part-of", "a")]),
        _event("c", [("part-of", "a")]),
    ]
    assert _loops(_problems(_data(events))) == ["part-of relations loop: a → b → a"]


def test_stages_in_order_look_up_no_position(monkeypatch: Any) -> None:
    """A position is looked up only to report a problem: stages and targets that are in
    order cost none (each lookup walked the file's marks, and for JSON read the text
    again: 10,000 events in documents took 18 s of lookups before a problem was found)."""
    from policytl.load.located import Located

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a position was looked up")

    monkeypatch.setattr(Located, "position", refuse)
    events = []
    for n in range(20):
        doc = f"d{n}"
        events += [
            _event(f"a{n}", [], kind="adopted", document=doc, date="2020-01-01"),
            _event(f"f{n}", [], kind="in-force", document=doc, date="2020-02-01"),
            _event(f"m{n}", [("amends", doc)], date="2020-03-01"),
        ]
    documents = tuple(f"d{n}" for n in range(20))
    assert _problems(_data(events, documents)) == []
    # and out of order, the message still names the other event and its line
    monkeypatch.undo()
    events[1]["date"] = "2019-12-01"
    (problem,) = _problems(_data(events, documents))
    assert problem.message == (
        "'d0' enters into force (2019-12-01) wholly before it is adopted "
        "(2020-01-01: event 'a0' at t.json:1)"
    )


def test_an_empty_list_of_records_keeps_its_event() -> None:
    """``relations: []`` (or any list of records left empty where none are required) is an
    event with none: it was read as no event at all, and validate said ok."""
    from policytl.load.validate import check_documents

    doc = parse_document(json.dumps(_data([_event("a", []), _event("b", [])])), "t.json")
    timeline, problems = check_documents([doc])
    assert problems == []
    assert timeline is not None and [e.id for e in timeline.events] == ["a", "b"]
    assert [e.relations for e in timeline.events] == [(), ()]
