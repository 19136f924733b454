"""policytl: curated timelines of dated policy events.

The core is a library; the ``policytl`` command is one client of it::

    from policytl import load_timeline
    timeline = load_timeline()          # the embedded data set
    for event in timeline.events:
        print(event.date, event.title.get("en"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .dates import PolicyDate, parse_date
    from .errors import DataError, LoadError, PolicytlError, Problem, UsageError
    from .loader import check_files, json_schema, load_timeline
    from .model import Body, Event, Timeline

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
    "PolicyDate": "dates",
    "parse_date": "dates",
    "DataError": "errors",
    "LoadError": "errors",
    "PolicytlError": "errors",
    "Problem": "errors",
    "UsageError": "errors",
    "check_files": "loader",
    "json_schema": "loader",
    "load_timeline": "loader",
    "Body": "model",
    "Event": "model",
    "Timeline": "model",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so that `policytl --version` loads nothing else.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policytl' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"policytl.{module}"), name)
