"""``policytl verify``: every quote looked up in its source's archived copy."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus

#: verify's and linkcheck's arguments and --format
TimelinePaths = Annotated[
    list[str] | None,
    options.paths(
        "Timeline files or folders (default: --data, $POLICYTL_DATA, the project's "
        "timeline.yaml here or in a parent folder, else the embedded data set)."
    ),
]
Format = Annotated[
    options.OutputFormat,
    options.choice("--format", "-f", help="text, or json for editors and CI."),
]


def verify(
    ctx: typer.Context,
    paths: TimelinePaths = None,
    data: options.Data = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", help="Only the quotes of this source (repeatable).", metavar="ID"
        ),
    ] = None,
    require_archive: Annotated[
        bool,
        typer.Option(
            "--require-archive",
            help="Fail when a source has no archived copy (its quotes are unverifiable).",
        ),
    ] = False,
    fmt: Format = options.OutputFormat.TEXT,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Check every quote against its source's archived copy (archive.path).

    A quote is found as written, or after the documented normalisation (NFKC,
    whitespace, soft hyphens, PDF hyphenation), which a note names. A quote that is
    not found is listed with the nearest passage of the copy and a character diff
    ([-quote's-]{+copy's+}); a copy that changed since it was archived (sha256), is
    missing or cannot be read is listed too, and a source without an archive as
    unverifiable. One line per finding, FILE:LINE:COL of the quote first. Works
    offline. Exits 0 when every quote is verified, 1 when one is not (or, with
    --require-archive, cannot be), 2 on a usage error.

    \b
    Examples:
      policytl verify
      policytl verify timeline.yaml --require-archive
      policytl verify --source panews-2020-07-01 --format json
    """
    from policytl.cli.data import check_paths, data_paths
    from policytl.cli.output import paint, write_json, write_painted, write_stdout
    from policytl.model.errors import UsageError
    from policytl.model.limits import DEFAULT_MAX_BYTES
    from policytl.model.textsafe import dump_json, one_line
    from policytl.sources import report
    from policytl.sources.verify import load
    from policytl.sources.verify import verify as run

    env = env_of(ctx)
    check_paths(paths or [], "PATH")
    targets = list(paths or []) or data_paths(data) or []
    docs, timeline = load(targets, max_bytes or DEFAULT_MAX_BYTES)
    for sid in source or []:
        if sid not in timeline.sources:
            raise UsageError(f"--source: no source has the id {sid!r}")
    results, problems = run(docs, timeline, source or ())
    failed = report.failed(results, problems, require_archive)
    status = ExitStatus.ERROR if failed else ExitStatus.OK
    if fmt is options.OutputFormat.JSON:
        write_json(dump_json(report.json_report(results, problems, require_archive)))
        return status
    lines = [one_line(line) for line in report.lines(results, problems, require_archive)]
    if env.color:
        lines[-1] = paint(lines[-1], "bold red" if failed else "green")
    (write_painted if env.color else write_stdout)("\n".join(lines) + "\n")
    return status
