"""Entry point of the ``policytl`` command and of ``python -m policytl``.

Imports are deferred: ``policytl --version`` answers without loading the CLI
framework, and each command imports only what it uses.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from ._version import __version__

        sys.stdout.write(f"policytl {__version__}\n")
        return
    from .cli import app

    app(args=args, prog_name="policytl")


if __name__ == "__main__":
    main()
