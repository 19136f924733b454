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
    from policytl.loader import embedded_text

    assert embedded_text() == (ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8")


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds not beside the checkout")
def test_every_quote_is_verbatim_from_the_article() -> None:
    article = SEED.read_text(encoding="utf-8")
    timeline = load_timeline()
    quotes = [(e.id, c.quote) for e in timeline.events for c in e.sources]
    assert len(quotes) >= 15
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
