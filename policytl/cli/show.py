"""``policytl show``: the timeline view, the chart, or an export format, with the filters."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import Environment, env_of
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus
from policytl.model.records import Lanes, Lang, Timeline


@options.filtering
@options.paged
def show(
    ctx: typer.Context,
    lang: options.Lang = None,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail", "-D", help="Add summaries, document names, quotes, notes and tags."
        ),
    ] = False,
    fmt: Annotated[
        options.ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (the timeline view), or json / markdown as `policytl export` writes them.",
        ),
    ] = options.ReportFormat.TEXT,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="Draw the events on a horizontal time axis (a plain list below 60 columns).",
        ),
    ] = False,
    lanes: Annotated[
        Lanes,
        options.choice("--lanes", help="With --chart: one lane per jurisdiction or per body."),
    ] = Lanes.JURISDICTION,
    svg: options.Svg = None,
    limit: options.Limit = None,
    reverse: options.Reverse = False,
    *,
    selection: Selection,
) -> int:
    """Show the timeline in the terminal, grouped by year, with the shared filters.

    Each event shows its date as written, kind, jurisdiction, issuers (lead
    first), title and number of sources; rows are coloured by jurisdiction.
    Output is plain text when stdout is not a terminal or NO_COLOR is set.
    When nothing matches, a message naming the filters goes to stderr (exit 0).

    \b
    Examples:
      policytl show --since 2016
      policytl show --body 北京金融局 --until 2019 --detail
      policytl show --jurisdiction national --lang en --format json
      policytl show --chart --lanes body --svg chart.svg
    """
    from policytl.analyze.query import arrange
    from policytl.cli.data import check_output
    from policytl.cli.output import no_match
    from policytl.cli.settings import resolve_lang
    from policytl.export import Format
    from policytl.model.errors import UsageError

    env = env_of(ctx)
    if fmt is not options.ReportFormat.TEXT and (chart or svg is not None):
        raise UsageError(f"--chart and --svg draw the text view; not with --format {fmt}")
    if svg is not None:
        check_output("--svg", svg, selection.data)
    chosen = resolve_lang(lang)
    timeline, selected = selection.select()
    timeline = arrange(timeline, limit, reverse)
    if not timeline.events:
        no_match(selected)
    if fmt is not options.ReportFormat.TEXT:
        from policytl.cli.output import write_json, write_stdout
        from policytl.export import ExportOptions, render

        described = "" if selected.empty else selected.describe()
        export_format = Format(fmt.value)
        text = render(export_format, timeline, ExportOptions(lang=chosen, filters=described))
        (write_json if export_format is Format.JSON else write_stdout)(text)
    elif timeline.events:
        from policytl.model.lang import shown

        _view(env, timeline, shown(chosen, timeline), detail, chart, lanes, svg, selection)
    return ExitStatus.OK


def _view(
    env: Environment,
    timeline: Timeline,
    lang: Lang,
    detail: bool,
    chart: bool,
    lanes: Lanes,
    svg: str | None,
    selection: Selection,
) -> None:
    """The timeline view (or with --chart, the chart) on stdout."""
    from policytl.cli.output import emit

    if chart:
        from policytl.render.chart import chart as draw_chart

        emit(env, draw_chart(timeline, env.width, lanes, lang), svg, "policytl show --chart")
        return
    from policytl.render.timeline import render_timeline, timeline_lines, write_timeline

    search = selection.values.get("search")
    blocks = timeline_lines(timeline, lang=lang, width=env.width, detail=detail, highlight=search)
    if svg is None:
        # One layout, written as plain text or with colour escapes (no Rich Table)
        write_timeline(env.stdout, blocks, env.console() if env.color else None)
        return
    emit(env, render_timeline(blocks), svg, "policytl show")
