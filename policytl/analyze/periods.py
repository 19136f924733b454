"""The analyses' choices, declared once for stats, compare and the CLI.

``Period`` is the unit ``stats`` counts by and ``compare`` lines its rows up
by; ``By`` forces what ``compare`` reads a side's name as. The module imports
nothing else, so the command line can offer these values cheaply.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["By", "Period"]


class Period(StrEnum):
    """The unit events are counted by (``stats --period``) or lined up by (``compare``)."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


class By(StrEnum):
    """What a side of ``compare`` is read as (``compare --by``)."""

    JURISDICTION = "jurisdiction"
    BODY = "body"
    TAG = "tag"
