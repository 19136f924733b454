"""The policytl command line: the Typer app, its root options, and the one way out.

Each command is declared in a module of its own (policytl.cli.show,
policytl.cli.export, ...) and registered here, in the order ``policytl --help``
lists them; the options several commands share are in policytl.cli.options.
A command parses, calls the core and prints; it fails by raising the core's
exceptions (policytl.model.errors), which :func:`run` turns into one line on
stderr and an exit code (policytl.cli.status), as it does for Click's usage
errors, Ctrl-C and a standard output that went away. No traceback reaches a
user without --debug.

Typer reads the annotations at run time: no ``from __future__ import annotations``.
"""

import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from policytl.cli import (
    add_entry,
    archive,
    cite,
    compare,
    diff,
    diffuse,
    docstatus,
    edit,
    export,
    fmt,
    import_cmd,
    init,
    linkcheck,
    listing,
    schema,
    show,
    stats,
    stdio,
    trace,
    upcoming,
    validate,
    verify,
)
from policytl.cli.context import Environment
from policytl.cli.output import message
from policytl.cli.status import ExitStatus
from policytl.model.errors import LoadError, PolicytlError, UsageError

__all__ = ["PolicytlGroup", "app", "debug_from", "main", "run", "usage_message"]


# --- the one way out ----------------------------------------------------------------------


class Interrupted(Exception):
    """Ctrl-C in a command (Typer would turn the KeyboardInterrupt into exit 130 silently)."""


def debug_from(argv: Sequence[str]) -> bool:
    """--debug anywhere on the command line, or $POLICYTL_DEBUG set (and not 0)."""
    return "--debug" in argv or os.environ.get("POLICYTL_DEBUG", "") not in ("", "0")


def output_failed(exc: Exception) -> int:
    """The exit status, and the line on stderr, when writing to stdout failed."""
    stdio.silence(sys.stdout)
    if isinstance(exc, stdio.OutputError):
        message(f"error: {exc}")
        return ExitStatus.ERROR
    # The reader went away (`policytl show | head`): stop quietly.
    return ExitStatus.OK


def run(call: Callable[[], Any], debug: bool) -> int:
    """Call a command and turn what it returns or raises into an exit status."""
    from policytl.cli.data import path_problem
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
        return output_failed(stdio.PipeClosed())
    except (stdio.PipeClosed, stdio.OutputError) as exc:
        return output_failed(exc)
    except PolicytlError as exc:
        if debug:
            raise
        message(f"error: {exc}")
        if isinstance(exc, UsageError):
            return ExitStatus.USAGE
        # a file that cannot be opened at all is 2, as in diff (where 1 means "differ")
        unreadable = isinstance(exc, LoadError) and exc.unreadable
        return ExitStatus.USAGE if unreadable else ExitStatus.ERROR
    except UnicodeEncodeError as exc:
        if debug or not _undecoded(exc):
            raise
        # bytes of the command line that are not UTF-8 (Python keeps them as surrogates)
        raw = exc.object[exc.start : exc.end].encode("utf-8", "surrogateescape")
        message(
            f"error: the command line holds bytes that are not UTF-8 text ({raw!r}); "
            "give text options as UTF-8"
        )
        return ExitStatus.USAGE
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
    return rv if isinstance(rv, int) else ExitStatus.OK


def _undecoded(exc: UnicodeEncodeError) -> bool:
    """Whether ``exc`` is about characters that stand for undecodable bytes (U+DC80..)."""
    bad = exc.object[exc.start : exc.end]
    return bool(bad) and all("\udc80" <= c <= "\udcff" for c in bad)


def _is(exc: BaseException, name: str) -> bool:
    """Whether ``exc`` is one of Click's exceptions called ``name``. Typer 0.28 bundles
    Click privately (only BadParameter is exported), so they are known by name."""
    return any(cls.__name__ == name for cls in type(exc).__mro__)


def _run_click(call: Callable[[], Any], debug: bool, argv: Sequence[str]) -> int:
    """:func:`run`, with Click's exceptions turned into messages and statuses first."""

    def click_call() -> Any:
        try:
            return call()
        except typer.Exit as exc:
            return int(exc.exit_code)
        except typer.Abort:
            raise KeyboardInterrupt from None
        except Exception as exc:
            if not _is(exc, "ClickException") or debug:
                raise
            if _is(exc, "NoArgsIsHelpError"):
                exc.show()  # type: ignore[attr-defined]  # `policytl` alone: the help, on stderr
                return ExitStatus.USAGE
            if _is(exc, "UsageError"):
                message(f"error: {usage_message(exc, argv)}")
                return ExitStatus.USAGE
            exc.show()  # type: ignore[attr-defined]
            return int(exc.exit_code)  # type: ignore[attr-defined]

    return run(click_call, debug)


def usage_message(exc: Any, argv: Sequence[str] = ()) -> str:
    """Click's usage error as policytl's one line: the problem, a did-you-mean hint
    when one is close, and where to read more ("see 'policytl show --help'")."""
    import difflib
    import re

    from policytl.model.textsafe import one_line

    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "policytl"
    if path == "policytl" and argv and argv[0] in _command_names(ctx):
        path = f"policytl {argv[0]}"  # an error Click raised before it made the context
    param = getattr(exc, "param", None)
    if _is(exc, "NoSuchOption"):
        text = f"no such option: {exc.option_name}"
        names = []
        if ctx is not None:
            for p in ctx.command.get_params(ctx):
                names += [*p.opts, *p.secondary_opts]
        close = difflib.get_close_matches(exc.option_name, names, n=1, cutoff=0.6)
        if close:
            text += f"; did you mean {close[0]}?"
    elif (
        _is(exc, "BadParameter")
        and not _is(exc, "MissingParameter")
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


def _command_names(ctx: Any) -> set[str]:
    if ctx is not None:
        return set(getattr(ctx.find_root().command, "commands", {}))
    # an error raised before Click made a context: the names the app registers
    return {
        c.name or c.callback.__name__.replace("_", "-")
        for c in app.registered_commands
        if c.callback is not None
    }


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
        if os.environ.get("_POLICYTL_COMPLETE"):
            # Typer registers its bash, zsh and fish answers here (its own options are off)
            from typer.completion import get_completion_inspect_parameters

            get_completion_inspect_parameters()
        code = _run_click(
            lambda: super(PolicytlGroup, self).main(
                argv, prog_name or "policytl", complete_var, standalone_mode=False, **extra
            ),
            debug_from(argv),
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
            raise stdio.PipeClosed from None
        except KeyboardInterrupt:
            raise Interrupted from None


def summary(help_text: str) -> str:
    """The first paragraph of a command's help, on one line."""
    import inspect

    first = inspect.cleandoc(help_text).split("\n\n", 1)[0]
    return " ".join(first.replace("\b", " ").split())


# --- the app and its root options -----------------------------------------------------------

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
        from policytl.cli.completion import answer

        raise typer.Exit(answer(max(param.opts, key=len), value))


def _version_callback(value: bool) -> None:
    if value:
        from policytl._version import __version__

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
    ctx.obj = Environment.from_os(debug=debug or debug_from(()))


# The commands, in the order of `policytl --help`.
app.command()(validate.validate)
app.command()(show.show)
listing.register(app)
app.command()(export.export)
app.command()(compare.compare)
app.command()(diffuse.diffuse)
app.command()(diff.diff)
app.command()(init.init)
app.command()(schema.schema)
app.command()(fmt.fmt)
app.add_typer(add_entry.app, name="add")
app.command(name="import")(import_cmd.import_)
app.command()(stats.stats)
app.command()(cite.cite)
app.command()(docstatus.status)
app.command()(upcoming.upcoming)
app.command()(trace.trace)
app.command()(verify.verify)
app.command()(archive.archive)
app.command()(linkcheck.linkcheck)
app.command(name="set")(edit.set_)
app.command()(edit.tag)
app.command()(edit.remove)
app.command()(edit.rename)


def main(args: list[str]) -> int:
    """Run the command line ``args``; the exit status."""
    if args[:1] in (["--show-completion"], ["--install-completion"]) and len(args) <= 2:
        # the shell is optional (Typer's options would read it as a stray word)
        from policytl.cli.completion import answer

        shell = args[1] if len(args) > 1 else None
        return run(lambda: answer(args[0], shell), debug_from(args))
    command = typer.main.get_command(app)
    return int(command.main(args=args, prog_name="policytl", standalone_mode=False))
