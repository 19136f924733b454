"""``policytl init``: start a timeline of one's own, with its JSON Schema beside it."""

from typing import Annotated

import typer

from policytl.cli.status import ExitStatus


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

    from policytl.cli.data import check_paths
    from policytl.cli.output import message
    from policytl.curate.skeleton import SCHEMA_FILE, TIMELINE_FILE, skeleton
    from policytl.files.write import write_atomic
    from policytl.load.loader import json_schema_text
    from policytl.model.errors import PolicytlError

    check_paths([directory], "DIR")
    targets = [os.path.normpath(os.path.join(directory, n)) for n in (TIMELINE_FILE, SCHEMA_FILE)]
    there = [t for t in targets if os.path.lexists(t)]
    if there:
        raise PolicytlError(
            f"{' and '.join(there)} already exist{'s' if len(there) == 1 else ''}; "
            "init never overwrites a file (choose another folder)"
        )
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise PolicytlError(f"{directory} is not a folder")
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise PolicytlError(f"cannot create folder {directory}: {exc.strerror}") from None
    write_atomic(targets[1], json_schema_text())
    write_atomic(targets[0], skeleton())
    message(f"created {targets[0]} and {targets[1]}; next: policytl validate {targets[0]}")
    return ExitStatus.OK
