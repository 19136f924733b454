"""Which tags validate accepts: letters and digits of any script, joined by ``-``,
``_`` or ``.``, starting and ending with a letter or digit (64 at most).

A planted bug in the tag pattern passed the suite; each case below is exact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policytl import check_files

DOC = """\
format: policytl/1
sources:
  s: {{title: {{en: A source}}}}
jurisdictions:
  CN: {{name: {{en: China}}}}
events:
  - id: e
    date: "2020"
    kind: statement
    jurisdiction: CN
    issuers: []
    title: {{en: An event}}
    tags: [{tag}]
    sources: [{{source: s, quote: q}}]
"""

ACCEPTED = ["a", "blockchain", "five-year-plan", "a.b", "a_b", "区块链", "十三五", "x1", "a" * 64]
REFUSED = [
    "-a",  # starts with punctuation
    "a-",  # ends with it
    "_a",
    "a_",
    ".a",
    "a.",
    "a b",  # a space
    "a,b",
    "a!b",
    "a/b",
    "#a",
    "区块链。",  # full-width full stop
    "区块链，金融",  # full-width comma
    "a" * 65,  # too long
]


def _problems(tmp_path: Path, tag: str) -> list[str]:
    path = tmp_path / "t.yaml"
    quoted = '"' + tag.replace('"', '\\"') + '"'
    path.write_text(DOC.format(tag=quoted), encoding="utf-8")
    _, problems = check_files([path])
    return [p.message for p in problems]


@pytest.mark.parametrize("tag", ACCEPTED)
def test_accepted_tags(tmp_path: Path, tag: str) -> None:
    assert _problems(tmp_path, tag) == []


@pytest.mark.parametrize("tag", REFUSED)
def test_refused_tags_say_what_a_tag_is(tmp_path: Path, tag: str) -> None:
    shown = repr(tag) if len(tag) <= 60 else None
    (message,) = _problems(tmp_path, tag)
    assert message.endswith("is not valid (a tag of letters, digits, '-' or '.')")
    if shown is not None:
        assert message.startswith(shown)
