"""``policytl bodies``, ``tags``, ``kinds`` and ``jurisdictions``: one listing command,
registered under four names.

Each name lists one catalog of the data (policytl.analyze.catalog) as a table
(policytl.render.catalog) or as JSON; the catalogs with names in two languages
(bodies, jurisdictions) also take --lang.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.model.records import Lang


@dataclass(frozen=True)
class Catalog:
    """What one name of the listing command lists."""

    name: str
    #: the function of policytl.analyze.catalog that makes its entries
    entries: str
    #: the table of policytl.render.catalog: (entries, width, language) -> renderable
    table: Callable[[Any, int, Lang], Any]
    #: its names are in two languages: it takes --lang
    has_lang: bool
    help: str


def _render() -> Any:
    from policytl.render import catalog

    return catalog


CATALOGS: tuple[Catalog, ...] = (
    Catalog(
        "bodies",
        "body_entries",
        lambda rows, width, lang: _render().bodies_table(rows, width, lang),
        True,
        """List the issuing bodies: id, names, level, jurisdiction, aliases and event counts.

        Any id, name or alias listed here works with --body.

        \b
        Examples:
          policytl bodies
          policytl bodies --format json
          policytl bodies --data mydata.yaml
        """,
    ),
    Catalog(
        "tags",
        "tag_entries",
        lambda rows, width, lang: _render().tags_table(rows),
        False,
        """List the tags used by events, most used first, with event counts.

        \b
        Examples:
          policytl tags
          policytl tags --format json
          policytl show --tag funding --tag fintech
        """,
    ),
    Catalog(
        "kinds",
        "kind_entries",
        lambda rows, width, lang: _render().kinds_table(rows),
        False,
        """List the event kinds with what each means and how many events have it.

        \b
        Examples:
          policytl kinds
          policytl kinds --format json
          policytl show --kind document-issued --kind fund-launched
        """,
    ),
    Catalog(
        "jurisdictions",
        "jurisdiction_entries",
        lambda rows, width, lang: _render().jurisdictions_table(rows, lang),
        True,
        """List the jurisdictions: code, names, parent, aliases and event counts.

        Any code, name or alias listed here works with --jurisdiction.

        \b
        Examples:
          policytl jurisdictions
          policytl jurisdictions --format json
          policytl show --jurisdiction 北京
        """,
    ),
)

_BY_NAME = {c.name: c for c in CATALOGS}

ListFormat = Annotated[
    options.OutputFormat, typer.Option("--format", "-f", help="text (a table) or json.")
]


@options.paged
def listing(
    ctx: typer.Context,
    data: options.Data = None,
    fmt: ListFormat = options.OutputFormat.TEXT,
    max_bytes: options.MaxBytes = None,
    lang: options.Lang = None,
) -> None:
    """The listing of the catalog named as the command (ctx.info_name)."""
    from policytl.analyze import catalog as entries
    from policytl.cli.data import load_data
    from policytl.cli.output import emit, write_json
    from policytl.cli.settings import resolve_lang
    from policytl.model.textsafe import dump_json

    env = env_of(ctx)
    listed = _BY_NAME[ctx.info_name or ""]
    chosen = resolve_lang(lang) if listed.has_lang else Lang.BOTH
    rows = getattr(entries, listed.entries)(load_data(data, max_bytes=max_bytes))
    if fmt is options.OutputFormat.JSON:
        write_json(dump_json([r.to_json() for r in rows]))
    else:
        emit(env, [listed.table(rows, env.width, chosen)])


def register(app: typer.Typer) -> None:
    """Register the listing command under the name of each catalog."""
    for listed in CATALOGS:
        command = listing if listed.has_lang else options.without(listing, "lang")
        app.command(listed.name, help=listed.help)(command)
