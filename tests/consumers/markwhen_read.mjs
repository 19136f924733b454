// Reads a Markwhen file with Markwhen's own parser and prints what it understood as JSON:
// the header and, per event, its date range, first line, properties and tags.
// Usage: node tests/consumers/markwhen_read.mjs FILE.mw
import { readFileSync } from "node:fs";
import { parse } from "@markwhen/parser";

const parsed = parse(readFileSync(process.argv[2], "utf8"));
const timeline = parsed.timelines ? parsed.timelines[0] : parsed;
const events = [];
const sections = [];
const walk = (node) => {
  if (node == null) return;
  if (Array.isArray(node.children)) {
    if (node.title !== undefined) sections.push(node.title);
    node.children.forEach(walk);
  } else {
    events.push({
      from: node.dateRangeIso.fromDateTimeIso,
      to: node.dateRangeIso.toDateTimeIso,
      title: node.firstLine.restTrimmed,
      properties: node.properties,
      tags: node.tags,
      supplemental: (node.supplemental || []).filter((s) => s.raw !== undefined).map((s) => s.raw),
    });
  }
};
walk(timeline.events);
console.log(JSON.stringify({ header: timeline.header, sections, events,
  messages: timeline.parseMessages || [] }));
