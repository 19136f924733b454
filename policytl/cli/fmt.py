"""``policytl fmt``: put timeline files in canonical form, keeping every comment."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus


def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        options.paths("YAML files or folders to format (default: --data / $POLICYTL_DATA)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; list the files that would change, exit 1."),
    ] = False,
    show_diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; show what would change as a diff.")
    ] = False,
    max_bytes: options.MaxBytes = None,
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

    from policytl.cli.data import data_paths
    from policytl.cli.output import message, plural, report_problems, write_stdout
    from policytl.curate.check import check_texts
    from policytl.curate.fmt import format_text
    from policytl.files.edit import edit_all
    from policytl.load.loader import expand_paths
    from policytl.model.errors import PolicytlError, Severity, UsageError
    from policytl.model.limits import DEFAULT_MAX_BYTES
    from policytl.model.textsafe import for_terminal, for_terminal_line

    targets = list(paths or []) or data_paths(None)
    if not targets:
        raise UsageError("name the files to format (fmt never formats the embedded data set)")
    files = [str(f) for f in expand_paths(targets)]
    # locked until the command ends: no other policytl edit runs on them meanwhile
    edits = ctx.with_resource(edit_all(files, max_bytes or DEFAULT_MAX_BYTES))
    texts = {f: edits[f].text for f in files}
    timeline, problems = check_texts(texts, [], max_bytes)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if timeline is None or errors:
        report_problems(errors or problems, env_of(ctx).color)
        raise PolicytlError(
            f"not formatted: {plural(len(errors), 'error')} in "
            f"{', '.join(map(for_terminal_line, files))} "
            "(fmt writes only files that validate)"
        )
    changed: list[str] = []
    for f, old in texts.items():
        if f.lower().endswith(".json"):
            message(f"skipped {for_terminal_line(f)}: fmt formats YAML files only")
            continue
        new = format_text(old, for_terminal_line(f))
        if new == old:
            continue
        changed.append(f)
        shown = for_terminal_line(f)
        if show_diff:
            lines = difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"a/{shown}",
                f"b/{shown}",
            )
            write_stdout(for_terminal("".join(lines)))  # no raw control or bidi override
        elif check:
            write_stdout(f"{shown}\n")
        else:
            edits[f].write_text(new)
    unchanged = len(texts) - len(changed)
    if not (check or show_diff):
        message(f"{plural(len(changed), 'file')} reformatted, {unchanged} already canonical")
        return ExitStatus.OK
    if changed:
        message(
            f"{plural(len(changed), 'file')} would be reformatted, {unchanged} already canonical"
        )
    else:
        message(f"{plural(unchanged, 'file')} already canonical")
    return ExitStatus.ERROR if check and changed else ExitStatus.OK
