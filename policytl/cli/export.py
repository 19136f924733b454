"""``policytl export``: the selected events in one format, to stdout or a file."""

import os
from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus
from policytl.export import Format, Group, Style
from policytl.model.records import Lanes

#: formats whose text is JSON (on a terminal, their unsafe characters become \\uXXXX)
JSON_FORMATS = (Format.JSON, Format.TIMELINEJS)

#: formats that each presentation option applies to (others ignore it, with a warning)
OPTION_FORMATS: dict[str, tuple[Format, ...]] = {
    "--lang": tuple(f for f in Format if f not in (Format.JSON, Format.CSV)),
    "--group": (Format.MARKDOWN, Format.HTML),
    "--style": (Format.MARKDOWN,),
    "--excel": (Format.CSV,),
    "--title": tuple(f for f in Format if f not in (Format.JSON, Format.CSV)),
    "--lanes": (Format.HTML,),
}


@options.filtering
@options.paged
def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format,
        options.choice(
            "--format",
            "-f",
            help="markdown, json, csv, ics, mermaid, timelinejs, markwhen or html.",
        ),
    ] = Format.MARKDOWN,
    output: options.Output = None,
    lang: options.Lang = None,
    group: Annotated[
        Group,
        options.choice("--group", help="markdown/html: headings per year, or per year and month."),
    ] = Group.YEAR,
    style: Annotated[
        Style,
        options.choice("--style", help="markdown: a list of events, or a table."),
    ] = Style.LIST,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="csv: add the byte order mark Excel needs for Chinese."),
    ] = False,
    title: Annotated[
        str | None,
        typer.Option("--title", help="Title of the document, calendar or diagram.", metavar="TEXT"),
    ] = None,
    lanes: Annotated[
        Lanes,
        options.choice(
            "--lanes", help="html: one lane of the time axis per jurisdiction or per issuing body."
        ),
    ] = Lanes.JURISDICTION,
    limit: options.Limit = None,
    reverse: options.Reverse = False,
    *,
    selection: Selection,
) -> int:
    """Export the selected events as Markdown, JSON, CSV, iCalendar, Mermaid,
    TimelineJS, Markwhen or HTML.

    Writes to stdout unless -o FILE is given. Takes the same filters as show.

    \b
    Examples:
      policytl export > timeline.md
      policytl export --since 2019 --lang en -f html -o timeline.html
      policytl export -f ics -j beijing -o beijing.ics
      policytl export -f csv --excel -o events.csv
    """
    from policytl.analyze.query import arrange
    from policytl.cli.data import check_output
    from policytl.cli.output import message, write_output
    from policytl.cli.settings import resolve_lang
    from policytl.export import ExportOptions, render

    given = {
        "--lang": lang is not None,
        "--group": group is not Group.YEAR,
        "--style": style is not Style.LIST,
        "--excel": excel,
        "--title": title is not None,
        "--lanes": lanes is not Lanes.JURISDICTION,
    }
    for option, used in given.items():
        if used and fmt not in OPTION_FORMATS[option]:
            message(f"warning: {option} does not apply to --format {fmt.value}; ignored")
    to_file = None if output == "-" else output
    if to_file is not None:
        check_output("-o", to_file, selection.data)
    chosen = resolve_lang(lang)
    timeline, selected = selection.select()
    timeline = arrange(timeline, limit, reverse)
    described = selected.describe()
    if not timeline.events:
        message(f"warning: no event matches {described}; the export has no events")
    settings = ExportOptions(
        lang=chosen,
        group=group,
        style=style,
        excel=excel,
        title=title,
        filters="" if described == "(no filters)" else described,
        lanes=lanes,
        generated=export_date(),
    )
    text = render(fmt, timeline, settings)
    # UTF-8 whatever the output encoding: an export is a file's bytes
    write_output(to_file, text, as_json=fmt in JSON_FORMATS, utf8=True)
    return ExitStatus.OK


def export_date() -> str:
    """The date an export shows as made (HTML footer): today in UTC, or the day of
    ``SOURCE_DATE_EPOCH`` (reproducible builds' convention) when that is set."""
    from datetime import UTC, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return datetime.now(UTC).date().isoformat()
