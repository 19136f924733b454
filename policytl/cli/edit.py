"""``policytl set``, ``tag``, ``remove`` and ``rename``: change a timeline's records.

One path for every change (and for ``policytl add source`` ...): the files are
locked (:func:`policytl.files.edit.edit_all`), changed by
:mod:`policytl.curate.edit` (comments kept, canonical form), the result is
validated as a whole timeline, and only then written, each file atomically;
``--dry-run`` prints the diff instead.
"""

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus

Data = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        "-d",
        help="The timeline's files or folders (default: $POLICYTL_DATA, else the project "
        "of the current folder, as every command finds it).",
        metavar="PATH",
    ),
]
Section = Annotated[
    str | None,
    typer.Option(
        "--in",
        help="Which records the id is among, when several have it: events, sources, "
        "jurisdictions, bodies, documents, kinds, document-types or relation-types.",
        metavar="SECTION",
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print the diff of the change; write nothing.")
]
RecordId = Annotated[str, typer.Argument(help="The id of the event or entry.", metavar="ID")]


def timeline_files(data: list[str] | None) -> list[str]:
    """The files of the timeline to edit: --data, else $POLICYTL_DATA, else the project."""
    from policytl.cli.data import data_paths
    from policytl.load.loader import expand_paths
    from policytl.model.errors import UsageError

    paths = data_paths(data)
    if not paths:
        raise UsageError(
            "no timeline to edit here: give its file with --data (or run this in the folder "
            "of its timeline.yaml)"
        )
    return [str(p) for p in expand_paths(paths)]


def section_of(given: str | None) -> str | None:
    """The section --in names (``body`` and ``bodies`` both name bodies)."""
    from policytl.curate.edit import SECTIONS, noun
    from policytl.model.errors import UsageError

    if given is None:
        return None
    for s in SECTIONS:
        if given in (s, noun(s), noun(s).replace(" ", "-")):
            return s
    raise UsageError(f"--in: no section {given!r}; one of: {', '.join(SECTIONS)}")


def locate(texts: Mapping[str, str], key: str, section: str | None) -> tuple[str, Any]:
    """(the file holding the record ``key``, where it is); a usage error naming the
    closest ids when no file has it, or the sections when several records have it."""
    import difflib

    from policytl.curate.edit import SECTIONS, _records, find
    from policytl.load.yamlsafe import parse_document
    from policytl.model.errors import UsageError

    found = []
    every: list[str] = []
    for name, text in texts.items():
        data = parse_document(text, name, as_json=name.lower().endswith(".json")).data
        found += [(name, w) for w in find(data, key, section)]
        every += [k for s in ([section] if section else SECTIONS) for k, _ in _records(data, s)]
    if not found:
        close = difflib.get_close_matches(key, every, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"no record has the id {key!r}{hint}")
    if len(found) > 1:
        said = " and ".join(f"{w} in {name}" for name, w in found)
        raise UsageError(f"{said} have this id; say which with --in SECTION")
    return found[0]


def apply(
    ctx: typer.Context,
    files: list[str],
    change: Callable[[dict[str, str]], dict[str, str]],
    *,
    dry_run: bool,
    max_bytes: int | None,
) -> dict[str, str] | None:
    """Lock ``files``, change their texts, validate, and write (or print the diff).

    ``change`` gets every file's text by name and returns the changed ones. Returns
    them once written (None on a dry run)."""
    from policytl.cli.add import _refuse_errors
    from policytl.cli.output import write_stdout
    from policytl.curate.check import check_texts
    from policytl.files.edit import edit_all
    from policytl.model.errors import UsageError
    from policytl.model.limits import DEFAULT_MAX_BYTES

    yaml_files = [f for f in files if not f.lower().endswith(".json")]
    eds = ctx.with_resource(edit_all(yaml_files, max_bytes or DEFAULT_MAX_BYTES))
    texts = {f: eds[f].text if f in eds else _read(f, max_bytes) for f in files}
    new = change(texts)
    for name in new:
        if name.lower().endswith(".json"):
            raise UsageError(f"{name} is JSON: policytl edits YAML files only (change it by hand)")
    _, problems = check_texts({**texts, **new}, [], max_bytes)
    said = ", ".join(new)
    _refuse_errors(
        problems, env_of(ctx).color, False, f"nothing was changed: it would make {said} invalid"
    )
    if dry_run:
        write_stdout(diff(texts, new))
        return None
    for name, text in new.items():
        eds[name].write_text(text)
    return new


def _read(name: str, max_bytes: int | None) -> str:
    from policytl.curate.check import read_text

    return read_text(name, max_bytes)


def diff(old: Mapping[str, str], new: Mapping[str, str]) -> str:
    """The unified diff of each changed file."""
    import difflib

    return "".join(
        "".join(
            difflib.unified_diff(
                old[name].splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )
        for name, text in new.items()
    )


def _one(
    ctx: typer.Context,
    key: str,
    section: str | None,
    data: list[str] | None,
    change: Callable[[str, Any], str],
    dry_run: bool,
    max_bytes: int | None,
) -> tuple[str, Any] | None:
    """Change the one file holding the record ``key``: (that file, where) once written."""
    holder: list[tuple[str, Any]] = []

    def run(texts: dict[str, str]) -> dict[str, str]:
        name, where = locate(texts, key, section_of(section))
        holder.append((name, where))
        return {name: change(texts[name], where)}

    done = apply(ctx, timeline_files(data), run, dry_run=dry_run, max_bytes=max_bytes)
    return holder[0] if done is not None else None


def set_(
    ctx: typer.Context,
    key: RecordId,
    field: Annotated[
        str,
        typer.Argument(
            help="The field: date, kind, url, title.en (one language of a text), "
            "identifiers.celex (one key of a mapping) ...",
            metavar="FIELD",
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            help='Its new value: a date as people write it, a list comma-separated; "" '
            "removes the field.",
            metavar="VALUE",
        ),
    ],
    section: Section = None,
    data: Data = None,
    dry_run: DryRun = False,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Set one field of an event or a registry entry, keeping everything else.

    The value is read by the field's kind (the format reference lists them): a date
    in any form add and the filters accept, written in its canonical quoted form; a
    list (issuers, tags, aliases) comma-separated. The whole timeline is checked
    with the change before anything is written; an id is changed with rename.

    \b
    Examples:
      policytl set example-plan-issued date "21 April 2021"
      policytl set example-plan-issued title.en "A better title" -d timeline.yaml
      policytl set example-source url "" --dry-run
    """
    from policytl.cli.output import message
    from policytl.curate.edit import set_field

    done = _one(
        ctx,
        key,
        section,
        data,
        lambda text, where: set_field(text, where, field, value),
        dry_run,
        max_bytes,
    )
    if done is not None:
        message(f"{'removed' if not value else 'set'} {field} of {done[1]} in {done[0]}")
    return ExitStatus.OK


def tag(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The id of the event.", metavar="ID")],
    tags: Annotated[list[str], typer.Argument(help="The tags.", metavar="TAG...")],
    remove: Annotated[
        bool, typer.Option("--remove", "-r", help="Remove the tags instead of adding them.")
    ] = False,
    data: Data = None,
    dry_run: DryRun = False,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Add tags to an event, or remove them (--remove).

    \b
    Examples:
      policytl tag example-plan-issued pilot fintech
      policytl tag example-plan-issued pilot --remove
    """
    from policytl.cli.output import message
    from policytl.curate.edit import tag as tag_event

    done = _one(
        ctx,
        key,
        None,
        data,
        lambda text, where: tag_event(text, where, tags, remove=remove),
        dry_run,
        max_bytes,
    )
    if done is not None:
        said = ", ".join(tags)
        message(f"{'untagged' if remove else 'tagged'} {done[1]} {said} in {done[0]}")
    return ExitStatus.OK


def remove(
    ctx: typer.Context,
    key: RecordId,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Remove it even while other records refer to it, and those references "
            "with it (an issuer from its list, the citation or relation naming it).",
        ),
    ] = False,
    section: Section = None,
    data: Data = None,
    dry_run: DryRun = False,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Remove an event or a registry entry.

    While other records refer to it, it is refused and every one of them is named;
    --force removes the references too, where the record holding one can do
    without it (a reference that cannot go, such as an event's jurisdiction, keeps
    the file invalid, and nothing is written).

    \b
    Examples:
      policytl remove example-plan-issued
      policytl remove example-ministry --force --dry-run
    """
    from policytl.cli.output import message
    from policytl.curate.edit import remove as remove_record

    where: list[Any] = []

    def run(texts: dict[str, str]) -> dict[str, str]:
        _, found = locate(texts, key, section_of(section))
        where.append(found)
        return remove_record(texts, found, force=force)

    done = apply(ctx, timeline_files(data), run, dry_run=dry_run, max_bytes=max_bytes)
    if done is not None:
        message(f"removed {where[0]} ({', '.join(done)})")
    return ExitStatus.OK


def rename(
    ctx: typer.Context,
    key: RecordId,
    new: Annotated[str, typer.Argument(help="Its new id.", metavar="NEW-ID")],
    section: Section = None,
    data: Data = None,
    dry_run: DryRun = False,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Rename an id everywhere: the record and every reference to it, in every file.

    References are what the format says refers to a record: issuers, jurisdictions
    and parents, citations' sources, documents, relations, and kinds and types
    that a file adds.

    \b
    Examples:
      policytl rename example-ministry ministry-of-examples
      policytl rename CN-BJ CN-11 --dry-run
    """
    from policytl.cli.output import message
    from policytl.curate.edit import rename as rename_record

    where: list[Any] = []

    def run(texts: dict[str, str]) -> dict[str, str]:
        _, found = locate(texts, key, section_of(section))
        where.append(found)
        return rename_record(texts, found, new)

    done = apply(ctx, timeline_files(data), run, dry_run=dry_run, max_bytes=max_bytes)
    if done is not None:
        message(f"renamed {where[0]} to {new!r} ({', '.join(done)})")
    return ExitStatus.OK
