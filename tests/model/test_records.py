"""The core's dataclasses compare, hash and print exactly as @dataclass makes them,
and every record is made from its field table (keyword-only, frozen).

Each class is checked against the class that @dataclass itself makes of the same
fields, on the objects of the embedded data set and on objects made for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from typing import Any

import pytest

from policytl.analyze.query import Filters
from policytl.export import ExportOptions, Group, Style
from policytl.load.loader import load_timeline
from policytl.model.dates import DateRange, PolicyDate, parse_user_date
from policytl.model.errors import DataError, Problem, Severity
from policytl.model.fields import table
from policytl.model.records import (
    Alias,
    Body,
    Citation,
    Event,
    Jurisdiction,
    Lang,
    Source,
    Text,
    Timeline,
)

CLASSES = [
    Text,
    Alias,
    Source,
    Jurisdiction,
    Body,
    Citation,
    Event,
    Timeline,
    PolicyDate,
    DateRange,
    Problem,
    DataError,
    ExportOptions,
    Filters,
]


def reference(cls: type) -> type:
    """The dataclass that @dataclass (eq and repr on) makes of ``cls``'s fields."""
    params = cls.__dataclass_params__
    spec = []
    for f in dataclasses.fields(cls):
        kw: dict[str, Any] = {
            "compare": f.compare,
            "repr": f.repr,
            "hash": f.hash,
            "init": f.init,
            "kw_only": f.kw_only,
        }
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        spec.append((f.name, f.type, dataclasses.field(**kw)))
    ref = dataclasses.make_dataclass(
        cls.__name__, spec, bases=cls.__bases__, frozen=params.frozen, eq=True, repr=True
    )
    ref.__qualname__ = cls.__qualname__
    return ref


def as_reference(obj: Any, ref: type) -> Any:
    """An instance of ``ref`` with the field values of ``obj``."""
    out = ref.__new__(ref)
    for f in dataclasses.fields(obj):
        object.__setattr__(out, f.name, getattr(obj, f.name))
    return out


def samples() -> dict[type, list[Any]]:
    t = load_timeline()
    out: dict[type, list[Any]] = {cls: [] for cls in CLASSES}
    out[Event] = list(t.events)
    out[PolicyDate] = [e.date for e in t.events]
    out[Citation] = [c for e in t.events for c in e.sources]
    out[Text] = [e.title for e in t.events] + [Text("中文"), Text(en="x"), Text("a", "b")]
    out[Source] = list(t.sources.values())
    out[Jurisdiction] = list(t.jurisdictions.values())
    out[Body] = list(t.bodies.values())
    out[Alias] = [a for b in t.bodies.values() for a in b.aliases] + [
        Alias(name="a"),
        Alias(name="a", note="n"),
    ]
    out[Timeline] = [t, t.with_events(t.events[:3]), Timeline()]
    out[DateRange] = [parse_user_date(s) for s in ("2016", "2016-06", "June 2016", "2020年5月")]
    out[Problem] = [
        Problem("f.yaml", 3, 4, "events[0]", "bad"),
        Problem("f.yaml", None, None, "", "bad", Severity.WARNING),
    ]
    out[DataError] = [DataError(out[Problem]), DataError([]), DataError(out[Problem][:1])]
    out[ExportOptions] = [
        ExportOptions(),
        ExportOptions(Lang.ZH, Group.MONTH, Style.TABLE, True, "T", "--since 2016"),
    ]
    out[Filters] = [Filters(), Filters(since="2016"), Filters(since="2016", tags=("a",))]
    for objs in out.values():
        # objects differing from the first in one field each, and an equal copy
        first = objs[0]
        for f in dataclasses.fields(first):
            if not f.init:
                continue
            value = getattr(first, f.name)
            other = (not value) if isinstance(value, bool) else f"{value}!"
            with contextlib.suppress(Exception):  # refused by Filters' __post_init__
                objs.append(dataclasses.replace(first, **{f.name: other}))
        objs.append(dataclasses.replace(first))
    return out


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_eq_hash_and_repr_are_the_ones_dataclass_writes(cls: type) -> None:
    ref = reference(cls)
    objs = samples()[cls]
    assert len(objs) >= 4
    params = cls.__dataclass_params__
    assert (params.eq, params.repr) == (True, True)
    assert (cls.__hash__ is None) == (ref.__hash__ is None) == (not params.frozen)
    refs = [as_reference(o, ref) for o in objs]
    for o, r in zip(objs, refs, strict=True):
        assert repr(o) == repr(r)
        if params.frozen:
            assert hash(o) == hash(r)
        assert o.__eq__(object()) is NotImplemented
        assert r.__eq__(object()) is NotImplemented
    pairs = zip(objs, refs, strict=True)
    for (a, ra), (b, rb) in itertools.product(pairs, repeat=2):
        assert (a == b) is (ra == rb)
        assert (a != b) is (ra != rb)
    assert any(a == b for a, b in itertools.combinations(objs, 2))
    assert any(a != b for a, b in itertools.combinations(objs, 2))


def test_a_subclass_is_not_equal_to_its_base_as_with_dataclass() -> None:
    ref = reference(Text)

    class Sub(Text):
        pass

    class RefSub(ref):  # type: ignore[valid-type,misc]
        pass

    a, b = Text("x"), Sub("x")
    ra, rb = as_reference(a, ref), as_reference(b, RefSub)
    assert (a == b) is (ra == rb) is False
    assert repr(b) == repr(rb).replace("RefSub", "Sub")
    assert b == Sub("x") and hash(b) == hash(Sub("x")) == hash(rb)


def test_a_recursive_repr_is_cut_short_as_with_dataclass() -> None:
    err = DataError([])
    err.problems.append(err)  # type: ignore[arg-type]
    ref = as_reference(DataError([]), reference(DataError))
    ref.problems.append(ref)
    assert repr(err) == repr(ref) == "DataError(problems=[...])"


def test_records_stay_frozen_and_mutable_ones_unhashable() -> None:
    text = Text("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        text.zh = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del text.zh  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(Timeline())
    with pytest.raises(TypeError):
        hash(DataError([]))


@pytest.mark.parametrize("cls", [Alias, Source, Jurisdiction, Body, Citation, Event])
def test_a_record_is_its_field_table(cls: type) -> None:
    """Every field is declared with spec(), in the table's order, keyword-only."""
    fields = dataclasses.fields(cls)
    assert [f.name for f in fields] == [f.name for f in table(cls)]
    assert all(f.kw_only for f in fields)
    for f, declared in zip(fields, table(cls), strict=True):
        assert declared.spec.required is (f.default is dataclasses.MISSING)
    with pytest.raises(TypeError):
        cls("positional")


def test_a_field_without_spec_is_refused() -> None:
    from policytl.model.fields import Kind, record, spec

    class Bad:
        noun = "a bad thing"
        x: str = spec(Kind.STRING, "X.")
        y: str = "plain"

    with pytest.raises(TypeError, match=r"Bad\.y is not declared with spec\(\)"):
        record(Bad)
