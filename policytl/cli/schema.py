"""``policytl schema``: the JSON Schema of the policytl/1 format."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.status import ExitStatus


@options.paged
def schema(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the schema to FILE (atomically)."
        ),
    ] = None,
) -> int:
    """Print the JSON Schema of the policytl/1 format (draft 2020-12).

    Point a timeline's first line at a copy of it so that editors check the file:
    # yaml-language-server: $schema=policytl-1.schema.json

    \b
    Examples:
      policytl schema -o policytl-1.schema.json
      policytl schema | python -m json.tool
    """
    from policytl.cli.data import check_output
    from policytl.cli.output import write_output
    from policytl.load.loader import json_schema_text

    if output is not None and output != "-":
        check_output("-o", output, ())
    write_output(output, json_schema_text())
    return ExitStatus.OK
