"""Generated data sets for the HTML page's layout tests: N events over 8 jurisdictions
(a national level and seven provinces), 1999-2025, every precision, targets, tags."""

from __future__ import annotations

import random
from pathlib import Path

JURISDICTIONS = [
    ("CN", "中国", "China"),
    ("CN-BJ", "北京市", "Beijing"),
    ("CN-SH", "上海市", "Shanghai"),
    ("CN-GD", "广东省", "Guangdong"),
    ("CN-ZJ", "浙江省", "Zhejiang"),
    ("CN-JS", "江苏省", "Jiangsu"),
    ("CN-SC", "四川省", "Sichuan"),
    ("CN-HN", "湖南省", "Hunan"),
]
#: bodies per jurisdiction (with --lanes body, 240 events fill about 100 lanes)
BODIES = 15
TAGS = ["blockchain", "fintech", "funding", "standards", "talent", "pilot"]


def _body(code: str, k: int) -> str:
    return f"{code.lower()}-b{k}"


def _date(rng: random.Random) -> str:
    year = rng.randint(1999, 2025)
    kind = rng.random()
    if kind < 0.15:
        return f"{year}"
    if kind < 0.55:
        return f"{year}-{rng.randint(1, 12):02d}"
    if kind < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}?"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def write(n: int, folder: Path, seed: int = 24) -> Path:
    """A timeline file of ``n`` events in ``folder``."""
    rng = random.Random(seed)
    lines = [
        "format: policytl/1",
        "title: {zh: 八地区块链政策, en: Blockchain policy in eight jurisdictions}",
        "sources:",
        "  s: {title: {zh: 来源, en: A source}, publisher: Example}",
        "jurisdictions:",
        *(f"  {code}: {{name: {{zh: {zh}, en: {en}}}}}" for code, zh, en in JURISDICTIONS),
        "bodies:",
        *(
            f"  {_body(code, k)}: {{name: {{zh: {zh}第{k}厅局, en: {en} bureau no. {k}}},"
            f" short: {{zh: {zh[:2]}{k}局, en: {en} B{k}}},"
            f" level: {'central' if code == 'CN' else 'provincial'}, jurisdiction: {code},"
            " classification: government}"
            for code, zh, en in JURISDICTIONS
            for k in range(BODIES)
        ),
        "events:",
    ]
    for i in range(n):
        code = JURISDICTIONS[i % len(JURISDICTIONS)][0] if i < 16 else rng.choice(JURISDICTIONS)[0]
        date = _date(rng)
        tags = sorted(set(rng.sample(TAGS, rng.randint(1, 2))))
        kind = "target" if i % 37 == 5 else "statement"
        due = ""
        if kind == "target":
            due = f", due: '{min(int(date[:4]) + rng.randint(1, 5), 2026)}'"
        lines.append(
            f"  - {{id: ev-{i:04d}, date: '{date}', kind: {kind}, jurisdiction: {code},"
            f" issuers: [{_body(code, rng.randrange(BODIES))}], tags: [{', '.join(tags)}],"
            f" title: {{zh: 第{i}号政策措施发布, en: Policy step {i}"
            f" issued}}, sources: [{{source: s, quote: 原文{i}}}]{due}}}"
        )
    path = folder / f"generated-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
