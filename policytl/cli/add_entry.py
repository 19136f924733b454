"""``policytl add``: an event (``add FILE ...``, as ``add event FILE ...``), or a registry
entry (``add source``, ``add body``, ``add jurisdiction``, ``add document``) or a
vocabulary word (``add kind``, ``add document-type``, ``add relation-type``).

An entry's options come from the field table (``policytl.model.fields``): one
option per field, named after it, with the field's own sentence as its help (a
text is ``--NAME-zh`` and ``--NAME-en``; a list is repeated; a mapping is
``--identifier SCHEME=VALUE``). The entry goes in through the one editing path
(``policytl.cli.edit.apply``): validated with the whole file, written atomically.
"""

import inspect
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from policytl.cli import add as add_event
from policytl.cli import options
from policytl.cli.edit import DryRun
from policytl.cli.status import ExitStatus
from policytl.model.fields import Kind, Spec, table
from policytl.model.records import REGISTRIES, VOCABULARIES

__all__ = ["app"]


class AddGroup(TyperGroup):
    """``policytl add WHAT ...``; anything else than a WHAT is ``add event``'s file."""

    ignore_unknown_options = True

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            return "event", self.commands["event"], args
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        from policytl.cli.app import summary

        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.short_help and cmd.help:
                cmd.short_help = summary(cmd.help)
        super().format_commands(ctx, formatter)


app = typer.Typer(
    cls=AddGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="""Add an event, a registry entry or a kind to a timeline file.

    `policytl add FILE ...` adds an event (the same as `policytl add event FILE ...`);
    `policytl add source FILE ID ...` and the others add an entry, with one option
    per field of the record. Everything else in the file is kept; the whole file is
    checked before anything is written.

    \b
    Examples:
      policytl add timeline.yaml --date 2024-03 --kind statement -j CN --title-en T --quote Q
      policytl add source timeline.yaml eu-oj-2024-1689 --title-en "Regulation (EU) 2024/1689"
      policytl add kind timeline.yaml speech "a speech by an official"
    """,
)
app.command("event")(add_event.add)


def _flag(name: str, spec: Spec) -> str:
    """The option of a field: ``--publisher``; a list's in the singular (``--alias``)."""
    flag = name.replace("_", "-")
    if spec.kind in (Kind.REFS, Kind.STRINGS, Kind.ALIASES, Kind.NOTES, Kind.MAPPING):
        flag = flag[:-2] if flag.endswith("ses") else flag.rstrip("s")
    return f"--{flag}"


def _help(spec: Spec) -> str:
    return spec.doc.replace("`", "").replace("**", "")


def _parameters(cls: type) -> list[tuple[str, str, Spec, str | None]]:
    """(parameter, option, field spec, text language) for each field of ``cls``."""
    out: list[tuple[str, str, Spec, str | None]] = []
    for name, spec in table(cls):
        if spec.kind in (Kind.KEY, Kind.RECORDS, Kind.RECORD):
            continue
        if spec.kind is Kind.TEXT:
            for lang in ("zh", "en"):
                out.append((f"{name}_{lang}", f"--{name}-{lang}", spec, lang))
        else:
            out.append((name, _flag(name, spec), spec, None))
    return out


def _option(flag: str, spec: Spec, lang: str | None) -> Any:
    many = spec.kind in (Kind.REFS, Kind.STRINGS, Kind.ALIASES, Kind.NOTES, Kind.MAPPING)
    doc = _help(spec)
    if lang is not None:
        head = doc.split(" {")[0].rstrip(",.:")
        doc = f"{head}, in {'Chinese' if lang == 'zh' else 'English'}."
    if many:
        doc += " Repeatable." if spec.kind is not Kind.MAPPING else " As SCHEME=VALUE; repeatable."
    kind: Any = list[str] | None if many else str | None
    flags = (flag, "-j") if flag == "--jurisdiction" else (flag,)
    return Annotated[kind, typer.Option(*flags, help=doc, metavar="TEXT")]


def _entry(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The entry's mapping, in table order, from the options given; a usage error
    names the required options left out."""
    from policytl.curate.edit import parse_value
    from policytl.model.errors import UsageError

    entry: dict[str, Any] = {}
    missing: list[str] = []
    for name, spec in table(cls):
        if spec.kind in (Kind.KEY, Kind.RECORDS, Kind.RECORD):
            continue
        if spec.kind is Kind.TEXT:
            text = {lang: values[f"{name}_{lang}"] for lang in ("zh", "en")}
            value: Any = {k: v for k, v in text.items() if v} or None
            flags = f"--{name}-zh or --{name}-en"
        elif spec.kind is Kind.MAPPING:
            pairs = [v.partition("=") for v in values[name] or []]
            if any(not sep for _, sep, _ in pairs):
                raise UsageError(f"{_flag(name, spec)} takes SCHEME=VALUE")
            value = {k.strip(): v.strip() for k, _, v in pairs} or None
            flags = _flag(name, spec)
        else:
            given = values[name]
            if isinstance(given, list):
                given = ",".join(given) if given else None
            value = parse_value(spec, name, given) if given else None
            if spec.kind is Kind.NOTES and values[name]:
                value = values[name] if len(values[name]) > 1 else values[name][0]
            flags = _flag(name, spec)
        if value is not None:
            entry[name] = value
        elif spec.required and spec.kind is not Kind.REFS:
            missing.append(flags)
        elif spec.required:
            entry[name] = []
    if missing:
        raise UsageError(f"missing {', '.join(missing)}")
    return entry


def _add(
    ctx: typer.Context,
    file: str,
    section: str,
    key: str,
    entry: Any,
    dry_run: bool,
    max_bytes: int | None,
) -> None:
    from policytl.cli.edit import apply
    from policytl.cli.output import message
    from policytl.curate.edit import add_entry, noun
    from policytl.model.errors import UsageError

    if file.lower().endswith(".json"):
        raise UsageError(f"add edits YAML files only; {file} is JSON (add the entry to it by hand)")

    def change(texts: dict[str, str]) -> dict[str, str]:
        return {file: add_entry(texts[file], section, key, entry)}

    if apply(ctx, [file], change, dry_run=dry_run, max_bytes=max_bytes) is not None:
        message(f"added {noun(section)} {key!r} to {file}")


File = Annotated[str, typer.Argument(help="The timeline file to add it to.")]


#: an example of each entry command (its --help shows it)
_SAMPLES = {
    "sources": "eu-oj --title-en T --publisher EUR-Lex",
    "jurisdictions": "CN-BJ --name-en Beijing --parent CN",
    "bodies": "bj-drc --name-en T --level municipal -j CN-BJ --classification other",
    "documents": "eu-ai-act --title-en T --type regulation -j EU",
}


def _name(section: str) -> str:
    """The command of a section: ``source``, ``body``, ``document-type``."""
    return "body" if section == "bodies" else section.rstrip("s")


def _registry_command(section: str, cls: type) -> Any:
    from policytl.curate.edit import key_name, noun

    fields = _parameters(cls)
    what = noun(section)

    def command(ctx: typer.Context, file: str, key: str, **values: Any) -> int:
        dry_run = values.pop("dry_run")
        max_bytes = values.pop("max_bytes")
        _add(ctx, file, section, key, _entry(cls, values), dry_run, max_bytes)
        return ExitStatus.OK

    metavar = key_name(section)
    sample = _SAMPLES[section]
    command.__doc__ = f"""Add a {what} to a timeline file (under {section}:).

    Each option is a field of the {what} (docs/reference/format.md describes them).

    \b
    Examples:
      policytl add {_name(section)} timeline.yaml {sample}
      policytl add {_name(section)} timeline.yaml {sample} --dry-run
    """
    P = inspect.Parameter
    params = [
        P("ctx", P.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        P("file", P.POSITIONAL_OR_KEYWORD, annotation=File),
        P(
            "key",
            P.POSITIONAL_OR_KEYWORD,
            annotation=Annotated[
                str, typer.Argument(help=f"The {what}'s {metavar.lower()}.", metavar=metavar)
            ],
        ),
        *(
            P(name, P.KEYWORD_ONLY, default=None, annotation=_option(flag, spec, lang))
            for name, flag, spec, lang in fields
        ),
        P("dry_run", P.KEYWORD_ONLY, default=False, annotation=DryRun),
        P("max_bytes", P.KEYWORD_ONLY, default=None, annotation=options.MaxBytes),
    ]
    command.__signature__ = inspect.Signature(params, return_annotation=int)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params} | {"return": int}
    command.__name__ = what
    return command


def _vocabulary_command(section: str) -> Any:
    from policytl.curate.edit import noun

    what = noun(section)
    name = what.replace(" ", "-")

    def command(
        ctx: typer.Context,
        file: File,
        key: Annotated[str, typer.Argument(help=f"The {what} (a lowercase slug).", metavar="SLUG")],
        description: Annotated[
            str, typer.Argument(help="What it means, in a line.", metavar="TEXT")
        ],
        dry_run: DryRun = False,
        max_bytes: options.MaxBytes = None,
    ) -> int:
        _add(ctx, file, section, key, description, dry_run, max_bytes)
        return ExitStatus.OK

    command.__doc__ = f"""Add a {what} to the built-in ones (under {section}:).

    \b
    Examples:
      policytl add {name} timeline.yaml cites "mentions the other as a model"
      policytl add {name} timeline.yaml cites "mentions the other as a model" --dry-run
    """
    return command


for _section, _cls in REGISTRIES.items():
    app.command(_name(_section))(_registry_command(_section, _cls))
for _section in VOCABULARIES:
    app.command(_name(_section))(_vocabulary_command(_section))
