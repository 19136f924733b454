"""The files ``policytl init`` creates: a small valid timeline and the JSON Schema.

Pure: this module builds text and never writes or prints (the command does).
"""

from __future__ import annotations

__all__ = ["SCHEMA_FILE", "TIMELINE_FILE", "skeleton"]

TIMELINE_FILE = "timeline.yaml"
SCHEMA_FILE = "policytl-1.schema.json"

_TIMELINE = """\
# yaml-language-server: $schema=policytl-1.schema.json
# A policytl timeline (format policytl/1). The line above lets editors with the YAML
# language server check this file as you type, against the schema beside it.
#   policytl validate timeline.yaml     check it: every problem, with line and column
#   policytl add timeline.yaml          add an event (asks for what you leave out)
#   policytl fmt timeline.yaml          put it in canonical form (keeps comments)
# Texts are {zh: ..., en: ...} with at least one of the two. Ids are lowercase slugs.
format: policytl/1

# What the timeline is about: shown above `policytl show` and in exports.
title: {zh: 我的政策时间线, en: My policy timeline}

# Sources by id. Each event quotes one word for word (`policytl verify` checks it).
sources:
  example-source:
    title: {en: An example article}
    publisher: Example News
    published: "2024-01-15"
    language: en

# Jurisdictions by ISO 3166 code (CN, CN-BJ, US-CA ...). Aliases are other names
# you may type on the command line (--jurisdiction china); in this file, use the code.
jurisdictions:
  CN:
    name: {zh: 中国, en: China}
    aliases: [china, national]

# Issuing bodies by id. level: central, provincial, municipal, district or none;
# classification: government, leadership, department, regulator, central-bank, ...
bodies:
  example-ministry:
    name: {zh: 示例部, en: Example Ministry}
    short: {en: Ministry}
    level: central
    jurisdiction: CN
    classification: department

# The events, in any order (`policytl fmt` sorts them by date). Dates are quoted, with
# the precision the source gives: "2024", "2024-01", "2024-01-15", "2024-01?" (uncertain),
# "2024~" (about), "2024-01-15/2025" (an interval). Kinds: `policytl kinds`.
# Replace this example with your own events, or add them with `policytl add`.
events:
  - id: example-plan-issued
    date: "2024-01"
    kind: document-issued
    jurisdiction: CN
    issuers: [example-ministry]
    title: {en: The Example Ministry issues an example plan}
    tags: [example]
    sources:
      - source: example-source
        quote: The words of the source, copied exactly.
"""


def skeleton() -> str:
    """The text of a new timeline: valid, commented, in canonical form."""
    return _TIMELINE
