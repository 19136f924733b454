"""``policytl linkcheck``: every URL of a timeline, checked."""

from typing import TYPE_CHECKING, Annotated

import typer

from policytl.cli import options
from policytl.cli.archive import Concurrency, Retries, Timeout
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus
from policytl.cli.verify import Format, TimelinePaths

if TYPE_CHECKING:
    from policytl.sources.linkcheck import Checked, Link


def linkcheck(
    ctx: typer.Context,
    paths: TimelinePaths = None,
    data: options.Data = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help="Write the new URL of each moved link in the timeline (comments kept)."
        ),
    ] = False,
    fmt: Format = options.OutputFormat.TEXT,
    max_age: Annotated[
        float,
        typer.Option(
            "--max-age",
            min=0,
            help="Hours a link found ok or moved is taken from the cache instead of asked "
            "again (0: ask every link).",
            metavar="HOURS",
        ),
    ] = 24.0,
    timeout: Timeout = 20.0,
    retries: Retries = 1,
    concurrency: Concurrency = 8,
    per_host: Annotated[
        int, typer.Option("--per-host", min=1, max=16, help="Requests at once to one host.")
    ] = 2,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Check every url of the timeline: sources, archive snapshots, documents, events.

    Each link is asked with HEAD (then GET, when HEAD fails or is refused),
    following redirects, a few at once per host, each with a timeout. A link is
    dead (4xx, 5xx, no such host, TLS error, timeout, dropped connection), moved
    (a permanent redirect: the new URL is shown, and --fix writes it), or ok.
    Links found ok or moved are cached for --max-age hours (in policytl's cache
    folder), so a CI run does not ask the servers again. One line per dead or
    moved link, FILE:LINE:COL first; exit 1 when a link is dead.

    \b
    Examples:
      policytl linkcheck
      policytl linkcheck timeline.yaml --fix
      policytl linkcheck --format json --max-age 0
    """
    from policytl.cli.data import check_paths, data_paths
    from policytl.cli.output import message, paint, write_json, write_painted, write_stdout
    from policytl.model.limits import DEFAULT_MAX_BYTES
    from policytl.model.textsafe import dump_json, one_line
    from policytl.sources import linkcheck as lc
    from policytl.sources.fetch import Settings
    from policytl.sources.verify import load

    env = env_of(ctx)
    check_paths(paths or [], "PATH")
    targets = list(paths or []) or data_paths(data) or []
    docs, _ = load(targets, max_bytes or DEFAULT_MAX_BYTES)
    links = lc.links_of(docs)
    settings = Settings(
        timeout=timeout, retries=retries, concurrency=concurrency, per_host=per_host
    )
    results = lc.check_all([link.url for link in links], settings, max_age * 3600)
    dead = any(results[link.url].status == "dead" for link in links)
    fixed = _fix(ctx, links, results, max_bytes) if fix else set()
    for name in sorted(fixed):
        message(f"fixed the moved links of {name}")
    if fmt is options.OutputFormat.JSON:
        write_json(dump_json(lc.json_report(links, results)))
    else:
        lines = [one_line(line) for line in lc.lines(links, results, fixed)]
        if env.color:
            lines[-1] = paint(lines[-1], "bold red" if dead else "green")
        (write_painted if env.color else write_stdout)("\n".join(lines) + "\n")
    return ExitStatus.ERROR if dead else ExitStatus.OK


def _fix(
    ctx: typer.Context,
    links: "list[Link]",
    results: "dict[str, Checked]",
    max_bytes: int | None,
) -> set[str]:
    """Write the new URL of each moved link through the editor: the files changed."""
    from policytl.cli.edit import apply
    from policytl.curate.edit import Where, set_field

    moved = [k for k in links if results[k.url].status == "moved"]
    if not moved:
        return set()
    files = list(dict.fromkeys(k.where.file for k in links))

    def change(texts: dict[str, str]) -> dict[str, str]:
        new: dict[str, str] = {}
        for link in moved:
            name = link.where.file
            text = new.get(name, texts[name])
            where = Where(link.section, link.key)
            new[name] = set_field(text, where, link.field, results[link.url].moved_to or link.url)
        return new

    done = apply(ctx, files, change, dry_run=False, max_bytes=max_bytes)
    return set(done or {})
