"""``policytl archive``: fetch each source and keep a copy beside the timeline."""

from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.edit import Data
from policytl.cli.status import ExitStatus

Timeout = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds to wait to connect and for each read."),
]
Retries = Annotated[
    int,
    typer.Option(
        "--retries",
        min=0,
        max=10,
        help="Tries after the first on a timeout, a dropped connection, 429 or 5xx (with "
        "backoff: 1 s, 2 s, 4 s ...).",
    ),
]
Concurrency = Annotated[
    int, typer.Option("--concurrency", min=1, max=64, help="Requests at once, in all.")
]


def archive(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Ids of the sources to archive (default: every source with a url).",
            metavar="[SOURCE]...",
        ),
    ] = None,
    data: Data = None,
    snapshot: Annotated[
        bool,
        typer.Option(
            "--snapshot",
            help="Also ask the Internet Archive's Save Page Now for a public snapshot, "
            "and record its URL as archive.url.",
        ),
    ] = False,
    snapshot_endpoint: Annotated[
        str | None,
        typer.Option(
            "--snapshot-endpoint",
            help="Save Page Now's base URL (default: $POLICYTL_SAVE_PAGE_NOW, else "
            "https://web.archive.org).",
            metavar="URL",
        ),
    ] = None,
    timeout: Timeout = 20.0,
    retries: Retries = 2,
    concurrency: Concurrency = 4,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Fetch each source's url and keep a copy of it beside the timeline file.

    The copy is saved as archive/<sha256 prefix>.<html|pdf|txt> in the folder of the
    file that defines the source, and its archive.path, sha256 and retrieved are
    written in that file (comments kept; the whole timeline is checked first).
    Redirects are followed; each request has a timeout, is retried with backoff on
    transient failures, and says who asks (User-Agent policytl/VERSION). Nothing
    is written for a source whose fetch fails, and each failure is one line; exit
    1 when one failed.

    \b
    Examples:
      policytl archive
      policytl archive panews-2020-07-01 --snapshot -d timeline.yaml
    """
    from policytl.cli.edit import apply, timeline_files
    from policytl.cli.output import message
    from policytl.curate.edit import Where, set_field
    from policytl.model.errors import UsageError
    from policytl.model.limits import DEFAULT_MAX_BYTES
    from policytl.sources.archive import archive as fetch_all
    from policytl.sources.fetch import Settings
    from policytl.sources.verify import load

    files = timeline_files(data)
    docs, timeline = load(files, max_bytes or DEFAULT_MAX_BYTES)
    for sid in sources or []:
        if sid not in timeline.sources:
            raise UsageError(f"no source has the id {sid!r}")
    chosen = list(dict.fromkeys(sources or [s for s, r in timeline.sources.items() if r.url]))
    if not chosen:
        message("no source has a url to archive")
        return ExitStatus.OK
    settings = Settings(timeout=timeout, retries=retries, concurrency=concurrency)
    outcomes = fetch_all(
        docs, timeline, chosen, settings, snapshot=snapshot, endpoint=snapshot_endpoint
    )
    done = [o for o in outcomes if not o.error]

    def change(texts: dict[str, str]) -> dict[str, str]:
        new: dict[str, str] = {}
        for outcome in done:
            text = new.get(outcome.file, texts[outcome.file])
            for field, value in outcome.fields.items():
                text = set_field(text, Where("sources", outcome.source), f"archive.{field}", value)
            new[outcome.file] = text
        return new

    if done:
        apply(ctx, files, change, dry_run=False, max_bytes=max_bytes)
    for outcome in outcomes:
        if outcome.error:
            message(f"error: source {outcome.source!r} was not archived: {outcome.error}")
        else:
            said = ", ".join(f"{k} {v}" for k, v in outcome.fields.items() if k != "sha256")
            message(f"archived source {outcome.source!r} in {outcome.file}: {said}")
    return ExitStatus.ERROR if len(done) < len(outcomes) else ExitStatus.OK
