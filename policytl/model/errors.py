"""Exceptions raised by the policytl core, with messages written for users.

The CLI maps them onto exit codes (see ``policytl.cli.status``): DataError and
LoadError are invalid data (1), UsageError is a usage error (2), and so is a
LoadError for a path that cannot be opened at all (``LoadError.unreadable``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "DataError",
    "DateError",
    "ExportError",
    "LoadError",
    "PolicytlError",
    "Problem",
    "Severity",
    "UsageError",
]


class PolicytlError(Exception):
    """Base class of every error policytl raises on purpose."""


class UsageError(PolicytlError):
    """The user asked for something that cannot be done as asked (exit 2)."""


class DateError(PolicytlError, ValueError):
    """A date string is not a valid policy date."""


class ExportError(PolicytlError):
    """An export could not be written."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in one file, located as precisely as the file allows."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    severity: Severity = Severity.ERROR
    #: id of the event the path is in (``events[16]``), to name it: ``events[16] (id: x)``
    event_id: str | None = None

    @property
    def subject(self) -> str:
        """The field path as shown to people: the event named by its id when it has one."""
        path = self.path
        if self.event_id is not None and path.startswith("events["):
            end = path.find("]") + 1
            return f"{path[:end]} (id: {self.event_id}){path[end:]}"
        return path

    @property
    def location(self) -> str:
        """``FILE:LINE:COL``, or as much of it as is known."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        where = self.location
        label = "warning: " if self.severity is Severity.WARNING else ""
        subject = f"{self.subject}: " if self.path else ""
        return f"{where}: {label}{subject}{self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity.value,
            "message": self.message,
            "event_id": self.event_id,
        }


class LoadError(PolicytlError):
    """A file cannot be read at all (missing, not UTF-8, empty, malformed YAML)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    @property
    def unreadable(self) -> bool:
        """The file could not be opened at all (see :func:`unreadable`)."""
        return unreadable(self.problem)


#: what policytl.load.loader says of a path it cannot open or use at all
UNREADABLE = (
    "no such file or folder",
    "permission denied",
    "is a folder, expected a file",
    "folder holds no .yaml, .yml or .json files",
)


def unreadable(problem: Problem) -> bool:
    """Whether ``problem`` says that a named path could not be opened at all (missing,
    not permitted, a folder for a file ...): exit 2 in every command, as a usage error
    is, rather than 1 for data that was read and found wrong."""
    return problem.line is None and (
        problem.message in UNREADABLE or problem.message.startswith("cannot read: ")
    )


@dataclass
class DataError(PolicytlError):
    """One or more files hold invalid data; every problem found is listed."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def summary(self) -> str:
        n = len(self.errors)
        first = str(self.errors[0]) if self.errors else "invalid data"
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        return first + more

    def __str__(self) -> str:
        return self.summary()
