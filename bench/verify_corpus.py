"""A corpus for `policytl verify` (issue 25): QUOTES quotes against PAGES archived pages.

    python bench/verify_corpus.py --quotes 1000 --pages 200 --out bench/data/verify-1k

Each page is an HTML file of about 20 KB of Chinese and English sentences (seeded,
the same run to run), archived under archive/ with its sha256; each quote is a
sentence of its page: most as written, one in ten with a space added (found after
normalisation), one in a hundred with a
character changed (not found: the nearest passage is computed), so verify exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

_WORDS = (
    "北京市",
    "区块链",
    "金融",
    "科技",
    "创新",
    "发展",
    "行动计划",
    "专项基金",
    "监管",
    "试点",
    "产业",
    "生态",
    "应用",
    "技术",
)
_ENGLISH = (
    "the",
    "municipality",
    "will",
    "set",
    "up",
    "a",
    "special",
    "fund",
    "for",
    "blockchain",
    "pilots",
    "and",
    "services",
)


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))) + "。"
    words = [rng.choice(_ENGLISH) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def write(out: Path, quotes: int, pages: int, seed: int = 25) -> Path:
    """Write the corpus into ``out``; the timeline file's path."""
    rng = random.Random(seed)
    (out / "archive").mkdir(parents=True, exist_ok=True)
    sentences: list[list[str]] = []
    head = "format: policytl/1\njurisdictions:\n  CN: {name: {en: China}}\nsources:\n"
    parts = [head]
    for p in range(pages):
        said = [_sentence(rng) for _ in range(220)]
        sentences.append(said)
        body = "".join(f"<p>{s}</p>\n" for s in said)
        data = f"<!doctype html><html><head><title>Page {p}</title></head><body>\n{body}"
        raw = (data + "<script>var x = 1;</script></body></html>\n").encode("utf-8")
        (out / "archive" / f"p{p}.html").write_bytes(raw)
        digest = hashlib.sha256(raw).hexdigest()
        parts.append(
            f"  p{p}:\n    title: {{en: Page {p}}}\n    archive:\n"
            f'      path: archive/p{p}.html\n      sha256: "{digest}"\n'
        )
    parts.append("events:\n")
    for q in range(quotes):
        p = q % pages
        quote = sentences[p][rng.randrange(len(sentences[p]))]
        if q % 10 == 5:
            quote = quote.replace(" ", "  ", 1) if " " in quote else quote[:4] + " " + quote[4:]
        if q % 100 == 7:
            quote = quote[:3] + ("x" if quote[3] != "x" else "y") + quote[4:]
        parts.append(
            f'  - id: e{q}\n    date: "2020"\n    kind: statement\n    jurisdiction: CN\n'
            f"    issuers: []\n    title: {{en: event {q}}}\n    sources:\n"
            f'      - source: p{p}\n        quote: "{quote}"\n'
        )
    timeline = out / "timeline.yaml"
    timeline.write_text("".join(parts), encoding="utf-8")
    return timeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=1000)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(write(args.out, args.quotes, args.pages))


if __name__ == "__main__":
    main()
