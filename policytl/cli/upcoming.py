"""``policytl upcoming``: the scheduled stages and due dates after a day, by month."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus


@options.filtering
@options.paged
def upcoming(
    ctx: typer.Context,
    as_of: options.AsOf = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar="SPAN",
            help="Only what may fall within this span after the day: 90d, 12w, 6m, 2y.",
        ),
    ] = None,
    fmt: Annotated[
        options.StatsFormat,
        options.choice(
            "--format",
            "-f",
            help="text (a table per month), json, markdown (a table per month) or csv.",
        ),
    ] = options.StatsFormat.TEXT,
    lang: options.Lang = None,
    excel: options.Excel = False,
    *,
    selection: Selection,
) -> int:
    """List what is scheduled after a day: lifecycle stages and targets' due dates.

    Every event of a lifecycle kind dated wholly after the day (the date its
    document sets for a stage: in force, applies, expires ...) and every
    target's due date after it, soonest first, grouped by month (a date known
    only to the year is listed under its year), with the document and the scope.
    The filters select the events, scheduled ones on their own dates.

    \b
    Examples:
      policytl upcoming --as-of 2025-01-01 --within 2y
      policytl upcoming --jurisdiction EU --format csv
    """
    from policytl.analyze import lifecycle
    from policytl.cli.output import emit, write_json, write_stdout
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import UsageError
    from policytl.model.textsafe import dump_json

    env = env_of(ctx)
    if excel and fmt is not options.StatsFormat.CSV:
        raise UsageError("--excel applies to --format csv")
    day = lifecycle.as_of_day(as_of)
    until = lifecycle.parse_within(within, day) if within is not None else None
    chosen = resolve_lang(lang)
    timeline, _ = selection.select()
    result = lifecycle.upcoming(timeline, timeline.events, day, until)
    if fmt is options.StatsFormat.JSON:
        write_json(dump_json(result.to_json()))
    elif fmt is options.StatsFormat.MARKDOWN:
        write_stdout(lifecycle.upcoming_markdown(result, chosen))
    elif fmt is options.StatsFormat.CSV:
        write_stdout(lifecycle.upcoming_csv(result, chosen, excel=excel))
    else:
        from policytl.render.lifecycle import upcoming_view

        emit(env, upcoming_view(result, chosen))
    return ExitStatus.OK
