"""The policytl command line: a thin client of the policytl library.

This is the only module that prints. Data goes to stdout, messages to
stderr; errors from the core become one clear line and an exit code
(see policytl.status). No traceback reaches a user without --debug.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer._click.exceptions import ClickException
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from ._version import __version__
from .context import Environment
from .errors import DataError, LoadError, PolicytlError, UsageError
from .model import Lang, Timeline
from .status import ExitStatus

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
        debug = "--debug" in argv or os.environ.get("POLICYTL_DEBUG", "") not in ("", "0")
        code = _run(
            lambda: super(PolicytlGroup, self).main(
                argv, prog_name or "policytl", complete_var, standalone_mode=False, **extra
            ),
            debug,
        )
        if standalone_mode:
            sys.exit(code)
        return code


def _message(text: str) -> None:
    sys.stderr.write(f"policytl: {text}\n")
    sys.stderr.flush()


def _run(call: Callable[[], Any], debug: bool) -> int:
    try:
        rv = call()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except ClickUsageError as exc:
        if debug:
            raise
        exc.show()
        return ExitStatus.USAGE
    except ClickException as exc:
        if debug:
            raise
        exc.show()
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        _message("interrupted")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`policytl show | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitStatus.OK
    except UsageError as exc:
        if debug:
            raise
        _message(f"error: {exc}")
        return ExitStatus.USAGE
    except PolicytlError as exc:
        if debug:
            raise
        _message(f"error: {exc}")
        return ExitStatus.ERROR
    except Exception as exc:
        if debug:
            raise
        _message(
            f"internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug to see the traceback)"
        )
        return ExitStatus.ERROR
    if isinstance(rv, int):
        return rv
    return ExitStatus.OK


def fatal(message: str, status: ExitStatus = ExitStatus.ERROR) -> NoReturn:
    """Leave with one line on stderr and an exit code."""
    _message(message)
    raise typer.Exit(int(status))


app = typer.Typer(
    name="policytl",
    cls=PolicytlGroup,
    help="Validate, filter, compare, render and export timelines of dated policy events.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


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
) -> None:
    """Validate, filter, compare, render and export timelines of dated policy events.

    With no --data, commands use the curated data set embedded in policytl
    (Beijing's blockchain policy path, after a PANews analysis of 2020-07-01).
    """
    ctx.obj = Environment.from_os(debug=debug)


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


def _complete_bodies(incomplete: str) -> list[str]:
    return [b for b in _completion_timeline_ids("bodies") if b.startswith(incomplete)]


def _complete_jurisdictions(incomplete: str) -> list[str]:
    return [j for j in _completion_timeline_ids("jurisdictions") if j.startswith(incomplete)]


def _complete_tags(incomplete: str) -> list[str]:
    return [t for t in _completion_timeline_ids("tags") if t.startswith(incomplete)]


def _complete_kinds(incomplete: str) -> list[str]:
    return [k for k in _completion_timeline_ids("kinds") if k.startswith(incomplete)]


def _completion_timeline_ids(what: str) -> list[str]:
    try:
        tl = load_data(None)
    except PolicytlError:
        return []
    if what == "bodies":
        return sorted(tl.bodies)
    if what == "jurisdictions":
        return sorted(tl.jurisdictions)
    if what == "kinds":
        return sorted({e.kind for e in tl.events})
    return sorted({t for e in tl.events for t in e.tags})


@dataclass(frozen=True)
class FilterArgs:
    """The selection options as given on the command line."""

    data: tuple[str, ...]
    since: str | None
    until: str | None
    strict: bool
    body: tuple[str, ...]
    lead_only: bool
    include_children: bool
    jurisdiction: tuple[str, ...]
    tag: tuple[str, ...]
    kind: tuple[str, ...]
    search: str | None
    max_bytes: int | None
    no_cache: bool = False

    def filters(self) -> Any:
        from .query import Filters

        return Filters(
            since=self.since,
            until=self.until,
            strict=self.strict,
            bodies=self.body,
            lead_only=self.lead_only,
            include_children=self.include_children,
            jurisdictions=self.jurisdiction,
            tags=self.tag,
            kinds=self.kind,
            search=self.search,
        )

    def load(self) -> Timeline:
        return load_data(self.data, max_bytes=self.max_bytes, no_cache=self.no_cache)

    def select(self) -> tuple[Timeline, Any]:
        """Load the data and select events: (timeline with only those events, Filters)."""
        from .query import select

        filters = self.filters()  # usage errors in dates come before loading
        timeline = self.load()
        return timeline.with_events(select(timeline, filters)), filters


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


def data_paths(paths: Sequence[str] | None) -> list[str] | None:
    """Paths given with --data, else $POLICYTL_DATA (os.pathsep-separated), else None."""
    if paths:
        return list(paths)
    env = os.environ.get("POLICYTL_DATA", "")
    if env:
        return [p for p in env.split(os.pathsep) if p]
    return None


def load_data(
    paths: Sequence[str] | None, *, max_bytes: int | None = None, no_cache: bool = False
) -> Timeline:
    """Load --data / $POLICYTL_DATA / the embedded set, through the parsed-data cache
    unless ``no_cache`` or $POLICYTL_NO_CACHE (see policytl.cache)."""
    from .loader import load_timeline
    from .yamlsafe import DEFAULT_MAX_BYTES

    return load_timeline(
        data_paths(paths),
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        cache=False if no_cache else None,
        # A large timeline lives until the command ends: keep the cyclic GC off it
        # (see load_timeline); small ones (tests, the embedded set) are left be.
        freeze_from=_FREEZE_FROM,
    )


_FREEZE_FROM = 5_000


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


LangOpt = Annotated[
    Lang,
    typer.Option("--lang", "-l", help="Language of texts: zh, en or both.", case_sensitive=False),
]


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# --- validate -----------------------------------------------------------------------------


@app.command()
def validate(
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
    Exits 0 when the data is valid, 1 when it is not.

    \b
    Examples:
      policytl validate
      policytl validate data/timeline.yaml more-events/
      policytl validate --format json mydata.yaml
    """
    from .errors import Severity
    from .loader import EMBEDDED_NAME, check_files
    from .yamlsafe import DEFAULT_MAX_BYTES

    targets = list(paths or []) or data_paths(data)
    timeline, problems = check_files(targets, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
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
        write_stdout(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return ExitStatus.ERROR if failed else ExitStatus.OK
    from .textsafe import one_line

    lines = [one_line(str(p)) for p in problems]
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
    write_stdout("\n".join(lines) + "\n")
    return ExitStatus.ERROR if failed else ExitStatus.OK


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


# --- show, bodies, tags, kinds, jurisdictions (issue 3) ----------------------------------

_SECTION_0 = "show"


# --- export (issue 4) --------------------------------------------------------------------

_SECTION_1 = "export"


# --- compare, diff (issue 5) -------------------------------------------------------------

_SECTION_2 = "compare"


# --- stats (issue 6) ---------------------------------------------------------------------

_SECTION_3 = "stats"


__all__ = [
    "DataError",
    "FilterArgs",
    "LoadError",
    "PolicytlGroup",
    "app",
    "env_of",
    "fatal",
    "load_data",
    "with_filters",
    "write_stdout",
]
