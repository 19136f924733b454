"""``policytl add``: add one event to a timeline file, asking for what is missing."""

import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Annotated, Any

import typer

from policytl.cli import options
from policytl.cli.context import env_of
from policytl.cli.status import ExitStatus

# add's own options (the event's fields first), in the order --help lists them

Date = Annotated[
    str | None,
    typer.Option(
        "--date",
        help='The date as the source gives it: 2020, 2020-06, 2020-06-30, "2020-06?", '
        '"21 April 2021", 2021年4月, "Q2 2021", "c. 2020" (written in canonical form).',
    ),
]
Due = Annotated[
    str | None,
    typer.Option(
        "--due",
        help="For a target: the date it aims at, written like --date (the date is when "
        "it was set).",
        metavar="DATE",
    ),
]
Kind = Annotated[
    str | None,
    typer.Option("--kind", "-k", help="Event kind (policytl kinds lists them).", metavar="KIND"),
]
Jurisdiction = Annotated[
    str | None,
    typer.Option(
        "--jurisdiction", "-j", help="Jurisdiction code, or a name or alias of one.", metavar="J"
    ),
]
Issuers = Annotated[
    list[str] | None,
    typer.Option(
        "--issuer",
        "-b",
        help="Issuing body: id, name or alias; repeat for joint issuers, the lead first.",
        metavar="BODY",
    ),
]
TitleZh = Annotated[
    str | None, typer.Option("--title-zh", help="Title in Chinese.", metavar="TEXT")
]
TitleEn = Annotated[
    str | None, typer.Option("--title-en", help="Title in English.", metavar="TEXT")
]
Document = Annotated[
    str | None,
    typer.Option(
        "--document",
        help="The document the event is about: its id (or title) under documents:.",
        metavar="ID",
    ),
]
ScopeZh = Annotated[
    str | None,
    typer.Option(
        "--scope-zh",
        help="Which part of the document, in Chinese (an applies stage).",
        metavar="TEXT",
    ),
]
ScopeEn = Annotated[
    str | None,
    typer.Option(
        "--scope-en",
        help="Which part of the document, in English (an applies stage).",
        metavar="TEXT",
    ),
]
Source = Annotated[
    str | None,
    typer.Option(
        "--source", help="Id of the cited source (default: the file's only source).", metavar="ID"
    ),
]
Quote = Annotated[
    str | None,
    typer.Option("--quote", help="The words of the source, verbatim.", metavar="TEXT"),
]
Locator = Annotated[
    str | None, typer.Option("--locator", help="Page, paragraph or section.", metavar="TEXT")
]
Tags = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="A tag (repeatable).", metavar="TAG")
]
Notes = Annotated[
    list[str] | None,
    typer.Option("--note", help="A curator's note (repeatable).", metavar="TEXT"),
]
Url = Annotated[str | None, typer.Option("--url", help="Where to read more.")]
EventId = Annotated[
    str | None,
    typer.Option("--id", help="Event id (default: made from the English title).", metavar="ID"),
]
OtherFiles = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        "-d",
        help="Other files of the same timeline, for references (repeatable).",
        metavar="PATH",
    ),
]
Interactive = Annotated[
    bool | None,
    typer.Option(
        "--interactive/--no-interactive",
        "-i",
        help="Ask for what is missing (default: when standard input is a terminal).",
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print the lines that would be added; write nothing.")
]


class Prompt:
    """Questions on stderr, answers from stdin (Click's prompt would write a character
    of each question to stdout, as input() does, and stdout is for data only)."""

    def __init__(self, echo: bool) -> None:
        #: answers are piped in: show them, so that stderr reads as a transcript
        self.echo = echo

    def __call__(self, text: str, default: str | None = None) -> str:

        from policytl.model.textsafe import for_terminal

        sys.stderr.write(f"{text} [{default}]: " if default else f"{text}: ")
        sys.stderr.flush()
        value = _read_answer(text.split(" (")[0]).strip() or default or ""
        if self.echo:
            sys.stderr.write(f"{for_terminal(value)}\n")  # piped: never a raw control
        return value

    def until(self, text: str, why_not: Callable[[str], str | None]) -> str:
        """Ask until the answer is usable (at most five times)."""
        from policytl.cli.output import message
        from policytl.model.errors import UsageError

        for _ in range(5):
            value = self(text)
            why = why_not(value)
            if why is None:
                return value
            message(why)
        raise UsageError(f"no usable answer to {text!r}")


@dataclass
class Answers:
    """The event's fields as given on the command line (each field is an option of add, in
    the order --help lists them), then as answered."""

    date: Date = None
    due: Due = None
    kind: Kind = None
    jurisdiction: Jurisdiction = None
    issuer: Issuers = None
    title_zh: TitleZh = None
    title_en: TitleEn = None
    document: Document = None
    scope_zh: ScopeZh = None
    scope_en: ScopeEn = None
    source: Source = None
    quote: Quote = None
    locator: Locator = None
    tag: Tags = None
    note: Notes = None
    url: Url = None
    event_id: EventId = None

    def check_utf8(self) -> None:
        """Refuse text options holding bytes that are not UTF-8 (Python keeps them as
        surrogates): encoding one raises the UnicodeEncodeError that the app reports as a
        usage error, with the same line as for every other command (exit 2)."""
        for f in fields(self):
            value = getattr(self, f.name)
            for text in [value] if isinstance(value, str) else value or []:
                text.encode("utf-8")

    def complete(self, timeline: Any, prompt: Prompt | None) -> None:
        """Ask for what is missing, or (without ``prompt``) a usage error naming it."""
        from policytl.model.errors import UsageError

        single_source = next(iter(timeline.sources)) if len(timeline.sources) == 1 else None
        single_jur = _single(timeline.jurisdictions)
        if prompt is None:
            self.source = self.source or single_source
            missing = [
                flag
                for flag, value in (
                    ("--date", self.date),
                    ("--kind", self.kind),
                    ("--jurisdiction", self.jurisdiction or single_jur),
                    ("--title-zh or --title-en", self.title_zh or self.title_en),
                    ("--source", self.source),
                    ("--quote", self.quote),
                )
                if not value
            ]
            if missing:
                raise UsageError(
                    f"missing {', '.join(missing)} (run it in a terminal, or with -i, to be asked)"
                )
            return
        from policytl.model.records import EVENT_KINDS

        kinds = list(EVENT_KINDS) + [k for k in timeline.kinds if k not in EVENT_KINDS]
        if not self.date:
            self.date = prompt.until("Date (2020, 2020-06, 2020-06-30, 2020-06?)", _date_problem)
        if not self.kind:
            self.kind = prompt.until(
                f"Kind ({', '.join(kinds)})",
                lambda k: (
                    None if k in kinds else f"unknown kind {k!r}; answer one of: {', '.join(kinds)}"
                ),
            )
        if not self.jurisdiction:
            self.jurisdiction = prompt(
                f"Jurisdiction ({', '.join(timeline.jurisdictions)})", default=single_jur
            )
        if self.issuer is None:
            answer = prompt(
                "Issuers: body ids, names or aliases, comma-separated, the lead first "
                f"(known: {', '.join(timeline.bodies) or 'none'}; empty for none)",
            )
            self.issuer = [b.strip() for b in answer.split(",") if b.strip()]
        if not self.title_zh and not self.title_en:
            self.title_zh = prompt("Title in Chinese (empty for none)")
            self.title_en = prompt(
                "Title in English" + (" (empty for none)" if self.title_zh else "")
            )
        if self.document is None and timeline.documents:
            known = ", ".join(timeline.documents)
            self.document = prompt(f"Document (known: {known}; empty for none)") or None
        if self.kind == "applies" and not self.scope_zh and not self.scope_en:
            self.scope_en = prompt("Which part applies, in English (empty for all of it)") or None
        if not self.source:
            self.source = prompt(f"Source ({', '.join(timeline.sources)})", default=single_source)
        if not self.quote:
            self.quote = prompt("Quote (the words of the source, verbatim)")
        if self.locator is None:
            self.locator = prompt("Locator: page, paragraph or article (empty for none)") or None
        if self.kind == "target" and not self.due:
            self.due = (
                prompt.until(
                    "Due: the date the target aims at (empty for none)",
                    lambda d: _date_problem(d) if d else None,
                )
                or None
            )
        if self.tag is None:
            answer = prompt(
                f"Tags, comma-separated (known: {_known_tags(timeline)}; empty for none)"
            )
            self.tag = [t.strip() for t in answer.split(",") if t.strip()]
        if self.url is None:
            self.url = prompt("URL to read more (empty for none)") or None
        if self.note is None:
            note = prompt("A curator's note (empty for none)")
            self.note = [note] if note else []

    def event(self, timeline: Any, prompt: Prompt | None) -> dict[str, Any]:
        """The new event as a record of the file (names resolved to ids)."""
        from policytl.analyze.query import resolve_bodies, resolve_jurisdiction
        from policytl.curate.add import suggest_id
        from policytl.model.errors import UsageError

        date, kind = self.date, self.kind
        assert date is not None and kind is not None
        assert self.source is not None and self.quote is not None
        date = _read_date("--date", date)
        single_jur = _single(timeline.jurisdictions)
        jur = resolve_jurisdiction(
            timeline, self.jurisdiction or single_jur or "", "--jurisdiction"
        )
        issuers = resolve_bodies(timeline, self.issuer or [], "--issuer")
        title = {k: v for k, v in (("zh", self.title_zh), ("en", self.title_en)) if v}
        if not title:
            raise UsageError("give a title: --title-zh, --title-en or both")
        taken = {e.id for e in timeline.events}
        suggested = suggest_id(self.title_en, date=date, kind=kind, jurisdiction=jur, taken=taken)
        event_id = self.event_id
        if event_id is None:
            event_id = prompt("Id", default=suggested) if prompt is not None else suggested
        due = self.due
        event: dict[str, Any] = {
            "id": event_id,
            "date": date,
            **({"due": _read_date("--due", due)} if due else {}),
            "kind": kind,
            "jurisdiction": jur,
            "issuers": issuers,
            "title": title,
        }
        if self.document:
            from policytl.analyze.query import resolve_documents

            (event["document"],) = resolve_documents(timeline, [self.document], "--document")
        scope = {k: v for k, v in (("zh", self.scope_zh), ("en", self.scope_en)) if v}
        if scope:
            event["scope"] = scope
        if self.tag:
            event["tags"] = list(self.tag)
        citation = {"source": self.source, "quote": self.quote}
        if self.locator:
            citation["locator"] = self.locator
        event["sources"] = [citation]
        if self.note:
            event["notes"] = list(self.note)
        if self.url:
            event["url"] = self.url
        return event


@options.gathered("answers", Answers)
def add(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="The timeline file to add the event to.")],
    answers: Answers,
    data: OtherFiles = None,
    interactive: Interactive = None,
    dry_run: DryRun = False,
    max_bytes: options.MaxBytes = None,
) -> int:
    """Add one event to a timeline file, keeping everything else as it was.

    Missing fields are asked for when standard input is a terminal (or with -i);
    otherwise they are a usage error that names them. Names and aliases of bodies
    and jurisdictions are read as their ids. The whole file is checked with the
    new event before anything is written; the file is replaced atomically and
    only the event's lines are added (where `policytl fmt` would put them).

    \b
    Examples:
      policytl add timeline.yaml
      policytl add timeline.yaml -i
      policytl add timeline.yaml --date 2020-06 --kind statement -j CN --title-en T --quote Q
    """

    from policytl.cli.output import message, write_stdout
    from policytl.curate.add import events_as_list, insert_event
    from policytl.curate.check import added_lines, check_texts, read_text
    from policytl.model.errors import UsageError

    color = env_of(ctx).color
    answers.check_utf8()
    if file.lower().endswith(".json"):
        raise UsageError(f"add edits YAML files only; {file} is JSON (add the event to it by hand)")
    others = [d for d in data or [] if not _same_file(d, file)]  # the file itself is read once
    text = read_text(file, max_bytes)
    timeline, problems = check_texts({file: events_as_list(text)}, others, max_bytes)
    _refuse_errors(
        problems, color, timeline is None, f"{file} is not valid; fix it first (nothing was added)"
    )
    assert timeline is not None
    ask = interactive if interactive is not None else _stdin_is_terminal()
    prompt = Prompt(echo=ask and not _stdin_is_terminal())
    answers.complete(timeline, prompt if ask else None)
    event = answers.event(timeline, prompt if ask else None)
    # From here to the end the file is locked, and the event goes into what it holds now
    from policytl.files.edit import edit
    from policytl.model.limits import DEFAULT_MAX_BYTES

    ed = ctx.with_resource(edit(file, max_bytes or DEFAULT_MAX_BYTES))
    text = ed.text
    new_text = insert_event(text, event)
    _, problems = check_texts({file: new_text}, others, max_bytes)
    _refuse_errors(problems, color, False, f"the event was not added: it would make {file} invalid")
    if dry_run:
        write_stdout(added_lines(text, new_text))
        return ExitStatus.OK
    ed.write_text(new_text)
    message(f"added event {event['id']!r} ({event['date']}) to {file}")
    return ExitStatus.OK


def _refuse_errors(problems: list[Any], color: bool, broken: bool, why: str) -> None:
    """List the errors among ``problems`` on stderr and stop with ``why`` (exit 1)."""
    from policytl.cli.output import report_problems
    from policytl.model.errors import PolicytlError, Severity

    errors = [p for p in problems if p.severity is Severity.ERROR]
    if broken or errors:
        report_problems(errors or problems, color)
        raise PolicytlError(why)


def _read_answer(question: str) -> str:
    """One line of standard input, read as UTF-8 whatever the locale says (the
    README's answers are Chinese); UsageError when the input is closed or ended."""
    from policytl.model.errors import UsageError

    stream = getattr(sys.stdin, "buffer", None)
    try:
        raw = stream.readline() if stream is not None else None
    except (OSError, ValueError):
        raw = None
    if not raw:
        sys.stderr.write("\n")  # end the question's line before the error
    if raw is None:
        raise UsageError(f"no answer to {question!r}: standard input is closed")
    if not raw:
        raise UsageError(f"no answer to {question!r}: the input ended")
    try:
        return str(raw.decode("utf-8")).rstrip("\r\n")
    except UnicodeDecodeError:
        raise UsageError(f"the answer to {question!r} is not UTF-8 text") from None


def _same_file(a: str, b: str) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _single(records: Any) -> str | None:
    """The one key of ``records``, or None when there are none or several."""
    return next(iter(records)) if len(records) == 1 else None


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _date_problem(text: str) -> str | None:
    """Why ``text`` is no date (None: it is one, in any form the import and the filters
    read)."""
    from policytl.curate.importing.dates import read_date
    from policytl.model.errors import DateError

    try:
        read_date(text)
    except DateError as exc:
        return str(exc)
    return None


def _read_date(option: str, text: str) -> str:
    """``text`` as a policy date in canonical form (saying so when it was written
    otherwise); a usage error naming ``option`` when it is none."""
    from policytl.cli.output import message
    from policytl.curate.importing.dates import read_date
    from policytl.model.errors import DateError, UsageError

    try:
        date = read_date(text)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if date != text:
        message(f'read date {text!r} as "{date}"')
    return date


def _known_tags(timeline: Any) -> str:
    tags = sorted({t for e in timeline.events for t in e.tags})
    return ", ".join(tags[:12]) + (" ..." if len(tags) > 12 else "") if tags else "none"
