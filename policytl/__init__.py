"""policytl: curated timelines of dated policy events.

The core is a library; the ``policytl`` command is one client of it::

    from policytl import load_timeline
    timeline = load_timeline()          # the embedded data set
    for event in timeline.events:
        print(event.date, event.title.get("en"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policytl._version import __version__

if TYPE_CHECKING:
    from typing import Any

    from policytl.load.loader import check_files, json_schema, load_timeline
    from policytl.model.dates import PolicyDate, parse_date
    from policytl.model.errors import DataError, LoadError, PolicytlError, Problem, UsageError
    from policytl.model.records import Body, Event, Timeline

__all__ = [
    "Body",
    "DataError",
    "Event",
    "LoadError",
    "PolicyDate",
    "PolicytlError",
    "Problem",
    "Timeline",
    "UsageError",
    "__version__",
    "check_files",
    "json_schema",
    "load_timeline",
    "parse_date",
]

_LAZY = {
    "PolicyDate": "model.dates",
    "parse_date": "model.dates",
    "DataError": "model.errors",
    "LoadError": "model.errors",
    "PolicytlError": "model.errors",
    "Problem": "model.errors",
    "UsageError": "model.errors",
    "check_files": "load.loader",
    "json_schema": "load.loader",
    "load_timeline": "load.loader",
    "Body": "model.records",
    "Event": "model.records",
    "Timeline": "model.records",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so that `policytl --version` loads nothing else.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policytl' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"policytl.{module}"), name)
