"""``policytl diff``: what changed between two versions of a timeline."""

import os
import sys
from typing import Annotated

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus
from policytl.model.records import Timeline


@options.paged
def diff(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            help="The old version: a file or folder, - for standard input, or REV:PATH "
            "for a file in a git revision (as `git show REV:PATH` reads it).",
            metavar="OLD",
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(help="The new version: the same forms as OLD.", metavar="NEW"),
    ],
    fmt: options.Report = options.ReportFormat.TEXT,
    lang: options.Lang = None,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Show what changed between two versions of a timeline.

    Events, bodies, sources and jurisdictions are matched by id: added (+),
    removed (-), renamed or changed field by field (~). Exits 0 when the
    versions are equal, 1 when they differ (like diff), 2 on a usage error or
    when either version cannot be loaded.

    \b
    Examples:
      policytl diff old/timeline.yaml data/timeline.yaml
      policytl diff HEAD~1:data/timeline.yaml data/timeline.yaml
      policytl diff - timeline.yaml < old-timeline.yaml
      policytl diff v1/ v2/ --format markdown
    """
    from policytl.analyze.diff import diff_timelines, render_json, render_markdown, render_text
    from policytl.cli.data import check_paths
    from policytl.cli.output import message, paint_diff, write_json, write_painted, write_stdout
    from policytl.cli.settings import resolve_lang
    from policytl.model.errors import DataError, PolicytlError, UsageError

    env = env_of(ctx)
    check_paths([old], "OLD")
    check_paths([new], "NEW")
    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be - (standard input)")
    chosen = resolve_lang(lang)
    versions: list[Timeline] = []
    for label, path in (("OLD", old), ("NEW", new)):
        try:
            versions.append(_load_version(path, max_bytes))
        except DataError as exc:
            see = f" (see `policytl validate {path}`)" if os.path.exists(path) else ""
            raise UsageError(f"cannot load {label}: {exc}{see}") from None
        except PolicytlError as exc:
            raise UsageError(f"cannot load {label}: {exc}") from None
    result = diff_timelines(versions[0], versions[1], old_name=old, new_name=new)
    if fmt is options.ReportFormat.JSON:
        write_json(render_json(result))
    elif fmt is options.ReportFormat.MARKDOWN:
        write_stdout(render_markdown(result, chosen))
    elif result.equal:
        message(f"no differences between {old} and {new}")
    else:
        text = render_text(result, chosen)
        if env.color:
            write_painted(paint_diff(text))
        else:
            write_stdout(text)
    return ExitStatus.OK if result.equal else ExitStatus.ERROR


def _load_version(path: str, max_bytes: int | None) -> Timeline:
    """A version for diff: a file or folder, - (standard input) or REV:PATH (git show)."""
    from policytl.cli.data import load_data
    from policytl.load.loader import load_bytes
    from policytl.model.errors import UsageError
    from policytl.model.limits import DEFAULT_MAX_BYTES

    limit = max_bytes or DEFAULT_MAX_BYTES
    if path == "-":
        if sys.stdin is None:
            raise UsageError("- reads standard input, but it is closed")
        return load_bytes(sys.stdin.buffer.read(limit + 1), "<stdin>", max_bytes=limit)
    rev, colon, inner = path.partition(":")
    if colon and rev and not os.path.exists(path):
        return load_bytes(_git_show(rev, inner), path, max_bytes=limit)
    return load_data([path], max_bytes=max_bytes)


def _git_show(rev: str, inner: str) -> bytes:
    import subprocess

    from policytl.model.errors import UsageError

    if rev.startswith("-"):
        # git would read it as an option (--output=FILE writes a file): never pass it on
        raise UsageError(f"{rev}:{inner}: a git revision cannot start with '-'")
    try:
        done = subprocess.run(
            ["git", "show", "--end-of-options", f"{rev}:{inner}"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(f"{rev}:{inner} names a git revision, but git is not installed") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            f"git show {rev}:{inner} failed: "
            + (why[-1].removeprefix("fatal: ") if why else f"exit status {done.returncode}")
        )
    return done.stdout
