"""``policytl compare``: who moved first, and the sides' events side by side."""

from typing import TYPE_CHECKING, Annotated

import typer

from policytl.analyze.periods import By, Period
from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus

if TYPE_CHECKING:
    from policytl.analyze.compare import Comparison
    from policytl.cli.context import Environment
    from policytl.model.records import Lang


@options.filtering
@options.paged
def compare(
    ctx: typer.Context,
    sides: Annotated[
        list[str],
        typer.Argument(
            help="Two or more sides: each a jurisdiction (CN-BJ, beijing, 中央), a body "
            "(id, name or alias) or a tag.",
            metavar="A B [C]...",
            autocompletion=options.completer("sides"),
        ),
    ],
    by: Annotated[
        By | None,
        options.choice(
            "--by",
            help="Read every side as a jurisdiction, body or tag (for names that could be "
            "more than one).",
        ),
    ] = None,
    period: Annotated[
        Period, options.choice("--period", "-p", help="Rows of the side-by-side view.")
    ] = Period.YEAR,
    fmt: options.Report = options.ReportFormat.TEXT,
    lang: options.Lang = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Only the verdict: who moved first on each shared theme, and the themes "
            "only one side has (in every --format).",
        ),
    ] = False,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="Who moved first at this lifecycle stage only: proposed, adopted, published, "
            "in-force, applies ... (document-issued counts as published).",
            autocompletion=options.completer("stages"),
        ),
    ] = None,
    svg: options.Svg = None,
    *,
    selection: Selection,
) -> int:
    """Compare jurisdictions, bodies or tags: who moved first, and side by side.

    The verdict comes first: for every tag on more than one side, each side's
    first event and the lead in calendar months ("CN-BJ first by 10 months");
    imprecise dates give a range ("2–13 months") or "order uncertain", never
    more than the dates say. Where the events carry lifecycle stages, like is
    compared with like: the same stage on each side ("adopted: ES first by 6
    months"), never a draft against a final law. Then the events side by side.
    The filters select the events before they are split into sides.

    \b
    Examples:
      policytl compare CN-BJ CN
      policytl compare beijing national --by jurisdiction --period month
      policytl compare pboc state-council --since 2016 --format markdown
      policytl compare beijing national --summary
      policytl compare beijing national --stage published
    """
    from policytl.analyze.compare import compare as build
    from policytl.analyze.query import select
    from policytl.cli.data import check_output
    from policytl.cli.output import message
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import UsageError

    env = env_of(ctx)
    if svg is not None and fmt is not options.ReportFormat.TEXT:
        raise UsageError(f"--svg saves the text view; it cannot be used with --format {fmt}")
    if svg is not None:
        check_output("--svg", svg, selection.data)
    chosen = resolve_lang(lang)
    filters = selection.filters()
    timeline = selection.load()
    described = filters.describe()
    result = build(
        timeline,
        sides,
        events=select(timeline, filters),
        by=by.value if by is not None else None,
        period=period.value,
        lead_only=filters.lead_only,
        include_children=filters.include_children,
        filters="" if described == "(no filters)" else described,
        stage=stage,
    )
    if result.empty:
        message(f"no event of {', '.join(s.label for s in result.sides)} matches {described}")
        if fmt is options.ReportFormat.TEXT:
            return ExitStatus.OK
    _write(env, result, fmt, chosen, summary=summary, svg=svg)
    return ExitStatus.OK


def _write(
    env: "Environment",
    result: "Comparison",
    fmt: options.ReportFormat,
    lang: "Lang",
    *,
    summary: bool,
    svg: str | None,
) -> None:
    """The comparison in ``fmt`` on stdout (the text view also saved as ``svg``)."""
    from policytl.analyze.compare import render_json, render_markdown
    from policytl.cli.output import emit, write_json, write_stdout

    if fmt is options.ReportFormat.JSON:
        write_json(render_json(result, summary=summary))
    elif fmt is options.ReportFormat.MARKDOWN:
        write_stdout(render_markdown(result, lang, summary=summary))
    else:
        from policytl.render.compare import render

        emit(env, [render(result, lang, summary=summary)], svg, "policytl compare")
