"""Entry point of the ``policytl`` command and of ``python -m policytl``.

``policytl --version`` answers before anything else is imported; every other
command line goes to the Typer app (policytl.cli.app), and each command imports
the parts of the core it uses when it runs.
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
    from policytl.cli.app import main as run_app

    return run_app(args)


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
        from policytl.cli.output import message

        message(
            f"warning: the output encoding ({lost}) cannot show every character; "
            "they are shown as '?' (set PYTHONIOENCODING=utf-8 to see them all)"
        )
    return code


def _output_failed(exc: Exception) -> int:
    """Standard output failed outside policytl.cli.app.run: the same line and status."""
    from policytl.cli.app import output_failed

    return output_failed(exc)


if __name__ == "__main__":
    main()
