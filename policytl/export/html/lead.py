"""The page's finding: a headline from ``compare``, and who moved first on each theme.

Both come from :func:`policytl.analyze.compare.compare` across the jurisdictions with
events, the function behind ``policytl compare``. The headline is the lead of the
theme shared by the most jurisdictions (the earliest such theme on a tie) whose first
mover is certain: "Beijing moved 10 months before China", the leader against the
next jurisdiction to move, with the two first events it compares.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policytl.export.common import label_pair
from policytl.export.html.parts import both, esc, word
from policytl.model.records import Lang, Text, Timeline

if TYPE_CHECKING:
    from policytl.analyze.compare import Comparison, Lead, Move, Theme

__all__ = ["Headline", "comparison", "headline", "headline_html", "who_moved_first"]


def comparison(timeline: Timeline) -> Comparison | None:
    """``compare`` across the jurisdictions with events (registry order), or None
    when fewer than two have events."""
    from policytl.analyze.compare import compare
    from policytl.analyze.periods import By

    used = {e.jurisdiction for e in timeline.events}
    codes = [code for code in timeline.jurisdictions if code in used]
    if len(codes) < 2:
        return None
    return compare(timeline, codes, by=By.JURISDICTION)


@dataclass(frozen=True)
class Headline:
    """The lead the page states: ``leader`` moved first on ``theme``, before ``other``."""

    theme: Theme
    lead: Lead
    leader: Move
    other: Move
    leader_name: Text
    other_name: Text


def headline(found: Comparison | None) -> Headline | None:
    """The theme shared by the most sides whose leader is certain, earliest on a tie."""
    if found is None:
        return None
    certain = [t for t in found.themes if t.leads and t.leads[0].status == "first"]
    if not certain:
        return None
    theme = max(certain, key=lambda t: len(t.moves))  # max keeps the first of a tie
    names = {s.id: s.name or Text(en=s.id) for s in found.sides}
    leader, other = theme.moves[0], theme.moves[1]
    return Headline(theme, theme.leads[0], leader, other, names[leader.side], names[other.side])


def _months(lead: Lead, lang: Lang) -> str:
    lo, hi = lead.min_months, lead.max_months
    if lang is Lang.ZH:
        return f"{lo}个月" if lo == hi else f"{lo}–{hi}个月"
    if lo == hi:
        return f"{lo} month" if lo == 1 else f"{lo} months"
    return f"{lo}–{hi} months"


def headline_words(h: Headline, lang: Lang) -> str:
    """The finding in one language: "Beijing moved 10 months before China"."""
    a, b = h.leader_name.get(lang), h.other_name.get(lang)
    lead = h.lead
    key = "headline_same_month" if lead.min_months == lead.max_months == 0 else "headline"
    en, zh = label_pair(key)
    text = (zh if lang is Lang.ZH else en).format(a=a, b=b, n=_months(lead, lang))
    if lead.uncertain_date:
        text += "（日期存疑）" if lang is Lang.ZH else " (uncertain date)"
    return text


def bracket_words(h: Headline, lang: Lang) -> str:
    """The bracket's label on the axis: "Beijing 2016-02 → China 2016-12: 10 months"
    (on a phone the names are left out: the lanes name them)."""
    a, b = (esc(n.get(lang)) for n in (h.leader_name, h.other_name))
    da, db = esc(h.leader.event.date.text), esc(h.other.event.date.text)
    sep = "：" if lang is Lang.ZH else ": "
    return (
        f'<span class="bn">{a} </span>{da} → <span class="bn">{b} </span>{db}'
        f"{sep}{esc(_months(h.lead, lang))}"
    )


def headline_html(h: Headline | None) -> list[str]:
    """The headline under the page's title, and the two first events it compares."""
    if h is None:
        return []

    def step(move: Move, name: Text) -> str:
        e = move.event
        title = esc(e.title.get(Lang.BOTH))
        who = both(name.get(Lang.EN), name.get(Lang.ZH))
        link = f'<a href="#{esc(e.id)}" title="{title}">{esc(e.date.text)}</a>'
        return f'<span class="who">{who}</span> {link}'

    codes = f"{h.leader.side} {h.other.side}"
    (en, zh), (en0, zh0), (why_en, why_zh) = (
        label_pair(k) for k in ("headline", "headline_same_month", "headline_theme")
    )
    templates = (
        f'data-en="{esc(en)}" data-zh="{esc(zh)}" data-en0="{esc(en0)}" data-zh0="{esc(zh0)}"'
    )
    return [
        f'<p class="headline" id="_headline" {templates}>'
        f"{both(headline_words(h, Lang.EN), headline_words(h, Lang.ZH))}</p>",
        f'<p class="headline-why" id="_why" data-en="{esc(why_en)}" data-zh="{esc(why_zh)}">'
        f'<span class="why-words">{word("headline_theme", tag=h.theme.tag)}</span>'
        f' <span class="why-a">{step(h.leader, h.leader_name)}</span> ·'
        f' <span class="why-b">{step(h.other, h.other_name)}</span>'
        f' <span class="small">({word("headline_how")} <code>policytl compare {esc(codes)}'
        "</code>)</span></p>",
    ]


def _behind(lead: Lead, lang: Lang) -> str:
    """How a later side stands against the first one: "10 months later", "same month"."""
    if lead.status == "first":
        text = label_pair("later")[lang is Lang.ZH].format(n=_months(lead, lang))
    else:
        text = label_pair(f"lead_{lead.status}")[lang is Lang.ZH]
    if lead.uncertain_date:
        text += "（日期存疑）" if lang is Lang.ZH else " (uncertain date)"
    return text


def who_moved_first(found: Comparison | None) -> list[str]:
    """Each theme of ``compare`` as a ranked list: the sides in the order they moved,
    each with its first event's date and how far behind the first it moved."""
    if found is None or not found.themes:
        return []
    from policytl.export.common import stage_pair
    from policytl.model.vocabulary import STAGES

    names = {s.id: s.name or Text(en=s.id) for s in found.sides}
    stages = [stage_pair(s) for s in STAGES]
    words = {"later": label_pair("later")} | {
        status: label_pair(f"lead_{status}")
        for status in ("same-day", "same-month", "same-year", "uncertain")
    }
    out = [
        '<section class="first" aria-labelledby="_first-h">',
        f'<h2 id="_first-h">{word("first")}</h2>',
        f'<p class="small">{word("first_key")}</p>',
        f'<ol class="first-list" id="_first" data-stages="{esc(json.dumps(stages))}" '
        f'data-words="{esc(json.dumps(words, ensure_ascii=False))}">',
    ]
    for theme in found.themes:
        stage = f" · {both(*stage_pair(theme.stage))}" if theme.stage else ""
        ranks = []
        for k, move in enumerate(theme.moves):
            behind = ""
            if k:
                lead = theme.leads[k - 1]
                later = both(_behind(lead, Lang.EN), _behind(lead, Lang.ZH))
                behind = f' <span class="behind">{later}</span>'
            ranks.append(
                f"<li>{both(names[move.side].get(Lang.EN), names[move.side].get(Lang.ZH))} "
                f'<a href="#{esc(move.event.id)}">{esc(move.date_text)}</a>{behind}</li>'
            )
        out.append(
            f'<li><span class="theme">{esc(theme.tag)}{stage}</span>'
            f'<ol class="rank">{"".join(ranks)}</ol></li>'
        )
    out += ["</ol>", "</section>"]
    return out
