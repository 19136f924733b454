"""The curated data set: valid, and every quote verbatim from the source article."""

from __future__ import annotations

import pytest

from policytl import check_files, load_timeline

from .conftest import ROOT, SEED, invoke


def test_embedded_data_validates_clean() -> None:
    timeline, problems = check_files(None)
    assert problems == []
    assert timeline is not None
    assert len(timeline.events) == 15


def test_repository_copy_is_the_embedded_copy() -> None:
    from policytl.load.loader import embedded_text

    assert embedded_text() == (ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8")


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds not beside the checkout")
def test_every_quote_is_verbatim_from_the_article() -> None:
    article = SEED.read_text(encoding="utf-8")
    timeline = load_timeline()
    quotes = [(e.id, c.quote) for e in timeline.events for c in e.sources]
    assert len(quotes) >= 15
    linked = [(e.id, c.quote) for e in timeline.events for r in e.relations for c in r.sources]
    assert len(linked) == 7
    quotes += linked
    missing = [(eid, q) for eid, q in quotes if q not in article]
    assert missing == []


def test_required_facts_are_curated() -> None:
    timeline = load_timeline()
    by_id = {e.id: e for e in timeline.events}
    expected = {
        "zgc-blockchain-alliance-founded": ("2016-02", "institution-founded", "CN-BJ"),
        "zgc-fintech-funding-measures": ("2017-04", "document-issued", "CN-BJ"),
        "bj-blockchain-ecosystem-fund": ("2018-05", "fund-launched", "CN-BJ"),
        "pboc-fintech-regulatory-pilot-beijing": ("2019-12", "pilot-approved", "CN-BJ"),
        "bj-blockchain-action-plan-2020-2022": ("2020-06-30", "document-issued", "CN-BJ"),
        "state-council-13th-fyp-informatization": ("2016-12", "document-issued", "CN"),
    }
    for eid, (date, kind, jur) in expected.items():
        e = by_id[eid]
        assert (e.date.text, e.kind, e.jurisdiction) == (date, kind, jur)
    subsidy = by_id["zgc-fintech-funding-measures"]
    assert subsidy.summary is not None and "30%" in (subsidy.summary.zh or "")
    assert "500万元" in (subsidy.summary.zh or "")
    assert by_id["bj-13th-fyp-finance"].issuers == ("bj-finance-bureau", "bj-drc")


def test_no_month_precision_date_is_made_a_day() -> None:
    for e in load_timeline().events:
        if e.date.precision.value == "month":
            assert e.date.text.count("-") == 1


def test_english_is_marked_unofficial() -> None:
    assert "unofficial" in load_timeline().translations["en"]


def test_validate_command_on_embedded_data() -> None:
    result = invoke(["validate"])
    assert result.exit_code == 0
    assert result.stdout == (
        "ok: 15 events, 8 bodies, 1 source, 2 jurisdictions in <embedded>/timeline.yaml\n"
    )
    assert result.stderr == ""


def test_founding_events_name_no_issuer() -> None:
    # README "The curated data set": issuers: [] when the article names no issuing body;
    # a founded body is never its own issuer.
    timeline = load_timeline()
    founded = [e for e in timeline.events if e.kind == "institution-founded"]
    assert [(e.id, e.issuers) for e in founded] == [
        ("zgc-blockchain-alliance-founded", ()),
        ("zgc-blockchain-incubator-founded", ()),
    ]
    issuing = {b for e in timeline.events for b in e.issuers}
    assert {"zgc-blockchain-alliance", "zgc-blockchain-incubator"}.isdisjoint(issuing)
    alliance = founded[0]
    assert any("北京市金融工作局" in n and "bj-finance-bureau" in n for n in alliance.notes)


def test_implied_years_are_read_from_publication_and_not_marked_uncertain() -> None:
    # One rule for 去年, 今年, 6月30日 and 截至5月底 alike (README "The curated data set").
    by_id = {e.id: e for e in load_timeline().events}
    implied = {
        "top-leadership-blockchain-core-technology": "2019-10-24",
        "bj-2020-government-work-report": "2020",
        "blockchain-new-infrastructure": "2020-05",
        "government-blockchain-procurement-count": "2020-05",
        "bj-blockchain-action-plan-2020-2022": "2020-06-30",
    }
    for eid, written in implied.items():
        e = by_id[eid]
        assert (e.date.text, e.date.uncertain) == (written, False)
        assert any("publication date" in n for n in e.notes), eid
    assert not any(e.date.uncertain or e.date.approximate for e in by_id.values())


def test_every_event_on_the_municipality_says_why_in_its_notes() -> None:
    # The municipality body's note promises it (issue 16, point 8).
    for e in load_timeline().events:
        if "beijing-municipality" in e.issuers:
            assert any("recorded as the municipality" in n for n in e.notes), e.id


def test_titles_keep_the_curators_readings_out() -> None:
    by_id = {e.id: e for e in load_timeline().events}
    pilot = by_id["pboc-fintech-regulatory-pilot-beijing"]
    assert "监管沙盒" not in (pilot.title.zh or "") and "sandbox" not in (pilot.title.en or "")
    assert "sandbox" in pilot.tags
    funding = by_id["zgc-fintech-funding-measures"]
    assert (funding.title.en or "").startswith("Beijing issues the first policy")
    assert "Beijing's first" not in (funding.title.en or "")


def test_the_documents_the_article_names_are_registered_and_events_point_at_them() -> None:
    timeline = load_timeline()
    by_id = {e.id: e for e in timeline.events}
    documents = {d.id: (d.type, d.jurisdiction, d.issuers) for d in timeline.documents.values()}
    assert documents == {
        "bj-finance-bureau-2016-tasks": ("other", "CN-BJ", ("bj-finance-bureau",)),
        "bj-13th-fyp-finance-plan": ("plan", "CN-BJ", ("bj-finance-bureau", "bj-drc")),
        "state-council-13th-fyp-informatization-notice": ("notice", "CN", ("state-council",)),
        "zgc-sci-tech-finance-funding-measures": ("measures", "CN-BJ", ("beijing-municipality",)),
        "bj-blockchain-action-plan": ("plan", "CN-BJ", ("beijing-municipality",)),
    }
    article = SEED.read_text(encoding="utf-8") if SEED.exists() else None
    for d in timeline.documents.values():
        # each title exactly as the article writes it, 《》 included
        assert d.title.zh is not None and d.title.zh.startswith("《"), d.id
        assert article is None or d.title.zh in article, d.id
    pointing = {e.id: e.document for e in timeline.events if isinstance(e.document, str)}
    assert pointing == {
        "bj-finance-bureau-2016-performance-tasks": "bj-finance-bureau-2016-tasks",
        "bj-13th-fyp-finance": "bj-13th-fyp-finance-plan",
        "state-council-13th-fyp-informatization": "state-council-13th-fyp-informatization-notice",
        "zgc-fintech-funding-measures": "zgc-sci-tech-finance-funding-measures",
        "bj-blockchain-action-plan-2020-2022": "bj-blockchain-action-plan",
        "bj-blockchain-2022-goal": "bj-blockchain-action-plan",
        "bj-blockchain-industry-subfund-planned": "bj-blockchain-action-plan",
    }
    # the work report is named by a description, not a title: no document
    assert by_id["bj-2020-government-work-report"].document is None


def test_relations_are_the_ones_the_article_supports() -> None:
    timeline = load_timeline()
    relations = sorted((e.id, r.type, r.to) for e in timeline.events for r in e.relations)
    assert relations == [
        ("bj-blockchain-2022-goal", "part-of", "bj-blockchain-action-plan-2020-2022"),
        (
            "bj-blockchain-action-plan-2020-2022",
            "responds-to",
            "blockchain-new-infrastructure",
        ),
        (
            "bj-blockchain-action-plan-2020-2022",
            "responds-to",
            "top-leadership-blockchain-core-technology",
        ),
        (
            "bj-blockchain-industry-subfund-planned",
            "part-of",
            "bj-blockchain-action-plan-2020-2022",
        ),
        (
            "bj-finance-bureau-2016-performance-tasks",
            "pushed-for",
            "zgc-blockchain-alliance-founded",
        ),
    ]
    for e in timeline.events:
        for r in e.relations:
            assert r.sources, (e.id, r.to)
            if r.type != "part-of":  # the links the curators read say so
                assert r.notes, (e.id, r.to)
    notes = " ".join(n for e in timeline.events for r in e.relations for n in r.notes)
    assert "not of Beijing's action plan by name" in notes
    assert "tension" in notes and "impossible" not in notes


def test_the_bilingual_audit_of_issue_22_holds() -> None:
    by_id = {e.id: e for e in load_timeline().events}

    def en(eid: str, part: str = "summary") -> str:
        text = getattr(by_id[eid], part)
        return str(text.en if text is not None else "")

    tasks = by_id["bj-finance-bureau-2016-performance-tasks"]
    assert "pushes for the setting-up" in en(tasks.id, "title") and "drove" not in en(
        tasks.id, "title"
    )
    for eid in (tasks.id, "zgc-blockchain-alliance-founded"):
        notes = " ".join(by_id[eid].notes)
        assert "tension" in notes and "cannot" not in notes and "contradict" not in notes, eid
    procurement = by_id["government-blockchain-procurement-count"]
    assert procurement.sources[0].quote.startswith(
        "北京的企业也成为全国政府区块链项目的重要供应商。"
    )
    assert "blockchain procurement" in en(procurement.id)
    assert "is to pool" in en("bj-blockchain-industry-subfund-planned")
    pilot = by_id["pboc-fintech-regulatory-pilot-beijing"]
    assert pilot.sources[1].quote.startswith("北京在区块链政策上")
    assert any("supported (支持)" in n for n in pilot.notes)
    assert "national plan" not in en("state-council-13th-fyp-informatization")
    measures = by_id["zgc-fintech-funding-measures"]
    assert "fintech" not in measures.tags
    assert "firms running demonstration applications" in en(measures.id, "title")
    plan = en("bj-blockchain-action-plan-2020-2022")
    assert "encourages blockchain firms to set up corporate universities" in plan
    assert "public safety" in plan and "urban management" in plan
    assert any("CN is inferred" in n for n in by_id["blockchain-new-infrastructure"].notes)
    assert "具有影响力的" in (by_id["bj-blockchain-2022-goal"].title.zh or "")
    assert "Municipal Commission of Development and Reform" in en("bj-13th-fyp-finance")
