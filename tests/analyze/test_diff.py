"""`policytl diff`: every kind of change, the formats and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from policytl import load_timeline
from policytl.analyze.diff import Action, diff_timelines, value_text

from ..conftest import FIXTURES, invoke
from ..goldens import assert_golden

D = FIXTURES / "diff"
OLD = str(D / "old.yaml")
NEW = str(D / "new.yaml")
SPLIT = str(D / "split")
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "diff"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/diff/NAME (see tests/goldens.py)."""
    assert_golden(GOLDEN / name, actual)


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the fixtures folder, so that paths print short and the same everywhere."""
    monkeypatch.chdir(D)


@pytest.mark.usefixtures("in_fixtures")
def test_every_kind_of_change_text() -> None:
    result = invoke(["diff", "old.yaml", "new.yaml", "--lang", "zh"])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == (
        "--- old.yaml\n"
        "+++ new.yaml\n"
        "+ event fresh (2020-06-30) 新增\n"
        "- event gone (2017-05) 删除\n"
        "~ event old-name renamed to new-name (2018-01-02) 改名\n"
        "~ event dated: date '2016' -> '2016-02'\n"
        "~ event dated: issuers ['office'] -> ['office', 'new-club']\n"
        "~ event dated: title.en 'Dated loosely' -> 'Dated precisely'\n"
        "~ event dated: tags ['a'] -> ['a', 'b']\n"
        "~ event dated: sources[0].quote 'first quote' -> 'second quote'\n"
        "+ body new-club (New club)\n"
        "- body old-club (Old club)\n"
        "~ body office: aliases ['bureau'] -> ['bureau', 'desk']\n"
        "- source memo (An internal memo)\n"
        "~ source paper: title.en 'A report' -> 'The report'\n"
        "+ jurisdiction XB (乙地)\n"
        "~ timeline: title.en 'Old version' -> 'New version'\n"
        "events: 1 added, 1 removed, 1 renamed, 1 changed; "
        "bodies: 1 added, 1 removed, 1 changed; sources: 1 removed, 1 changed; "
        "jurisdictions: 1 added; timeline: changed\n"
    )


def test_english_titles() -> None:
    result = invoke(["diff", OLD, NEW, "--lang", "en"])
    assert "+ event fresh (2020-06-30) Added event\n" in result.stdout
    assert "+ jurisdiction XB (Place B)\n" in result.stdout


def test_renames_of_bodies_sources_and_jurisdictions() -> None:
    old, new = str(D / "rename-old.yaml"), str(D / "rename-new.yaml")
    result = invoke(["diff", old, new])
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- {old}\n"
        f"+++ {new}\n"
        "~ event e1: issuers ['club'] -> ['society']\n"
        "~ event e1: sources[0].source 'src-a' -> 'src-b'\n"
        "~ body club renamed to society (The club)\n"
        "~ source src-a renamed to src-b (Source A)\n"
        "~ jurisdiction XB renamed to XZ (Place B)\n"
        "events: 1 changed; bodies: 1 renamed; sources: 1 renamed; jurisdictions: 1 renamed\n"
    )


def test_a_changed_rename_is_a_removal_and_an_addition() -> None:
    old = load_timeline([OLD])
    new = load_timeline([NEW])
    d = diff_timelines(old, new)
    renamed = [(c.old_id, c.id) for c in d.changes if c.action is Action.RENAMED]
    assert renamed == [("old-name", "new-name")]
    # "gone" and "fresh" differ in content, so they are not taken for a rename.
    assert [(c.action, c.id) for c in d.changes if c.collection == "events"][:2] == [
        (Action.ADDED, "fresh"),
        (Action.REMOVED, "gone"),
    ]


def test_equal_versions_exit_0() -> None:
    # The same data, once as one file and once split over a folder of two files.
    result = invoke(["diff", OLD, SPLIT])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"policytl: no differences between {OLD} and {SPLIT}\n"
    same = invoke(["diff", NEW, NEW, "--format", "json"])
    assert same.exit_code == 0
    assert json.loads(same.stdout) == {
        "format": "policytl-diff/1",
        "old": NEW,
        "new": NEW,
        "equal": True,
        "summary": {},
        "changes": [],
        "timeline": [],
    }


def test_diff_is_symmetric() -> None:
    old, new = load_timeline([OLD]), load_timeline([NEW])
    forward = diff_timelines(old, new)
    back = diff_timelines(new, old)
    flip = {Action.ADDED: Action.REMOVED, Action.REMOVED: Action.ADDED}
    assert sorted((c.collection, flip.get(c.action, c.action).value) for c in forward.changes) == (
        sorted((c.collection, c.action.value) for c in back.changes)
    )
    assert diff_timelines(old, old).equal


def test_json_format() -> None:
    result = invoke(["diff", OLD, NEW, "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["equal"] is False
    assert doc["summary"] == {
        "events": {"added": 1, "removed": 1, "renamed": 1, "changed": 1},
        "bodies": {"added": 1, "removed": 1, "changed": 1},
        "sources": {"removed": 1, "changed": 1},
        "jurisdictions": {"added": 1},
    }
    by = {(c["collection"], c["action"], c["id"]): c for c in doc["changes"]}
    assert by[("events", "renamed", "new-name")]["old_id"] == "old-name"
    assert by[("events", "added", "fresh")]["record"]["date"] == "2020-06-30"
    assert by[("events", "added", "fresh")]["record"]["summary"] == {"en": "Brand new"}
    assert by[("events", "removed", "gone")]["record"]["issuers"] == ["old-club"]
    assert by[("events", "changed", "dated")]["fields"] == [
        {"field": "date", "old": "2016", "new": "2016-02"},
        {"field": "issuers", "old": ["office"], "new": ["office", "new-club"]},
        {"field": "title.en", "old": "Dated loosely", "new": "Dated precisely"},
        {"field": "tags", "old": ["a"], "new": ["a", "b"]},
        {"field": "sources[0].quote", "old": "first quote", "new": "second quote"},
    ]
    assert by[("bodies", "changed", "office")]["fields"] == [
        {"field": "aliases", "old": ["bureau"], "new": ["bureau", "desk"]}
    ]
    assert doc["timeline"] == [{"field": "title.en", "old": "Old version", "new": "New version"}]


@pytest.mark.usefixtures("in_fixtures")
def test_markdown_format() -> None:
    result = invoke(["diff", "old.yaml", "new.yaml", "--format", "markdown", "--lang", "en"])
    assert result.exit_code == 1
    golden("old-new.md", result.stdout)
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Timeline changes",
        "Events",
        "Bodies",
        "Sources",
        "Jurisdictions",
        "Timeline",
    ]
    inline = [t.content for t in tokens if t.type == "inline"]
    assert "Renamed: old-name → new-name (2018-01-02) Renamed event" in inline


def test_missing_file_is_exit_2() -> None:
    missing = str(D / "nope.yaml")
    result = invoke(["diff", OLD, missing])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"policytl: error: cannot load NEW: {missing}: no such file or folder\n"


def test_invalid_data_is_exit_2_not_a_difference(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: policytl/1\nevents: [{id: x}]\n", encoding="utf-8")
    result = invoke(["diff", str(bad), OLD])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"policytl: error: cannot load OLD: {bad}:2:")
    assert result.stderr.endswith(f"(see `policytl validate {bad}`)\n")


def test_missing_argument_is_exit_2() -> None:
    result = invoke(["diff", OLD])
    assert result.exit_code == 2
    assert result.stderr == "policytl: error: missing argument 'NEW' (see 'policytl diff --help')\n"


def test_values_from_data_are_made_safe() -> None:
    assert value_text("a\x1b[31mb") == "'a\\x1b[31mb'"
    assert value_text("it's \\ new\nline") == "'it\\'s \\\\ new line'"
    assert value_text(None) == "(none)"
    assert value_text({"zh": "中", "en": "x"}) == "{zh: '中', en: 'x'}"


def test_hostile_titles_in_the_changelog(tmp_path: Path) -> None:
    base = (D / "old.yaml").read_text(encoding="utf-8")
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        base.replace("{zh: 保留, en: Kept as it was}", '{en: "\\e]0;pwned\\a| *x* <b>"}'),
        encoding="utf-8",
    )
    text = invoke(["diff", OLD, str(hostile)])
    assert text.exit_code == 1
    assert "\x1b" not in text.stdout and "\x07" not in text.stdout
    assert (
        "~ event kept: title.en 'Kept as it was' -> '\\x1b]0;pwned\\x07| *x* <b>'\n"
        "~ event kept: title.zh '保留' -> (none)\n"
    ) in text.stdout
    md = invoke(["diff", OLD, str(hostile), "--format", "markdown"])
    html = MarkdownIt("commonmark").render(md.stdout)
    assert "<b>" not in html and "<em>" not in html


def test_help_has_examples() -> None:
    result = invoke(["diff", "--help"])
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    start = lines.index("Examples:")
    assert lines[start + 1 : start + 5] == [
        "policytl diff old/timeline.yaml data/timeline.yaml",
        "policytl diff HEAD~1:data/timeline.yaml data/timeline.yaml",
        "policytl diff - timeline.yaml < old-timeline.yaml",
        "policytl diff v1/ v2/ --format markdown",
    ]


# --- documents and relations --------------------------------------------------------------


@pytest.mark.usefixtures("in_fixtures")
def test_documents_and_relations_in_words() -> None:
    """A relation added to or removed from an event is a change of that event, in words;
    relations are matched by type and target, so a changed note names the relation."""
    result = invoke(["diff", "life-old.yaml", "life-new.yaml", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == (
        "--- life-old.yaml\n"
        "+++ life-new.yaml\n"
        "~ event bj-plan-goal: relation removed: part-of bj-plan-issued\n"
        "~ event ai-act-in-force: relation added: follows ai-act-published\n"
        "~ event ai-act-prohibitions-apply: relation part-of ai-act, notes "
        "['the scope is the curators\\' reading of Article 113'] -> "
        "['Article 113(a) names Chapters I and II']\n"
        "~ event ai-act-high-risk-postponed: document 'ai-act' -> 'ai-act-omnibus'\n"
        "+ document ai-act-omnibus (Digital Omnibus on AI)\n"
        "- document ai-act-proposal (Proposal for an Artificial Intelligence Act)\n"
        "~ document ai-act: identifiers.eli (none) -> "
        "'http://data.europa.eu/eli/reg/2024/1689/oj'\n"
        "events: 4 changed; documents: 1 added, 1 removed, 1 changed\n"
    )


@pytest.mark.usefixtures("in_fixtures")
def test_documents_and_relations_in_json_and_markdown() -> None:
    result = invoke(["diff", "life-old.yaml", "life-new.yaml", "-f", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["summary"] == {
        "events": {"changed": 4},
        "documents": {"added": 1, "removed": 1, "changed": 1},
    }
    by = {(c["collection"], c["action"], c["id"]): c for c in doc["changes"]}
    assert by[("events", "changed", "ai-act-in-force")]["fields"] == [
        {
            "field": "relations[follows ai-act-published]",
            "old": None,
            "new": {"type": "follows", "to": "ai-act-published"},
        }
    ]
    assert by[("documents", "added", "ai-act-omnibus")]["record"] == {
        "title": {"en": "Digital Omnibus on AI"},
        "type": "regulation",
        "jurisdiction": "EU",
        "issuers": ["commission"],
    }
    result = invoke(["diff", "life-old.yaml", "life-new.yaml", "-f", "markdown", "-l", "en"])
    golden("life.md", result.stdout)
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    inline = [t.content for t in tokens if t.type == "inline"]
    assert "relation added: follows ai-act-published" in inline
    assert "Added: ai-act-omnibus (Digital Omnibus on AI)" in inline


def test_relations_in_another_order_are_no_change() -> None:
    import dataclasses

    from policytl.model.records import Relation, Timeline

    old = load_timeline(D / "life-old.yaml")

    def relations(*extra: Relation, reverse: bool = False) -> Timeline:
        out = []
        for e in old.events:
            if e.id == "ai-act-published":
                rels = (*e.relations, *extra)
                e = dataclasses.replace(e, relations=rels[::-1] if reverse else rels)
            out.append(e)
        return old.with_events(out)

    again = Relation(type="based-on", to="ai-act-proposed")
    follows = Relation(type="follows", to="ai-act-proposed")
    assert diff_timelines(relations(follows), relations(follows, reverse=True)).equal
    (change,) = diff_timelines(old, relations(again)).changes
    assert [f.field for f in change.fields] == ["relations[based-on ai-act-proposed #2]"]
