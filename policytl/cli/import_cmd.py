"""``policytl import``: spreadsheets (CSV, TSV, XLSX, the TimelineJS template) and
policytl's own CSV and JSON exports into a timeline file."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.status import ExitStatus

Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="The timeline file to write, or to update when it exists (default: stdout).",
        metavar="OUT.yaml",
    ),
]
Maps = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="Read column COLUMN (header or letter) as FIELD, or ignore it with COLUMN=- "
        "(repeatable).",
        metavar="COLUMN=FIELD",
    ),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", help="The kind of the events whose row gives none.", metavar="KIND"
    ),
]
Key = Annotated[
    str | None,
    typer.Option(
        "--key", help="The column whose value is each event's id (made a slug).", metavar="COLUMN"
    ),
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="The encoding of CSV files (default UTF-8): gb18030, big5 ...",
        metavar="NAME",
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Write nothing; print what would change and every problem."),
]


def import_(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="CSV, TSV, XLSX or policytl JSON files to import.", metavar="FILE..."),
    ],
    output: Output = None,
    map_: Maps = None,
    kind: Kind = None,
    key: Key = None,
    encoding: Encoding = None,
    dry_run: DryRun = False,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Import events from spreadsheets or policytl exports into a timeline file.

    Columns are recognised by their headers (date, jurisdiction, body, title,
    source URL, notes ..., in English or Chinese; the TimelineJS template's Year,
    Month, Day, Headline, Text, Media, Group; policytl's own CSV export); --map
    names the rest. Bodies, jurisdictions and sources are matched with the
    file's, or added with suggested ids. Into an existing file, events are keyed
    by id: importing the same rows again changes nothing. Every problem is listed
    at FILE:ROW:COLUMN and nothing is written while there is one.

    \b
    Examples:
      policytl import events.csv -o timeline.yaml
      policytl import sheet.xlsx --map Stage=kind --map Remarks=- -o timeline.yaml
      policytl import export.json -o timeline.yaml --dry-run
    """
    import difflib
    import os

    from policytl.cli.output import message, plural, write_stdout
    from policytl.curate.importer import plan_import
    from policytl.load.loader import read_bytes
    from policytl.model.errors import PolicytlError
    from policytl.model.limits import DEFAULT_MAX_BYTES

    limit = max_bytes or DEFAULT_MAX_BYTES
    inputs = [(f, read_bytes(f, limit)) for f in files]
    ed = None
    old_text = None
    if output is not None and os.path.exists(output):
        from policytl.files.edit import edit

        ed = ctx.with_resource(edit(output, limit))
        old_text = ed.text
    target = output or "<stdout>"
    outcome = plan_import(
        inputs, target, old_text, maps=map_ or (), kind=kind, key=key, encoding=encoding
    )
    for p in outcome.problems:
        message(str(p))
    if outcome.errors:
        n = len(outcome.errors)
        raise PolicytlError(f"{plural(n, 'problem')}; nothing was written")
    counts = [
        plural(outcome.added, "event") + " added",
        f"{outcome.updated} updated",
        f"{outcome.unchanged} unchanged",
        *(_added(n, section.replace("-", " ")) for section, n in outcome.entries.items()),
    ]
    if outcome.text is None:
        message(f"nothing to change in {target} ({', '.join(counts)})")
        return ExitStatus.OK
    if dry_run or output is None:
        if old_text is None or output is None:
            write_stdout(outcome.text)
        else:
            diff = difflib.unified_diff(
                old_text.splitlines(keepends=True),
                outcome.text.splitlines(keepends=True),
                f"{output} (now)",
                f"{output} (imported)",
            )
            write_stdout("".join(diff))
        if dry_run:
            message(f"would write {target}: {', '.join(counts)} (--dry-run: nothing written)")
        return ExitStatus.OK
    if ed is not None:
        ed.write_text(outcome.text)
    else:
        from policytl.files.write import write_atomic

        write_atomic(output, outcome.text.encode("utf-8"))
    message(f"wrote {output}: {', '.join(counts)}")
    return ExitStatus.OK


def _added(count: int, section: str) -> str:
    """``1 body added``, ``2 relation types added``."""
    from policytl.cli.output import plural

    return plural(count, "body" if section == "bodies" else section[:-1], section) + " added"
