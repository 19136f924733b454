"""``policytl trace``: the chain of relations from an event or a document, as a tree."""

from typing import Annotated

import typer

from policytl.analyze.lifecycle import Direction, TraceFormat
from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus


@options.paged
def trace(
    ctx: typer.Context,
    start: Annotated[
        str, typer.Argument(help="The id of an event or of a document.", metavar="ID")
    ],
    up: Annotated[bool, typer.Option("--up", help="What it relates to.")] = False,
    down: Annotated[
        bool, typer.Option("--down", help="What relates to it (with --up: --both).")
    ] = False,
    both: Annotated[bool, typer.Option("--both", help="Both ways (the default).")] = False,
    depth: Annotated[
        int | None,
        typer.Option("--depth", metavar="N", min=1, help="At most N relations from ID."),
    ] = None,
    fmt: Annotated[
        TraceFormat,
        options.choice("--format", "-f", help="text (a tree), json or mermaid (a flowchart)."),
    ] = TraceFormat.TEXT,
    lang: options.Lang = None,
    data: options.Data = None,
    max_bytes: options.MaxBytes = None,
    no_cache: options.NoCache = False,
) -> int:
    """Trace the relations from an event or a document, as a tree.

    Down: the events that relate to ID (that implement it, are part of it,
    respond to it ...), and those that relate to them; up: what ID relates to,
    and so on (a document relates to what its events relate to). Each step
    shows its relation, date and lag from its parent in calendar months, a
    range when the dates' precision leaves it open ("+2–13 months"). A node met
    again is shown once more, marked "cycle" or "seen", and not followed.

    \b
    Examples:
      policytl trace bj-blockchain-action-plan-2020-2022
      policytl trace eu-ai-act --down --depth 2 --format mermaid
    """
    from policytl.analyze import lifecycle
    from policytl.cli.data import load_data
    from policytl.cli.output import emit, write_json, write_stdout
    from policytl.cli.settings import resolve_lang
    from policytl.model.textsafe import dump_json

    env = env_of(ctx)
    way = Direction.BOTH
    if (up or down) and not both and not (up and down):
        way = Direction.UP if up else Direction.DOWN
    chosen = resolve_lang(lang)
    timeline = load_data(data, max_bytes=max_bytes, no_cache=no_cache)
    result = lifecycle.trace(timeline, start, way, depth)
    if fmt is TraceFormat.JSON:
        write_json(dump_json(result.to_json()))
    elif fmt is TraceFormat.MERMAID:
        write_stdout(lifecycle.trace_mermaid(result, chosen))
    else:
        from policytl.render.lifecycle import trace_view

        emit(env, trace_view(result, chosen))
    return ExitStatus.OK
