"""ICS export read by two calendar libraries: icalendar and vobject.

Each event must come back with its dates and a one-line SUMMARY (a title
with newlines or tabs would be printed over several lines by khal and
others).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import icalendar
import pytest

from policytl import load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.model.records import Lang, Text, Timeline

from ..conftest import FIXTURES
from ..consumers import need_module
from ..export_parsers import ics_normalise, ics_unescape, ics_unfold
from .hostile_text import HOSTILE, RAW_UNSAFE

CASES = {
    "shipped": None,
    "small": FIXTURES / "export" / "small.yaml",
    "urls": FIXTURES / "export" / "urls.yaml",
    "hostile": FIXTURES / "export" / "hostile.yaml",
    "life": FIXTURES / "export" / "life.yaml",
}


def _load(case: str) -> Timeline:
    path = CASES[case]
    return load_timeline() if path is None else load_timeline(path)


def _one_line(text: str) -> bool:
    return not any(c in text for c in "\r\n\t\v\f")


@pytest.mark.parametrize("case", list(CASES))
def test_icalendar_and_vobject_read_every_event(case: str) -> None:
    need_module("vobject")
    import vobject

    tl = _load(case)
    data = render(Format.ICS, tl, ExportOptions(lang=Lang.BOTH))
    ical = icalendar.Calendar.from_ical(data.encode("utf-8")).walk("VEVENT")
    (vcal,) = list(vobject.readComponents(data))
    vevents = vcal.vevent_list
    uids = [str(e["UID"]) for e in ical]
    assert uids == [v.uid.value for v in vevents]
    # an entry per event, and one more for the due date of a target
    expected = {f"{e.id}@policytl": (e.date.start, e.date.end) for e in tl.events}
    expected |= {
        f"{e.id}-due@policytl": (e.due.start, e.due.end) for e in tl.events if e.due is not None
    }
    assert sorted(uids) == sorted(expected)
    for i, v in zip(ical, vevents, strict=True):
        start, end = expected[str(i["UID"])]
        assert i.decoded("DTSTART") == v.dtstart.value == start
        assert i.decoded("DTEND") == v.dtend.value == end + timedelta(days=1)
        assert _one_line(str(i["SUMMARY"])) and _one_line(v.summary.value)
        assert str(i["SUMMARY"]).split() == v.summary.value.split()


@pytest.mark.parametrize("lang", list(Lang))
def test_stages_are_entries_labelled_by_their_stage(lang: Lang) -> None:
    """A scheduled stage is an entry on its own date, named by its stage and document
    (with its scope), never "Due"; a target's due stays a "Due" entry."""
    need_module("vobject")
    import vobject

    data = render(Format.ICS, _load("life"), ExportOptions(lang=lang))
    (vcal,) = list(vobject.readComponents(data))
    by_uid = {v.uid.value: v for v in vcal.vevent_list}
    ical = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data.encode()).walk("VEVENT")}
    summaries = {uid: v.summary.value for uid, v in by_uid.items()}
    assert summaries == {uid: str(e["SUMMARY"]) for uid, e in ical.items()}
    act = "Artificial Intelligence Act"
    zh = lang == Lang.ZH
    colon = ":" if zh else ": "
    expected = {
        "ai-act-proposed@policytl": f"{'提出草案' if zh else 'Proposed'}{colon}{act}",
        "ai-act-in-force@policytl": f"{'生效' if zh else 'In force'}{colon}{act}",
        "ai-act-prohibitions-apply@policytl": (
            f"{'适用' if zh else 'Applies'}{colon}Chapter II, prohibited practices · {act}"
        ),
    }
    assert {uid: summaries[uid] for uid in expected} == expected
    apply = by_uid["ai-act-prohibitions-apply@policytl"]
    assert apply.dtstart.value.isoformat() == "2025-02-02"
    assert "Due" not in apply.summary.value and "目标期限" not in apply.summary.value
    goal_due = summaries["bj-plan-goal-due@policytl"]
    assert goal_due.startswith("目标期限:" if zh else "Due: ")
    description = apply.description.value.split("\n")
    stage = "阶段:适用" if zh else "Stage: Applies"
    assert description[1] == stage
    assert (
        "Postpones: 2025-02-02 · The AI Act's prohibitions apply"
        in by_uid["ai-act-high-risk-postponed@policytl"].description.value.split("\n")
    ) is (not zh)


def test_newlines_and_tabs_in_a_title_make_one_summary_line() -> None:
    need_module("vobject")
    import vobject

    tl = _load("small")
    title = Text(zh="第一行\n第二行\t第三行", en="line one\r\nline two\tthree")
    tl = dataclasses.replace(tl, events=[dataclasses.replace(tl.events[0], title=title)])
    data = render(Format.ICS, tl, ExportOptions(lang=Lang.BOTH))
    (event,) = icalendar.Calendar.from_ical(data.encode("utf-8")).walk("VEVENT")
    assert str(event["SUMMARY"]) == "第一行 第二行 第三行 / line one line two three"
    (vcal,) = list(vobject.readComponents(data))
    assert vcal.vevent.summary.value == "第一行 第二行 第三行 / line one line two three"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_in_every_property(name: str) -> None:
    """C1 controls, U+2028/U+2029, NEL, bidi, RFC 5545's own separators ... in a title
    and a summary: both readers see one SUMMARY line and the DESCRIPTION's lines."""
    need_module("vobject")
    import vobject

    text = HOSTILE[name]
    tl = _load("small")
    event = dataclasses.replace(tl.events[0], title=Text(en=text), summary=Text(en=text))
    data = render(Format.ICS, tl.with_events([event]), ExportOptions(lang=Lang.EN))
    assert not RAW_UNSAFE.search(data.replace("\r\n", "\n"))
    (ical,) = icalendar.Calendar.from_ical(data.encode("utf-8")).walk("VEVENT")
    (vcal,) = list(vobject.readComponents(data))
    line, block = ics_normalise(text, line=True), ics_normalise(text)
    raw = {ln.split(":")[0]: ln.split(":", 1)[1] for ln in ics_unfold(data)}
    assert ics_unescape(raw["SUMMARY"]) == vcal.vevent.summary.value == line
    assert block in ics_unescape(raw["DESCRIPTION"])
    assert block in vcal.vevent.description.value
    if "\\" not in text:  # icalendar mis-reads escaped backslashes (see ics_unescape)
        assert str(ical["SUMMARY"]) == line
        assert block in str(ical["DESCRIPTION"])
