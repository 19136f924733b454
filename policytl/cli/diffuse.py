"""``policytl diffuse``: one policy's adoption across the jurisdictions of a selection."""

from enum import StrEnum
from typing import Annotated

import typer

from policytl.analyze.periods import Period
from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus


class DiffuseFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    SPID = "spid"
    SVG = "svg"
    HTML = "html"


StageOption = Annotated[
    str | None,
    typer.Option(
        "--stage",
        metavar="STAGE",
        help="The lifecycle stage that counts as adoption: adopted, published, in-force "
        "... (document-issued counts as published).",
        autocompletion=options.completer("stages"),
    ),
]

DocumentTypeOption = Annotated[
    str | None,
    typer.Option(
        "--document-type",
        metavar="TYPE",
        help="Only events about a document of this type under documents: (plan, law ...).",
    ),
]

ParentOption = Annotated[
    str | None,
    typer.Option(
        "--parent",
        metavar="J",
        help="The peers: the jurisdictions directly under this one (--parent CN).",
        autocompletion=options.completer("jurisdictions"),
    ),
]

LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level",
        metavar="LEVEL",
        help="The peers: the jurisdictions of this level (provincial, regional ...): a "
        "jurisdiction's level:, else the one its bodies share.",
    ),
]

TriggerOption = Annotated[
    str | None,
    typer.Option(
        "--trigger",
        metavar="EVENT",
        help="The id of the event (a national signal) each adopter's lag is counted from.",
    ),
]

PeriodOption = Annotated[
    Period, options.choice("--period", "-p", help="The steps of the cumulative curve.")
]

FmtOption = Annotated[
    DiffuseFormat,
    options.choice(
        "--format",
        "-f",
        help="text, json, csv (one row per peer), spid (the long jurisdiction/policy/year "
        "table of SPID and netdiffuseR), svg (the curve and the map) or html (a page).",
    ),
]

PolicyOption = Annotated[
    str | None,
    typer.Option(
        "--policy",
        metavar="NAME",
        help="The policy's name in json, spid and the pictures (default: the filters).",
    ),
]


@options.filtering
@options.paged
def diffuse(
    ctx: typer.Context,
    stage: StageOption = None,
    document_type: DocumentTypeOption = None,
    parent: ParentOption = None,
    level: LevelOption = None,
    trigger: TriggerOption = None,
    period: PeriodOption = Period.MONTH,
    fmt: FmtOption = DiffuseFormat.TEXT,
    policy: PolicyOption = None,
    lang: options.Lang = None,
    excel: options.Excel = False,
    output: options.Output = None,
    *,
    selection: Selection,
) -> int:
    """One policy's adoption across jurisdictions: ranked, lagged, cumulated, mapped.

    The policy is what the filters select (--tag, --kind, --document ...), with
    --stage and --document-type; the peers are every jurisdiction, or those of
    --jurisdiction, --parent and --level. Each peer's first adoption is ranked;
    where two dates overlap at their precision the order is undetermined (a rank
    range such as 2–3), never guessed. --trigger gives each adopter's lag ("6–7
    days", "2–13 months"). Then the cumulative curve, Rogers' adopter categories
    and the peers that have not adopted.

    \b
    Examples:
      policytl diffuse --tag blockchain --parent CN
      policytl diffuse --tag blockchain --level provincial --trigger cn-new-infrastructure
      policytl diffuse --tag blockchain --parent CN --format spid -o adoption.csv
      policytl diffuse --tag blockchain --parent CN --format html -o diffusion.html
    """
    from policytl.analyze.diffuse import diffuse as build
    from policytl.analyze.query import select
    from policytl.cli.data import check_output
    from policytl.cli.output import message, write_output
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import UsageError

    env = env_of(ctx)
    if excel and fmt not in (DiffuseFormat.CSV, DiffuseFormat.SPID):
        raise UsageError("--excel applies to --format csv and spid")
    to_file = None if output == "-" else output
    if to_file is not None and fmt is DiffuseFormat.TEXT:
        raise UsageError("-o writes --format json, csv, spid, svg or html; text goes to stdout")
    if to_file is not None:
        check_output("-o", to_file, selection.data)
    chosen = resolve_lang(lang)
    filters = selection.filters()
    timeline = selection.load()
    described = filters.describe()
    named = policy or ("" if described == "(no filters)" else described)
    for part, value in (("--stage", stage), ("--document-type", document_type)):
        if value is not None:
            named = f"{named} {part} {value}".strip()
    result = build(
        timeline,
        select(timeline, filters),
        stage=stage,
        document_type=document_type,
        jurisdictions=filters.jurisdictions,
        parent=parent,
        level=level,
        trigger=trigger,
        period=period,
        policy=named,
    )
    if not result.peers:
        message("no jurisdiction is a peer: check --jurisdiction, --parent and --level")
    elif not result.adopters:
        message(f"no peer has adopted {named or 'the policy'}")
    if fmt is DiffuseFormat.TEXT:
        from policytl.cli.output import emit
        from policytl.render.diffuse import render

        emit(env, render(result, chosen), None, "policytl diffuse")
        return ExitStatus.OK
    write_output(to_file, _text(result, fmt, chosen, excel), as_json=fmt is DiffuseFormat.JSON)
    return ExitStatus.OK


def _text(result: object, fmt: DiffuseFormat, lang: object, excel: bool) -> str:
    from policytl.analyze import diffuse as core
    from policytl.model.records import Lang

    assert isinstance(result, core.Diffusion) and isinstance(lang, Lang)
    if fmt is DiffuseFormat.JSON:
        return core.render_json(result)
    if fmt is DiffuseFormat.CSV:
        return core.render_csv(result, excel=excel)
    if fmt is DiffuseFormat.SPID:
        return core.render_spid(result, excel=excel)
    from policytl.render import diffuse_svg

    if fmt is DiffuseFormat.SVG:
        return diffuse_svg.render_svg(result, lang)
    return diffuse_svg.render_html(result, lang)
