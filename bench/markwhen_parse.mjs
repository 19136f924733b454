// Times Markwhen's own parser (@markwhen/parser, in-process on Node) on one file.
// Usage: node bench/markwhen_parse.mjs FILE.mw  -> prints {"seconds": S, "events": N}
// Install once (optional): npm install --prefix bench   (see bench/package.json)
import { readFileSync } from "node:fs";
import { parse } from "@markwhen/parser";

const text = readFileSync(process.argv[2], "utf8");
const t0 = performance.now();
const parsed = parse(text);
const seconds = (performance.now() - t0) / 1000;
let events = 0;
const walk = (node) => {
  if (node == null) return;
  if (Array.isArray(node.children)) node.children.forEach(walk);
  else events += 1;
};
for (const t of Array.isArray(parsed) ? parsed : parsed.timelines ?? [parsed]) walk(t.events);
console.log(JSON.stringify({ seconds, events }));
