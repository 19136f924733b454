"""Markdown in the renderers people read it in: GitHub's cmark-gfm, and pandoc.

Links must lead to the source URLs exactly (no ``%5C`` from a backslash
escape, no URL cut at ``\\&``), and each footnote reference must lead to the
footnote that quotes its citation, and back.
"""

from __future__ import annotations

import re
import subprocess
from urllib.parse import quote

import pytest

from policytl import load_timeline
from policytl.export import ExportOptions, Format, Style, render
from policytl.model.records import Lang, Timeline

from ..conftest import FIXTURES, child_env
from ..consumers import html_facts, need_module, need_program

URLS = FIXTURES / "export" / "urls.yaml"

#: source id -> the href a reader's browser must follow
HREFS = {
    "gov": "http://www.gov.cn/zhengce/content/2016-12/27/content_5153411.htm",
    "query": "https://example.org/search?a=1&b=2&c=x_y#frag",
    "odd": "https://en.wikipedia.org/wiki/Foo_(bar)%20baz/"
    + quote("区块链")
    + "?q=%3Cx%3E%7C%22y%22",
}


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return load_timeline(URLS)


def gfm(text: str) -> str:
    need_module("cmarkgfm")
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_FOOTNOTES)


def _citations(timeline: Timeline) -> list[tuple[str, str]]:
    """(source id, quote) of every citation, in the order of the document."""
    return [(c.source, c.quote) for e in timeline.events for c in e.sources]


@pytest.mark.parametrize("style", list(Style))
@pytest.mark.parametrize("lang", list(Lang))
def test_cmark_gfm_links_lead_to_the_source_urls(
    timeline: Timeline, lang: Lang, style: Style
) -> None:
    page = gfm(render(Format.MARKDOWN, timeline, ExportOptions(lang=lang, style=style)))
    facts = html_facts(page)
    links = [a for a in facts.anchors if not a.attrs["href"].startswith("#")]
    # the sources line, then one link per footnote of a source with an http(s) URL
    expected = [HREFS[s] for s in ("gov", "query", "odd")]
    expected += [HREFS[s] for s, _ in _citations(timeline) if s in HREFS]
    assert [a.attrs["href"] for a in links] == expected
    # the link text is the URL as written (percent-encoded where it must be)
    assert [a.text for a in links] == expected
    assert "urn:example:file_1" in page  # shown, not linked
    assert "%5C" not in page and "\\_" not in page


@pytest.mark.parametrize("style", list(Style))
@pytest.mark.parametrize("lang", list(Lang))
def test_cmark_gfm_footnotes_resolve_to_their_citations(
    timeline: Timeline, lang: Lang, style: Style
) -> None:
    page = gfm(render(Format.MARKDOWN, timeline, ExportOptions(lang=lang, style=style)))
    facts = html_facts(page)
    refs = [a for a in facts.anchors if "data-footnote-ref" in a.attrs]
    cites = _citations(timeline)
    n = len(cites)
    assert [a.attrs["href"] for a in refs] == [f"#fn-{i}" for i in range(1, n + 1)]
    assert [a.attrs["id"] for a in refs] == [f"fnref-{i}" for i in range(1, n + 1)]
    assert [a.text for a in refs] == [str(i) for i in range(1, n + 1)]
    backs = [a for a in facts.anchors if "data-footnote-backref" in a.attrs]
    assert [a.attrs["href"] for a in backs] == [f"#fnref-{i}" for i in range(1, n + 1)]
    for i, (_, text) in enumerate(cites, 1):
        note = facts.ids[f"fn-{i}"].strip()
        assert note.endswith(f"“{text}” ↩"), note
    # adjacent references are apart: "1, 2, 3", never one superscript "123"
    sups = re.findall(r"(</sup>)(.{0,2})(<sup)", page)
    assert sups and all(between == ", " for _, between, _ in sups)


def test_pandoc_reads_the_same_links(timeline: Timeline) -> None:
    exe = need_program("pandoc")
    text = render(Format.MARKDOWN, timeline, ExportOptions(lang=Lang.EN))
    page = subprocess.run(
        [exe, "-f", "gfm", "-t", "html"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    ).stdout
    links = [a.attrs["href"] for a in html_facts(page).anchors]
    urls = [h for h in links if not h.startswith("#")]
    expected = [HREFS[s] for s in ("gov", "query", "odd")]
    expected += [HREFS[s] for s, _ in _citations(timeline) if s in HREFS]
    assert urls == expected
    notes = [h for h in links if h.startswith("#fn") and not h.startswith("#fnref")]
    assert notes == [f"#fn{i}" for i in range(1, len(_citations(timeline)) + 1)]


LIFE = FIXTURES / "export" / "life.yaml"
#: (relation's link text, the anchor it leads to) in the order of the document
LIFE_RELATIONS = [
    ("2020-06-30 · Beijing issues its blockchain action plan", "#bj-plan-issued"),
    ("2021-04-21 · The Commission proposes the AI Act", "#ai-act-proposed"),
    ("2025-02-02 · The AI Act's prohibitions apply", "#ai-act-prohibitions-apply"),
]


def _relation_links(page: str) -> list[tuple[str, str]]:
    facts = html_facts(page)
    links = [a for a in facts.anchors if a.attrs.get("href", "").startswith("#")]
    out = [
        (" ".join(a.text.split()), a.attrs["href"]) for a in links if "fn" not in a.attrs["href"]
    ]
    # each leads to an element of the page: the anchor of the other event
    assert all(href[1:] in facts.ids for _, href in out), (out, facts.ids)
    return out


@pytest.mark.parametrize("style", list(Style))
def test_cmark_gfm_relations_lead_to_the_other_events_anchor(style: Style) -> None:
    need_module("cmarkgfm")
    import cmarkgfm
    from cmarkgfm.cmark import Options

    text = render(Format.MARKDOWN, load_timeline(LIFE), ExportOptions(lang=Lang.EN, style=style))
    options = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
    page = cmarkgfm.github_flavored_markdown_to_html(text, options=options)
    assert _relation_links(page) == LIFE_RELATIONS
    facts = html_facts(page)
    documents = [
        a.text for a in facts.anchors if a.attrs.get("href") == "https://example.org/ai-act"
    ]
    # the document's title links to its URL on each of its five events, and the
    # relation to the document itself too
    assert documents == ["Artificial Intelligence Act"] * 6
    # in GitHub's safe mode the anchors are dropped, never shown as text
    safe = gfm(text)
    assert "&lt;a" not in safe and "<a id=" not in safe


def test_pandoc_keeps_the_anchors_of_relations() -> None:
    exe = need_program("pandoc")
    text = render(Format.MARKDOWN, load_timeline(LIFE), ExportOptions(lang=Lang.EN))
    page = subprocess.run(
        [exe, "-f", "gfm", "-t", "html"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    ).stdout
    assert _relation_links(page) == LIFE_RELATIONS
