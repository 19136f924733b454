"""Seeded generator of realistic synthetic policytl/1 timelines.

    python bench/generate.py                 # 1k, 10k and 100k events into bench/data/
    python bench/generate.py --sizes 1k,10k  # some sizes only
    python bench/generate.py --sizes 250 --out /tmp/x --seed 7

For each size N it writes ``synthetic-N.yaml`` (policytl/1 YAML as a curator
would write it: flow mappings for short names, folded blocks for long English
text, quoted dates), ``synthetic-N.json`` (the same document as JSON, one
object) and ``synthetic-N.mw`` (the same events as Markwhen text, for the
optional comparison with Markwhen's parser).

Everything comes from ``random.Random(seed)``: no clock, no hash order, so the
output is byte-identical run to run. Every field of the format is used: a
registry of about 200 bodies in 13 jurisdictions (short names, aliases with
and without notes, parents, notes), sources with every field, events with
document, summary, tags, several citations with quotes and locators, notes and
urls; dates of every precision, with ``?``/``~``/``%`` and intervals; Chinese
and English text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"
DEFAULT_SEED = 20200701
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}

# --- vocabulary ---------------------------------------------------------------------------

#: code, zh, en, short slug, aliases
JURISDICTIONS: list[tuple[str, str, str, str, list[str]]] = [
    ("CN", "中国", "China", "cn", ["national", "china", "中央", "全国", "国家"]),
    ("CN-BJ", "北京市", "Beijing", "bj", ["beijing", "北京"]),
    ("CN-SH", "上海市", "Shanghai", "sh", ["shanghai", "上海"]),
    ("CN-GD", "广东省", "Guangdong", "gd", ["guangdong", "广东"]),
    ("CN-ZJ", "浙江省", "Zhejiang", "zj", ["zhejiang", "浙江"]),
    ("CN-JS", "江苏省", "Jiangsu", "js", ["jiangsu", "江苏"]),
    ("CN-SD", "山东省", "Shandong", "sd", ["shandong", "山东"]),
    ("CN-SC", "四川省", "Sichuan", "sc", ["sichuan", "四川"]),
    ("CN-HB", "湖北省", "Hubei", "hb", ["hubei", "湖北"]),
    ("CN-FJ", "福建省", "Fujian", "fj", ["fujian", "福建"]),
    ("CN-HI", "海南省", "Hainan", "hi", ["hainan", "海南"]),
    ("CN-TJ", "天津市", "Tianjin", "tj", ["tianjin", "天津"]),
    ("CN-CQ", "重庆市", "Chongqing", "cq", ["chongqing", "重庆"]),
]

#: id, zh, en, short zh, short en, classification
CENTRAL_BODIES: list[tuple[str, str, str, str, str, str]] = [
    ("state-council", "国务院", "State Council", "国务院", "State Council", "government"),
    ("cn-leadership", "中央领导层", "Central leadership", "中央", "Centre", "leadership"),
    ("pboc", "中国人民银行", "People's Bank of China", "央行", "PBoC", "central-bank"),
    (
        "ndrc",
        "国家发展和改革委员会",
        "National Development and Reform Commission",
        "国家发改委",
        "NDRC",
        "department",
    ),
    (
        "miit",
        "工业和信息化部",
        "Ministry of Industry and Information Technology",
        "工信部",
        "MIIT",
        "department",
    ),
    ("most", "科学技术部", "Ministry of Science and Technology", "科技部", "MOST", "department"),
    ("mof", "财政部", "Ministry of Finance", "财政部", "MOF", "department"),
    ("mofcom", "商务部", "Ministry of Commerce", "商务部", "MOFCOM", "department"),
    (
        "cac",
        "国家互联网信息办公室",
        "Cyberspace Administration of China",
        "网信办",
        "CAC",
        "regulator",
    ),
    (
        "csrc",
        "中国证券监督管理委员会",
        "China Securities Regulatory Commission",
        "证监会",
        "CSRC",
        "regulator",
    ),
    (
        "cbirc",
        "中国银行保险监督管理委员会",
        "China Banking and Insurance Regulatory Commission",
        "银保监会",
        "CBIRC",
        "regulator",
    ),
    (
        "samr",
        "国家市场监督管理总局",
        "State Administration for Market Regulation",
        "市场监管总局",
        "SAMR",
        "regulator",
    ),
    ("sat", "国家税务总局", "State Taxation Administration", "税务总局", "STA", "regulator"),
    (
        "safe",
        "国家外汇管理局",
        "State Administration of Foreign Exchange",
        "外汇局",
        "SAFE",
        "regulator",
    ),
    ("spc", "最高人民法院", "Supreme People's Court", "最高法", "SPC", "other"),
    ("nda", "国家数据局", "National Data Administration", "数据局", "NDA", "department"),
    (
        "cn-blockchain-forum",
        "中国区块链技术和产业发展论坛",
        "China Blockchain Technology and Industry Development Forum",
        "区块链论坛",
        "Blockchain Forum",
        "alliance",
    ),
    (
        "cn-fintech-fund",
        "国家金融科技产业投资基金",
        "National Fintech Industry Investment Fund",
        "金融科技基金",
        "Fintech Fund",
        "fund",
    ),
]

#: suffix, zh, en, short zh, short en, classification, parent suffix ("" = government)
PROVINCIAL_BODIES: list[tuple[str, str, str, str, str, str, str]] = [
    ("gov", "人民政府", "People's Government", "政府", "Government", "government", "-"),
    (
        "drc",
        "发展和改革委员会",
        "Development and Reform Commission",
        "发改委",
        "DRC",
        "department",
        "gov",
    ),
    (
        "finance-bureau",
        "地方金融监督管理局",
        "Local Financial Supervision Bureau",
        "金融局",
        "Finance Bureau",
        "department",
        "gov",
    ),
    (
        "eit",
        "经济和信息化局",
        "Bureau of Economy and Information Technology",
        "经信局",
        "Economy and IT Bureau",
        "department",
        "gov",
    ),
    (
        "stc",
        "科学技术委员会",
        "Science and Technology Commission",
        "科委",
        "S&T Commission",
        "department",
        "gov",
    ),
    ("commerce", "商务局", "Commerce Bureau", "商务局", "Commerce Bureau", "department", "gov"),
    (
        "amr",
        "市场监督管理局",
        "Administration for Market Regulation",
        "市场监管局",
        "Market Regulator",
        "regulator",
        "gov",
    ),
    (
        "data-bureau",
        "大数据管理局",
        "Big Data Administration",
        "大数据局",
        "Big Data Bureau",
        "department",
        "gov",
    ),
    (
        "pboc-branch",
        "人民银行分行",
        "People's Bank of China branch",
        "人行分行",
        "PBoC branch",
        "central-bank",
        "-",
    ),
    ("court", "高级人民法院", "High People's Court", "高院", "High Court", "other", "-"),
    (
        "hi-tech-zone",
        "高新区管委会",
        "High-Tech Zone Administrative Committee",
        "高新区",
        "High-Tech Zone",
        "administrative-committee",
        "gov",
    ),
    (
        "blockchain-alliance",
        "区块链产业联盟",
        "Blockchain Industry Alliance",
        "区块链联盟",
        "Blockchain Alliance",
        "alliance",
        "-",
    ),
    (
        "fintech-incubator",
        "金融科技孵化中心",
        "Fintech Incubation Center",
        "孵化中心",
        "Fintech Incubator",
        "incubator",
        "hi-tech-zone",
    ),
    (
        "guidance-fund",
        "政府引导基金",
        "Government Guidance Fund",
        "引导基金",
        "Guidance Fund",
        "fund",
        "finance-bureau",
    ),
    (
        "cyberspace-office",
        "互联网信息办公室",
        "Cyberspace Affairs Office",
        "网信办",
        "Cyberspace Office",
        "regulator",
        "gov",
    ),
    (
        "fintech-association",
        "互联网金融协会",
        "Internet Finance Association",
        "互金协会",
        "Internet Finance Association",
        "alliance",
        "-",
    ),
]

#: zh, en, tag
TOPICS: list[tuple[str, str, str]] = [
    ("区块链", "blockchain", "blockchain"),
    ("金融科技", "fintech", "fintech"),
    ("数字人民币", "digital renminbi", "digital-rmb"),
    ("人工智能", "artificial intelligence", "ai"),
    ("数据要素", "data as a factor of production", "data-elements"),
    ("供应链金融", "supply-chain finance", "supply-chain-finance"),
    ("跨境贸易", "cross-border trade", "cross-border-trade"),
    ("隐私计算", "privacy-preserving computation", "privacy-computing"),
    ("智慧城市", "smart cities", "smart-city"),
    ("数字政府", "digital government", "digital-government"),
    ("碳排放权交易", "carbon emissions trading", "carbon-trading"),
    ("电子发票", "electronic invoices", "e-invoice"),
    ("司法存证", "judicial evidence storage", "judicial-evidence"),
    ("知识产权保护", "intellectual property protection", "intellectual-property"),
    ("工业互联网", "the industrial internet", "industrial-internet"),
    ("算力基础设施", "computing infrastructure", "computing-power"),
    ("开源生态", "open-source ecosystems", "open-source"),
    ("监管科技", "regulatory technology", "regtech"),
    ("数字资产", "digital assets", "digital-assets"),
    ("政务数据共享", "government data sharing", "data-sharing"),
]

#: zh, en
DOC_TYPES: list[tuple[str, str]] = [
    ("行动计划", "Action Plan"),
    ("实施意见", "Implementing Opinions"),
    ("若干措施", "Several Measures"),
    ("发展规划", "Development Plan"),
    ("管理办法", "Administrative Measures"),
    ("指导意见", "Guiding Opinions"),
    ("工作方案", "Work Plan"),
    ("白皮书", "White Paper"),
    ("专项政策", "Special Policy"),
    ("三年行动方案", "Three-Year Action Programme"),
]

#: zh, en
VERBS: list[tuple[str, str]] = [
    ("加快推进", "Accelerating"),
    ("促进", "Promoting"),
    ("支持", "Supporting"),
    ("规范", "Regulating"),
    ("推动", "Advancing"),
    ("培育", "Fostering"),
]

#: zh, en
GOALS: list[tuple[str, str]] = [
    (
        "形成一批可复制可推广的应用场景",
        "form a set of application scenarios that can be copied elsewhere",
    ),
    ("培育一批具有国际竞争力的龙头企业", "foster leading firms that can compete internationally"),
    (
        "建设自主可控的底层技术平台",
        "build an independent and controllable base technology platform",
    ),
    ("提升政务服务效率", "make government services more efficient"),
    ("降低中小企业融资成本", "lower the financing costs of small and medium-sized firms"),
    ("完善监管规则和风险防范机制", "improve supervisory rules and risk prevention"),
    ("引进和培养高端人才", "attract and train high-end talent"),
    ("建立跨部门数据共享机制", "set up data sharing across departments"),
]

KINDS_EXTRA = {
    "consultation": "a draft is published for public comment",
    "court-ruling": "a court decides a case that sets a precedent",
}
KIND_WEIGHTS: list[tuple[str, int]] = [
    ("document-issued", 40),
    ("institution-founded", 8),
    ("fund-launched", 5),
    ("fund-announced", 4),
    ("pilot-approved", 8),
    ("statement", 10),
    ("report", 8),
    ("target", 6),
    ("statistic", 5),
    ("consultation", 4),
    ("court-ruling", 2),
]
PUBLISHERS: list[tuple[str, str, str]] = [
    ("PANews", "zh", "news"),
    ("新华社", "zh", "news"),
    ("人民日报", "zh", "news"),
    ("财新", "zh", "news"),
    ("21世纪经济报道", "zh", "news"),
    ("South China Morning Post", "en", "news"),
    ("Caixin Global", "en", "news"),
    ("中国政府网", "zh", "official"),
    ("地方政府门户网站", "zh", "official"),
    ("Brookings Institution", "en", "secondary"),
    ("中国信息通信研究院", "zh", "secondary"),
    ("DigiChina, Stanford University", "en", "secondary"),
]
AUTHORS = ["小湃", "李明", "王芳", "张伟", "刘洋", "陈静", "J. Smith", "A. Chen", "M. Li"]
ZH_DIGITS = "〇一二三四五六七八九"


def _zh_number(n: int) -> str:
    return "".join(ZH_DIGITS[int(c)] for c in str(n))


# --- YAML text ----------------------------------------------------------------------------

_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[\s:]$|: | #|[\n\t\\]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(s: str, flow: bool = False) -> str:
    """A plain scalar where YAML reads it back as this same string, else double-quoted."""
    if (
        not s
        or _NOT_PLAIN.search(s)
        or (flow and _FLOW_UNSAFE.search(s))
        or _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) != _STR_TAG
    ):
        return json.dumps(s, ensure_ascii=False)
    return s


def _folded(s: str, indent: int, width: int = 92) -> str | None:
    """A '>-' folded block for long single-spaced ASCII text, or None if not foldable."""
    if len(s) < 80 or not s.isascii() or "  " in s or s != s.strip() or "\n" in s:
        return None
    pad = " " * indent
    lines = textwrap.wrap(s, width=width - indent, break_long_words=False, break_on_hyphens=False)
    if " ".join(lines) != s or any(line.startswith(" ") for line in lines):
        return None
    return ">-\n" + "\n".join(pad + line for line in lines)


def _value(s: str, indent: int) -> str:
    return _folded(s, indent) or _scalar(s)


def _text_yaml(key: str, t: dict[str, str], indent: int) -> list[str]:
    pad = " " * indent
    short = all(len(v) < 40 for v in t.values())
    if short:
        inner = ", ".join(f"{k}: {_scalar(v, flow=True)}" for k, v in t.items())
        return [f"{pad}{key}: {{{inner}}}"]
    out = [f"{pad}{key}:"]
    for k, v in t.items():
        out.append(f"{pad}  {k}: {_value(v, indent + 4)}")
    return out


def _list_yaml(key: str, items: list[str], indent: int) -> list[str]:
    pad = " " * indent
    if all(len(i) < 30 for i in items):
        return [f"{pad}{key}: [{', '.join(_scalar(i, flow=True) for i in items)}]"]
    out = [f"{pad}{key}:"]
    for i in items:
        out.append(f"{pad}  - {_value(i, indent + 4)}")
    return out


def _aliases_yaml(aliases: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    if all(isinstance(a, str) for a in aliases):
        return _list_yaml("aliases", aliases, indent)
    out = [f"{pad}aliases:"]
    for a in aliases:
        if isinstance(a, str):
            out.append(f"{pad}  - {_scalar(a)}")
        else:
            out.append(f"{pad}  - name: {_scalar(a['name'])}")
            if "note" in a:
                out.append(f"{pad}    note: {_value(a['note'], indent + 6)}")
    return out


def to_yaml(doc: dict[str, Any], seed: int) -> str:
    out = [
        "# Synthetic policytl/1 timeline made by bench/generate.py (seed "
        f"{seed}, {len(doc['events'])} events).",
        "# The events are invented for benchmarks; they describe no real policy.",
        f"format: {doc['format']}",
        "",
    ]
    out += _text_yaml("title", doc["title"], 0)
    out += _text_yaml("description", doc["description"], 0)
    out.append("translations:")
    out += [f"  {k}: {_scalar(v)}" for k, v in doc["translations"].items()]
    out.append("kinds:")
    out += [f"  {k}: {_scalar(v)}" for k, v in doc["kinds"].items()]
    out += ["", "jurisdictions:"]
    for code, j in doc["jurisdictions"].items():
        out.append(f"  {code}:")
        out += _text_yaml("name", j["name"], 4)
        if "aliases" in j:
            out += _aliases_yaml(j["aliases"], 4)
        if "parent" in j:
            out.append(f"    parent: {j['parent']}")
        if "notes" in j:
            out += _list_yaml("notes", j["notes"], 4)
    out += ["", "bodies:"]
    for bid, b in doc["bodies"].items():
        out.append(f"  {bid}:")
        out += _text_yaml("name", b["name"], 4)
        if "short" in b:
            out += _text_yaml("short", b["short"], 4)
        if "aliases" in b:
            out += _aliases_yaml(b["aliases"], 4)
        out.append(f"    level: {b['level']}")
        out.append(f"    jurisdiction: {b['jurisdiction']}")
        if "parent" in b:
            out.append(f"    parent: {b['parent']}")
        out.append(f"    classification: {b['classification']}")
        if "notes" in b:
            out += _list_yaml("notes", b["notes"], 4)
    out += ["", "sources:"]
    for sid, s in doc["sources"].items():
        out.append(f"  {sid}:")
        out += _text_yaml("title", s["title"], 4)
        for key in ("publisher", "author"):
            if key in s:
                out.append(f"    {key}: {_scalar(s[key])}")
        if "published" in s:
            out.append(f'    published: "{s["published"]}"')
        for key in ("language", "url", "kind"):
            if key in s:
                out.append(f"    {key}: {_scalar(s[key])}")
        if "notes" in s:
            out += _list_yaml("notes", s["notes"], 4)
    if doc.get("documents"):
        out += ["", "documents:"]
        for did, d in doc["documents"].items():
            out.append(f"  {did}:")
            out += _text_yaml("title", d["title"], 4)
            out.append(f"    type: {d['type']}")
            out.append(f"    jurisdiction: {d['jurisdiction']}")
            out += _list_yaml("issuers", d["issuers"], 4)
    out += ["", "events:"]
    for e in doc["events"]:
        out.append(f"  - id: {e['id']}")
        out.append(f'    date: "{e["date"]}"')
        out.append(f"    kind: {e['kind']}")
        out.append(f"    jurisdiction: {e['jurisdiction']}")
        out += _list_yaml("issuers", e["issuers"], 4)
        out += _text_yaml("title", e["title"], 4)
        if isinstance(e.get("document"), str):
            out.append(f"    document: {e['document']}")
        elif "document" in e:
            out += _text_yaml("document", e["document"], 4)
        if "scope" in e:
            out += _text_yaml("scope", e["scope"], 4)
        if "summary" in e:
            out += _text_yaml("summary", e["summary"], 4)
        out += _list_yaml("tags", e["tags"], 4)
        out.append("    sources:")
        for c in e["sources"]:
            out.append(f"      - source: {c['source']}")
            out.append(f"        quote: {_value(c['quote'], 10)}")
            if "locator" in c:
                out.append(f"        locator: {_scalar(c['locator'])}")
        if "notes" in e:
            out += _list_yaml("notes", e["notes"], 4)
        if "url" in e:
            out.append(f"    url: {_scalar(e['url'])}")
        if "relations" in e:
            out.append("    relations:")
            out += [f"      - {{type: {x['type']}, to: {x['to']}}}" for x in e["relations"]]
        out.append("")
    return "\n".join(out)


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def to_markwhen(doc: dict[str, Any]) -> str:
    """The same events as Markwhen text (EDTF qualifiers dropped: Markwhen has none)."""
    out = ["---", f"title: {doc['title']['en']}", "---", ""]
    for e in doc["events"]:
        date = e["date"].replace("?", "").replace("~", "").replace("%", "")
        out.append(f"{date}: " + " / ".join(e["title"].values()))
        if "summary" in e:
            out.append(e["summary"].get("en", e["summary"].get("zh", "")))
        for c in e["sources"]:
            out.append(f"> {c['quote']}")
        out.append(" ".join("#" + t for t in e["tags"]))
        out.append("")
    return "\n".join(out)


# --- the data -----------------------------------------------------------------------------


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed

    def date(self, lo: int = 2008, hi: int = 2030) -> tuple[str, int]:
        """A date string of some precision (maybe qualified or an interval) and its year."""
        r = self.rng
        year = r.randint(lo, hi)
        p = r.random()
        if p < 0.18:
            text = f"{year}"
        elif p < 0.6:
            text = f"{year}-{r.randint(1, 12):02d}"
        else:
            text = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        q = r.random()
        if q < 0.04:
            text += "?"
        elif q < 0.07:
            text += "~"
        elif q < 0.08:
            text += "%"
        elif q < 0.16:
            end = year + r.randint(0, 4)
            if r.random() < 0.5 or end == year:
                text += f"/{end + 1}"
            else:
                text += f"/{end}-{r.randint(1, 12):02d}"
        return text, year

    def build(self, n_events: int) -> dict[str, Any]:
        r = self.rng
        jurisdictions: dict[str, Any] = {}
        for code, zh, en, _slug, aliases in JURISDICTIONS:
            j: dict[str, Any] = {"name": {"zh": zh, "en": en}, "aliases": list(aliases)}
            if code != "CN":
                j["parent"] = "CN"
            if code in ("CN-BJ", "CN-SH", "CN-TJ", "CN-CQ"):
                j["notes"] = [f"{en} is a province-level municipality (直辖市)."]
            jurisdictions[code] = j

        bodies: dict[str, Any] = {}
        for bid, zh, en, szh, sen, cls in CENTRAL_BODIES:
            b: dict[str, Any] = {"name": {"zh": zh, "en": en}}
            if szh != zh or sen != en:
                b["short"] = {"zh": szh, "en": sen}
            aliases: list[Any] = [szh, sen.lower()]
            if r.random() < 0.3:
                aliases.append({"name": f"{szh}(旧称)", "note": f"An older name of the {en}."})
            b["aliases"] = aliases
            b["level"] = "none" if cls in ("alliance", "fund") else "central"
            b["jurisdiction"] = "CN"
            if bid in ("pboc", "ndrc", "miit", "most", "mof", "mofcom", "sat", "safe", "nda"):
                b["parent"] = "state-council"
            b["classification"] = cls
            if r.random() < 0.25:
                b["notes"] = [f"Synthetic record for the {en}; the names are real, the events not."]
            bodies[bid] = b
        for code, jzh, jen, slug, _a in JURISDICTIONS[1:]:
            for suffix, zh, en, szh, sen, cls, parent in PROVINCIAL_BODIES:
                bid = f"{slug}-{suffix}"
                b = {"name": {"zh": jzh + zh, "en": f"{jen} {en}"}}
                b["short"] = {"zh": jzh[:2] + szh, "en": f"{jen} {sen}"}
                aliases = [jzh[:2] + szh, f"{slug} {sen.lower()}"]
                if r.random() < 0.2:
                    aliases.append(
                        {
                            "name": f"{jzh[:2]}{szh}办公室",
                            "note": f"The office name some {jen} reports use for this body.",
                        }
                    )
                b["aliases"] = aliases
                if cls in ("alliance", "incubator", "fund"):
                    b["level"] = "none"
                elif suffix == "hi-tech-zone":
                    b["level"] = "district"
                elif code in ("CN-BJ", "CN-SH", "CN-TJ", "CN-CQ"):
                    b["level"] = "provincial"
                else:
                    b["level"] = r.choice(["provincial", "provincial", "municipal"])
                b["jurisdiction"] = code
                if parent == "-":
                    if suffix == "pboc-branch":
                        b["parent"] = "pboc"
                else:
                    b["parent"] = f"{slug}-{parent}"
                b["classification"] = cls
                if r.random() < 0.15:
                    b["notes"] = [
                        f"{jen}'s {en.lower()} was reorganised at least once; "
                        "this record keeps one id for all its names."
                    ]
                bodies[bid] = b

        sources: dict[str, Any] = {}
        n_sources = max(20, n_events // 8)
        for i in range(n_sources):
            pub, lang, kind = r.choice(PUBLISHERS)
            topic = r.choice(TOPICS)
            jur = r.choice(JURISDICTIONS)
            date, year = self.date(2010, 2030)
            date = date.split("/")[0].rstrip("?~%")
            s: dict[str, Any] = {
                "title": {
                    "zh": f"解读{jur[1]}{topic[0]}发展的“{jur[1][:2]}方案”"
                    f"(第{_zh_number(i + 1)}篇)",
                    "en": f"Reading {jur[2]}'s plan for {topic[1]} (part {i + 1})",
                }
            }
            if lang == "en" and r.random() < 0.5:
                del s["title"]["zh"]
            s["publisher"] = pub
            if r.random() < 0.7:
                s["author"] = r.choice(AUTHORS)
            s["published"] = date
            s["language"] = lang
            if r.random() < 0.85:
                s["url"] = f"https://example.org/{year}/{topic[2]}/{i + 1:06d}.html"
            s["kind"] = kind
            if r.random() < 0.2:
                s["notes"] = [
                    "A reprint of this article repeats it twice; both copies are identical.",
                    "Relative dates in the article are read against its publication date.",
                ]
            sources[f"src-{year}-{i + 1:06d}"] = s
        source_ids = list(sources)

        by_jur: dict[str, list[str]] = {code: [] for code, *_ in JURISDICTIONS}
        for bid, b in bodies.items():
            by_jur[b["jurisdiction"]].append(bid)

        kinds = [k for k, _ in KIND_WEIGHTS]
        weights = [w for _, w in KIND_WEIGHTS]
        events: list[dict[str, Any]] = []
        for i in range(n_events):
            code, jzh, jen, slug, _a = JURISDICTIONS[
                0 if r.random() < 0.2 else r.randrange(1, len(JURISDICTIONS))
            ]
            kind = r.choices(kinds, weights)[0]
            date, year = self.date()
            topic_zh, topic_en, topic_tag = r.choice(TOPICS)
            verb_zh, verb_en = r.choice(VERBS)
            dt_zh, dt_en = r.choice(DOC_TYPES)
            goal_zh, goal_en = r.choice(GOALS)
            pool = by_jur[code]
            n_iss = 1 if r.random() < 0.7 else r.randint(2, 3)
            issuers = r.sample(pool, n_iss)
            if code != "CN" and r.random() < 0.05:
                issuers.append(r.choice(by_jur["CN"]))
            lead = bodies[issuers[0]]
            lzh, len_ = lead["name"]["zh"], lead["name"]["en"]
            doc_zh = f"《{jzh if code != 'CN' else ''}关于{verb_zh}{topic_zh}创新发展的{dt_zh}》"
            doc_en = f"{verb_en} the Development of {topic_en.title()} in {jen}: {dt_en}"
            amount = r.choice([5, 10, 20, 50, 100, 200])
            title_zh, title_en = {
                "document-issued": (f"{lzh}印发{doc_zh}", f"{len_} issues {doc_en}"),
                "institution-founded": (
                    f"{jzh}{topic_zh}创新中心成立",
                    f"{jen} {topic_en} innovation centre founded",
                ),
                "fund-launched": (
                    f"{jzh}{topic_zh}产业基金正式运作,规模{amount}亿元",
                    f"{jen} {topic_en} fund of CNY {amount} hundred million starts operating",
                ),
                "fund-announced": (
                    f"{lzh}宣布设立{topic_zh}专项基金",
                    f"{len_} announces a special fund for {topic_en}",
                ),
                "pilot-approved": (
                    f"{jzh}获批开展{topic_zh}试点",
                    f"{jen} approved to pilot {topic_en}",
                ),
                "statement": (
                    f"{lzh}表示要{verb_zh}{topic_zh}发展",
                    f"{len_} says it will keep {verb_en.lower()} {topic_en}",
                ),
                "report": (
                    f"{jzh}政府工作报告提及{topic_zh}",
                    f"{jen} government work report mentions {topic_en}",
                ),
                "target": (
                    f"{jzh}提出到{year + 3}年{goal_zh}",
                    f"{jen} aims to {goal_en} by {year + 3}",
                ),
                "statistic": (
                    f"{jzh}{topic_zh}企业数量达到{r.randint(50, 5000)}家",
                    f"{jen} counts {r.randint(50, 5000)} firms working on {topic_en}",
                ),
                "consultation": (
                    f"{lzh}就{doc_zh}公开征求意见",
                    f"{len_} seeks public comment on draft {doc_en}",
                ),
                "court-ruling": (
                    f"{jzh}法院首次采信{topic_zh}电子证据",
                    f"{jen} court admits {topic_en} evidence for the first time",
                ),
            }[kind]
            e: dict[str, Any] = {
                "id": f"{slug}-{year}-{topic_tag}-{i + 1:06d}",
                "date": date,
                "kind": kind,
                "jurisdiction": code,
                "issuers": issuers,
                "title": {"zh": title_zh, "en": title_en},
            }
            if r.random() < 0.1:
                del e["title"]["en"]
            if kind in ("document-issued", "consultation") or r.random() < 0.2:
                e["document"] = {"zh": doc_zh, "en": doc_en}
            if r.random() < 0.85:
                e["summary"] = {
                    "zh": f"{lzh}提出,{verb_zh}{topic_zh}与实体经济深度融合,力争{goal_zh};"
                    f"同时明确财政、人才和监管方面的配套措施,并要求各区结合实际抓好落实。",
                    "en": f"The {len_} calls for {verb_en.lower()} the integration of {topic_en} "
                    f"with the real economy, aiming to {goal_en}. It also sets out supporting "
                    "measures on funding, talent and supervision, and asks each district to "
                    "put them into practice.",
                }
                if r.random() < 0.1:
                    del e["summary"]["en"]
            tags = [topic_tag]
            extra_tags = r.sample(TOPICS, r.randint(0, 3))
            tags += [t[2] for t in extra_tags if t[2] != topic_tag]
            if r.random() < 0.3:
                tags.append(f"{year}年")
            e["tags"] = tags
            cites = []
            n_cites = r.choices((1, 2, 3), (60, 30, 10))[0]
            for _ in range(n_cites):
                month = r.randint(1, 12)
                quote = r.choice(
                    (
                        f"{year}年{month}月,{lzh}发布{doc_zh},提出{verb_zh}{topic_zh}等新技术"
                        f"基础研发和前沿布局",
                        f"{lzh}明确,到{year + 2}年{goal_zh}",
                        f"{verb_zh}{topic_zh}发展,{goal_zh},构筑新赛场先发主导优势",
                    )
                )
                c: dict[str, Any] = {"source": r.choice(source_ids), "quote": quote}
                if r.random() < 0.5:
                    c["locator"] = r.choice(
                        [f"第{r.randint(1, 30)}段", f"p. {r.randint(1, 80)}", f"§{r.randint(1, 9)}"]
                    )
                cites.append(c)
            e["sources"] = cites
            if r.random() < 0.4:
                notes = [
                    "The source gives only the month; the exact day is not known.",
                ]
                if r.random() < 0.5:
                    notes.append(
                        f"Another report dates this to {year + r.choice([-1, 1])}; this event "
                        "keeps the date given by the first source, which quotes the document."
                    )
                if r.random() < 0.3:
                    notes.append(f"原文称“{lzh[:8]}”,未写明具体发文机构。")
                e["notes"] = notes
            if r.random() < 0.5:
                e["url"] = f"https://www.example.gov.cn/{slug}/{year}/{i + 1:06d}.html"
            events.append(e)

        documents = add_lives(events, self.seed)
        return {
            "format": "policytl/1",
            "title": {
                "zh": f"合成政策时间线({n_events}条事件)",
                "en": f"Synthetic policy timeline ({n_events} events)",
            },
            "description": {
                "zh": "由 bench/generate.py 生成的合成数据,用于性能测试;事件均为虚构。",
                "en": "Synthetic data made by bench/generate.py for benchmarks; every event "
                "is invented.",
            },
            "translations": {"en": "unofficial translation by the policytl curators"},
            "kinds": dict(KINDS_EXTRA),
            "jurisdictions": jurisdictions,
            "bodies": bodies,
            "sources": sources,
            "documents": documents,
            "events": events,
        }


#: the lifecycle kinds given to events of a document after the one that issued it
LATER_STAGES: list[tuple[str, int]] = [
    ("in-force", 4),
    ("applies", 5),
    ("amended", 2),
    ("postponed", 1),
]
DOCUMENT_TYPES = ["plan", "notice", "opinion", "measures", "regulation", "strategy"]
#: the relations events get, each to an earlier event or document
RELATIONS = ["responds-to", "follows", "implements"]


def _year(date: str) -> int:
    return int(date[:4])


def _end_year(date: str) -> int:
    """The year a date (or an interval) ends in."""
    return int(date.split("/")[-1][:4])


def add_lives(events: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    """Documents, lifecycle stages and relations over the events already made.

    A random stream of its own (so the events, their dates, bodies and texts stay what
    they were: the other benchmark rows' inputs do not change): half the documents
    that events issue or consult on become documents of the registry (a consultation
    is then a proposal); a quarter of the statements, reports and pilots become later
    stages of a document of their jurisdiction issued in an earlier year (in force,
    applies with a scope, amended, postponed); a tenth of the events relate to an
    earlier-year event or document. Nothing is dated before what it follows, so the
    data stays valid however the validator orders stages.
    """
    r = random.Random(seed * 7 + 1)
    documents: dict[str, Any] = {}
    #: per jurisdiction, (year, document id) of the registry's documents
    issued: dict[str, list[tuple[int, str]]] = {}
    earlier: list[tuple[int, str]] = []
    stage_kinds = [k for k, _ in LATER_STAGES]
    stage_weights = [w for _, w in LATER_STAGES]
    for e in events:
        year, end = _year(e["date"]), _end_year(e["date"])
        if e["kind"] in ("document-issued", "consultation") and r.random() < 0.5:
            did = f"doc-{e['id']}"
            documents[did] = {
                "title": e["document"],
                "type": r.choice(DOCUMENT_TYPES),
                "jurisdiction": e["jurisdiction"],
                "issuers": list(e["issuers"][:1]),
            }
            e["document"] = did
            if e["kind"] == "consultation":
                e["kind"] = "proposed"
            issued.setdefault(e["jurisdiction"], []).append((end, did))
        elif e["kind"] in ("statement", "report", "pilot-approved") and r.random() < 0.25:
            before = [d for y, d in issued.get(e["jurisdiction"], []) if y < year]
            if before:
                e["kind"] = r.choices(stage_kinds, stage_weights)[0]
                e["document"] = r.choice(before)
                if e["kind"] == "applies":
                    n = r.randint(1, 9)
                    e["scope"] = {"zh": f"第{_zh_number(n)}章", "en": f"Chapter {n}"}
        if r.random() < 0.1:
            targets = [t for y, t in earlier[-200:] if y < year]
            if targets:
                e["relations"] = [{"type": r.choice(RELATIONS), "to": r.choice(targets)}]
        earlier.append((end, e["id"]))
        if isinstance(e.get("document"), str) and e["document"].startswith("doc-"):
            earlier.append((end, e["document"]))
    return documents


def chain(n: int) -> str:
    """A timeline of n + 1 events, each following the one before: a chain of n relations."""
    out = [
        "# A chain of relations made by bench/generate.py, for `policytl trace`.",
        "format: policytl/1",
        "sources: {s: {title: {en: A made-up source}}}",
        "jurisdictions: {CN: {name: {zh: 中国, en: China}}}",
        "events:",
    ]
    for i in range(n + 1):
        line = (
            f"  - {{id: link-{i}, date: '{2000 + i // 1000}', kind: statement, jurisdiction: CN, "
            f"issuers: [], title: {{en: Link {i}}}, sources: [{{source: s, quote: q}}]"
        )
        if i:
            line += f", relations: [{{type: follows, to: link-{i - 1}}}]"
        out.append(line + "}")
    return "\n".join(out) + "\n"


def write_chain(n: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"chain-{n}.yaml"
    data = chain(n).encode("utf-8")
    if not (path.exists() and path.read_bytes() == data):
        path.write_bytes(data)
    return path


def size_of(label: str) -> int:
    if label in SIZES:
        return SIZES[label]
    if label.lower().endswith("k"):
        return int(label[:-1]) * 1000
    return int(label)


def generate(n_events: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    return Generator(seed).build(n_events)


def paths(label: str, out: Path) -> dict[str, Path]:
    """Where write() puts the files of one size."""
    return {kind: out / f"synthetic-{label}.{kind}" for kind in ("yaml", "json", "mw")}


def write(label: str, out: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write synthetic-<label>.yaml/.json/.mw into out; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    doc = generate(size_of(label), seed)
    files = paths(label, out)
    texts = {"yaml": to_yaml(doc, seed), "json": to_json(doc), "mw": to_markwhen(doc)}
    for key, path in files.items():
        data = texts[key].encode("utf-8")
        if not (path.exists() and path.read_bytes() == data):
            path.write_bytes(data)
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1k,10k,100k", help="comma-separated: 1k,10k,100k or N")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder (default bench/data)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    for label in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        files = write(label, args.out, args.seed)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files.values())
        sys.stdout.write(f"{label}: {sizes}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
