"""The periods events are counted and compared by: one enum for stats, compare and the CLI."""

from __future__ import annotations

from enum import StrEnum


class Period(StrEnum):
    """The unit events are counted by (``stats --period``) or lined up by (``compare``)."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
