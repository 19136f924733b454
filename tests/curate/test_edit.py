"""set, tag, remove, rename and add source/body/...: one editing path, comments kept,
validated before writing, --dry-run printing the diff (issue 23)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policytl.curate import edit
from policytl.curate.skeleton import skeleton

from ..conftest import invoke

EVENT = "example-plan-issued"

#: the skeleton with a second event and comments between the events
TWO = skeleton() + (
    "\n"
    "  # a comment about the second event\n"
    "  - id: second-event\n"
    '    date: "2024-02"\n'
    "    kind: statement\n"
    "    jurisdiction: CN\n"
    "    issuers: [example-ministry]\n"
    "    title: {en: A second event}\n"
    "    sources:\n"
    "      - source: example-source\n"
    "        quote: Second.\n"
    "    relations:\n"
    "      - type: follows\n"
    "        to: example-plan-issued\n"
)


@pytest.fixture
def f(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_text(TWO, encoding="utf-8")
    return path


def run(f: Path, *args: str) -> tuple[int, str, str]:
    result = invoke([*args, "-d", str(f)])
    return result.exit_code, result.stdout, result.stderr


def changed(f: Path) -> list[tuple[str, str]]:
    """(removed, added) lines of the file against TWO, in order."""
    import difflib

    old, new = TWO.splitlines(), f.read_text(encoding="utf-8").splitlines()
    return [
        (line[0], line[1:])
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]


def test_the_fixture_is_canonical() -> None:
    from policytl.curate.fmt import format_text

    assert format_text(TWO) == TWO


def test_set_a_date_as_people_write_it(f: Path) -> None:
    assert run(f, "set", EVENT, "date", "21 April 2021") == (
        0,
        "",
        f"policytl: set date of event '{EVENT}' in {f}\n",
    )
    assert changed(f) == [("-", '    date: "2024-01"'), ("+", '    date: "2021-04-21"')]


def test_set_one_language_of_a_text_and_remove_a_field(f: Path) -> None:
    assert run(f, "set", EVENT, "title.zh", "示例计划")[0] == 0
    assert run(f, "set", "example-source", "language", "")[0] == 0
    assert changed(f) == [
        ("-", "    language: en"),
        ("-", "    title: {en: The Example Ministry issues an example plan}"),
        ("+", "    title: {zh: 示例计划, en: The Example Ministry issues an example plan}"),
    ]


def test_set_dry_run_prints_the_diff_and_writes_nothing(f: Path) -> None:
    code, out, err = run(f, "set", "example-source", "url", "https://example.org", "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        f"--- a/{f}\n+++ b/{f}\n@@ -17,6 +17,7 @@\n"
        "     publisher: Example News\n"
        '     published: "2024-01-15"\n'
        "     language: en\n"
        "+    url: https://example.org\n"
        " \n"
        " # Jurisdictions by ISO 3166 code (CN, CN-BJ, US-CA ...). Aliases are other names\n"
        " # you may type on the command line (--jurisdiction china); in this file, use the code.\n"
    )
    assert f.read_text(encoding="utf-8") == TWO


def test_a_change_that_makes_the_file_invalid_is_refused(f: Path) -> None:
    code, out, err = run(f, "set", EVENT, "jurisdiction", "XX")
    assert (code, out) == (1, "")
    assert err == (
        f"{f}:46:19: events[0] (id: example-plan-issued).jurisdiction: unknown jurisdiction "
        "'XX' — define it under jurisdictions:\n"
        f"policytl: error: nothing was changed: it would make {f} invalid\n"
    )
    assert f.read_text(encoding="utf-8") == TWO


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", EVENT, "date", "soon"], "date: cannot read 'soon' as a date; expected a date "
         "such as 2021-04-21, 2021-04, 2021, 21 April 2021, April 2021, 2021年4月, Q2 2021, "
         "c. 2021, 2021? or an interval A/B"),
        (["set", EVENT, "colour", "red"], f"event '{EVENT}' has no field 'colour'; its fields: "
         "id, date, due, kind, jurisdiction, issuers, title, document, summary, tags, sources, "
         "notes, url, scope, relations"),
        (["set", EVENT, "id", "x"], f"an id is changed with: policytl rename {EVENT} NEW-ID"),
        (["set", EVENT, "title", "x"], "title holds several parts: set title.LANG (title.en)"),
        (["set", EVENT, "sources", "x"], "sources cannot be set from the command line; edit it "
         "in the file"),
        (["set", "example-plan-isued", "url", "x"], "no record has the id "
         "'example-plan-isued' (did you mean 'example-plan-issued'?)"),
        (["set", EVENT, "url", "x", "--in", "nowhere"], "--in: no section 'nowhere'; one of: "
         "sources, jurisdictions, bodies, documents, kinds, document-types, relation-types, "
         "events"),
        (["tag", EVENT, "example"], f"event '{EVENT}' already has the tag 'example'"),
        (["tag", EVENT, "nope", "--remove"], f"event '{EVENT}' has no tag 'nope'"),
        (["tag", "example-source", "x"], "only events have tags; source 'example-source' is "
         "not an event"),
        (["rename", EVENT, "second-event"], "there is already a event 'second-event'"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_exit_2(f: Path, args: list[str], message: str) -> None:
    assert run(f, *args) == (2, "", f"policytl: error: {message}\n")
    assert f.read_text(encoding="utf-8") == TWO


def test_tag_and_untag(f: Path) -> None:
    assert run(f, "tag", EVENT, "pilot", "fintech") == (
        0,
        "",
        f"policytl: tagged event '{EVENT}' pilot, fintech in {f}\n",
    )
    assert changed(f) == [
        ("-", "    tags: [example]"),
        ("+", "    tags: [example, pilot, fintech]"),
    ]
    assert run(f, "tag", EVENT, "pilot", "fintech", "-r")[0] == 0
    assert f.read_text(encoding="utf-8") == TWO


def test_remove_refuses_naming_every_referrer(f: Path) -> None:
    code, out, err = run(f, "remove", "example-ministry")
    assert (code, out) == (2, "")
    assert err == (
        "policytl: error: body 'example-ministry' is referred to by 2 records; remove the "
        "references first, or give --force to remove them too:\n"
        f"  {f}: event 'example-plan-issued': issuers[0]\n"
        f"  {f}: event 'second-event': issuers[0]\n"
    )
    assert f.read_text(encoding="utf-8") == TWO


def test_remove_force_takes_the_references_too(f: Path) -> None:
    assert run(f, "remove", EVENT, "--force") == (
        0,
        "",
        f"policytl: removed event '{EVENT}' ({f})\n",
    )
    text = f.read_text(encoding="utf-8")
    assert "example-plan-issued" not in text and "relations" not in text
    assert "  # a comment about the second event\n  - id: second-event\n" in text
    assert invoke(["fmt", "--check", str(f)]).exit_code == 0


def test_remove_force_refused_where_a_reference_cannot_go(f: Path) -> None:
    code, _, err = run(f, "remove", "CN", "--force")
    assert code == 1
    assert (
        err.splitlines()[-1] == f"policytl: error: nothing was changed: it would make {f} invalid"
    )
    assert f.read_text(encoding="utf-8") == TWO


def test_rename_everywhere(f: Path) -> None:
    assert run(f, "rename", EVENT, "plan") == (
        0,
        "",
        f"policytl: renamed event '{EVENT}' to 'plan' ({f})\n",
    )
    assert changed(f) == [
        ("-", "  - id: example-plan-issued"),
        ("+", "  - id: plan"),
        ("-", "        to: example-plan-issued"),
        ("+", "        to: plan"),
    ]


def test_rename_across_files(tmp_path: Path) -> None:
    head, events = TWO.split("\nevents:\n")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(head, encoding="utf-8")
    b.write_text("format: policytl/1\n\nevents:\n" + events, encoding="utf-8")
    result = invoke(["rename", "example-source", "src", "-d", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        0,
        f"policytl: renamed source 'example-source' to 'src' ({a}, {b})\n",
    )
    assert "example-source" not in a.read_text(encoding="utf-8") + b.read_text(encoding="utf-8")
    assert invoke(["validate", str(tmp_path)]).exit_code == 0


def test_without_a_timeline_it_says_how_to_name_one(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["set", EVENT, "url", "x"])
    assert (result.exit_code, result.stderr) == (
        2,
        "policytl: error: no timeline to edit here: give its file with --data (or run this in "
        "the folder of its timeline.yaml)\n",
    )


# --- add source / body / jurisdiction / document / kind --------------------------------------


def test_add_registry_entries_with_options_from_the_field_table(f: Path) -> None:
    steps = [
        ["add", "source", str(f), "eu-oj", "--title-en", "Official Journal", "--published",
         "21 April 2021", "--kind", "official", "--url", "https://eur-lex.europa.eu"],
        ["add", "jurisdiction", str(f), "CN-BJ", "--name-en", "Beijing", "--parent", "CN",
         "--alias", "beijing"],
        ["add", "body", str(f), "bj-drc", "--name-en", "Beijing DRC", "--level", "municipal",
         "-j", "CN-BJ", "--classification", "department"],
        ["add", "document", str(f), "plan", "--title-en", "Plan", "--type", "plan", "-j", "CN",
         "--issuer", "example-ministry", "--identifier", "doc-number=X1"],
        ["add", "kind", str(f), "speech", "a speech by an official"],
    ]  # fmt: skip
    said = []
    for argv in steps:
        result = invoke(argv)
        assert result.exit_code == 0, result.stderr
        said.append(result.stderr)
    assert said == [
        f"policytl: added source 'eu-oj' to {f}\n",
        f"policytl: added jurisdiction 'CN-BJ' to {f}\n",
        f"policytl: added body 'bj-drc' to {f}\n",
        f"policytl: added document 'plan' to {f}\n",
        f"policytl: added kind 'speech' to {f}\n",
    ]
    assert [line for sign, line in changed(f) if sign == "+"] == [
        "kinds:",
        "  speech: a speech by an official",
        "",
        "  eu-oj:",
        "    title: {en: Official Journal}",
        '    published: "2021-04-21"',
        "    url: https://eur-lex.europa.eu",
        "    kind: official",
        "  CN-BJ:",
        "    name: {en: Beijing}",
        "    aliases: [beijing]",
        "    parent: CN",
        "  bj-drc:",
        "    name: {en: Beijing DRC}",
        "    level: municipal",
        "    jurisdiction: CN-BJ",
        "    classification: department",
        "",
        "documents:",
        "  plan:",
        "    title: {en: Plan}",
        "    type: plan",
        "    jurisdiction: CN",
        "    issuers: [example-ministry]",
        "    identifiers:",
        "      doc-number: X1",
    ]
    assert [line for sign, line in changed(f) if sign == "-"] == []
    assert invoke(["fmt", "--check", str(f)]).exit_code == 0


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["add", "body", "{f}", "x", "--name-en", "X"], 2,
         "policytl: error: missing --level, --jurisdiction, --classification\n"),
        (["add", "source", "{f}", "example-source", "--title-en", "T"], 2,
         "policytl: error: there is already a source 'example-source'\n"),
        (["add", "document", "{f}", "d", "--title-en", "T", "--type", "plan", "-j", "CN",
          "--identifier", "celex"], 2, "policytl: error: --identifier takes SCHEME=VALUE\n"),
        (["add", "source", "{f}", "Bad_Id", "--title-en", "T"], 1,
         "{f}:20:3: sources.Bad_Id: 'Bad_Id' is not a valid id (a lowercase slug of a-z, 0-9, '-', "
         "'_' or '.')\npolicytl: error: nothing was changed: it would make {f} invalid\n"),
    ],
)  # fmt: skip
def test_add_entry_refusals(f: Path, argv: list[str], code: int, message: str) -> None:
    result = invoke([a.format(f=f) for a in argv])
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message.format(f=f))
    assert f.read_text(encoding="utf-8") == TWO


def test_add_file_is_still_add_event(f: Path) -> None:
    flags = ["--date", "2024-03", "--kind", "statement", "-j", "CN", "--title-en", "Third",
             "--quote", "Q", "--id", "third"]  # fmt: skip
    assert (
        invoke(["add", str(f), *flags, "--dry-run"]).stdout
        == invoke(["add", "event", str(f), *flags, "--dry-run"]).stdout
    )


# --- properties -----------------------------------------------------------------------------

IDS = [("sources", "example-source"), ("jurisdictions", "CN"), ("bodies", "example-ministry"),
       ("events", EVENT), ("events", "second-event")]  # fmt: skip


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(IDS),
    new=st.from_regex(r"[a-z][a-z0-9-]{0,20}[a-z0-9]", fullmatch=True),
)
def test_rename_then_rename_back_gives_the_original_bytes(which: tuple[str, str], new: str) -> None:
    section, key = which
    new = new.upper() if section == "jurisdictions" else new
    if any(edit.find(edit._load(TWO), new)):
        return
    there = edit.rename({"f": TWO}, edit.Where(section, key), new)["f"]
    assert key not in edit._load(there).get(section, {}) or section == "events"
    back = edit.rename({"f": there}, edit.Where(section, new), key)["f"]
    assert back == TWO
