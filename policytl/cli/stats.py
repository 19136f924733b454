"""``policytl stats``: counts per period, jurisdiction, issuing body, kind and tag."""

from typing import Annotated

import typer

from policytl.analyze.periods import Period
from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus


@options.filtering
@options.paged
def stats(
    ctx: typer.Context,
    period: Annotated[
        Period,
        options.choice(
            "--period",
            "-p",
            help="Count per year, quarter or month. A date coarser than the period "
            "(2020 in --period month) is counted apart, never guessed into one.",
        ),
    ] = Period.YEAR,
    fmt: Annotated[
        options.StatsFormat,
        options.choice(
            "--format",
            "-f",
            help="text (tables with bars), json, markdown (GitHub tables) or csv (every "
            "count in one table).",
        ),
    ] = options.StatsFormat.TEXT,
    lang: options.Lang = None,
    excel: options.Excel = False,
    svg: options.Svg = None,
    *,
    selection: Selection,
) -> int:
    """Count events per period, jurisdiction, issuing body, kind and tag.

    Shows the busiest period and the gaps (years with no event between the
    first and the last). Takes the same filters as show.

    \b
    Examples:
      policytl stats
      policytl stats --period quarter --since 2019 --svg stats.svg
      policytl stats --jurisdiction beijing --format json
      policytl stats --period quarter --format markdown
    """
    from policytl.analyze.stats import compute, render_csv, render_markdown
    from policytl.cli.data import check_output
    from policytl.cli.output import emit, no_match, write_json, write_stdout
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import UsageError
    from policytl.model.textsafe import dump_json

    env = env_of(ctx)
    if svg is not None and fmt is not options.StatsFormat.TEXT:
        raise UsageError(f"--svg saves the text view; it cannot be used with --format {fmt}")
    if excel and fmt is not options.StatsFormat.CSV:
        raise UsageError("--excel applies to --format csv")
    if svg is not None:
        check_output("--svg", svg, selection.data)
    chosen = resolve_lang(lang)
    timeline, selected = selection.select()
    if not timeline.events and not selected.empty:
        no_match(selected)
    result = compute(timeline, period)
    if fmt is options.StatsFormat.JSON:
        write_json(dump_json(result.to_json()))
    elif fmt is options.StatsFormat.MARKDOWN:
        write_stdout(render_markdown(result, chosen))
    elif fmt is options.StatsFormat.CSV:
        write_stdout(render_csv(result, excel=excel))
    else:
        from policytl.render.stats import render

        emit(env, render(result, env.width, chosen), svg, "policytl stats")
    return ExitStatus.OK
