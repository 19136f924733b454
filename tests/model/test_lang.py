"""Texts in any language: BCP 47 tags, their order, the schema, the cache and the exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytl import load_timeline
from policytl.load.loader import check_files, json_schema
from policytl.model.lang import Lang, Text, data_languages, is_tag, languages, ordered, shown

from ..conftest import FIXTURES, invoke
from ..goldens import GOLDEN, assert_golden

LANG = FIXTURES / "lang"
IT_EN = LANG / "it-en.yaml"
EN_ONLY = LANG / "en-only.yaml"


@pytest.mark.parametrize(
    "tag",
    ["en", "zh", "zh-Hant", "it", "es-419", "en-GB", "sr-Latn-RS", "de-CH-1996", "en-x-legal"],
)
def test_a_bcp47_tag_is_accepted(tag: str) -> None:
    assert is_tag(tag)


@pytest.mark.parametrize("tag", ["", "EN", "e", "english", "zh_Hant", "en-", "-en", "en--GB", "1"])
def test_what_is_not_a_tag_is_refused(tag: str) -> None:
    assert not is_tag(tag)


def test_zh_and_en_come_first_then_the_other_languages_by_tag() -> None:
    assert ordered(["it", "en", "de", "zh-Hant", "zh"]) == ["zh", "en", "de", "it", "zh-Hant"]
    text = Text.of({"it": "Legge", "ja": "法律", "en": "Law"})
    assert text == Text(en="Law", more=("it", "Legge", "ja", "法律"))
    assert text.langs() == ("en", "it", "ja")
    assert list(text.items()) == [("en", "Law"), ("it", "Legge"), ("ja", "法律")]
    assert text.to_json() == {"en": "Law", "it": "Legge", "ja": "法律"}
    assert list(text.all()) == ["Law", "Legge", "法律"]


def test_a_text_in_a_language_falls_back_to_english_then_chinese_then_any() -> None:
    text = Text.of({"it": "Legge", "en": "Law"})
    assert (text.get("it"), text.get("IT"), text.get("en"), text.get("de")) == (
        "Legge",
        "Legge",
        "Law",
        "Law",
    )
    assert text.exact("de") is None and text.exact("it") == "Legge"
    assert Text.of({"it": "Legge"}).get("en") == "Legge"
    assert Text("中文", "Chinese").get("both") == "中文 / Chinese"


@given(st.dictionaries(st.sampled_from(["zh", "en", "it", "de", "zh-Hant", "ja"]), st.text()))
def test_a_text_keeps_every_language_it_is_given(texts: dict[str, str]) -> None:
    text = Text.of(texts)
    assert text.to_json() == {k: texts[k] for k in ordered(texts)}
    assert Text.of(text.to_json()) == text


def test_languages_are_collected_in_canonical_order() -> None:
    assert languages([None, "id", Text.of({"it": "a"}), Text(en="b")]) == ("en", "it")
    assert data_languages(load_timeline(IT_EN)) == ("en", "it")
    assert data_languages(load_timeline(EN_ONLY)) == ("en",)
    assert data_languages(load_timeline()) == ("zh", "en")


def test_the_same_language_twice_in_another_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    text = IT_EN.read_text(encoding="utf-8").replace(
        "  it: L'intelligenza", "  IT-x-ab: x\n  zh-Hant: a\n  zh-hant: b\n  it: L'intelligenza"
    )
    path.write_text(text, encoding="utf-8")
    timeline, problems = check_files([path])
    assert timeline is None
    assert [(p.line, p.column, p.path, p.message) for p in problems] == [
        (
            6,
            3,
            "title.IT-x-ab",
            "'IT-x-ab' is not a BCP 47 language tag such as en, zh-Hant or it "
            "(did you mean 'it-x-ab'?)",
        ),
        (
            8,
            3,
            "title.zh-hant",
            "'zh-hant' is the language 'zh-Hant' again (language tags are the same in any case)",
        ),
    ]


def test_the_schema_takes_any_language_tag_and_only_those() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/text"})
    assert validator.is_valid({"it": "Legge", "zh-Hant": "法律"})
    assert not validator.is_valid({"Italiano": "Legge"})
    assert not validator.is_valid({})
    assert not validator.is_valid({"it": " "})
    assert not validator.is_valid("Legge")


def test_the_cache_keeps_every_language(tmp_path: Path) -> None:
    env = {"POLICYTL_CACHE_DIR": str(tmp_path / "cache")}
    first = invoke(["export", "-f", "json", "--data", str(IT_EN)], env=env)
    again = invoke(["export", "-f", "json", "--data", str(IT_EN)], env=env)
    assert first.exit_code == again.exit_code == 0
    assert first.stdout == again.stdout
    doc = json.loads(again.stdout)
    assert doc["events"][1]["title"] == {
        "en": "Law on artificial intelligence",
        "it": "Legge sull'intelligenza artificiale",
    }
    assert doc["title"]["it"] == "L'intelligenza artificiale nell'UE e in Italia"


def test_csv_has_a_column_per_language_the_data_has() -> None:
    out = invoke(["export", "-f", "csv", "--data", str(IT_EN)])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    head = out.stdout.splitlines()[0].split(",")
    assert head[head.index("title_zh") : head.index("title_it") + 1] == [
        "title_zh",
        "title_en",
        "title_it",
    ]
    assert [r["title_it"] for r in rows] == [
        "Il Parlamento europeo approva l'AI Act",
        "Legge sull'intelligenza artificiale",
    ]
    assert [r["summary_it"] for r in rows] == [
        "",
        "Disposizioni e deleghe al Governo in materia di intelligenza artificiale.",
    ]
    assert rows[0]["issuer_names_it"] == "Parlamento"
    assert rows[0]["title_zh"] == ""


# --- what the views and exports show of data in other languages (golden files) ------------

EXAMPLES = {"it-en": IT_EN, "en-only": EN_ONLY}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "json", "ics"])
def test_an_export_of_data_in_other_languages_is_the_golden_file(name: str, fmt: str) -> None:
    from policytl.export import Format, render

    out = render(Format(fmt), load_timeline(EXAMPLES[name]))
    suffix = {"markdown": "md", "json": "json"}.get(fmt, fmt)
    assert_golden(GOLDEN / "lang" / f"{name}.{suffix}", out.encode("utf-8"))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_show_of_data_in_other_languages_is_the_golden_file(name: str) -> None:
    result = invoke(["show", "--detail", "--data", str(EXAMPLES[name])])
    assert result.exit_code == 0
    assert_golden(GOLDEN / "lang" / f"show-{name}.txt", result.stdout)


def test_one_language_data_shows_one_language_without_joiners_or_a_switch() -> None:
    from policytl.export import Format, render

    english = load_timeline(EN_ONLY)
    assert shown(Lang.BOTH, english) is Lang.EN
    assert shown(Lang.BOTH, load_timeline(IT_EN)) is Lang.EN
    assert shown(Lang.BOTH, load_timeline()) is Lang.BOTH
    assert shown(Lang.ZH, english) is Lang.ZH
    page = render(Format.HTML, english)
    assert 'name="lang"' not in page and "中文" not in page
    assert 'name="lang"' in render(Format.HTML, load_timeline())
    shown_text = invoke(["show", "--data", str(EN_ONLY)]).stdout
    assert "DSIT, Ofcom" in shown_text and "、" not in shown_text
