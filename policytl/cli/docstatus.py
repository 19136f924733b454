"""``policytl status``: where each document stands on a day (the exit codes are
policytl.cli.status's; this module is the command)."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus


@options.filtering
@options.paged
def status(
    ctx: typer.Context,
    doc_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Document ids (default: every document).", metavar="[DOC]..."),
    ] = None,
    as_of: options.AsOf = None,
    fmt: Annotated[
        options.StatsFormat,
        options.choice(
            "--format", "-f", help="text (a table), json, markdown (a GitHub table) or csv."
        ),
    ] = options.StatsFormat.TEXT,
    lang: options.Lang = None,
    excel: options.Excel = False,
    *,
    selection: Selection,
) -> int:
    """Show each document's stage on a day, since when, what applies and what is next.

    A document's stage is its last lifecycle event (proposed, adopted, published,
    in-force, applies, amended, postponed, suspended, repealed, expired;
    document-issued counts as published) dated on or before the day. A stage
    whose date's period holds the day (2020-05 read on 2020-05-10) is "possibly"
    reached, never more than the date says. The applies events list the parts
    (scopes) that already apply and those that do not yet. The filters pick the
    documents (those with a matching event); each document's whole life is read.

    \b
    Examples:
      policytl status --as-of 2025-09-01
      policytl status eu-ai-act --format json
      policytl status --jurisdiction EU --format markdown
    """
    from policytl.analyze import lifecycle
    from policytl.analyze.query import select
    from policytl.cli.output import emit, write_json, write_stdout
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import UsageError
    from policytl.model.textsafe import dump_json

    env = env_of(ctx)
    if excel and fmt is not options.StatsFormat.CSV:
        raise UsageError("--excel applies to --format csv")
    day = lifecycle.as_of_day(as_of)
    chosen = resolve_lang(lang)
    filters = selection.filters()
    timeline = selection.load()
    events = None if filters.empty else select(timeline, filters)
    rows = lifecycle.status(timeline, day, doc_ids or (), events)
    if fmt is options.StatsFormat.JSON:
        write_json(dump_json(lifecycle.status_json(rows, day)))
    elif fmt is options.StatsFormat.MARKDOWN:
        write_stdout(lifecycle.status_markdown(rows, day, chosen))
    elif fmt is options.StatsFormat.CSV:
        write_stdout(lifecycle.status_csv(rows, chosen, excel=excel))
    else:
        from policytl.render.lifecycle import status_view

        emit(env, status_view(rows, day, chosen, env.width))
    return ExitStatus.OK
