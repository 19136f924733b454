"""Parse the common ``show`` and ``export`` command lines without Typer.

Importing Typer alone takes longer than the whole of ``policytl export
--format json`` may (issue 8), so ``__main__`` first offers the command line to
:func:`parse`. It understands exactly the options these commands declare in
``cli.py``, written the plain way (``--since 2016``, ``--since=2016``, ``-f
json``), and answers ``None`` for anything else — help, completion, an unknown
option, a repeated flag or single-value option, a value that Typer would have
to judge (``--lang EN``, ``--max-bytes 1_000``, a value starting with ``-``
other than ``-`` itself) — so that Typer parses it and gives its usual help or
error. It never accepts a command line that Typer would refuse, nor reads one
differently: tests check that the tables below equal Typer's declarations and
that both paths print the same for the same command lines.

Together with ``__main__``, ``cli`` and ``run`` it is the command line, not the
core; it never prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from policytl.cli.run import LanesOpt, ShowFormat
from policytl.export import Format as ExportFormat
from policytl.export import Group as ExportGroup
from policytl.export import Style as ExportStyle
from policytl.model.records import Lang

# typing.TYPE_CHECKING without importing typing (start-up time; see policytl/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: what an option takes: nothing (a flag), one value, or one value per use (repeatable)
FLAG, VALUE, MANY = "flag", "value", "many"


@dataclass(frozen=True)
class Option:
    #: the command function's parameter name
    name: str
    #: the option's names on the command line, long first
    decls: tuple[str, ...]
    takes: str = VALUE
    #: the choices, when the value is one of an Enum's values
    choices: type[Enum] | None = None
    #: a positive whole number (Typer's int with min=1)
    positive_int: bool = False
    #: the value when the option is not given
    default: Any = None


FILTER_OPTIONS: tuple[Option, ...] = (
    Option("data", ("--data", "-d"), MANY),
    Option("since", ("--since",)),
    Option("until", ("--until",)),
    Option("strict", ("--strict",), FLAG),
    Option("body", ("--body", "-b"), MANY),
    Option("lead_only", ("--lead-only",), FLAG),
    Option("include_children", ("--include-children",), FLAG),
    Option("jurisdiction", ("--jurisdiction", "-j"), MANY),
    Option("tag", ("--tag", "-t"), MANY),
    Option("kind", ("--kind", "-k"), MANY),
    Option("search", ("--search", "-s")),
    Option("max_bytes", ("--max-bytes",), positive_int=True),
    Option("no_cache", ("--no-cache",), FLAG),
)

#: how many events and in which order (show and export)
LIST_OPTIONS: tuple[Option, ...] = (
    Option("limit", ("--limit", "-n"), positive_int=True),
    Option("reverse", ("--reverse",), FLAG),
    Option("no_pager", ("--no-pager",), FLAG),
)

COMMAND_OPTIONS: dict[str, tuple[Option, ...]] = {
    "show": (
        Option("lang", ("--lang", "-l"), choices=Lang),
        Option("detail", ("--detail", "-D"), FLAG),
        Option("fmt", ("--format", "-f"), choices=ShowFormat, default=ShowFormat.TEXT),
        Option("chart", ("--chart",), FLAG),
        Option("lanes", ("--lanes",), choices=LanesOpt, default=LanesOpt.JURISDICTION),
        Option("svg", ("--svg",)),
        *LIST_OPTIONS,
        *FILTER_OPTIONS,
    ),
    "export": (
        Option("fmt", ("--format", "-f"), choices=ExportFormat, default=ExportFormat.MARKDOWN),
        Option("output", ("--output", "-o")),
        Option("lang", ("--lang", "-l"), choices=Lang),
        Option("group", ("--group",), choices=ExportGroup, default=ExportGroup.YEAR),
        Option("style", ("--style",), choices=ExportStyle, default=ExportStyle.LIST),
        Option("excel", ("--excel",), FLAG),
        Option("title", ("--title",)),
        Option("lanes", ("--lanes",), choices=LanesOpt, default=LanesOpt.JURISDICTION),
        *LIST_OPTIONS,
        *FILTER_OPTIONS,
    ),
}

#: set while the shell asks for completions: Typer answers those
COMPLETION_VAR = "_POLICYTL_COMPLETE"


def _defaults(options: Sequence[Option]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for opt in options:
        out[opt.name] = False if opt.takes == FLAG else () if opt.takes == MANY else opt.default
    return out


def _convert(opt: Option, raw: str) -> Any:
    """The value as Typer would pass it, or None when Typer should judge it."""
    if raw.startswith("-") and raw != "-":
        return None  # Typer reads it as the value too, but may explain it better
    if opt.choices is not None:
        for member in opt.choices:
            if member.value == raw:
                return member
        return None
    if opt.positive_int:
        # 18 digits: far beyond any file size, and within int()'s digit limit
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18 or int(raw) < 1:
            return None
        return int(raw)
    return raw


def parse(argv: Sequence[str], environ: Mapping[str, str]) -> tuple[str, dict[str, Any]] | None:
    """``(command, {parameter: value})`` for a command line this module fully
    understands, with every parameter of the command (defaults filled in);
    otherwise None, and Typer parses it."""
    if not argv or environ.get(COMPLETION_VAR) or argv[0] not in COMMAND_OPTIONS:
        return None
    options = COMMAND_OPTIONS[argv[0]]
    by_decl = {decl: opt for opt in options for decl in opt.decls}
    values = _defaults(options)
    seen: set[str] = set()
    rest = list(argv[1:])
    i = 0
    while i < len(rest):
        token = rest[i]
        i += 1
        raw: str | None = None
        if token.startswith("--") and "=" in token:
            token, raw = token.split("=", 1)
        opt = by_decl.get(token)
        if opt is None:
            return None  # an argument, --help, --, -fjson, an unknown option ...
        if opt.takes == FLAG:
            if raw is not None or opt.name in seen:
                return None
            values[opt.name] = True
        else:
            if raw is None:
                if i == len(rest):
                    return None
                raw = rest[i]
                i += 1
            value = _convert(opt, raw)
            if value is None:
                return None
            if opt.takes == MANY:
                values[opt.name] = (*values[opt.name], value)
            elif opt.name in seen:
                return None
            else:
                values[opt.name] = value
        seen.add(opt.name)
    return argv[0], values
