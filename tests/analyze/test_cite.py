"""`policytl cite`: BibTeX, CSL-JSON and text, read back by the tools people use them with.

A bibliography lists each work once: each source the events cite, then each document
they are about. CSL-JSON goes through pandoc's citeproc (what turns a Markdown draft
into a paper) and BibTeX through pybtex, a BibTeX parser and formatter, and biber.
Golden files hold the exact output for the small export fixture.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.analyze.cite import CiteFormat, cite_command, entries, render, render_events, works
from policytl.model.records import Lang, Text, Timeline
from policytl.model.textsafe import for_terminal

from ..conftest import FIXTURES, child_env, invoke
from ..consumers import biber, need_module, need_program
from ..export.hostile_text import HOSTILE as HOSTILE_TEXT
from ..export.hostile_text import RAW_UNSAFE
from ..export_parsers import parse_html
from ..goldens import assert_golden

SMALL = FIXTURES / "export" / "small.yaml"
HOSTILE = FIXTURES / "export" / "hostile.yaml"
#: a documents registry: the events about a document cite it once, typed and with its status
LIFE = FIXTURES / "export" / "life.yaml"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "cite"

CASES = {
    "small.txt": ["-l", "en"],
    "small.bib": ["-f", "bibtex", "-l", "en"],
    "small.csl.json": ["-f", "csl-json"],
    "life.txt": ["-l", "en"],
    "life.bib": ["-f", "bibtex", "-l", "en"],
    "life.csl.json": ["-f", "csl-json", "-l", "en"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    data = LIFE if name.startswith("life") else SMALL
    result = invoke(["cite", "--data", str(data), *CASES[name]])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(GOLDEN / name, result.stdout_bytes)


def _oracle_keys(timeline: Timeline) -> list[str]:
    """The sources the events cite, each once, in the order first cited."""
    keys: list[str] = []
    for e in timeline.events:
        for c in e.sources:
            if c.source not in keys:
                keys.append(c.source)
    return keys


@pytest.mark.parametrize("data", [SMALL, LIFE, None], ids=["small", "life", "shipped"])
def test_each_source_is_one_entry_keyed_by_its_id(data: Path | None) -> None:
    timeline = load_timeline([data] if data else None)
    chosen = entries(timeline, timeline.events)
    assert [x.key for x in chosen] == _oracle_keys(timeline)
    for x in chosen:
        assert x.key == x.source.id
        assert [p.event.id for p in x.places] == [
            e.id for e in timeline.events for c in e.sources if c.source == x.key
        ]


def test_the_shipped_data_cites_its_one_article_once() -> None:
    result = invoke(["cite", "-f", "bibtex", "-l", "en"])
    assert result.exit_code == 0, result.stderr
    assert re.findall(r"^@(\w+)\{([^,]+),", result.stdout, re.M)[0] == (
        "article",
        "panews-2020-07-01",
    )
    assert result.stdout.count("panews-2020-07-01,") == 1
    # the note names ten events, then counts the rest
    assert "bj-2020-government-work-report (2020) and 5 more}" in result.stdout


def test_a_source_s_entry_is_typed_by_its_kind(tmp_path: Path) -> None:
    timeline = load_timeline([SMALL])
    news = timeline.sources["news-2020"]
    got = {}
    for kind in ("news", "official", "legislation", "report", "secondary"):
        timeline.sources["news-2020"] = dataclasses.replace(news, kind=kind)
        bib = render(timeline, timeline.events[:1], CiteFormat.BIBTEX, Lang.EN)
        csl = json.loads(render(timeline, timeline.events[:1], CiteFormat.CSL_JSON, Lang.EN))
        head = bib.splitlines()[0]
        publisher = next(
            line.split(" = ")[0].strip() for line in bib.splitlines() if "Example News" in line
        )
        got[kind] = (head, publisher, csl[0]["type"], csl[0].get("container-title"))
    assert got == {
        "news": ("@article{news-2020,", "journal", "article-newspaper", "Example News"),
        "official": ("@misc{news-2020,", "organization", "document", None),
        "legislation": ("@legislation{news-2020,", "publisher", "legislation", "Example News"),
        "report": ("@techreport{news-2020,", "institution", "report", None),
        "secondary": ("@misc{news-2020,", "howpublished", "article", None),
    }


def test_a_publisher_is_never_the_author() -> None:
    timeline = load_timeline([SMALL])
    bib = render(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN)
    csl = json.loads(render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.EN))
    report = next(x for x in csl if x["id"] == "report-2021")
    assert "author" not in report
    assert "author = {{Example Office}}" not in bib


def test_ids_choose_events_in_the_order_given() -> None:
    result = invoke(
        ["cite", "--events", "--data", str(SMALL), "state-council-statement", "bj-work-report-2016"]
    )
    assert result.exit_code == 0, result.stderr
    heads = [line.split("  ")[0] for line in result.stdout.splitlines() if line[:1] not in " "]
    assert [h for h in heads if h] == ["state-council-statement", "bj-work-report-2016"]
    result = invoke(["cite", "--data", str(SMALL), "state-council-statement"])
    assert [line.split("  ")[0] for line in result.stdout.splitlines() if line[:1] not in " "] == [
        "report-2021"
    ]


# --- where each event is cited from: --events ---------------------------------------------


def test_events_give_the_key_and_locator_to_cite_each_event_with() -> None:
    result = invoke(["cite", "--events", "-f", "bibtex", "-l", "en", "--data", str(SMALL)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    blocks = result.stdout.split("\n\n")
    assert blocks[2] == (
        "state-council-statement  2016-02-15  The State Council names blockchain a frontier "
        "technology\n  \\cite[p. 3]{report-2021}  “blockchain, a frontier technology”"
    )
    life = invoke(["cite", "--events", "-l", "en", "--data", str(LIFE), "ai-act-published"])
    assert life.stdout.splitlines()[1:] == [
        "  [@oj-2024, title]",
        "  about [@ai-act]",
    ]


@pytest.mark.parametrize(
    ("locator", "latex", "pandoc"),
    [
        (None, r"\cite{k}", "[@k]"),
        ("Art. 113", r"\cite[Art. 113]{k}", "[@k, Art. 113]"),
        ("p. 3]x", r"\cite[{p. 3]x}]{k}", r"[@k, p. 3\]x]"),
        (
            "§ 5; @a {b}",
            r"\cite[§ 5; @a \textbraceleft{}b\textbraceright{}]{k}",
            r"[@k, § 5\; \@a \{b\}]",
        ),
        ("50% & $", r"\cite[50\% \& \$]{k}", "[@k, 50% & $]"),
    ],
)
def test_a_locator_is_literal_in_latex_and_in_pandoc(
    locator: str | None, latex: str, pandoc: str
) -> None:
    assert cite_command("k", locator, CiteFormat.BIBTEX) == latex
    assert cite_command("k", locator, CiteFormat.CSL_JSON) == pandoc


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT))
def test_pandoc_resolves_every_event_s_citation_whatever_its_locator(
    name: str, tmp_path: Path
) -> None:
    timeline = _hostile_timeline(HOSTILE_TEXT[name])
    csl = render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.EN)
    rows = json.loads(render_events(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.EN))
    assert [r["event"] for r in rows] == [e.id for e in timeline.events]
    draft = "".join(f"Event {i}: {r['cite']}.\n\n" for i, r in enumerate(rows))
    refs = _citeproc_draft(csl, draft, tmp_path)
    assert sorted(refs) == sorted(x.key for x in entries(timeline, timeline.events))


def test_unknown_and_unselected_ids_are_usage_errors() -> None:
    result = invoke(["cite", "--data", str(SMALL), "state-council-statment"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "policytl: error: unknown event id 'state-council-statment'; "
        "did you mean 'state-council-statement'?\n"
    )
    result = invoke(["cite", "--data", str(SMALL), "--since", "2018", "state-council-statement"])
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: event 'state-council-statement' is not selected by --since 2018\n"
    )


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    result = invoke(["cite", "--data", str(SMALL), "-f", "bibtex", "-l", "en", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_bytes() == (GOLDEN / "small.bib").read_bytes()


# --- CSL-JSON through pandoc's citeproc -----------------------------------------------------


def _citeproc(csl: str, keys: list[str], tmp_path: Path) -> dict[str, str]:
    """The bibliography pandoc --citeproc makes: entry id -> its text."""
    return _citeproc_draft(csl, "Cited: [" + "; ".join(f"@{k}" for k in keys) + "].\n", tmp_path)


def _citeproc_draft(csl: str, draft: str, tmp_path: Path) -> dict[str, str]:
    """The bibliography pandoc --citeproc makes of ``draft``: entry id -> its text."""
    pandoc = need_program("pandoc")
    refs = tmp_path / "refs.json"
    refs.write_text(csl, encoding="utf-8")
    done = subprocess.run(
        [pandoc, "--citeproc", f"--bibliography={refs}", "-f", "markdown", "-t", "html"],
        input=draft,
        capture_output=True,
        text=True,
        check=False,
        env=child_env(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # pandoc warns of a citation it cannot resolve
    page = parse_html(done.stdout)
    return {
        (el.attrs["id"] or "")[4:]: " ".join(el.all_text().split())
        for el in page.elements
        if (el.attrs.get("id") or "").startswith("ref-")
    }


def test_pandoc_citeproc_reads_every_entry(tmp_path: Path) -> None:
    timeline = load_timeline([SMALL])
    csl = render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.EN)
    keys = [x.key for x in entries(timeline, timeline.events)]
    refs = _citeproc(csl, keys, tmp_path)
    assert sorted(refs) == sorted(keys)
    # pandoc's default style (Chicago author-date), from the CSL-JSON fields
    assert refs["news-2020"] == "小明. 2020. “A test news story.” Example News, July 1, 2020."
    # (no author: the publisher is not taken for one)
    assert refs["report-2021"] == (
        "“Annual Report 2021.” 2021. Example Office. https://example.org/report."
    )


def test_pandoc_citeproc_reads_the_shipped_data(tmp_path: Path) -> None:
    timeline = load_timeline()
    csl = render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.ZH)
    keys = [x["id"] for x in json.loads(csl)]
    refs = _citeproc(csl, keys, tmp_path)
    assert sorted(refs) == sorted(keys)
    (source,) = timeline.sources.values()
    assert source.title.zh is not None
    title = source.title.zh.replace("“", "‘").replace("”", "’")  # quotes inside quotes
    assert refs[source.id] == f"{source.author}. 2020. “{title}.” PANews, July 1, 2020."
    # the one article once, then each document once
    assert keys == [source.id, *(w.key for w in works(timeline, timeline.events))]


def test_csl_json_keeps_hostile_text_as_data() -> None:
    timeline = load_timeline([HOSTILE])
    items = json.loads(render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.BOTH))
    chosen = entries(timeline, timeline.events)
    assert [i["id"] for i in items][: len(chosen)] == [x.key for x in chosen]
    for item, x in zip(items, chosen, strict=False):
        assert item["title"] == " ".join(x.source.title.get(Lang.BOTH).split())
    rows = json.loads(render_events(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.BOTH))
    for row, e in zip(rows, timeline.events, strict=True):
        assert [c["quote"] for c in row["sources"]] == [c.quote for c in e.sources]
        assert [c["locator"] for c in row["sources"]] == [c.locator for c in e.sources]


# --- BibTeX through pybtex ------------------------------------------------------------------


def _pybtex(bib: str) -> tuple[object, dict[str, str]]:
    need_module("pybtex")
    from pybtex.database import BibliographyData, parse_string
    from pybtex.plugin import find_plugin

    data = parse_string(bib, "bibtex")
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    backend = find_plugin("pybtex.backends", "text")()
    # pybtex's unsrt style needs an author for an @article (biblatex does not)
    authored = BibliographyData(
        {k: e for k, e in data.entries.items() if e.persons.get("author") or e.type == "misc"}
    )
    formatted = {e.key: e.text.render(backend) for e in style.format_bibliography(authored)}
    return data, formatted


def test_pybtex_reads_and_formats_every_entry() -> None:
    timeline = load_timeline([SMALL])
    bib = render(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN)
    data, formatted = _pybtex(bib)
    keys = [x.key for x in entries(timeline, timeline.events)]
    assert list(data.entries) == keys  # type: ignore[attr-defined]
    report = data.entries["report-2021"]  # type: ignore[attr-defined]
    assert report.type == "misc"
    assert dict(report.fields) == {
        "title": "Annual report 2021",
        "organization": "Example Office",
        "year": "2021",
        "month": "March",
        "date": "2021-03",
        "url": "https://example.org/report",
        "language": "en",
        "note": "cited for policytl events state-council-statement (2016-02-15), "
        "action-plan-2020-2022 (2020-06-30/2022)",
    }
    assert "author" not in report.persons
    assert formatted["news-2020"] == (
        "小明. A test news story. Example News, July 2020. cited for policytl events "
        "bj-work-report-2016 (2016), zgc-alliance-founded (2016-02), fintech-measures "
        "(2017-04?), ecosystem-fund (2018~), action-plan-2020-2022 (2020-06-30/2022)."
    )


#: LaTeX's escapes of its ten special characters (what a BibTeX field holds for them)
LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_ESCAPE = re.compile("|".join(re.escape(e) for e in sorted(LATEX.values(), key=len, reverse=True)))
_CHAR = {e: c for c, e in LATEX.items()}


def _untex(value: str) -> str:
    """A field's LaTeX read back as text; every special character must be escaped."""
    residue = _ESCAPE.sub("", value)
    raw = [c for c in residue if c in LATEX]
    assert not raw, f"special characters {raw} not escaped in {value!r}"
    return _ESCAPE.sub(lambda m: _CHAR[m.group()], value)


def _shown(text: str) -> str:
    """What a BibTeX field means for ``text``: one line, controls as visible escapes."""
    return " ".join(for_terminal(text).split())


def test_bibtex_escapes_every_special_character(tmp_path: Path) -> None:
    timeline = load_timeline([HOSTILE])
    special = "50% & #1 $x_y^2~ {a} \\b a}b a{b"
    source = next(iter(timeline.sources.values()))
    timeline.sources[source.id] = dataclasses.replace(
        source, title=Text(en=special), url="https://example.org/a b{c}\\d"
    )
    bib = render(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN)
    data, _ = _pybtex(bib)
    chosen = entries(timeline, timeline.events)
    assert list(data.entries) == [x.key for x in chosen]  # type: ignore[attr-defined]
    for x in chosen:
        fields = data.entries[x.key].fields  # type: ignore[attr-defined]
        if x.source.id == source.id:
            assert fields["title"] == (
                r"50\% \& \#1 \$x\_y\textasciicircum{}2\textasciitilde{} "
                r"\textbraceleft{}a\textbraceright{} \textbackslash{}b "
                r"a\textbraceright{}b a\textbraceleft{}b"
            )
            assert _untex(fields["title"]) == special
            assert fields["url"] == "https://example.org/a%20b%7Bc%7D%5Cd"
        # one line each, braces balanced (pybtex parsed it), no raw control character
        for value in fields.values():
            assert not RAW_UNSAFE.search(value)


def test_an_unescaped_underscore_is_caught() -> None:
    """The check above reads a raw ``_`` (which LaTeX takes for a subscript) as an error."""
    assert _untex(r"a\_b") == "a_b"
    with pytest.raises(AssertionError, match="not escaped"):
        _untex("a_b")


def _hostile_timeline(text: str) -> Timeline:
    """The hostile fixture with ``text`` in every text that a citation shows."""
    timeline = load_timeline([HOSTILE])
    sources = {
        sid: dataclasses.replace(
            s, title=Text(en=text), author=text, publisher=text, url=f"https://example.org/{text}"
        )
        for sid, s in timeline.sources.items()
    }
    events = [
        dataclasses.replace(
            e,
            title=Text(en=text),
            sources=tuple(dataclasses.replace(c, quote=text, locator=text) for c in e.sources),
        )
        for e in timeline.events
    ]
    return dataclasses.replace(timeline, sources=sources, events=events)


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT))
def test_pybtex_and_biber_read_hostile_text_as_written(name: str, tmp_path: Path) -> None:
    text = HOSTILE_TEXT[name]
    timeline = _hostile_timeline(text)
    bib = render(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN)
    assert not RAW_UNSAFE.search(bib)
    data, _ = _pybtex(bib)
    keys = [x.key for x in entries(timeline, timeline.events)]
    assert list(data.entries) == keys  # type: ignore[attr-defined]
    read = biber(bib, tmp_path)
    assert sorted(read) == sorted(keys)
    for key in keys:
        entry = data.entries[key]  # type: ignore[attr-defined]
        fields = entry.fields
        assert _untex(fields["title"]) == _shown(text)
        publisher = next(fields[f] for f in ("journal", "organization") if f in fields)
        assert _untex(publisher) == _shown(text)
        assert fields["note"].startswith("cited for policytl event")
        (author,) = entry.persons["author"]
        assert _untex(str(author)[1:-1]) == _shown(text)
        assert "{" not in fields["url"] and "}" not in fields["url"] and " " not in fields["url"]
        # biber reads each field as pybtex does (btparse and pybtex agree on the braces)
        for field in ("title", "note", "url"):
            assert read[key][field] == fields[field], field
    # each event's \\cite holds the locator as literal LaTeX, folded onto one line
    # (NEL is whitespace there), in balanced braces
    folded = _shown(" ".join(text.split()))
    lines = render_events(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN).splitlines()
    cites = [line.split("  ")[1] for line in lines if line.startswith("  \\cite")]
    assert len(cites) == sum(len(e.sources) for e in timeline.events)
    for command in cites:
        assert command.startswith("\\cite[") and re.search(r"\]\{[a-z0-9._-]+\}$", command)
        inner = command[len("\\cite[") : command.rindex("]{")]
        if inner.startswith("{"):  # braces keep a ']' of the locator inside the argument
            inner = inner[1:-1]
        assert _untex(inner) == folded


# --- documents: each once, typed, with its status ------------------------------------------


def test_each_document_is_one_entry_after_the_citations() -> None:
    timeline = load_timeline([LIFE])
    docs = works(timeline, timeline.events)
    assert [(w.key, w.document.type, w.status) for w in docs] == [
        ("bj-action-plan", "plan", "published"),
        # in force on 2024-08-01 was scheduled when the cited journal came out (2024-07-12)
        ("ai-act", "regulation", "published"),
    ]
    assert [e.id for e in docs[1].events] == [
        "ai-act-proposed",
        "ai-act-published",
        "ai-act-in-force",
        "ai-act-prohibitions-apply",
        "ai-act-high-risk-postponed",
    ]
    proposal_only = works(timeline, [timeline.events[2]])
    assert [(w.key, w.status) for w in proposal_only] == [("ai-act", "proposed")]
    csl = json.loads(render(timeline, [timeline.events[2]], CiteFormat.CSL_JSON, Lang.EN))
    assert [(x["id"], x["type"]) for x in csl] == [("oj-2024", "document"), ("ai-act", "bill")]
    # a key a citation already has is not taken twice
    assert [w.key for w in works(timeline, timeline.events, {"ai-act"})] == [
        "bj-action-plan",
        "ai-act-document",
    ]


def test_pandoc_citeproc_reads_the_documents(tmp_path: Path) -> None:
    timeline = load_timeline([LIFE])
    csl = render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.EN)
    keys = [x["id"] for x in json.loads(csl)]
    assert keys[-2:] == ["bj-action-plan", "ai-act"]
    refs = _citeproc(csl, keys, tmp_path)
    assert sorted(refs) == sorted(keys)
    # Chicago's regulation layout shows no number or status; the CSL-JSON has them
    assert refs["ai-act"] == (
        "European Parliament. 2024. “Artificial Intelligence Act.” https://example.org/ai-act."
    )
    act = json.loads(csl)[-1]
    assert (act["type"], act["number"], act["status"]) == ("regulation", "32024R1689", "published")
    assert refs["bj-action-plan"] == (
        "Beijing Municipal Government. 2020. “Beijing Action Plan for Blockchain Innovation "
        "and Development (2020-2022).”"
    )


def test_pybtex_and_biber_read_the_documents(tmp_path: Path) -> None:
    timeline = load_timeline([LIFE])
    bib = render(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN)
    need_module("pybtex")
    from pybtex.database import parse_string

    data = parse_string(bib, "bibtex")
    act = data.entries["ai-act"]
    assert act.type == "legislation"
    assert act.fields["pubstate"] == "published"
    assert act.fields["date"] == "2024-07-12"
    assert [str(p) for p in act.persons["author"]] == ["{European Parliament}"]
    plan = data.entries["bj-action-plan"]
    assert (plan.type, plan.fields["type"]) == ("misc", "plan")
    read = biber(bib, tmp_path)
    assert sorted(read) == sorted(data.entries)
    assert read["ai-act"]["pubstate"] == "published"
    assert read["bj-action-plan"]["type"] == "plan"
