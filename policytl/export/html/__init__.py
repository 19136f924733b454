"""HTML export: one self-contained page, a timeline for readers and newsrooms.

The page has, in order: the data set's title, description and the filters that
selected the events; filter controls (jurisdiction, kind, tag, language); a
proportional time axis with one lane per jurisdiction (or per issuing body with
``--lanes body``), where every date is drawn over all the days it may denote (a
month is a bar across the month, a day a dot, uncertain dates dashed); "who
moved first" from :func:`policytl.analyze.compare.compare` when two or more
jurisdictions have events; the events under a heading per year (and month with
``--group month``), each with its date as written, jurisdiction, kind, issuers,
title, document, summary, the curators' notes and numbered citations; the
citations with their quotes; the sources, each once; a footer naming the data
set, its digest and the export date.

A target stays where it was set: on the axis, a dashed arrow runs from its mark
to a hollow mark over its due date; in its entry, its date is followed by
"→ Due: 2022".

Documents, stages and relations: each entry names its lifecycle stage (a badge,
"Stage: In force"; ``document-issued`` counts as published) and scope, links its
document's title to the document's URL, and lists its relations ("Part of: <the
other event>", a link to its entry; a document's title for a relation to a
document). On the axis, a thin arrow runs from an event's mark to the mark of each
event it relates to (an inline SVG over the lanes, drawn only, hidden from
assistive technology). With an export date and a ``documents:`` registry, a
status panel gives each document of the selection its stage on that date: the
last stage whose dates all lie on or before it, "possibly" the next one when its
date may fall either side (a month that holds the export date), and the next
scheduled stage.

Nothing is fetched: the CSS and a small script are inline and allowed by their
SHA-256 hashes in the Content-Security-Policy (``default-src 'none'``, no
``unsafe-inline``), and there are no fonts or images. Without the script the
whole timeline shows and only the filter controls are missing. Every text from
the data goes through ``html.escape``; links are made only from http(s) URLs.
"""

from policytl.export.html.assets import CSS, SCRIPT
from policytl.export.html.page import render

__all__ = ["CSS", "SCRIPT", "render"]
