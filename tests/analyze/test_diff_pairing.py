"""`policytl diff`: how removed and added records pair up as renames, and the comparison
of the timeline's own title, description and translations (issue 21: planted bugs in
both went unnoticed). Exact output, from files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import invoke

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
#: sources, jurisdictions and bodies of the minimal valid timeline, up to ``events:``
REGISTRIES = (HOSTILE / "valid-minimal.yaml").read_text(encoding="utf-8").split("events:")[0]
REGISTRIES = REGISTRIES[REGISTRIES.index("sources:") :]


def event(event_id: str, date: str, title: str) -> str:
    return (
        f'  - {{id: {event_id}, date: "{date}", kind: statement, jurisdiction: CN, '
        f"issuers: [gov], title: {{en: {title}}}, sources: [{{source: src, quote: q}}]}}\n"
    )


def timeline(*events: str, header: str = "") -> str:
    return "format: policytl/1\n" + header + REGISTRIES + "events:\n" + "".join(events)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # names print short
    return tmp_path


def diff(here: Path, old: str, new: str, *more: str) -> tuple[int, str, str]:
    (here / "old.yaml").write_text(old, encoding="utf-8")
    (here / "new.yaml").write_text(new, encoding="utf-8")
    result = invoke(["diff", "old.yaml", "new.yaml", "--lang", "en", *more])
    return result.exit_code, result.stdout, result.stderr


OLD = timeline(
    event("kept", "2015", "Kept"),
    event("a", "2016", "Same"),
    event("b", "2016", "Same"),
    event("x", "2017", "Other"),
)


def test_twins_pair_in_order_each_new_id_once(here: Path) -> None:
    """Two removed records with the same content and two added ones: each removed id is
    renamed to one added id, in the order of each file; a kept record with the same
    content as others takes no part, and a record whose content matches none is a
    removal or an addition."""
    new = timeline(
        event("kept", "2015", "Kept"),
        event("c", "2016", "Same"),
        event("d", "2016", "Same"),
        event("y", "2018", "Another"),
    )
    assert diff(here, OLD, new) == (
        1,
        "--- old.yaml\n"
        "+++ new.yaml\n"
        "+ event y (2018) Another\n"
        "- event x (2017) Other\n"
        "~ event a renamed to c (2016) Same\n"
        "~ event b renamed to d (2016) Same\n"
        "events: 1 added, 1 removed, 2 renamed\n",
        "",
    )


def test_one_added_twin_takes_only_the_first_removed(here: Path) -> None:
    new = timeline(event("kept", "2015", "Kept"), event("c", "2016", "Same"))
    assert diff(here, OLD, new) == (
        1,
        "--- old.yaml\n"
        "+++ new.yaml\n"
        "- event b (2016) Same\n"
        "- event x (2017) Other\n"
        "~ event a renamed to c (2016) Same\n"
        "events: 2 removed, 1 renamed\n",
        "",
    )


def test_an_added_copy_of_a_kept_record_is_an_addition(here: Path) -> None:
    new = timeline(
        event("kept", "2015", "Kept"),
        event("kept-copy", "2015", "Kept"),
        event("a", "2016", "Same"),
        event("b", "2016", "Same"),
        event("x", "2017", "Other"),
    )
    assert diff(here, OLD, new) == (
        1,
        "--- old.yaml\n+++ new.yaml\n+ event kept-copy (2015) Kept\nevents: 1 added\n",
        "",
    )


def test_renames_in_json_name_both_ids(here: Path) -> None:
    new = timeline(event("kept", "2015", "Kept"), event("c", "2016", "Same"))
    code, out, _ = diff(here, OLD, new, "--format", "json")
    assert code == 1
    changes = [(c["action"], c["id"], c.get("old_id")) for c in json.loads(out)["changes"]]
    assert changes == [
        ("removed", "b", None),
        ("removed", "x", None),
        ("renamed", "c", "a"),
    ]


HEADER_OLD = "title: {zh: 旧, en: Same}\ntranslations: {en: by us}\n"
HEADER_NEW = "title: {zh: 新, en: Same}\ndescription: {en: Now described}\n"


def test_a_change_of_the_header_alone_is_a_difference(here: Path) -> None:
    """Title, description and translations, each field that differs: added (none ->),
    removed (-> none) and changed, in the new file's order, then the old file's."""
    old = timeline(event("kept", "2015", "Kept"), header=HEADER_OLD)
    new = timeline(event("kept", "2015", "Kept"), header=HEADER_NEW)
    assert diff(here, old, new) == (
        1,
        "--- old.yaml\n"
        "+++ new.yaml\n"
        "~ timeline: title.zh '旧' -> '新'\n"
        "~ timeline: description.en (none) -> 'Now described'\n"
        "~ timeline: translations.en 'by us' -> (none)\n"
        "timeline: changed\n",
        "",
    )
    code, out, _ = diff(here, old, new, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert (data["equal"], data["summary"], data["changes"]) == (False, {}, [])
    assert data["timeline"] == [
        {"field": "title.zh", "old": "旧", "new": "新"},
        {"field": "description.en", "old": None, "new": "Now described"},
        {"field": "translations.en", "old": "by us", "new": None},
    ]
    assert diff(here, old, new, "--format", "markdown") == (
        1,
        "# Timeline changes\n"
        "\n"
        "From old.yaml to new.yaml: timeline: changed.\n"
        "\n"
        "## Timeline\n"
        "\n"
        "- title.zh: '旧' → '新'\n"
        "- description.en: (none) → 'Now described'\n"
        "- translations.en: 'by us' → (none)\n",
        "",
    )


def test_an_equal_header_is_no_difference(here: Path) -> None:
    old = timeline(event("kept", "2015", "Kept"), header=HEADER_OLD)
    same = "# the same, written differently\n" + old.replace(
        "title: {zh: 旧, en: Same}", "title:\n  en: Same\n  zh: 旧"
    )
    assert diff(here, old, same) == (
        0,
        "",
        "policytl: no differences between old.yaml and new.yaml\n",
    )
