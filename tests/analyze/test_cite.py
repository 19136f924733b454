"""`policytl cite`: BibTeX, CSL-JSON and text, read back by the tools people use them with.

CSL-JSON goes through pandoc's citeproc (what turns a Markdown draft into a paper) and
BibTeX through pybtex, a BibTeX parser and formatter. Golden files hold the exact
output for the small export fixture.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest

from policytl import load_timeline
from policytl.analyze.cite import CiteFormat, entries, render, works
from policytl.model.records import Citation, Lang, Text, Timeline
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


def test_each_citation_is_an_entry_keyed_by_its_event() -> None:
    timeline = load_timeline([SMALL])
    keys = [x.key for x in entries(timeline, timeline.events)]
    expected: list[str] = []
    for e in timeline.events:
        n = len(e.sources)
        expected += [e.id] if n == 1 else [f"{e.id}-{k}" for k in range(1, n + 1)]
    assert keys == expected
    two = dataclasses.replace(
        timeline.events[0],
        sources=(
            *timeline.events[0].sources,
            Citation(source="report-2021", quote="second", locator="p. 9"),
        ),
    )
    assert [x.key for x in entries(timeline, [two])] == [f"{two.id}-1", f"{two.id}-2"]


def test_ids_choose_events_in_the_order_given() -> None:
    result = invoke(
        ["cite", "--data", str(SMALL), "state-council-statement", "bj-work-report-2016"]
    )
    assert result.exit_code == 0, result.stderr
    heads = [line.split("  ")[0] for line in result.stdout.splitlines() if line[:1] not in " "]
    assert [h for h in heads if h] == ["state-council-statement", "bj-work-report-2016"]


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
    pandoc = need_program("pandoc")
    refs = tmp_path / "refs.json"
    refs.write_text(csl, encoding="utf-8")
    draft = "Cited: [" + "; ".join(f"@{k}" for k in keys) + "].\n"
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
    # pandoc's default style (Chicago author-date), from the CSL-JSON fields; the two
    # entries citing the same story are told apart as 2020a and 2020b (and the author
    # repeated is a dash, as Chicago has it)
    assert refs["bj-work-report-2016"] == (
        "小明. 2020a. “A test news story.” Example News, July 1, 2020."
    )
    assert refs["zgc-alliance-founded"] == (
        "———. 2020b. “A test news story.” Example News, July 1, 2020."
    )
    assert refs["state-council-statement"] == (
        "“Annual Report 2021.” 2021a. Example Office. https://example.org/report."
    )


def test_pandoc_citeproc_reads_the_shipped_data(tmp_path: Path) -> None:
    timeline = load_timeline()
    csl = render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.ZH)
    keys = [x.key for x in entries(timeline, timeline.events)]
    refs = _citeproc(csl, keys, tmp_path)
    assert sorted(refs) == sorted(keys)
    (source,) = timeline.sources.values()
    assert source.title.zh is not None
    title = source.title.zh.replace("“", "‘").replace("”", "’")  # quotes inside quotes
    one = re.compile(
        rf"(?:{source.author}|———)\. 2020([a-z]+)\. “{re.escape(title)}\.” PANews, July 1, 2020\."
    )
    found = [one.fullmatch(text) for text in refs.values()]
    assert all(found)
    # every citation is its own entry: pandoc tells them apart as 2020a, 2020b, ...
    suffixes = [m.group(1) for m in found if m]
    assert len(set(suffixes)) == len(keys)


def test_csl_json_keeps_hostile_text_as_data() -> None:
    timeline = load_timeline([HOSTILE])
    items = json.loads(render(timeline, timeline.events, CiteFormat.CSL_JSON, Lang.BOTH))
    chosen = entries(timeline, timeline.events)
    assert [i["id"] for i in items] == [x.key for x in chosen]
    for item, x in zip(items, chosen, strict=True):
        assert item["title"] == " ".join(x.source.title.get(Lang.BOTH).split())
        quote = " ".join(x.citation.quote.split())
        assert item["note"].startswith(f"“{quote}”")


# --- BibTeX through pybtex ------------------------------------------------------------------


def _pybtex(bib: str) -> tuple[object, dict[str, str]]:
    need_module("pybtex")
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    data = parse_string(bib, "bibtex")
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    backend = find_plugin("pybtex.backends", "text")()
    formatted = {e.key: e.text.render(backend) for e in style.format_bibliography(data)}
    return data, formatted


def test_pybtex_reads_and_formats_every_entry() -> None:
    timeline = load_timeline([SMALL])
    bib = render(timeline, timeline.events, CiteFormat.BIBTEX, Lang.EN)
    data, formatted = _pybtex(bib)
    keys = [x.key for x in entries(timeline, timeline.events)]
    assert list(data.entries) == keys  # type: ignore[attr-defined]
    report = data.entries["state-council-statement"]  # type: ignore[attr-defined]
    assert report.type == "techreport"
    assert dict(report.fields) == {
        "title": "Annual report 2021",
        "institution": "Example Office",
        "year": "2021",
        "month": "March",
        "date": "2021-03",
        "url": "https://example.org/report",
        "language": "en",
        "note": "“blockchain, a frontier technology”, p. 3. policytl event "
        "state-council-statement (2016-02-15): The State Council names blockchain a "
        "frontier technology",
    }
    assert [str(p) for p in report.persons["author"]] == ["{Example Office}"]
    assert formatted["bj-work-report-2016"] == (
        "小明. A test news story. Example News, July 2020. “今年北京市的政府工作报告提及区块链”. "
        "policytl event bj-work-report-2016 (2016): Beijing's government work report "
        "mentions blockchain."
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
        # the note is made of texts folded onto one line first (NEL is whitespace there)
        folded = _shown(" ".join(text.split()))
        assert _untex(fields["note"]).startswith(f"“{folded}”, {folded}. ")
        assert _untex(fields["note"]).endswith(f": {folded}")
        (author,) = entry.persons["author"]
        assert _untex(str(author)[1:-1]) == _shown(text)
        assert "{" not in fields["url"] and "}" not in fields["url"] and " " not in fields["url"]
        # biber reads each field as pybtex does (btparse and pybtex agree on the braces)
        for field in ("title", "note", "url"):
            assert read[key][field] == fields[field], field


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
    assert [(x["id"], x["type"]) for x in csl] == [
        ("ai-act-proposed", "report"),
        ("ai-act", "bill"),
    ]
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
