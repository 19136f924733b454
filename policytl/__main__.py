"""Entry point of the ``policytl`` command and of ``python -m policytl``.

Imports are deferred: ``policytl --version`` answers without loading the CLI
framework; ``show`` and ``export`` command lines that policytl.cli.fastargs fully
understands run without Typer (policytl.cli.run); everything else goes to the
Typer app in policytl.cli.app, and each command imports only what it uses.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    from policytl.cli import stdio

    restore = stdio.install()
    try:
        status = _main(args)  # None: --version, which returns rather than exits
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except (stdio.OutputError, stdio.PipeClosed) as exc:  # only --version writes outside run()
        status = _output_failed(exc)
    try:
        code = _finish(status or 0)
    finally:
        restore()
    if status is not None or code:
        sys.exit(code)


def _main(args: list[str]) -> int | None:
    if args == ["--version"]:
        from policytl._version import __version__

        sys.stdout.write(f"policytl {__version__}\n")
        return None
    if args[:1] in (["--show-completion"], ["--install-completion"]) and len(args) <= 2:
        # the shell is optional (Typer's options would read it as a stray word)
        from policytl.cli.run import completion, run

        return run(lambda: completion(args[0], args[1] if len(args) > 1 else None), False)
    fast = _parse_fast(args)
    if fast is not None:
        from policytl.cli.run import run_parsed

        return run_parsed(*fast)
    from policytl.cli.app import app

    if args and not args[0].startswith("-"):
        # Typer turns every registered command into a Click command before parsing;
        # when the command line names one, build only that one (the others would be
        # built, and thrown away, on every start). An unknown name keeps them all,
        # so Click's "No such command" message still lists the right choices.
        registered = app.registered_commands
        only = [c for c in registered if _command_name(c) == args[0]]
        if only:
            app.registered_commands = only
            try:
                app(args=args, prog_name="policytl")
            finally:
                app.registered_commands = registered
            return 0
    app(args=args, prog_name="policytl")
    return 0


def _finish(code: int) -> int:
    """Flush what is left on stdout (a full disk shows here for short outputs), then
    say once if the output encoding could not show every character."""
    from policytl.cli import stdio

    try:
        sys.stdout.flush()
    except (stdio.OutputError, stdio.PipeClosed) as exc:
        code = code or _output_failed(exc)
    lost = stdio.lost_characters()
    if lost:
        from policytl.cli.run import message

        message(
            f"warning: the output encoding ({lost}) cannot show every character; "
            "they are shown as '?' (set PYTHONIOENCODING=utf-8 to see them all)"
        )
    return code


def _output_failed(exc: Exception) -> int:
    """Standard output failed outside policytl.cli.run.run: the same line and status as in it."""
    from policytl.cli.run import output_failed

    return output_failed(exc)


def _parse_fast(args: list[str]) -> tuple[str, dict[str, object]] | None:
    if not args or args[0].startswith("-"):
        return None  # root options and help are Typer's
    import os

    from policytl.cli.fastargs import parse

    try:
        return parse(args, os.environ)
    except Exception:  # a bug here must not cost the user a traceback: Typer reads it
        return None


def _command_name(info: object) -> str:
    name = getattr(info, "name", None)
    if name:
        return str(name)
    callback = getattr(info, "callback", None)
    return str(getattr(callback, "__name__", "")).replace("_", "-")


if __name__ == "__main__":
    main()
