"""``policytl export``: the selected events in one format, to stdout or a file."""

import os
from typing import TYPE_CHECKING, Annotated

import typer

from policytl.cli import options
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus
from policytl.export import FILE_FORMATS, Format, Group, Style
from policytl.model.records import Lanes

if TYPE_CHECKING:
    from policytl.export import ExportOptions
    from policytl.model.records import Timeline

#: formats whose text is JSON (on a terminal, their unsafe characters become \\uXXXX)
JSON_FORMATS = (Format.JSON, Format.TIMELINEJS)

#: formats that each presentation option applies to (others ignore it, with a warning)
OPTION_FORMATS: dict[str, tuple[Format, ...]] = {
    "--lang": tuple(f for f in Format if f not in (Format.JSON, Format.CSV, *FILE_FORMATS)),
    "--group": (Format.MARKDOWN, Format.HTML),
    "--style": (Format.MARKDOWN,),
    "--excel": (Format.CSV,),
    "--title": tuple(f for f in Format if f not in (Format.JSON, Format.CSV, *FILE_FORMATS)),
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
            help="markdown, json, csv, ics, mermaid, timelinejs, markwhen, html, "
            "datapackage (a folder: -o DIR) or sqlite (a database: -o FILE.db).",
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
    TimelineJS, Markwhen, HTML, a Data Package or an SQLite database.

    Writes to stdout unless -o FILE is given (datapackage and sqlite need -o).
    Takes the same filters as show.

    \b
    Examples:
      policytl export > timeline.md
      policytl export --since 2019 --lang en -f html -o timeline.html
      policytl export -f ics -j beijing -o beijing.ics
      policytl export -f csv --excel -o events.csv
      policytl export -f datapackage -o timeline-package
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
    if fmt in FILE_FORMATS:
        check_files_output(fmt, to_file, selection)
    elif to_file is not None:
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
    if fmt in FILE_FORMATS:
        assert to_file is not None
        write_files(fmt, to_file, timeline, settings)
        return ExitStatus.OK
    text = render(fmt, timeline, settings)
    # UTF-8 whatever the output encoding: an export is a file's bytes
    write_output(to_file, text, as_json=fmt in JSON_FORMATS, utf8=True)
    return ExitStatus.OK


def check_files_output(fmt: Format, output: str | None, selection: Selection) -> None:
    """Before anything is loaded: a file format needs -o, never an input or one of its
    folders (policytl.files.folder.check_folder)."""
    from policytl.cli.data import check_output, input_files
    from policytl.export import FOLDER_FORMATS
    from policytl.model.errors import UsageError

    if output is None:
        what = "DIR (a folder)" if fmt in FOLDER_FORMATS else "FILE (a file)"
        raise UsageError(f"--format {fmt.value} writes files, not text: give -o {what}")
    if fmt in FOLDER_FORMATS:
        from policytl.export.datapackage import DESCRIPTOR
        from policytl.files.folder import check_folder

        check_folder("-o", output, input_files(selection.data), DESCRIPTOR, (".csv",))
    else:
        check_output("-o", output, selection.data)


def write_files(fmt: Format, output: str, timeline: "Timeline", settings: "ExportOptions") -> None:
    """The files of a file format: a folder's into the folder -o, atomically as a whole;
    a single file's at -o (policytl.files.write.write_atomic)."""
    from policytl.export import FOLDER_FORMATS, render_files

    files = render_files(fmt, timeline, settings)
    if fmt in FOLDER_FORMATS:
        from policytl.export.datapackage import DESCRIPTOR
        from policytl.files.folder import write_folder

        write_folder(output, files, DESCRIPTOR, (".csv",))
        return
    from policytl.files.write import write_atomic

    (payload,) = files.values()
    write_atomic(output, payload)


def export_date() -> str:
    """The date an export shows as made (HTML footer): today in UTC, or the day of
    ``SOURCE_DATE_EPOCH`` (reproducible builds' convention) when that is set."""
    from datetime import UTC, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return datetime.now(UTC).date().isoformat()
