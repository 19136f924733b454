"""The rules between events that relations and lifecycle stages imply.

``check_relations`` runs once every file is read (from
``policytl.load.validate.check_documents``) and reports, at the relation or the
date concerned:

* loops in the relation types that must not loop (``ACYCLIC_RELATIONS``). Each
  type is a graph of events and documents: an event points to the ``to`` of each
  of its relations of that type, and a document points to each of its events (an
  event with ``document: X`` belongs to X), so that a relation to a document
  continues through the relations of the document's events. An event's relation
  to its own document is no step (a stage is naturally ``part-of`` its document),
  nor is a relation to itself (reported on its own). The events and documents that
  loop together (a strongly connected group) are reported once, naming one loop
  through them. The search is iterative: a chain 10,000 relations deep is fine.
* an impossible order, aware of each date's precision (a date is the period of
  days it may denote): an ``in-force`` wholly before its document's adoption
  (``adopted`` or ``document-issued``); an ``amends`` or ``implements`` relation
  from an event wholly before its target exists (the target event's date, or a
  document's first stage); an ``applies`` wholly after its document's
  ``repealed``. When the periods overlap, the dates cannot decide: a warning. An
  order that an uncertain or approximate date makes impossible is a warning too.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from policytl.load.checks import Checker
from policytl.load.yamlsafe import Located, Path
from policytl.model.dates import PolicyDate
from policytl.model.errors import Problem
from policytl.model.records import ACYCLIC_RELATIONS, Document, Event

__all__ = ["check_relations"]

#: Where each event was defined: its file and its path there (``events[3]``).
Where = tuple[Located, Path]
#: A step of a relation graph: (to, the index of the event whose relation it is, the
#: relation's index in it); a document's step to one of its events has index -1.
Step = tuple[str, int, int]
#: How many steps of a loop a message names before it leaves out the middle.
SHOWN = 10


class _Rules:
    """What the rules read: the events, where each is, and the documents."""

    def __init__(
        self,
        events: Sequence[Event],
        where: Sequence[Where],
        documents: dict[str, Document],
        problems: list[Problem],
        vocab: dict[str, dict[str, str]],
    ) -> None:
        self.events = events
        self.where = where
        self.documents = documents
        self.problems = problems
        self.vocab = vocab
        #: the index of each event id (the first event, when an id is duplicated)
        self.index: dict[str, int] = {}
        #: the indexes of each document's events
        self.members: dict[str, list[int]] = {d: [] for d in documents}
        for i, event in enumerate(events):
            self.index.setdefault(event.id, i)
            doc = event.document
            if type(doc) is str and doc in self.members:
                self.members[doc].append(i)

    def report(self, i: int, sub: Path, message: str, *, warning: bool = False) -> None:
        loc, path = self.where[i]
        checker = Checker(loc, self.problems, self.vocab)
        (checker.warn if warning else checker.err)((*path, *sub), message)

    def at(self, i: int) -> str:
        """``event 'x' at FILE:LINE``, to name the other end of a rule."""
        loc, path = self.where[i]
        line, _ = loc.position((*path, "date"))
        return f"event {self.events[i].id!r} at {loc.file}:{line}"


# --- loops ---------------------------------------------------------------------------------


def _graph(rules: _Rules, kind: str) -> dict[str, list[Step]]:
    """The steps of one relation type, from each event or document that has some."""
    graph: dict[str, list[Step]] = {}
    for i, event in enumerate(rules.events):
        own = event.document if type(event.document) is str else None
        steps = [
            (r.to, i, j)
            for j, r in enumerate(event.relations)
            if r.type == kind
            and r.to != event.id
            and r.to != own
            and (r.to in rules.index or r.to in rules.documents)
        ]
        if steps:
            graph.setdefault(event.id, []).extend(steps)
            if own is not None and own in rules.documents:
                graph.setdefault(own, []).append((event.id, i, -1))
    return graph


def _groups(graph: dict[str, list[Step]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan's, without recursion)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in graph:
        if root in order:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, k = work[-1]
            steps = graph.get(node, ())
            if k < len(steps):
                work[-1] = (node, k + 1)
                nxt = steps[k][0]
                if nxt not in order:
                    order[nxt] = low[nxt] = len(order)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], order[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def _loop(graph: dict[str, list[Step]], group: list[str]) -> list[Step]:
    """One loop through a group: from its first relation (in file order) back to it."""
    inside = set(group)
    first = min(
        (
            (node, step)
            for node in group
            for step in graph[node]
            if step[2] >= 0 and step[0] in inside
        ),
        key=lambda found: found[1][1:],
    )
    start, step = first
    came: dict[str, Step | None] = {step[0]: None}
    queue = deque([step[0]])
    while start not in came:
        node = queue.popleft()
        for nxt in graph.get(node, ()):
            if nxt[0] in inside and nxt[0] not in came:
                came[nxt[0]] = (node, nxt[1], nxt[2])
                queue.append(nxt[0])
    back: list[Step] = []
    node = start
    while node != step[0]:
        prev = came[node]
        assert prev is not None
        back.append((node, prev[1], prev[2]))
        node = prev[0]
    return [(start, -1, -1), step, *reversed(back)]


def _chain(rules: _Rules, loop: list[Step]) -> str:
    """``a → b → c → a``: a document's step to its event is written ``D (its event e)``."""
    names: list[str] = []
    for node, _, j in loop:
        if j == -1 and names:
            names[-1] += f" (its event {node})"
        else:
            names.append(node)
    if len(names) > 2 * SHOWN:
        left = len(names) - 2 * SHOWN
        names = [*names[:SHOWN], f"… {left:,} more …", *names[-SHOWN:]]
    return " → ".join(names)


def _loops(rules: _Rules) -> None:
    for kind in ACYCLIC_RELATIONS:
        graph = _graph(rules, kind)
        for group in _groups(graph):
            loop = _loop(graph, group)
            _, i, j = loop[1]
            rules.report(i, ("relations", j, "to"), f"{kind} relations loop: {_chain(rules, loop)}")


# --- order ---------------------------------------------------------------------------------


def _before(a: PolicyDate, b: PolicyDate) -> bool | None:
    """Whether ``a`` is wholly before ``b`` (True), certainly not (False), or whether the
    dates cannot tell (None: their periods overlap)."""
    if a.end < b.start:
        return True
    if a.start >= b.end:
        return False
    return None


def _order(
    rules: _Rules, i: int, sub: Path, a: PolicyDate, b: PolicyDate, said: Callable[[str], str]
) -> None:
    """Report at event ``i`` that ``a`` is, or may be, wrongly before ``b``.

    ``said(before)`` is the clause that says so, with ``before`` the words it needs.
    """
    verdict = _before(a, b)
    if verdict is None:
        message = f"the dates cannot say whether {said('before')}: their periods overlap"
        rules.report(i, sub, message, warning=True)
    elif verdict:
        text = said("wholly before")
        if any(d.uncertain or d.approximate for d in (a, b)):
            rules.report(i, sub, f"{text}, if its uncertain dates are right", warning=True)
        else:
            rules.report(i, sub, text)


def _stages(rules: _Rules) -> None:
    """In force before adopted, applying after repealed: within each document."""
    for doc, members in rules.members.items():
        adopted = [a for a in members if rules.events[a].kind in ("adopted", "document-issued")]
        repealed = [r for r in members if rules.events[r].kind == "repealed"]
        for i in members:
            date = rules.events[i].date
            kind = rules.events[i].kind
            for k in adopted if kind == "in-force" else repealed if kind == "applies" else ():
                other = rules.events[k]
                if kind == "in-force":
                    how = "adopted" if other.kind == "adopted" else "issued"
                    a, b = date, other.date
                    head = f"{doc!r} enters into force ({a.text})"
                    tail = f"it is {how} ({b.text}: {AT})"
                else:
                    a, b = other.date, date
                    head = f"{doc!r} is repealed ({a.text}: {AT})"
                    tail = f"this stage applies ({b.text})"
                _order(rules, i, ("date",), a, b, _clause(rules, k, head, tail))


#: where a clause names the other event (see ``_clause``); NUL, which neither a date's text
#: nor an id's repr (which escapes it) can hold
AT = "\0"


def _clause(rules: _Rules, other: int, head: str, tail: str) -> Callable[[str], str]:
    """The clause ``head BEFORE tail``, for the words ``before`` that the verdict needs,
    with ``AT`` in either part naming event ``other`` and its line. That is looked up
    only when the clause is said: most pairs are in order, and a position costs a walk
    of the file's marks (for JSON, a second reading of the text)."""

    def said(before: str) -> str:
        at = rules.at(other)
        return f"{head} {before} {tail}".replace(AT, at)

    return said


def _first_stage(rules: _Rules, doc: str) -> int | None:
    """The document's earliest stage event (the date it exists from), if it has one."""
    staged = [i for i in rules.members[doc] if rules.events[i].stage is not None]
    return min(staged, key=lambda i: rules.events[i].date.sort_key, default=None)


def _targets(rules: _Rules) -> None:
    """An ``amends`` or ``implements`` relation from before its target exists."""
    first: dict[str, int | None] = {}
    for i, event in enumerate(rules.events):
        for j, relation in enumerate(event.relations):
            to = relation.to
            if relation.type not in ("amends", "implements") or to == event.document:
                continue
            if to in rules.documents:
                if to not in first:
                    first[to] = _first_stage(rules, to)
                target, it = first[to], "the document's first stage"
            else:
                target, it = rules.index.get(to), "it"
            if target is None or target == i:
                continue
            a, b = event.date, rules.events[target].date
            head = f"this event ({a.text}), which {relation.type} {to!r}, is"
            tail = f"{it} ({b.text}: {AT})"
            _order(rules, i, ("relations", j, "to"), a, b, _clause(rules, target, head, tail))


def check_relations(
    events: Sequence[Event],
    where: Sequence[Where],
    documents: dict[str, Document],
    problems: list[Problem],
    vocab: dict[str, dict[str, str]],
) -> None:
    """Report the loops and the impossible orders of the events' relations and stages."""
    rules = _Rules(events, where, documents, problems, vocab)
    _loops(rules)
    _stages(rules)
    _targets(rules)
