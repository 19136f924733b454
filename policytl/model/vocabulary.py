"""The vocabularies of the format: event kinds, lifecycle stages, document and relation
types, body levels and classifications, source kinds.

Each is declared once here; the field table (``policytl.model.records``) names them as a
field's choices, and the JSON Schema, the validation and docs/reference/format.md follow.
"""

from __future__ import annotations

from typing import Any

#: The documented vocabulary of event kinds (README: "Event kinds").
EVENT_KINDS: dict[str, str] = {
    "document-issued": "a policy document, plan, notice or rule is issued",
    "institution-founded": "an alliance, centre or institution is set up",
    "fund-launched": "a fund is launched or put into operation",
    "fund-announced": "a fund is announced or planned, not yet launched",
    "pilot-approved": "a pilot, trial or regulatory sandbox is approved or started",
    "statement": "a policy position is stated by leaders or officials",
    "report": "a work report or review mentions the topic",
    "target": "a goal to be reached by a given date",
    "statistic": "a measured figure as of a date",
    # A document's lifecycle, in stage order (STAGES); docs/reference/lifecycle.md
    # maps each to its ELI, Akoma Ntoso and Climate Change Laws of the World term.
    "proposed": "a draft or proposal of the document is published",
    "adopted": "the document is adopted, passed or signed",
    "published": "the document is published officially (a gazette, a journal)",
    "in-force": "the document enters into force",
    "applies": "the document, or the part named in scope, applies",
    "amended": "the document is amended",
    "postponed": "a stage of the document is postponed",
    "suspended": "the document, or a part of it, is suspended",
    "repealed": "the document is repealed",
    "expired": "the document lapses at the end of its term",
}
#: The lifecycle kinds of event, in the order of a document's life: events of one
#: date are ordered by it, and ``status`` reads a document's stage from them.
STAGES = (
    "proposed",
    "adopted",
    "published",
    "in-force",
    "applies",
    "amended",
    "postponed",
    "suspended",
    "repealed",
    "expired",
)
#: Kinds that were in use before the lifecycle kinds and count as a stage.
STAGE_OF_KIND = {"document-issued": "published"}
_STAGE_RANK = {k: i for i, k in enumerate(STAGES)} | {
    k: STAGES.index(v) for k, v in STAGE_OF_KIND.items()
}
#: The types of document (``documents: {id: {type: ...}}``), extensible under ``document-types:``.
DOCUMENT_TYPES: dict[str, str] = {
    "law": "an act of a legislature",
    "regulation": "a regulation, binding in its entirety (an EU or a State Council regulation)",
    "directive": "a directive, binding as to the result, to be transposed",
    "decision": "a decision addressed to the ones it names",
    "plan": "a plan or action plan with goals and measures",
    "strategy": "a strategy or programme",
    "notice": "a notice (通知) or circular",
    "opinion": "an opinion or guidance (意见)",
    "measures": "measures or implementing rules (办法, 措施)",
    "report": "a work report, review or white paper",
    "speech": "a speech or address",
    "other": "another kind of document",
}
#: The types of relation between events and documents, extensible under ``relation-types:``.
RELATION_TYPES: dict[str, str] = {
    "responds-to": "answers or follows up a signal, call or event",
    "implements": "carries out, or sets the rules for, the other",
    "part-of": "is a part, measure or goal of the other",
    "amends": "changes the other",
    "postpones": "moves a date the other set to a later one",
    "supersedes": "takes the place of the other",
    "repeals": "ends the other's effect",
    "based-on": "has the other as its legal basis",
    "transposes": "carries a directive into national law",
    "follows": "comes after the other in a sequence the curators read",
}
#: The relation types whose chains must not loop (``validate`` reports a cycle).
ACYCLIC_RELATIONS = ("part-of", "supersedes", "amends", "repeals")
#: A body's tier of government. ``central`` and ``national`` name the same tier (as
#: China and as most countries say it), as do ``provincial``/``regional`` and
#: ``municipal``/``local``: each is kept as the file writes it.
BODY_LEVELS: dict[str, str] = {
    "international": "an organisation of states (the UN, the OECD)",
    "supranational": "a union whose acts bind its members (the EU)",
    "central": "the national tier, as China names it (国务院, the PBoC)",
    "national": "the national tier",
    "provincial": "a province or a municipality directly under the central government",
    "regional": "a region or a state of a federation",
    "municipal": "a city",
    "local": "a city, county or commune",
    "district": "a district of a city",
    "none": "no tier of government: an alliance, an incubator, a fund",
}
#: What kind of body it is.
BODY_CLASSIFICATIONS: dict[str, str] = {
    "government": "a government: a cabinet, a State Council, a city's people's government",
    "leadership": "a party or state leadership",
    "legislature": "a parliament or a people's congress",
    "executive": "an executive body other than the government itself (the European Commission)",
    "court": "a court",
    "department": "a ministry, bureau or commission of a government",
    "agency": "an agency or office with a task of its own",
    "regulator": "a regulator",
    "central-bank": "a central bank",
    "administrative-committee": "the administrative committee of a zone or park",
    "international-organisation": "an organisation of states",
    "alliance": "an alliance or association of firms",
    "incubator": "an incubator",
    "fund": "a fund",
    "other": "anything else",
}
#: What a source is; ``policytl cite`` types its entry by it.
SOURCE_KINDS: dict[str, str] = {
    "news": "a news story (the default)",
    "official": "a page or notice of the issuer itself",
    "legislation": "the text of a law or regulation as published, e.g. in an official journal",
    "report": "a report by an institution",
    "secondary": "an analysis or a commentary on others' documents",
}
#: The vocabularies a file may extend, by the top-level section that adds to each.
VOCABULARIES: dict[str, dict[str, str]] = {
    "kinds": EVENT_KINDS,
    "document-types": DOCUMENT_TYPES,
    "relation-types": RELATION_TYPES,
}


def stage_rank(kind: str) -> int:
    """Where an event of this kind stands in a document's life (after every stage if none)."""
    return _STAGE_RANK.get(kind, len(STAGES))


def event_order(
    date_key: tuple[Any, ...], kind: str, document: object, eid: str
) -> tuple[Any, ...]:
    """How events are ordered: by date, then (on one date) by stage, document and id."""
    return (*date_key, stage_rank(kind), document if isinstance(document, str) else "", eid)
