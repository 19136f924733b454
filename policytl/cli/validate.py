"""``policytl validate``: check timeline files and list every problem."""

from collections.abc import Sequence
from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.output import (
    paint,
    plural,
    problem_line,
    write_json,
    write_painted,
    write_stdout,
)
from policytl.cli.status import ExitStatus
from policytl.model.errors import Problem


@options.paged
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        options.paths(
            "Files or folders to check (default: --data, $POLICYTL_DATA, the project's "
            "timeline.yaml here or in a parent folder, else the embedded data set)."
        ),
    ] = None,
    data: options.Data = None,
    fmt: Annotated[
        options.OutputFormat,
        typer.Option("--format", "-f", help="text, or json for editors and CI."),
    ] = options.OutputFormat.TEXT,
    warnings_as_errors: Annotated[
        bool,
        typer.Option(
            "--strict",
            "--warnings-as-errors",
            "-W",
            help="Fail on warnings too (a citation without a quote, an unquoted date ...).",
        ),
    ] = False,
    max_bytes: options.MaxBytes = None,
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
    from policytl.cli.data import check_paths, data_paths, path_error, refuse_closed_stdin
    from policytl.load.loader import EMBEDDED_NAME, check_files
    from policytl.model.errors import Severity
    from policytl.model.limits import DEFAULT_MAX_BYTES
    from policytl.model.textsafe import dump_json, one_line

    env = env_of(ctx)
    check_paths(paths or [], "PATH")
    targets = list(paths or []) or data_paths(data)
    refuse_closed_stdin(targets or ())
    try:
        timeline, problems = check_files(targets, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    except OSError as exc:
        if exc.filename is None:
            raise
        raise path_error(exc) from None
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
    if fmt is options.OutputFormat.JSON:
        doc = {
            "ok": not failed,
            "files": list(files),
            "counts": counts,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_json() for p in problems],
        }
        write_json(dump_json(doc))
        return _status(problems, failed)
    lines = [problem_line(p, env.color) for p in problems]
    where = ", ".join(files)
    if timeline is not None and counts is not None and not failed:
        lines.append(
            f"ok: {plural(counts['events'], 'event')}, "
            f"{plural(counts['bodies'], 'body', 'bodies')}, "
            f"{plural(counts['sources'], 'source')}, "
            f"{plural(counts['jurisdictions'], 'jurisdiction')} in {where}"
            + (f" ({plural(warnings, 'warning')})" if warnings else "")
        )
    else:
        lines.append(
            f"invalid: {plural(errors, 'error')}, {plural(warnings, 'warning')} in {where}"
        )
    lines[-1] = one_line(lines[-1])  # file names may hold control characters too
    if env.color:
        lines[-1] = paint(lines[-1], "bold red" if failed else "green")
    (write_painted if env.color else write_stdout)("\n".join(lines) + "\n")
    return _status(problems, failed)


def _status(problems: Sequence[Problem], failed: bool) -> int:
    """0 valid, 1 invalid, 2 when a named path cannot be opened at all (as everywhere)."""
    from policytl.model.errors import unreadable

    if any(unreadable(p) for p in problems):
        return ExitStatus.USAGE
    return ExitStatus.ERROR if failed else ExitStatus.OK
