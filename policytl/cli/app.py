"""The policytl command line: a thin client of the policytl library.

This module declares every command for Typer (options, help, completion);
what the commands do, and how errors become messages and exit codes, is in
policytl.cli.run, the Typer-free half of the command line. These two (and
__main__, for --version) are the only code that prints. No traceback reaches
a user without --debug.
"""

import functools
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
)
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from policytl._version import __version__
from policytl.analyze.cite import CiteFormat
from policytl.cli import run as _run_mod
from policytl.cli.context import Environment
from policytl.cli.run import (
    FilterArgs,
    LanesOpt,
    ShowFormat,
    data_paths,
    default_lang,
    emit,
    load_data,
    no_match,
    write_json,
    write_stdout,
)
from policytl.cli.run import message as _message
from policytl.cli.status import ExitStatus

# The small export registry only: the format modules are imported when used.
from policytl.export import Format as ExportFormat
from policytl.export import Group as ExportGroup
from policytl.export import Style as ExportStyle
from policytl.model.errors import DataError, LoadError, PolicytlError, UsageError
from policytl.model.records import Lang, Timeline
from policytl.model.textsafe import dump_json

F = TypeVar("F", bound=Callable[..., Any])


# --- the one way out ----------------------------------------------------------------------


class PolicytlGroup(TyperGroup):
    """Runs commands with policytl's error handling and exit codes."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = _run_mod.debug_from(argv)
        if os.environ.get("_POLICYTL_COMPLETE"):
            from typer._completion_classes import completion_init

            completion_init()  # Typer's bash, zsh and fish answers (its options are off)
        code = _run(
            lambda: super(PolicytlGroup, self).main(
                argv, prog_name or "policytl", complete_var, standalone_mode=False, **extra
            ),
            debug,
            argv,
        )
        if standalone_mode:
            sys.exit(code)
        return code

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``policytl --help``, each summary whole: a command's
        short_help, else the first paragraph of its help (Click would cut it at
        about 45 columns, with "...")."""
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.short_help and cmd.help:
                cmd.short_help = summary(cmd.help)
        super().format_commands(ctx, formatter)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _run_mod.PipeClosed from None
        except KeyboardInterrupt:
            # Typer would end with status 130 and no word; say it, as the fast path does
            raise _run_mod.Interrupted from None


def summary(help_text: str) -> str:
    """The first paragraph of a command's help, on one line."""
    import inspect

    first = inspect.cleandoc(help_text).split("\n\n", 1)[0]
    return " ".join(first.replace("\b", " ").split())


def _run(call: Callable[[], Any], debug: bool, argv: Sequence[str] = ()) -> int:
    """policytl.cli.run.run, with Click's exceptions turned into messages and statuses first."""

    def click_call() -> Any:
        try:
            return call()
        except typer.Exit as exc:
            return int(exc.exit_code)
        except NoArgsIsHelpError as exc:
            exc.show()  # `policytl` alone: the help, on stderr
            return ExitStatus.USAGE
        except ClickUsageError as exc:
            if debug:
                raise
            _message(f"error: {usage_message(exc, argv)}")
            return ExitStatus.USAGE
        except ClickException as exc:
            if debug:
                raise
            exc.show()
            return exc.exit_code
        except typer.Abort:
            raise KeyboardInterrupt from None

    return _run_mod.run(click_call, debug)


def usage_message(exc: ClickUsageError, argv: Sequence[str] = ()) -> str:
    """Click's usage error as policytl's one line: the problem, a did-you-mean hint
    when one is close, and where to read more ("see 'policytl show --help'")."""
    import difflib
    import re

    from policytl.model.textsafe import one_line

    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "policytl"
    if path == "policytl" and argv and argv[0] in _command_names():
        path = f"policytl {argv[0]}"  # an error Click raised before it made the context
    param = getattr(exc, "param", None)
    if isinstance(exc, NoSuchOption):
        text = f"no such option: {exc.option_name}"
        names = []
        if ctx is not None:
            for p in ctx.command.get_params(ctx):
                names += [*p.opts, *p.secondary_opts]
        close = difflib.get_close_matches(exc.option_name, names, n=1, cutoff=0.6)
        if close:
            text += f"; did you mean {close[0]}?"
    elif (
        isinstance(exc, BadParameter)
        and not isinstance(exc, MissingParameter)
        and param is not None
        and param.opts
    ):
        name = max(param.opts, key=len)
        choices = getattr(param.type, "choices", None)
        given = re.match(r"'(.*)' is not one of ", exc.message, re.S)
        if choices and given:
            value = given.group(1)
            text = f"invalid value for {name}: {value!r} is not one of {', '.join(choices)}"
            folded = {c.casefold(): c for c in choices}
            close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
            if close:
                text += f"; did you mean {folded[close[0]]!r}?"
        else:
            text = f"invalid value for {name}: {exc.message.rstrip('.')}"
    else:
        text = exc.format_message().strip().rstrip(".")
        text = text[:1].lower() + text[1:]
        text = text.replace(". Did you mean", "; did you mean")
    return f"{one_line(text)} (see '{path} --help')"


def _command_names() -> set[str]:
    return {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}


def fatal(message: str, status: ExitStatus = ExitStatus.ERROR) -> NoReturn:
    """Leave with one line on stderr and an exit code."""
    _message(message)
    raise typer.Exit(int(status))


app = typer.Typer(
    name="policytl",
    cls=PolicytlGroup,
    no_args_is_help=True,
    add_completion=False,  # policytl.cli.completion's options instead (see there)
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _completion_callback(ctx: typer.Context, param: Any, value: str | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        raise typer.Exit(_run_mod.completion(max(param.opts, key=len), value))


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"policytl {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")
    ] = False,
    install_completion: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            metavar="[bash|zsh|fish]",
            callback=_completion_callback,
            is_eager=True,
            expose_value=False,
            help="Install shell completion for bash, zsh or fish (default: the shell $SHELL "
            "names).",
        ),
    ] = None,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="[bash|zsh|fish]",
            callback=_completion_callback,
            is_eager=True,
            expose_value=False,
            help="Print the completion script of bash, zsh or fish, to copy it or customize "
            "the installation.",
        ),
    ] = None,
) -> None:
    """Validate, filter, compare, render and export timelines of dated policy events.

    With no --data, commands use the curated data set embedded in policytl
    (Beijing's blockchain policy path, after a PANews analysis of 2020-07-01).

    \b
    Examples:
      policytl show --since 2016
      policytl show --body pboc --detail
      policytl validate mydata.yaml
    """
    ctx.obj = Environment.from_os(debug=debug or _run_mod.debug_from(()))


def current_env() -> Environment:
    """The environment of the command running (for commands that take no ctx)."""
    from typer._click.globals import get_current_context

    return env_of(get_current_context())  # type: ignore[arg-type]


def env_of(ctx: typer.Context) -> Environment:
    obj = ctx.find_root().obj
    if isinstance(obj, Environment):
        return obj
    return Environment.from_os()


# --- shared options -----------------------------------------------------------------------

DATA_HELP = (
    "Timeline file or folder of .yaml/.json files (repeatable); default: $POLICYTL_DATA, "
    "else the embedded data set."
)


def _complete_bodies(ctx: typer.Context, incomplete: str) -> list[str]:
    """Body ids for shell completion, from --data / $POLICYTL_DATA / the embedded data."""
    return _completions(ctx, "bodies", incomplete)


def _complete_jurisdictions(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, "jurisdictions", incomplete)


def _complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, "tags", incomplete)


def _complete_kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, "kinds", incomplete)


def _complete_sides(ctx: typer.Context, incomplete: str) -> list[str]:
    """compare's sides: jurisdiction codes, body ids and tags, and the Chinese names and
    aliases of jurisdictions and bodies (names with blanks are left out: the shell would
    split them)."""
    return _completions(ctx, "sides", incomplete)


def _completions(ctx: typer.Context | None, what: str, incomplete: str) -> list[str]:
    data = ctx.params.get("data") if ctx is not None else None
    prefix = incomplete.casefold()
    return [c for c in _completion_timeline_ids(what, data) if c.casefold().startswith(prefix)]


def _completion_timeline_ids(what: str, data: Sequence[str] | None = None) -> list[str]:
    try:
        tl = load_data(data)
    except PolicytlError:
        return []
    if what == "bodies":
        return sorted(tl.bodies)
    if what == "jurisdictions":
        return sorted(tl.jurisdictions)
    if what == "sides":
        words: set[str] = {t for e in tl.events for t in e.tags}
        for j in tl.jurisdictions.values():
            words |= {j.code, j.name.get(Lang.ZH), *(a.name for a in j.aliases)}
        for b in tl.bodies.values():
            words |= {b.id, b.name.get(Lang.ZH), *(a.name for a in b.aliases)}
            if b.short is not None:
                words.add(b.short.get(Lang.ZH))
        return sorted(w for w in words if w and not any(c.isspace() for c in w))
    if what == "kinds":
        from policytl.model.records import EVENT_KINDS

        return sorted(set(EVENT_KINDS) | {e.kind for e in tl.events})
    return sorted({t for e in tl.events for t in e.tags})


def _opt(annotation: Any, *decls: str, help: str, **kw: Any) -> Any:
    return Annotated[annotation, typer.Option(*decls, help=help, **kw)]


_FILTER_PARAMS: list[tuple[str, Any, Any]] = [
    ("data", _opt(list[str] | None, "--data", "-d", help=DATA_HELP, metavar="PATH"), None),
    (
        "since",
        _opt(
            str | None,
            "--since",
            help="Events from this date on: 2016, 2016-06, 2016年6月, "
            "June 2016 (rounded to the start of the period).",
            metavar="DATE",
        ),
        None,
    ),
    (
        "until",
        _opt(
            str | None,
            "--until",
            help="Events up to this date (--until 2019 means through 2019-12-31).",
            metavar="DATE",
        ),
        None,
    ),
    (
        "strict",
        _opt(
            bool,
            "--strict",
            help="Require the whole date inside --since/--until, not just an overlap.",
        ),
        False,
    ),
    (
        "body",
        _opt(
            list[str] | None,
            "--body",
            "-b",
            help="Issued by this body: id, name or alias (repeatable).",
            metavar="BODY",
            autocompletion=_complete_bodies,
        ),
        None,
    ),
    (
        "lead_only",
        _opt(bool, "--lead-only", help="Match --body only as the lead (first) issuer."),
        False,
    ),
    (
        "include_children",
        _opt(bool, "--include-children", help="Match --body and every body under it."),
        False,
    ),
    (
        "jurisdiction",
        _opt(
            list[str] | None,
            "--jurisdiction",
            "-j",
            help="In this jurisdiction: CN-BJ, beijing, 北京, national ... (repeatable).",
            metavar="J",
            autocompletion=_complete_jurisdictions,
        ),
        None,
    ),
    (
        "tag",
        _opt(
            list[str] | None,
            "--tag",
            "-t",
            help="Has this tag (repeatable; all must match).",
            metavar="TAG",
            autocompletion=_complete_tags,
        ),
        None,
    ),
    (
        "kind",
        _opt(
            list[str] | None,
            "--kind",
            "-k",
            help="Of this kind (repeatable; any may match).",
            metavar="KIND",
            autocompletion=_complete_kinds,
        ),
        None,
    ),
    (
        "search",
        _opt(
            str | None,
            "--search",
            "-s",
            help="Case-insensitive text search in titles, "
            "documents, summaries and notes (zh and en).",
            metavar="TEXT",
        ),
        None,
    ),
    (
        "max_bytes",
        _opt(
            int | None,
            "--max-bytes",
            help="Refuse data files larger than this (default 512 MiB).",
            metavar="N",
            min=1,
        ),
        None,
    ),
    (
        "no_cache",
        _opt(
            bool,
            "--no-cache",
            help="Neither read nor write the parsed-data cache (also $POLICYTL_NO_CACHE=1).",
        ),
        False,
    ),
]


NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never page long output (default: a terminal pages output taller than "
        "the screen through $POLICYTL_PAGER, else $PAGER, else less -FRX).",
    ),
]


def with_pager(func: F) -> F:
    """Add --no-pager to a command and page its output (policytl.cli.pager.paging)."""
    sig = inspect.signature(func, eval_str=True)
    extra = inspect.Parameter(
        "no_pager", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoPagerOpt
    )

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from policytl.cli.pager import paging

        no_pager = kwargs.pop("no_pager")
        with paging(current_env(), no_pager):
            return func(*args, **kwargs)

    params = list(sig.parameters.values())
    keyword = [p for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    others = [p for p in params if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    wrapper.__signature__ = sig.replace(parameters=[*others, extra, *keyword])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**func.__annotations__, "no_pager": NoPagerOpt}
    return wrapper  # type: ignore[return-value]


def with_filters(func: F) -> F:
    """Add the shared selection options to a command; it receives ``filters: FilterArgs``."""
    sig = inspect.signature(func, eval_str=True)
    own = [p for p in sig.parameters.values() if p.name != "filters"]
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann)
        for name, ann, default in _FILTER_PARAMS
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name, _, _ in _FILTER_PARAMS}
        for key in ("data", "body", "jurisdiction", "tag", "kind"):
            values[key] = tuple(values[key] or ())
        kwargs["filters"] = FilterArgs(**values)
        return func(*args, **kwargs)

    params = [p for p in own if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    params += [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in own
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    wrapper.__signature__ = sig.replace(parameters=[*params, *extra])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        **{k: v for k, v in func.__annotations__.items() if k != "filters"},
        **{name: ann for name, ann, _ in _FILTER_PARAMS},
    }
    return wrapper  # type: ignore[return-value]


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class StatsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


#: how every command's --lang defaults (policytl.cli.settings.resolve_lang)
LANG_DEFAULT_HELP = "default: $POLICYTL_LANG, else lang in the config file, else both"

LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        "-l",
        help=f"Language of texts: zh, en or both ({LANG_DEFAULT_HELP}).",
        case_sensitive=False,
    ),
]


LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        metavar="N",
        min=1,
        help="Only the first N events (with --reverse: the N newest), in every format.",
    ),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Newest first (in every format).")]

OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE instead of stdout: atomically, and only if the command "
        "succeeded (an existing FILE is otherwise left as it was).",
        metavar="FILE",
    ),
]


SvgOpt = Annotated[
    str | None,
    typer.Option(
        "--svg",
        metavar="FILE",
        help="Also save what is shown as an SVG image (written atomically).",
    ),
]


class PeriodOpt(StrEnum):
    """--period of stats and compare: analyze.stats.Period and analyze.compare.Period."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


# --- validate -----------------------------------------------------------------------------


@app.command()
@with_pager
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders to check (default: --data, $POLICYTL_DATA, "
            "else the embedded data set).",
            metavar="[PATH]...",
        ),
    ] = None,
    data: Annotated[
        list[str] | None, typer.Option("--data", "-d", help=DATA_HELP, metavar="PATH")
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, or json for editors and CI.")
    ] = OutputFormat.TEXT,
    warnings_as_errors: Annotated[
        bool, typer.Option("--warnings-as-errors", "-W", help="Fail on warnings too.")
    ] = False,
    max_bytes: Annotated[
        int | None,
        typer.Option("--max-bytes", metavar="N", min=1, help="Refuse files larger than this."),
    ] = None,
) -> int:
    """Check timeline files: format, types, dates, references and ids.

    Every problem in every file is listed as FILE:LINE:COL: FIELD: MESSAGE.
    Exits 0 when the data is valid, 1 when it is not, 2 when a path cannot be
    opened at all.

    \b
    Examples:
      policytl validate
      policytl validate data/timeline.yaml more-events/
      policytl validate --format json mydata.yaml
    """
    from policytl.load.loader import EMBEDDED_NAME, check_files
    from policytl.model.errors import Severity
    from policytl.model.limits import DEFAULT_MAX_BYTES

    _run_mod.check_paths(paths or [], "PATH")
    targets = list(paths or []) or data_paths(data)
    try:
        timeline, problems = check_files(targets, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    except OSError as exc:
        if exc.filename is None:
            raise
        raise _run_mod.path_error(exc) from None
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    failed = errors > 0 or (warnings_as_errors and warnings > 0)
    files = timeline.files if timeline is not None else tuple(targets or [EMBEDDED_NAME])
    counts = None
    if timeline is not None:
        counts = {
            "events": len(timeline.events),
            "bodies": len(timeline.bodies),
            "sources": len(timeline.sources),
            "jurisdictions": len(timeline.jurisdictions),
        }
    if fmt is OutputFormat.JSON:
        doc = {
            "ok": not failed,
            "files": list(files),
            "counts": counts,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_json() for p in problems],
        }

        write_json(dump_json(doc))
        return _validate_status(problems, failed)
    from policytl.model.textsafe import one_line

    color = env_of(ctx).color
    lines = [_problem_line(p, color) for p in problems]
    where = ", ".join(files)
    if timeline is not None and counts is not None and not failed:
        lines.append(
            f"ok: {_n(counts['events'], 'event')}, {_n(counts['bodies'], 'body', 'bodies')}, "
            f"{_n(counts['sources'], 'source')}, "
            f"{_n(counts['jurisdictions'], 'jurisdiction')} in {where}"
            + (f" ({_n(warnings, 'warning')})" if warnings else "")
        )
    else:
        lines.append(f"invalid: {_n(errors, 'error')}, {_n(warnings, 'warning')} in {where}")
    lines[-1] = one_line(lines[-1])  # file names may hold control characters too
    if color:
        lines[-1] = _sgr(lines[-1], "1;31" if failed else "32")
    write_stdout("\n".join(lines) + "\n")
    return _validate_status(problems, failed)


def _validate_status(problems: Sequence[Any], failed: bool) -> int:
    """0 valid, 1 invalid, 2 when a named path cannot be opened at all (as everywhere)."""
    from policytl.model.errors import unreadable

    if any(unreadable(p) for p in problems):
        return ExitStatus.USAGE
    return ExitStatus.ERROR if failed else ExitStatus.OK


def _sgr(text: str, codes: str) -> str:
    return f"\x1b[{codes}m{text}\x1b[0m"


def _problem_line(problem: Any, color: bool) -> str:
    """One problem as a line: on a colour terminal, FILE:LINE:COL bold, then the
    message red for an error or yellow for a warning."""
    from policytl.model.errors import Severity
    from policytl.model.textsafe import one_line

    text = one_line(str(problem))
    if not color:
        return text
    where = one_line(problem.location)
    rest = text[len(where) :] if text.startswith(where) else text
    hue = "33" if problem.severity is Severity.WARNING else "31"
    return _sgr(where, "1") + _sgr(rest, hue)


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


# --- show, bodies, tags, kinds, jurisdictions (issue 3) ----------------------------------


@app.command()
@with_filters
def show(
    ctx: typer.Context,
    lang: LangOpt = None,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail", "-D", help="Add summaries, document names, quotes, notes and tags."
        ),
    ] = False,
    fmt: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (the timeline view), or json / markdown as `policytl export` writes them.",
        ),
    ] = ShowFormat.TEXT,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="Draw the events on a horizontal time axis (a plain list below 60 columns).",
        ),
    ] = False,
    lanes: Annotated[
        LanesOpt,
        typer.Option(
            "--lanes",
            help="With --chart: one lane per jurisdiction or per body.",
            case_sensitive=False,
        ),
    ] = LanesOpt.JURISDICTION,
    svg: SvgOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    no_pager: NoPagerOpt = False,
    *,
    filters: FilterArgs,
) -> int:
    """Show the timeline in the terminal, grouped by year, with the shared filters.

    Each event shows its date as written, kind, jurisdiction, issuers (lead
    first), title and number of sources; rows are coloured by jurisdiction.
    Output is plain text when stdout is not a terminal or NO_COLOR is set.
    When nothing matches, a message naming the filters goes to stderr (exit 0).

    \b
    Examples:
      policytl show --since 2016
      policytl show --body 北京金融局 --until 2019 --detail
      policytl show --jurisdiction national --lang en --format json
      policytl show --chart --lanes body --svg chart.svg
    """
    return _run_mod.show(
        env_of(ctx),
        filters=filters,
        lang=lang,
        detail=detail,
        fmt=fmt,
        chart=chart,
        lanes=lanes,
        svg=svg,
        limit=limit,
        reverse=reverse,
        no_pager=no_pager,
    )


DataOpt = Annotated[list[str] | None, typer.Option("--data", "-d", help=DATA_HELP, metavar="PATH")]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option("--max-bytes", metavar="N", min=1, help="Refuse data files larger than this."),
]
ListFormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text (a table) or json.")
]


def _print_list(
    ctx: typer.Context, fmt: OutputFormat, rows: Sequence[Any], table: Callable[[], Any]
) -> None:
    if fmt is OutputFormat.JSON:
        doc = [r.to_json() for r in rows]
        write_json(dump_json(doc))
        return
    emit(env_of(ctx), [table()])


@app.command()
@with_pager
def bodies(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: ListFormatOpt = OutputFormat.TEXT,
    max_bytes: MaxBytesOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the issuing bodies: id, names, level, jurisdiction, aliases and event counts.

    Any id, name or alias listed here works with --body.

    \b
    Examples:
      policytl bodies
      policytl bodies --format json
      policytl bodies --data mydata.yaml
    """
    from policytl.analyze.catalog import body_entries
    from policytl.render.catalog import bodies_table

    chosen = default_lang(lang)
    rows = body_entries(load_data(data, max_bytes=max_bytes))
    _print_list(ctx, fmt, rows, lambda: bodies_table(rows, env_of(ctx).width, chosen))


@app.command()
@with_pager
def tags(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: ListFormatOpt = OutputFormat.TEXT,
    max_bytes: MaxBytesOpt = None,
) -> None:
    """List the tags used by events, most used first, with event counts.

    \b
    Examples:
      policytl tags
      policytl tags --format json
      policytl show --tag funding --tag fintech
    """
    from policytl.analyze.catalog import tag_entries
    from policytl.render.catalog import tags_table

    rows = tag_entries(load_data(data, max_bytes=max_bytes))
    _print_list(ctx, fmt, rows, lambda: tags_table(rows))


@app.command()
@with_pager
def kinds(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: ListFormatOpt = OutputFormat.TEXT,
    max_bytes: MaxBytesOpt = None,
) -> None:
    """List the event kinds with what each means and how many events have it.

    \b
    Examples:
      policytl kinds
      policytl kinds --format json
      policytl show --kind document-issued --kind fund-launched
    """
    from policytl.analyze.catalog import kind_entries
    from policytl.render.catalog import kinds_table

    rows = kind_entries(load_data(data, max_bytes=max_bytes))
    _print_list(ctx, fmt, rows, lambda: kinds_table(rows))


@app.command()
@with_pager
def jurisdictions(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: ListFormatOpt = OutputFormat.TEXT,
    max_bytes: MaxBytesOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the jurisdictions: code, names, parent, aliases and event counts.

    Any code, name or alias listed here works with --jurisdiction.

    \b
    Examples:
      policytl jurisdictions
      policytl jurisdictions --format json
      policytl show --jurisdiction 北京
    """
    from policytl.analyze.catalog import jurisdiction_entries
    from policytl.render.catalog import jurisdictions_table

    chosen = default_lang(lang)
    rows = jurisdiction_entries(load_data(data, max_bytes=max_bytes))
    _print_list(ctx, fmt, rows, lambda: jurisdictions_table(rows, chosen))


# --- export (issue 4) --------------------------------------------------------------------


@app.command()
@with_filters
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown, json, csv, ics, mermaid, timelinejs, markwhen or html.",
            case_sensitive=False,
        ),
    ] = ExportFormat.MARKDOWN,
    output: OutputOpt = None,
    lang: LangOpt = None,
    group: Annotated[
        ExportGroup,
        typer.Option(
            "--group",
            help="markdown/html: headings per year, or per year and month.",
            case_sensitive=False,
        ),
    ] = ExportGroup.YEAR,
    style: Annotated[
        ExportStyle,
        typer.Option(
            "--style", help="markdown: a list of events, or a table.", case_sensitive=False
        ),
    ] = ExportStyle.LIST,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="csv: add the byte order mark Excel needs for Chinese."),
    ] = False,
    title: Annotated[
        str | None,
        typer.Option("--title", help="Title of the document, calendar or diagram.", metavar="TEXT"),
    ] = None,
    lanes: Annotated[
        LanesOpt,
        typer.Option(
            "--lanes",
            help="html: one lane of the time axis per jurisdiction or per issuing body.",
            case_sensitive=False,
        ),
    ] = LanesOpt.JURISDICTION,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    no_pager: NoPagerOpt = False,
    *,
    filters: FilterArgs,
) -> int:
    """Export the selected events as Markdown, JSON, CSV, iCalendar, Mermaid,
    TimelineJS, Markwhen or HTML.

    Writes to stdout unless -o FILE is given. Takes the same filters as show.

    \b
    Examples:
      policytl export > timeline.md
      policytl export --since 2019 --lang en -f html -o timeline.html
      policytl export -f ics -j beijing -o beijing.ics
      policytl export -f csv --excel -o events.csv
    """
    return _run_mod.export(
        env_of(ctx),
        filters=filters,
        fmt=fmt,
        output=output,
        lang=lang,
        group=group,
        style=style,
        excel=excel,
        title=title,
        lanes=lanes,
        limit=limit,
        reverse=reverse,
        no_pager=no_pager,
    )


# --- compare, diff (issue 5) -------------------------------------------------------------


class CompareBy(StrEnum):
    JURISDICTION = "jurisdiction"
    BODY = "body"
    TAG = "tag"


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


@app.command()
@with_filters
@with_pager
def compare(
    ctx: typer.Context,
    sides: Annotated[
        list[str],
        typer.Argument(
            help="Two or more sides: each a jurisdiction (CN-BJ, beijing, 中央), a body "
            "(id, name or alias) or a tag.",
            metavar="A B [C]...",
            autocompletion=_complete_sides,
        ),
    ],
    by: Annotated[
        CompareBy | None,
        typer.Option(
            "--by",
            help="Read every side as a jurisdiction, body or tag (for names that could be "
            "more than one).",
            case_sensitive=False,
        ),
    ] = None,
    period: Annotated[
        PeriodOpt,
        typer.Option("--period", "-p", help="Rows of the side-by-side view.", case_sensitive=False),
    ] = PeriodOpt.YEAR,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="text, json or markdown.", case_sensitive=False),
    ] = ReportFormat.TEXT,
    lang: LangOpt = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Only the verdict: who moved first on each shared theme, and the themes "
            "only one side has (in every --format).",
        ),
    ] = False,
    svg: SvgOpt = None,
    *,
    filters: FilterArgs,
) -> int:
    """Compare jurisdictions, bodies or tags: who moved first, and side by side.

    The verdict comes first: for every tag on more than one side, each side's
    first event and the lead in calendar months ("CN-BJ first by 10 months");
    imprecise dates give a range ("2–13 months") or "order uncertain", never
    more than the dates say. Then the events side by side. The filters select
    the events before they are split into sides.

    \b
    Examples:
      policytl compare CN-BJ CN
      policytl compare beijing national --by jurisdiction --period month
      policytl compare pboc state-council --since 2016 --format markdown
      policytl compare beijing national --summary
    """
    from policytl.analyze.compare import compare as build
    from policytl.analyze.compare import render_json, render_markdown
    from policytl.analyze.query import select

    if svg is not None and fmt is not ReportFormat.TEXT:
        raise UsageError(f"--svg saves the text view; it cannot be used with --format {fmt}")
    if svg is not None:
        _run_mod.check_output("--svg", svg, filters.data)
    chosen = default_lang(lang)
    flt = filters.filters()
    timeline = filters.load()
    described = flt.describe()
    result = build(
        timeline,
        sides,
        events=select(timeline, flt),
        by=by.value if by is not None else None,
        period=period.value,
        lead_only=filters.lead_only,
        include_children=filters.include_children,
        filters="" if described == "(no filters)" else described,
    )
    env = env_of(ctx)
    if result.empty:
        _message(f"no event of {', '.join(s.label for s in result.sides)} matches {described}")
        if fmt is ReportFormat.TEXT:
            return ExitStatus.OK
    if fmt is ReportFormat.JSON:
        write_json(render_json(result, summary=summary))
    elif fmt is ReportFormat.MARKDOWN:
        write_stdout(render_markdown(result, chosen, summary=summary))
    else:
        from policytl.render.compare import render

        emit(env, [render(result, chosen, summary=summary)], svg, "policytl compare")
    return ExitStatus.OK


@app.command()
@with_pager
def diff(
    old: Annotated[
        str,
        typer.Argument(
            help="The old version: a file or folder, - for standard input, or REV:PATH "
            "for a file in a git revision (as `git show REV:PATH` reads it).",
            metavar="OLD",
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(help="The new version: the same forms as OLD.", metavar="NEW"),
    ],
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="text, json or markdown.", case_sensitive=False),
    ] = ReportFormat.TEXT,
    lang: LangOpt = None,
    max_bytes: Annotated[
        int | None,
        typer.Option("--max-bytes", metavar="N", min=1, help="Refuse files larger than this."),
    ] = None,
) -> int:
    """Show what changed between two versions of a timeline.

    Events, bodies, sources and jurisdictions are matched by id: added (+),
    removed (-), renamed or changed field by field (~). Exits 0 when the
    versions are equal, 1 when they differ (like diff), 2 on a usage error or
    when either version cannot be loaded.

    \b
    Examples:
      policytl diff old/timeline.yaml data/timeline.yaml
      policytl diff HEAD~1:data/timeline.yaml data/timeline.yaml
      policytl diff - timeline.yaml < old-timeline.yaml
      policytl diff v1/ v2/ --format markdown
    """
    from policytl.analyze.diff import diff_timelines, render_json, render_markdown, render_text

    _run_mod.check_paths([old], "OLD")
    _run_mod.check_paths([new], "NEW")
    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be - (standard input)")
    chosen = default_lang(lang)
    versions: list[Timeline] = []
    for label, path in (("OLD", old), ("NEW", new)):
        try:
            versions.append(_load_version(path, max_bytes))
        except DataError as exc:
            import os

            see = f" (see `policytl validate {path}`)" if os.path.exists(path) else ""
            fatal(f"error: cannot load {label}: {exc}{see}", ExitStatus.USAGE)
        except PolicytlError as exc:
            fatal(f"error: cannot load {label}: {exc}", ExitStatus.USAGE)
    result = diff_timelines(versions[0], versions[1], old_name=old, new_name=new)
    if fmt is ReportFormat.JSON:
        write_json(render_json(result))
    elif fmt is ReportFormat.MARKDOWN:
        write_stdout(render_markdown(result, chosen))
    elif result.equal:
        _message(f"no differences between {old} and {new}")
    else:
        text = render_text(result, chosen)
        if current_env().color:
            from policytl.cli.run import paint_diff

            text = paint_diff(text)
        write_stdout(text)
    return ExitStatus.OK if result.equal else ExitStatus.ERROR


# --- init, schema, add, fmt (issue 14) -------------------------------------------------


@app.command()
def init(
    directory: Annotated[
        str,
        typer.Argument(
            help="Folder for the new timeline (created if missing; default: here).",
            metavar="[DIR]",
        ),
    ] = ".",
) -> int:
    """Start a timeline of your own: DIR/timeline.yaml and its JSON Schema.

    The timeline is valid and commented: a title, one source, one jurisdiction,
    one body and one example event. The schema beside it lets editors with the
    YAML language server (VS Code, JetBrains, Neovim) check the file as you type.
    Existing files are never overwritten.

    \b
    Examples:
      policytl init my-timeline
      policytl init && policytl validate timeline.yaml
    """
    import os

    from policytl.curate.skeleton import SCHEMA_FILE, TIMELINE_FILE, skeleton
    from policytl.files.write import write_atomic
    from policytl.load.loader import json_schema_text

    _run_mod.check_paths([directory], "DIR")
    targets = [os.path.normpath(os.path.join(directory, n)) for n in (TIMELINE_FILE, SCHEMA_FILE)]
    there = [t for t in targets if os.path.lexists(t)]
    if there:
        fatal(
            f"error: {' and '.join(there)} already exist{'s' if len(there) == 1 else ''}; "
            "init never overwrites a file (choose another folder)"
        )
    if os.path.exists(directory) and not os.path.isdir(directory):
        fatal(f"error: {directory} is not a folder")
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        fatal(f"error: cannot create folder {directory}: {exc.strerror}")
    write_atomic(targets[1], json_schema_text())
    write_atomic(targets[0], skeleton())
    _message(f"created {targets[0]} and {targets[1]}; next: policytl validate {targets[0]}")
    return ExitStatus.OK


@app.command()
@with_pager
def schema(
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the schema to FILE (atomically)."
        ),
    ] = None,
) -> int:
    """Print the JSON Schema of the policytl/1 format (draft 2020-12).

    Point a timeline's first line at a copy of it so that editors check the file:
    # yaml-language-server: $schema=policytl-1.schema.json

    \b
    Examples:
      policytl schema -o policytl-1.schema.json
      policytl schema | python -m json.tool
    """
    from policytl.load.loader import json_schema_text

    text = json_schema_text()
    if output is not None and output != "-":
        from policytl.files.write import write_atomic

        write_atomic(output, text)
    else:
        write_stdout(text)
    return ExitStatus.OK


def _read_text(path: str, max_bytes: int | None) -> str:
    from policytl.load.loader import read_bytes
    from policytl.load.yamlsafe import decode
    from policytl.model.limits import DEFAULT_MAX_BYTES

    return decode(read_bytes(path, max_bytes or DEFAULT_MAX_BYTES), path)


def _check_texts(
    texts: dict[str, str], others: Sequence[str], max_bytes: int | None
) -> tuple[Timeline | None, list[Any]]:
    """Validate files given as text (and other files as they are on disk) together."""
    from policytl.load.loader import expand_paths, gc_paused, parse_file
    from policytl.load.validate import check_documents
    from policytl.load.yamlsafe import parse_document
    from policytl.model.errors import LoadError
    from policytl.model.limits import DEFAULT_MAX_BYTES

    with gc_paused():
        docs = []
        try:
            for name, text in texts.items():
                docs.append(parse_document(text, name, as_json=name.lower().endswith(".json")))
            for f in expand_paths(others):
                docs.append(parse_file(f, max_bytes=max_bytes or DEFAULT_MAX_BYTES))
        except LoadError as exc:
            return None, [exc.problem]
        return check_documents(docs)


def _report(problems: Sequence[Any], color: bool) -> None:
    """Problems as validate prints them, on stderr (fmt's and add's stdout is data)."""
    for p in problems:
        sys.stderr.write(_problem_line(p, color) + "\n")
    sys.stderr.flush()


@app.command()
def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="YAML files or folders to format (default: --data / $POLICYTL_DATA).",
            metavar="[PATH]...",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; list the files that would change, exit 1."),
    ] = False,
    show_diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; show what would change as a diff.")
    ] = False,
    max_bytes: MaxBytesOpt = None,
) -> int:
    """Put timeline files in canonical form, keeping every comment.

    Events sorted by date, keys in the documented order, dates quoted, two-space
    indentation, long texts folded the same way every time (README: "Canonical
    form"). Formatting twice changes nothing. A file that does not validate is
    never written: its problems are listed and fmt exits 1.

    \b
    Examples:
      policytl fmt timeline.yaml
      policytl fmt --check --diff timeline.yaml events/
    """
    import difflib

    from policytl.curate.fmt import FormatError, format_text
    from policytl.files.edit import edit_all
    from policytl.load.loader import expand_paths
    from policytl.model.limits import DEFAULT_MAX_BYTES

    targets = list(paths or []) or data_paths(None)
    if not targets:
        raise UsageError("name the files to format (fmt never formats the embedded data set)")
    files = [str(f) for f in expand_paths(targets)]
    # locked until the command ends: no other policytl edit runs on them meanwhile
    edits = ctx.with_resource(edit_all(files, max_bytes or DEFAULT_MAX_BYTES))
    texts = {f: edits[f].text for f in files}
    env = env_of(ctx)
    from policytl.model.errors import Severity

    timeline, problems = _check_texts(texts, [], max_bytes)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if timeline is None or errors:
        _report(errors or problems, env.color)
        fatal(
            f"error: not formatted: {_n(len(errors), 'error')} in {', '.join(files)} "
            "(fmt writes only files that validate)"
        )
    changed: list[str] = []
    for f, old in texts.items():
        if f.lower().endswith(".json"):
            _message(f"skipped {f}: fmt formats YAML files only")
            continue
        try:
            new = format_text(old, f)
        except FormatError as exc:
            fatal(f"error: {exc}")
        if new == old:
            continue
        changed.append(f)
        if show_diff:
            write_stdout(
                "".join(
                    difflib.unified_diff(
                        old.splitlines(keepends=True),
                        new.splitlines(keepends=True),
                        f"a/{f}",
                        f"b/{f}",
                    )
                )
            )
        elif check:
            write_stdout(f"{f}\n")
        else:
            edits[f].write_text(new)
    unchanged = len(texts) - len(changed)
    if check or show_diff:
        if changed:
            _message(
                f"{_n(len(changed), 'file')} would be reformatted, {unchanged} already canonical"
            )
        else:
            _message(f"{_n(unchanged, 'file')} already canonical")
        return ExitStatus.ERROR if check and changed else ExitStatus.OK
    _message(f"{_n(len(changed), 'file')} reformatted, {unchanged} already canonical")
    return ExitStatus.OK


@app.command()
def add(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="The timeline file to add the event to.")],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help='The date as the source gives it: 2020, 2020-06, 2020-06-30, "2020-06?".'
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help="For a target: the date it aims at, written like --date (the date is when "
            "it was set).",
            metavar="DATE",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", help="Event kind (policytl kinds lists them).", metavar="KIND"
        ),
    ] = None,
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            "--jurisdiction",
            "-j",
            help="Jurisdiction code, or a name or alias of one.",
            metavar="J",
        ),
    ] = None,
    issuer: Annotated[
        list[str] | None,
        typer.Option(
            "--issuer",
            "-b",
            help="Issuing body: id, name or alias; repeat for joint issuers, the lead first.",
            metavar="BODY",
        ),
    ] = None,
    title_zh: Annotated[
        str | None, typer.Option("--title-zh", help="Title in Chinese.", metavar="TEXT")
    ] = None,
    title_en: Annotated[
        str | None, typer.Option("--title-en", help="Title in English.", metavar="TEXT")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Id of the cited source (default: the file's only source).",
            metavar="ID",
        ),
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option("--quote", help="The words of the source, verbatim.", metavar="TEXT"),
    ] = None,
    locator: Annotated[
        str | None, typer.Option("--locator", help="Page, paragraph or section.", metavar="TEXT")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="A tag (repeatable).", metavar="TAG")
    ] = None,
    note: Annotated[
        list[str] | None,
        typer.Option("--note", help="A curator's note (repeatable).", metavar="TEXT"),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where to read more.")] = None,
    event_id: Annotated[
        str | None,
        typer.Option("--id", help="Event id (default: made from the English title).", metavar="ID"),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="Other files of the same timeline, for references (repeatable).",
            metavar="PATH",
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            "-i",
            help="Ask for what is missing (default: when standard input is a terminal).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the lines that would be added; write nothing.")
    ] = False,
    max_bytes: MaxBytesOpt = None,
) -> int:
    """Add one event to a timeline file, keeping everything else as it was.

    Missing fields are asked for when standard input is a terminal (or with -i);
    otherwise they are a usage error that names them. Names and aliases of bodies
    and jurisdictions are read as their ids. The whole file is checked with the
    new event before anything is written; the file is replaced atomically and
    only the event's lines are added (where `policytl fmt` would put them).

    \b
    Examples:
      policytl add timeline.yaml
      policytl add timeline.yaml -i
      policytl add timeline.yaml --date 2020-06 --kind statement -j CN --title-en T --quote Q
    """

    from policytl.analyze.query import resolve_bodies, resolve_jurisdiction
    from policytl.curate.add import insert_event, suggest_id
    from policytl.files.edit import edit
    from policytl.model.dates import suggest_date
    from policytl.model.errors import Severity
    from policytl.model.limits import DEFAULT_MAX_BYTES

    env = env_of(ctx)
    others = list(data or [])
    text = _read_text(file, max_bytes)
    timeline, problems = _check_texts({file: text}, others, max_bytes)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if timeline is None or errors:
        _report(errors or problems, env.color)
        fatal(f"error: {file} is not valid; fix it first (nothing was added)")
    ask = interactive if interactive is not None else _stdin_is_terminal()

    echo = ask and not _stdin_is_terminal()

    def prompt(text: str, default: str | None = None, **kw: Any) -> str:
        # Asked on stderr: Click's prompt writes a character of each question to
        # stdout (as input() does), and stdout is for data only.
        sys.stderr.write(f"{text} [{default}]: " if default else f"{text}: ")
        sys.stderr.flush()
        try:
            line = input("")
        except EOFError:
            raise UsageError(f"no answer to {text.split(' (')[0]!r}: the input ended") from None
        value = line.strip() or default or ""
        if echo:  # answers piped in: show them, so that stderr reads as a transcript
            sys.stderr.write(f"{value}\n")
        return value

    single_source = next(iter(timeline.sources)) if len(timeline.sources) == 1 else None
    single_jur = next(iter(timeline.jurisdictions)) if len(timeline.jurisdictions) == 1 else None
    source = source or single_source if not ask else source
    missing = [
        flag
        for flag, value in (
            ("--date", date),
            ("--kind", kind),
            ("--jurisdiction", jurisdiction or (None if ask else single_jur)),
            ("--title-zh or --title-en", title_zh or title_en),
            ("--source", source),
            ("--quote", quote),
        )
        if not value
    ]
    if missing and not ask:
        raise UsageError(
            f"missing {', '.join(missing)} (run it in a terminal, or with -i, to be asked)"
        )
    if ask:
        kinds = list(_builtin_kinds()) + [k for k in timeline.kinds if k not in _builtin_kinds()]

        def ask_until(text: str, why_not: Any, default: str | None = None) -> str:
            for _ in range(5):
                value = prompt(text, default)
                why = why_not(value)
                if why is None:
                    return value
                _message(why)
            raise UsageError(f"no usable answer to {text!r}")

        if not date:
            date = ask_until("Date (2020, 2020-06, 2020-06-30, 2020-06?)", _date_problem)
        if not kind:
            kind = ask_until(
                f"Kind ({', '.join(kinds)})",
                lambda k: (
                    None if k in kinds else f"unknown kind {k!r}; answer one of: {', '.join(kinds)}"
                ),
            )
        if not jurisdiction:
            jurisdiction = prompt(
                f"Jurisdiction ({', '.join(timeline.jurisdictions)})", default=single_jur
            )
        if issuer is None:
            answer = prompt(
                "Issuers: body ids, names or aliases, comma-separated, the lead first "
                f"(known: {', '.join(timeline.bodies) or 'none'}; empty for none)",
            )
            issuer = [b.strip() for b in answer.split(",") if b.strip()]
        if not title_zh and not title_en:
            title_zh = prompt("Title in Chinese (empty for none)")
            title_en = prompt("Title in English" + (" (empty for none)" if title_zh else ""))
        if not source:
            source = prompt(f"Source ({', '.join(timeline.sources)})", default=single_source)
        if not quote:
            quote = prompt("Quote (the words of the source, verbatim)")
    assert date is not None and kind is not None and source is not None and quote is not None
    typed = suggest_date(date)
    if typed is not None:
        _message(f'read date {date!r} as "{typed}"')
        date = typed
    jur = resolve_jurisdiction(timeline, jurisdiction or single_jur or "", "--jurisdiction")
    issuers = resolve_bodies(timeline, issuer or [], "--issuer")
    title = {k: v for k, v in (("zh", title_zh), ("en", title_en)) if v}
    if not title:
        raise UsageError("give a title: --title-zh, --title-en or both")
    taken = {e.id for e in timeline.events}
    suggested = suggest_id(title_en, date=date, kind=kind, jurisdiction=jur, taken=taken)
    if event_id is None:
        event_id = prompt("Id", default=suggested) if ask else suggested
    event: dict[str, Any] = {
        "id": event_id,
        "date": date,
        **({"due": suggest_date(due) or due} if due else {}),
        "kind": kind,
        "jurisdiction": jur,
        "issuers": issuers,
        "title": title,
    }
    if tag:
        event["tags"] = list(tag)
    citation = {"source": source, "quote": quote}
    if locator:
        citation["locator"] = locator
    event["sources"] = [citation]
    if note:
        event["notes"] = list(note)
    if url:
        event["url"] = url
    # From here to the end the file is locked, and the event goes into what it holds now
    ed = ctx.with_resource(edit(file, max_bytes or DEFAULT_MAX_BYTES))
    text = ed.text
    new_text = insert_event(text, event)
    _, problems = _check_texts({file: new_text}, others, max_bytes)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        _report(errors, env.color)
        fatal(f"error: the event was not added: it would make {file} invalid")
    import difflib

    added = "".join(
        line[1:]
        for line in difflib.unified_diff(
            text.splitlines(keepends=True), new_text.splitlines(keepends=True), n=0
        )
        if line.startswith("+") and not line.startswith("+++")
    )
    if dry_run:
        write_stdout(added)
        return ExitStatus.OK
    ed.write_text(new_text)
    _message(f"added event {event_id!r} ({date}) to {file}")
    return ExitStatus.OK


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _date_problem(text: str) -> str | None:
    from policytl.model.dates import parse_date, suggest_date
    from policytl.model.errors import DateError

    try:
        parse_date(text)
    except DateError as exc:
        return None if suggest_date(text) is not None else str(exc)
    return None


def _builtin_kinds() -> list[str]:
    from policytl.model.records import EVENT_KINDS

    return list(EVENT_KINDS)


def _load_version(path: str, max_bytes: int | None) -> Timeline:
    """A version for diff: a file or folder, - (standard input) or REV:PATH (git show)."""
    import os

    from policytl.load.loader import load_bytes
    from policytl.model.limits import DEFAULT_MAX_BYTES

    limit = max_bytes or DEFAULT_MAX_BYTES
    if path == "-":
        return load_bytes(sys.stdin.buffer.read(limit + 1), "<stdin>", max_bytes=limit)
    rev, colon, inner = path.partition(":")
    if colon and rev and not os.path.exists(path):
        return load_bytes(_git_show(rev, inner), path, max_bytes=limit)
    return load_data([path], max_bytes=max_bytes)


def _git_show(rev: str, inner: str) -> bytes:
    import subprocess

    try:
        done = subprocess.run(["git", "show", f"{rev}:{inner}"], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError(f"{rev}:{inner} names a git revision, but git is not installed") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            f"git show {rev}:{inner} failed: "
            + (why[-1].removeprefix("fatal: ") if why else f"exit status {done.returncode}")
        )
    return done.stdout


# --- stats (issue 6) ---------------------------------------------------------------------


@app.command()
@with_filters
@with_pager
def stats(
    ctx: typer.Context,
    filters: FilterArgs,
    period: Annotated[
        PeriodOpt,
        typer.Option(
            "--period",
            "-p",
            help="Count per year, quarter or month. A date coarser than the period "
            "(2020 in --period month) is counted apart, never guessed into one.",
            case_sensitive=False,
        ),
    ] = PeriodOpt.YEAR,
    fmt: Annotated[
        StatsFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (tables with bars), json, markdown (GitHub tables) or csv (every "
            "count in one table).",
            case_sensitive=False,
        ),
    ] = StatsFormat.TEXT,
    lang: LangOpt = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="With --format csv: a byte order mark for Excel, and cells that would run "
            "as formulas defused (as export --excel).",
        ),
    ] = False,
    svg: SvgOpt = None,
) -> int:
    """Count events per period, jurisdiction, issuing body, kind and tag.

    Shows the busiest period and the gaps (years with no event between the
    first and the last). Takes the same filters as show.

    \b
    Examples:
      policytl stats
      policytl stats --period quarter --since 2019 --svg stats.svg
      policytl stats --jurisdiction beijing --format json
      policytl stats --period quarter --format markdown
    """
    from policytl.analyze.stats import Period, compute, render_csv, render_markdown

    if svg is not None and fmt is not StatsFormat.TEXT:
        raise UsageError(f"--svg saves the text view; it cannot be used with --format {fmt}")
    if excel and fmt is not StatsFormat.CSV:
        raise UsageError("--excel applies to --format csv")
    if svg is not None:
        _run_mod.check_output("--svg", svg, filters.data)
    chosen = default_lang(lang)
    env = env_of(ctx)
    timeline, selected = filters.select()
    if not timeline.events and not selected.empty:
        no_match(selected)
    result = compute(timeline, Period(period.value))
    if fmt is StatsFormat.JSON:
        write_json(dump_json(result.to_json()))
        return ExitStatus.OK
    if fmt is StatsFormat.MARKDOWN:
        write_stdout(render_markdown(result, chosen))
        return ExitStatus.OK
    if fmt is StatsFormat.CSV:
        write_stdout(render_csv(result, excel=excel))
        return ExitStatus.OK
    from policytl.render.stats import render

    emit(env, render(result, env.width, chosen), svg, "policytl stats")
    return ExitStatus.OK


# --- cite (issue 13) ---------------------------------------------------------------------


@app.command()
@with_filters
@with_pager
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[EVENT-ID]...",
            help="Events to cite, by id (default: every selected event).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CiteFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, bibtex (LaTeX) or csl-json (Zotero, pandoc --citeproc).",
            case_sensitive=False,
        ),
    ] = CiteFormat.TEXT,
    output: OutputOpt = None,
    lang: LangOpt = None,
    *,
    filters: FilterArgs,
) -> int:
    """Cite events: their sources with the quotes, as BibTeX, CSL-JSON or text.

    One entry per citation of each event, keyed by the event id (ID-2, ID-3 for
    an event citing several sources); its note quotes the source and names the
    event it supports. Takes the same filters as show.

    \b
    Examples:
      policytl cite zgc-blockchain-alliance-founded
      policytl cite --since 2019 -f bibtex -o policy.bib
      policytl cite -j beijing -f csl-json > policy.json
    """
    from policytl.analyze.cite import choose, render
    from policytl.analyze.query import select

    chosen_lang = default_lang(lang)
    to_file = None if output == "-" else output
    if to_file is not None:
        _run_mod.check_output("-o", to_file, filters.data)
    selected = filters.filters()
    timeline = filters.load()
    events = select(timeline, selected)
    if ids:
        wanted = choose(timeline, ids)
        kept = {e.id for e in events}
        left_out = [e.id for e in wanted if e.id not in kept]
        if left_out:
            raise UsageError(f"event {left_out[0]!r} is not selected by {selected.describe()}")
        events = wanted
    if not events:
        no_match(selected)
    text = render(timeline, events, fmt, chosen_lang)
    if to_file is not None:
        from policytl.files.write import write_atomic

        write_atomic(to_file, text)
    elif fmt is CiteFormat.CSL_JSON:
        write_json(text)
    else:
        write_stdout(text)
    return ExitStatus.OK


__all__ = [
    "DataError",
    "FilterArgs",
    "LoadError",
    "PolicytlGroup",
    "app",
    "emit",
    "env_of",
    "fatal",
    "load_data",
    "with_filters",
    "write_json",
    "write_stdout",
]
