"""The options that several commands share, declared once, and the choices of --format.

An option is a type annotation: ``lang: options.Lang = None`` gives a command
``--lang/-l`` with its help and choices. :func:`filtering` gives a command every
filter of policytl.analyze.query.FILTER_OPTIONS (the one declaration of the
filters) between --data and --max-bytes, and hands it what they parsed as one
:class:`policytl.cli.data.Selection`. Shell completion of filter values reads the
data in use (body ids, jurisdictions, tags, kinds, documents; compare's sides).

Typer reads these annotations at run time: no ``from __future__ import annotations``.
"""

import dataclasses
import functools
import inspect
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from policytl.analyze.query import FILTER_OPTIONS, FilterOption
from policytl.cli.data import Selection, load_data
from policytl.model.records import Lang as LangChoice

F = TypeVar("F", bound=Callable[..., Any])

# --- the choices of --format (the core's own enums are used where the core has one:
# policytl.export.Format, policytl.analyze.cite.CiteFormat) ---------------------------------


class OutputFormat(StrEnum):
    """validate and the listings."""

    TEXT = "text"
    JSON = "json"


class ReportFormat(StrEnum):
    """show, compare and diff: the view (text), or JSON or Markdown (for show, those of
    policytl.export.Format)."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class StatsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


# --- options shared by several commands -----------------------------------------------------


def choice(*flags: str, help: str) -> Any:
    """An option taking one value of an enum, in any case (``--format JSON``)."""
    return typer.Option(*flags, help=help, case_sensitive=False)


def paths(help: str) -> Any:
    """The arguments [PATH]...: timeline files or folders (``help`` says what for)."""
    return typer.Argument(help=help, metavar="[PATH]...")


#: compare's and diff's --format
Report = Annotated[ReportFormat, choice("--format", "-f", help="text, json or markdown.")]

DATA_HELP = (
    "Timeline file or folder of .yaml/.json files (repeatable); default: $POLICYTL_DATA, "
    "else timeline.yaml (or policytl.toml) here or in a parent folder, else the embedded "
    "data set."
)

Data = Annotated[list[str] | None, typer.Option("--data", "-d", help=DATA_HELP, metavar="PATH")]

MaxBytes = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        metavar="N",
        min=1,
        help="Refuse data files larger than this (default 512 MiB).",
    ),
]

NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Neither read nor write the parsed-data cache (also $POLICYTL_NO_CACHE=1).",
    ),
]

#: how every command's --lang defaults (policytl.cli.settings.resolve_lang)
LANG_DEFAULT_HELP = "default: $POLICYTL_LANG, else lang in the config file, else both"

Lang = Annotated[
    LangChoice | None,
    choice("--lang", "-l", help=f"Language of texts: zh, en or both ({LANG_DEFAULT_HELP})."),
]

Limit = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        metavar="N",
        min=1,
        help="Only the first N events (with --reverse: the N newest), in every format.",
    ),
]

Reverse = Annotated[bool, typer.Option("--reverse", help="Newest first (in every format).")]

Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE instead of stdout: atomically, and only if the command "
        "succeeded (an existing FILE is otherwise left as it was).",
        metavar="FILE",
    ),
]

Svg = Annotated[
    str | None,
    typer.Option(
        "--svg",
        metavar="FILE",
        help="Also save what is shown as an SVG image (written atomically).",
    ),
]

#: stats' and the lifecycle tables' --excel (export's own --excel only adds the mark)
Excel = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="With --format csv: a byte order mark for Excel, and cells that would run "
        "as formulas defused (as export --excel).",
    ),
]

NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never page long output (default: a terminal pages output taller than "
        "the screen through $POLICYTL_PAGER, else $PAGER, else less -FRX).",
    ),
]

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Read the data as of this day (default: today): 2025-08-02, 2025-08, "
        "August 2025 (a month or year means its first day).",
    ),
]


# --- shell completion of values from the data in use -----------------------------------------


def completions(ctx: typer.Context | None, what: str, incomplete: str) -> list[str]:
    """The values of ``what`` (bodies, jurisdictions, tags, kinds, documents or sides) in
    the data of the command line being completed (its --data, else $POLICYTL_DATA, else
    the embedded set), or the lifecycle stages, that start with ``incomplete``,
    case-insensitively; none when the data cannot be read."""
    data = ctx.params.get("data") if ctx is not None else None
    prefix = incomplete.casefold()
    return [c for c in _values(what, data) if c.casefold().startswith(prefix)]


def _values(what: str, data: Sequence[str] | None) -> list[str]:
    from policytl.model.errors import PolicytlError

    if what == "stages":
        from policytl.model.records import STAGES

        return list(STAGES)
    try:
        tl = load_data(data)
    except PolicytlError:
        return []
    if what == "bodies":
        return sorted(tl.bodies)
    if what == "jurisdictions":
        return sorted(tl.jurisdictions)
    if what == "sides":
        # compare's sides: jurisdiction codes, body ids and tags, and the Chinese names and
        # aliases of jurisdictions and bodies (names with blanks are left out: the shell
        # would split them)
        words: set[str] = {t for e in tl.events for t in e.tags}
        for j in tl.jurisdictions.values():
            words |= {j.code, j.name.get(LangChoice.ZH), *(a.name for a in j.aliases)}
        for b in tl.bodies.values():
            words |= {b.id, b.name.get(LangChoice.ZH), *(a.name for a in b.aliases)}
            if b.short is not None:
                words.add(b.short.get(LangChoice.ZH))
        return sorted(w for w in words if w and not any(c.isspace() for c in w))
    if what == "documents":
        return sorted(tl.documents)
    if what == "kinds":
        from policytl.model.records import EVENT_KINDS

        return sorted(set(EVENT_KINDS) | {e.kind for e in tl.events})
    return sorted({t for e in tl.events for t in e.tags})


def completer(what: str) -> Callable[[typer.Context, str], list[str]]:
    """A Typer completion callback offering the values of ``what`` (see :func:`completions`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        return completions(ctx, what, incomplete)

    return complete


# --- the shared selection options of the filtering commands ---------------------------------


def _filter_parameter(option: FilterOption) -> inspect.Parameter:
    """One filter of policytl.analyze.query.FILTER_OPTIONS as a Typer option."""
    extra: dict[str, Any] = {}
    if option.metavar is None:
        annotation: Any = bool
        default: Any = False
    else:
        annotation = list[str] | None if option.repeatable else str | None
        default = None
        extra["metavar"] = option.metavar
    if option.complete is not None:
        extra["autocompletion"] = completer(option.complete)
    declared = Annotated[annotation, typer.Option(*option.flags, help=option.help, **extra)]
    return inspect.Parameter(
        option.field, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=declared
    )


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


#: --data, every filter, --max-bytes and --no-cache: the options :func:`filtering` adds
SELECTION_PARAMETERS: tuple[inspect.Parameter, ...] = (
    _parameter("data", Data, None),
    *(_filter_parameter(option) for option in FILTER_OPTIONS),
    _parameter("max_bytes", MaxBytes, None),
    _parameter("no_cache", NoCache, False),
)


def selection_of(values: dict[str, Any]) -> Selection:
    """The Selection that the options of :data:`SELECTION_PARAMETERS` parsed."""
    filters = {}
    for option in FILTER_OPTIONS:
        value = values[option.field]
        filters[option.field] = tuple(value or ()) if option.repeatable else value
    return Selection(
        data=tuple(values["data"] or ()),
        max_bytes=values["max_bytes"],
        no_cache=values["no_cache"],
        values=filters,
    )


def _declared(run: Callable[..., Any], command: F, parameters: list[inspect.Parameter]) -> F:
    """``run``, a wrapper of ``command``, with ``parameters`` as the signature Typer reads."""
    own = inspect.signature(command)
    run.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {
        **{p.name: p.annotation for p in parameters},
        "return": own.return_annotation,
    }
    return run  # type: ignore[return-value]


def paged(command: F) -> F:
    """Give ``command`` the option --no-pager (after its own) and run it with its output
    paged when it is taller than the terminal (policytl.cli.pager.paging). ``command``
    takes the Typer context as ``ctx``."""
    from policytl.cli.context import env_of
    from policytl.cli.pager import paging

    @functools.wraps(command)
    def run(*args: Any, no_pager: bool, **kwargs: Any) -> Any:
        ctx = kwargs["ctx"] if "ctx" in kwargs else args[0]
        with paging(env_of(ctx), no_pager):
            return command(*args, **kwargs)

    own = list(inspect.signature(command).parameters.values())
    return _declared(run, command, [*own, _parameter("no_pager", NoPager, False)])


def gathered(name: str, record: type[Any]) -> Callable[[F], F]:
    """Declare the fields of the dataclass ``record`` as options of a command, in place of
    its parameter ``name``, which receives them as one ``record``.

    Each field is annotated as an option (``date: Date = None``, ``Date`` an
    ``Annotated`` alias) and --help lists them in the order the fields are declared.
    """
    gathered = [
        inspect.Parameter(
            f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=f.default, annotation=f.type
        )
        for f in dataclasses.fields(record)
    ]

    def declare(command: F) -> F:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            values = {p.name: kwargs.pop(p.name) for p in gathered}
            return command(*args, **{name: record(**values)}, **kwargs)

        parameters: list[inspect.Parameter] = []
        for p in inspect.signature(command).parameters.values():
            parameters += gathered if p.name == name else [p]
        return _declared(run, command, parameters)

    return declare


def filtering(command: F) -> F:
    """Give ``command`` the shared selection options (after its own, as --help lists them).

    ``command`` declares a keyword-only ``selection: Selection`` and receives in it what
    --data, the filters, --max-bytes and --no-cache parsed. Typer reads a command's
    options from its signature, so the signature is the command's own parameters
    followed by :data:`SELECTION_PARAMETERS`.
    """
    own = inspect.signature(command)
    names = [p.name for p in SELECTION_PARAMETERS]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in names}
        return command(*args, selection=selection_of(values), **kwargs)

    kept = [p for p in own.parameters.values() if p.name != "selection"]
    return _declared(run, command, [*kept, *SELECTION_PARAMETERS])


def without(command: F, name: str) -> F:
    """``command`` without its option ``name`` (which must have a default): for one
    command definition registered under several names, not all of which take it."""
    own = inspect.signature(command)

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    kept = [p for p in own.parameters.values() if p.name != name]
    return _declared(run, command, kept)
