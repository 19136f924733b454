"""``policytl cite``: the sources of events, with their quotes, as BibTeX, CSL-JSON or text."""

from typing import Annotated

import typer

from policytl.analyze.cite import CiteFormat
from policytl.cli import options
from policytl.cli.data import Selection
from policytl.cli.status import ExitStatus


@options.filtering
@options.paged
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[EVENT-ID]...",
            help="Events to cite, by id (default: every selected event).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CiteFormat,
        options.choice(
            "--format", "-f", help="text, bibtex (LaTeX) or csl-json (Zotero, pandoc --citeproc)."
        ),
    ] = CiteFormat.TEXT,
    by_event: Annotated[
        bool,
        typer.Option(
            "--events",
            help="For each event, the keys and locators to cite it with "
            "(\\cite[Art. 113]{KEY} for bibtex, [@KEY, Art. 113] otherwise) and the quotes, "
            "instead of the bibliography.",
        ),
    ] = False,
    output: options.Output = None,
    lang: options.Lang = None,
    *,
    selection: Selection,
) -> int:
    """Cite events: their sources, each once, as BibTeX, CSL-JSON or text.

    Each work is listed once: one entry per source the events cite, keyed by
    the source id and typed by the source's kind (news, official, legislation,
    report, secondary), then one per document of documents: they are about,
    keyed by the document id. --events prints, for each event, the keys and
    locators to cite it with, and the quotes. Takes the same filters as show.

    \b
    Examples:
      policytl cite --since 2019 -f bibtex -o policy.bib
      policytl cite --events -f bibtex zgc-blockchain-alliance-founded
      policytl cite -j beijing -f csl-json > policy.json
    """
    from policytl.analyze.cite import choose, render, render_events
    from policytl.analyze.query import select
    from policytl.cli.data import check_output
    from policytl.cli.output import no_match, write_output
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import UsageError

    chosen = resolve_lang(lang)
    to_file = None if output == "-" else output
    if to_file is not None:
        check_output("-o", to_file, selection.data)
    selected = selection.filters()
    timeline = selection.load()
    events = select(timeline, selected)
    if ids:
        wanted = choose(timeline, ids)
        kept = {e.id for e in events}
        left_out = [e.id for e in wanted if e.id not in kept]
        if left_out:
            raise UsageError(f"event {left_out[0]!r} is not selected by {selected.describe()}")
        events = wanted
    if not events:
        no_match(selected)
    text = (render_events if by_event else render)(timeline, events, fmt, chosen)
    write_output(to_file, text, as_json=fmt is CiteFormat.CSL_JSON)
    return ExitStatus.OK
