"""What the commands do once their arguments are known: the Typer-free half of the CLI.

The command line is this module, ``cli.py``, :mod:`policytl.cli.fastargs` and
``__main__``; this module and ``cli.py`` (and ``__main__``, for ``--version``)
are the only code that prints. ``cli.py`` declares every command for Typer
(options, help, completion) and calls in here; :mod:`policytl.cli.fastargs` parses
the common ``show`` and ``export`` command lines without Typer, and
``__main__`` then calls in here too, so that those commands start without
importing Typer at all.

Data goes to stdout, messages to stderr; errors from the core become one clear
line and an exit code (see :mod:`policytl.cli.status`). No traceback reaches a user
without --debug.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from policytl.cli import stdio as _stdio
from policytl.cli.context import Environment
from policytl.cli.status import ExitStatus
from policytl.export import Format as ExportFormat
from policytl.export import Group as ExportGroup
from policytl.export import Style as ExportStyle
from policytl.model.errors import LoadError, PolicytlError, UsageError
from policytl.model.records import Lanes, Lang, Timeline

# typing.TYPE_CHECKING without importing typing (start-up time; see policytl/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import RenderableType

    from policytl.analyze.query import Filters


# --- the one way out ----------------------------------------------------------------------


#: the reader of stdout went away (see policytl.cli.stdio)
PipeClosed = _stdio.PipeClosed


class Interrupted(Exception):
    """Ctrl-C in a Typer command (Typer would turn the KeyboardInterrupt into exit 130)."""


def message(text: str) -> None:
    """One line on stderr, prefixed with the program name (a closed or full stderr
    loses the line, never the exit status)."""
    from policytl.model.textsafe import for_terminal

    # Messages echo data (ids, file names): no control character reaches the terminal.
    try:
        sys.stderr.write(f"policytl: {for_terminal(text)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        _stdio.silence(sys.stderr)


def output_failed(exc: Exception) -> int:
    """The exit status, and the line on stderr, when writing to stdout failed."""
    _stdio.silence(sys.stdout)
    if isinstance(exc, _stdio.OutputError):
        message(f"error: {exc}")
        return ExitStatus.ERROR
    # The reader went away (`policytl show | head`): stop quietly.
    return ExitStatus.OK


def run(call: Callable[[], Any], debug: bool) -> int:
    """Call a command and turn what it returns or raises into an exit status."""
    from policytl.files.write import Terminated

    try:
        rv = call()
    except (KeyboardInterrupt, Interrupted):
        message("interrupted")
        return ExitStatus.INTERRUPTED
    except Terminated as exc:
        # a terminating signal while a file was being written: its temporary file is gone
        message("terminated")
        return int(exc.code or ExitStatus.TERMINATED)
    except BrokenPipeError:
        return output_failed(PipeClosed())
    except (_stdio.PipeClosed, _stdio.OutputError) as exc:
        return output_failed(exc)
    except UsageError as exc:
        if debug:
            raise
        message(f"error: {exc}")
        return ExitStatus.USAGE
    except LoadError as exc:
        if debug:
            raise
        message(f"error: {exc}")
        # a file that cannot be opened at all is 2, as in diff (where 1 means "differ")
        return ExitStatus.USAGE if exc.unreadable else ExitStatus.ERROR
    except PolicytlError as exc:
        if debug:
            raise
        message(f"error: {exc}")
        return ExitStatus.ERROR
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, OSError) and exc.filename is not None:
            # A path the core did not expect to fail (a name over 255 bytes, a loop of
            # links): a named file that cannot be used at all, 2 as for a missing one
            message(f"error: {path_problem(exc)}")
            return ExitStatus.USAGE
        message(
            f"internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug to see the traceback)"
        )
        return ExitStatus.ERROR
    if isinstance(rv, int):
        return rv
    return ExitStatus.OK


def path_problem(exc: OSError) -> str:
    """``FILE: reason`` for an OSError about a path."""
    reason = exc.strerror or str(exc)
    return f"{os.fsdecode(exc.filename)}: {reason[:1].lower()}{reason[1:]}"


def debug_from(argv: Sequence[str]) -> bool:
    """--debug anywhere on the command line, or $POLICYTL_DEBUG set (and not 0)."""
    return "--debug" in argv or os.environ.get("POLICYTL_DEBUG", "") not in ("", "0")


# --- loading and selecting ----------------------------------------------------------------


def data_paths(paths: Sequence[str] | None) -> list[str] | None:
    """Paths given with --data, else $POLICYTL_DATA (os.pathsep-separated), else None.

    An empty path (``--data "$UNSET"``, ``POLICYTL_DATA=a.yaml:``) is a usage error:
    read as the current folder, it would load whatever YAML happens to be there.
    An empty $POLICYTL_DATA is the same as an unset one.
    """
    if paths:
        check_paths(paths, "--data")
        return list(paths)
    env = os.environ.get("POLICYTL_DATA", "")
    if env:
        parts = env.split(os.pathsep)
        if "" in parts:
            raise UsageError(
                f"$POLICYTL_DATA has an empty entry ({env!r}): "
                f"give files or folders separated by {os.pathsep!r}"
            )
        return parts
    return None


def check_paths(paths: Iterable[str], what: str) -> None:
    """UsageError for an empty path (an unset shell variable, most likely)."""
    if any(p == "" for p in paths):
        raise UsageError(
            f"{what} '': the path is empty (an unset variable?); give a file or folder"
        )


def load_data(
    paths: Sequence[str] | None, *, max_bytes: int | None = None, no_cache: bool = False
) -> Timeline:
    """Load --data / $POLICYTL_DATA / the embedded set, through the parsed-data cache
    unless ``no_cache`` or $POLICYTL_NO_CACHE (see policytl.load.cache)."""
    from policytl.load.loader import load_timeline
    from policytl.model.limits import DEFAULT_MAX_BYTES

    files = data_paths(paths)
    try:
        return load_timeline(
            files,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES,
            cache=False if no_cache else None,
            # A large timeline lives until the command ends: keep the cyclic GC off it
            # (see load_timeline); small ones (tests, the embedded set) are left be.
            freeze_from=FREEZE_FROM,
        )
    except OSError as exc:
        if exc.filename is None:
            raise
        raise path_error(exc) from None


def path_error(exc: OSError) -> PolicytlError:
    """A LoadError naming the file, for an OSError on a data path (a name too long...)."""
    from policytl.model.errors import LoadError, Problem

    reason = exc.strerror or str(exc)
    name = os.fsdecode(exc.filename)
    return LoadError(Problem(name, None, None, "", f"cannot read: {reason}"))


def input_files(paths: Sequence[str] | None) -> list[str]:
    """The files that --data / $POLICYTL_DATA / the embedded set name (folders expanded);
    those that cannot be found are left out (loading them reports why)."""
    from policytl.load.loader import embedded_path, expand_paths

    given = data_paths(paths)
    if given is None:
        embedded = embedded_path()
        return [] if embedded is None else [str(embedded)]
    out: list[str] = []
    for path in given:
        with contextlib.suppress(PolicytlError, OSError):
            out.extend(str(p) for p in expand_paths([path]))
    return out


def check_output(option: str, path: str, data: Sequence[str] | None) -> None:
    """Before anything is loaded: UsageError for an output that is one of the input files
    (``-o v.yaml --data v.yaml``, ``./v.yaml``, a hard or symbolic link to it), and the
    errors fileio.write_atomic would give (read-only file, missing folder, ``newdir/``)."""
    from policytl.files.write import check_target, same_file

    if path == "":
        raise UsageError(f"{option} '': the file name is empty (an unset variable?)")
    for name in input_files(data):
        if same_file(path, name):
            shown = path if name == path else f"{path} ({name})"
            raise UsageError(
                f"{option} {shown} is one of the input files; "
                "refusing to overwrite it (write to another file)"
            )
    check_target(path)


#: timelines of at least this many events are frozen out of the cyclic GC
FREEZE_FROM = 5_000


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

    def filters(self) -> Filters:
        from policytl.analyze.query import Filters

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

    def select(self) -> tuple[Timeline, Filters]:
        """Load the data and select events: (timeline with only those events, Filters)."""
        from policytl.analyze.query import select

        filters = self.filters()  # usage errors in dates come before loading
        timeline = self.load()
        return timeline.with_events(select(timeline, filters)), filters


# --- output -------------------------------------------------------------------------------


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_json(text: str) -> None:
    """JSON text on stdout: as it is, or with ``\\uXXXX`` escapes where the output
    encoding cannot hold a character (the same data to a JSON parser, nothing lost)."""
    if not _stdio.can_encode(text):
        from policytl.model.textsafe import json_ascii

        text = json_ascii(text)
    write_stdout(text)


def default_lang(lang: Lang | None) -> Lang:
    """The --lang given, else $POLICYTL_LANG, else the config file's, else both
    (policytl.cli.settings.resolve_lang): the same for every command, width and pipe."""
    from policytl.cli.settings import resolve_lang

    return resolve_lang(lang)


def emit(
    env: Environment,
    renderables: Iterable[RenderableType],
    svg: str | None = None,
    title: str = "policytl",
) -> None:
    """Print Rich renderables on stdout one by one; with ``svg``, also save them as SVG.

    Trailing blanks are trimmed so that piped output has no spaces at line ends.
    The SVG is recorded from the very console that prints, so it shows exactly
    what the terminal shows (with colours when the terminal has them, or with
    FORCE_COLOR=1). It is written atomically, after everything was printed.
    """
    from policytl.render import Trimmed

    console = env.console(record=svg is not None)
    # Rich exits with status 1 when the reader goes away (`policytl show | head`);
    # raise instead, so that run() stops quietly with status 0 as for any other write.
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    for renderable in renderables:
        console.print(Trimmed(renderable))
    if svg is not None:
        from policytl.files.write import write_atomic
        from policytl.render.svg import export_svg

        write_atomic(svg, export_svg(console, title))


def _broken_pipe() -> None:
    raise BrokenPipeError


def arrange(timeline: Timeline, limit: int | None, reverse: bool) -> Timeline:
    """The selected events newest first with ``reverse``, then the first ``limit`` of
    them (-n/--limit and --reverse: the same order and number in every format)."""
    if not reverse and (limit is None or limit >= len(timeline.events)):
        return timeline
    events = list(timeline.events)
    if reverse:
        events.reverse()
    return timeline.with_events(events[:limit])


#: SGR codes of the few styles painted without Rich (diff and validate)
_SGR = {"red": "31", "green": "32", "yellow": "33", "bold": "1"}


def paint(line: str, style: str) -> str:
    """``line`` (already safe: control characters escaped) in a colour of the terminal."""
    return f"\x1b[{_SGR[style]}m{line}\x1b[0m"


def paint_diff(text: str) -> str:
    """diff's text with + green, - red, ~ yellow and the file names bold."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith(("--- ", "+++ ")):
            line = paint(line, "bold")
        elif line.startswith("+ "):
            line = paint(line, "green")
        elif line.startswith("- "):
            line = paint(line, "red")
        elif line.startswith("~ "):
            line = paint(line, "yellow")
        out.append(line)
    return "\n".join(out) + "\n"


def no_match(selected: Filters) -> None:
    """Tell the user on stderr that the filters selected nothing (exit status stays 0)."""
    from policytl.model.textsafe import one_line

    if selected.empty:
        message("the data has no events")
    else:
        message(f"no event matches {one_line(selected.describe())}")


# --- show ---------------------------------------------------------------------------------


class ShowFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


#: --lanes of the chart (show --chart) and the HTML page (export -f html)
LanesOpt = Lanes


def show(env: Environment, *, no_pager: bool = False, **options: Any) -> int:
    """``policytl show``: the timeline view, the chart, or an export format (paged)."""
    from policytl.cli.pager import paging

    with paging(env, no_pager):
        return _show(env, **options)


def _show(
    env: Environment,
    *,
    filters: FilterArgs,
    lang: Lang | None = None,
    detail: bool = False,
    fmt: ShowFormat = ShowFormat.TEXT,
    chart: bool = False,
    lanes: LanesOpt = LanesOpt.JURISDICTION,
    svg: str | None = None,
    limit: int | None = None,
    reverse: bool = False,
) -> int:
    """``policytl show``: the timeline view, the chart, or an export format."""
    export_format = None
    if fmt is not ShowFormat.TEXT:
        if chart or svg is not None:
            raise UsageError(f"--chart and --svg draw the text view; not with --format {fmt}")
        export_format = ExportFormat(fmt.value)
    if svg is not None:
        check_output("--svg", svg, filters.data)
    lang = default_lang(lang)
    timeline, selected = filters.select()
    timeline = arrange(timeline, limit, reverse)
    if not timeline.events:
        no_match(selected)
    if export_format is not None:
        from policytl.export import ExportOptions, render

        described = "" if selected.empty else selected.describe()
        options = ExportOptions(lang=lang, filters=described)
        text = render(export_format, timeline, options)
        (write_json if export_format is ExportFormat.JSON else write_stdout)(text)
        return ExitStatus.OK
    if not timeline.events:
        return ExitStatus.OK
    if chart:
        from policytl.render.chart import chart as draw_chart

        emit(
            env,
            draw_chart(timeline, env.width, lanes, lang),
            svg,
            "policytl show --chart",
        )
        return ExitStatus.OK
    from policytl.render import plain

    if not env.color and svg is None and plain.usable(env.width):
        # No styles to draw: the same lines without Rich, streamed event by event.
        for piece in plain.plain_timeline(timeline, lang=lang, width=env.width, detail=detail):
            env.stdout.write(piece)
        env.stdout.flush()
        return ExitStatus.OK
    from policytl.render import wide

    if svg is None and not filters.search and wide.usable(env.width, detail):
        # The wide table without Rich's Table: the same characters and escape codes.
        # (--search highlights its matches: that view is Rich's.)
        console = env.console()
        console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
        for part in wide.wide_timeline(timeline, lang=lang, width=env.width, console=console):
            if isinstance(part, str):
                env.stdout.write(part)
            else:
                console.print(part)
        env.stdout.flush()
        return ExitStatus.OK
    from policytl.render.timeline import render_timeline

    emit(
        env,
        render_timeline(
            timeline, lang=lang, width=env.width, detail=detail, highlight=filters.search
        ),
        svg,
        "policytl show",
    )
    return ExitStatus.OK


# --- export -------------------------------------------------------------------------------

#: formats that each presentation option applies to (others ignore it, with a warning)
EXPORT_OPTION_FORMATS: dict[str, tuple[ExportFormat, ...]] = {
    "--lang": tuple(f for f in ExportFormat if f not in (ExportFormat.JSON, ExportFormat.CSV)),
    "--group": (ExportFormat.MARKDOWN, ExportFormat.HTML),
    "--style": (ExportFormat.MARKDOWN,),
    "--excel": (ExportFormat.CSV,),
    "--title": tuple(f for f in ExportFormat if f not in (ExportFormat.JSON, ExportFormat.CSV)),
    "--lanes": (ExportFormat.HTML,),
}


def export_date() -> str:
    """The date an export shows as made (HTML footer): today in UTC, or the day of
    ``SOURCE_DATE_EPOCH`` (reproducible builds' convention) when that is set."""
    from datetime import UTC, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return datetime.now(UTC).date().isoformat()


def export(env: Environment, *, no_pager: bool = False, **options: Any) -> int:
    """``policytl export``: the selected events in one format, to stdout or a file
    (paged on a terminal)."""
    from policytl.cli.pager import paging

    with paging(env, no_pager):
        return _export(env, **options)


def _export(
    env: Environment,
    *,
    filters: FilterArgs,
    fmt: ExportFormat = ExportFormat.MARKDOWN,
    output: str | None = None,
    lang: Lang | None = None,
    group: ExportGroup = ExportGroup.YEAR,
    style: ExportStyle = ExportStyle.LIST,
    excel: bool = False,
    title: str | None = None,
    lanes: LanesOpt = LanesOpt.JURISDICTION,
    limit: int | None = None,
    reverse: bool = False,
) -> int:
    """``policytl export``: the selected events in one format, to stdout or a file."""
    from policytl.export import ExportOptions, render

    given = {
        "--lang": lang is not None,
        "--group": group is not ExportGroup.YEAR,
        "--style": style is not ExportStyle.LIST,
        "--excel": excel,
        "--title": title is not None,
        "--lanes": lanes is not LanesOpt.JURISDICTION,
    }
    for option, used in given.items():
        if used and fmt not in EXPORT_OPTION_FORMATS[option]:
            message(f"warning: {option} does not apply to --format {fmt.value}; ignored")
    to_file = None if output == "-" else output
    if to_file is not None:
        check_output("-o", to_file, filters.data)
    resolved = default_lang(lang)
    timeline, chosen = filters.select()
    timeline = arrange(timeline, limit, reverse)
    described = chosen.describe()
    if not timeline.events:
        message(f"warning: no event matches {described}; the export has no events")
    options = ExportOptions(
        lang=resolved,
        group=group,
        style=style,
        excel=excel,
        title=title,
        filters="" if described == "(no filters)" else described,
        lanes=lanes,
        generated=export_date(),
    )
    text = render(fmt, timeline, options)
    if to_file is not None:
        from policytl.files.write import write_atomic

        write_atomic(to_file, text)
        return ExitStatus.OK
    data = text.encode("utf-8")
    buffer = getattr(env.stdout, "buffer", None)
    if buffer is None:
        write_stdout(text)
    else:
        env.stdout.flush()
        buffer.write(data)
        buffer.flush()
    return ExitStatus.OK


# --- shell completion ---------------------------------------------------------------------


def completion(option: str, shell: str | None) -> int:
    """``policytl --show-completion [SHELL]`` and ``--install-completion [SHELL]``."""
    from policytl.cli.completion import install, script, shell_from

    name = shell_from(shell)
    if option == "--show-completion":
        write_stdout(script(name))
        return ExitStatus.OK
    path, changed = install(name)
    also = f" (and loaded from {', '.join(changed)})" if changed else ""
    message(f"{name} completion installed in {path}{also}; it works in new {name} sessions")
    return ExitStatus.OK


# --- the command lines policytl.cli.fastargs understands --------------------------------------

#: the commands that run without Typer when fastargs parses their command line
COMMANDS: dict[str, Callable[..., int]] = {"show": show, "export": export}

#: names of the FilterArgs fields (the shared selection options)
FILTER_NAMES = tuple(FilterArgs.__dataclass_fields__)


def run_parsed(command: str, values: dict[str, Any]) -> int:
    """Run a command whose options policytl.cli.fastargs parsed (Typer is never imported)."""
    debug = debug_from(())
    own = {k: v for k, v in values.items() if k not in FILTER_NAMES}
    filters = FilterArgs(**{k: v for k, v in values.items() if k in FILTER_NAMES})
    # the environment reads the settings: their errors are reported as any other
    return run(
        lambda: COMMANDS[command](Environment.from_os(debug=debug), filters=filters, **own),
        debug,
    )
