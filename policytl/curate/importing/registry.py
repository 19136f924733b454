"""The registries an import adds to: bodies, jurisdictions and sources found in the
cells, matched with the file's entries by id, name or alias, else made as new
entries with a suggested id (a slug of the name)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

__all__ = ["PLACES", "Registries", "slug", "text_of"]

#: jurisdictions people name in words, with their code (ISO 3166, and EU)
PLACES: dict[str, tuple[str, str, str]] = {
    code: (code, en, zh)
    for code, en, zh in (
        ("EU", "European Union", "欧盟"),
        ("CN", "China", "中国"),
        ("US", "United States", "美国"),
        ("GB", "United Kingdom", "英国"),
        ("DE", "Germany", "德国"),
        ("FR", "France", "法国"),
        ("IT", "Italy", "意大利"),
        ("ES", "Spain", "西班牙"),
        ("NL", "Netherlands", "荷兰"),
        ("BE", "Belgium", "比利时"),
        ("AT", "Austria", "奥地利"),
        ("PL", "Poland", "波兰"),
        ("SE", "Sweden", "瑞典"),
        ("DK", "Denmark", "丹麦"),
        ("FI", "Finland", "芬兰"),
        ("IE", "Ireland", "爱尔兰"),
        ("PT", "Portugal", "葡萄牙"),
        ("GR", "Greece", "希腊"),
        ("CZ", "Czechia", "捷克"),
        ("HU", "Hungary", "匈牙利"),
        ("RO", "Romania", "罗马尼亚"),
        ("CH", "Switzerland", "瑞士"),
        ("NO", "Norway", "挪威"),
        ("JP", "Japan", "日本"),
        ("KR", "South Korea", "韩国"),
        ("IN", "India", "印度"),
        ("SG", "Singapore", "新加坡"),
        ("AU", "Australia", "澳大利亚"),
        ("CA", "Canada", "加拿大"),
        ("BR", "Brazil", "巴西"),
        ("HK", "Hong Kong", "香港"),
        ("TW", "Taiwan", "台湾"),
    )
}
_PLACE_NAMES = {
    name.casefold(): code for code, (_, en, zh) in PLACES.items() for name in (code, en, zh)
}
_PLACE_NAMES |= {"korea": "KR", "republic of korea": "KR", "uk": "GB", "usa": "US"}
_CODE = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")
_CJK = re.compile("[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: what an entry the import made says of itself (its ``notes``)
MADE = "Made by policytl import from {file}: {what}."


def text_of(value: str) -> dict[str, str]:
    """A text in the language its characters show: Chinese if it has CJK characters."""
    return {"zh": value} if _CJK.search(value) else {"en": value}


def slug(text: str, limit: int = 48) -> str:
    """A lowercase slug of the ASCII words of ``text`` (empty when it has none)."""
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", text.casefold()):
        if len("-".join([*words, word])) > limit:
            break
        words.append(word)
    return "-".join(words)


def _names(entry: dict[str, Any], *fields: str) -> Iterable[str]:
    for field in fields:
        value = entry.get(field)
        if isinstance(value, dict):
            yield from (v for v in value.values() if isinstance(v, str))
        elif isinstance(value, str):
            yield value
    for alias in entry.get("aliases") or ():
        name = alias.get("name") if isinstance(alias, dict) else alias
        if isinstance(name, str):
            yield name


class Registries:
    """The file's registries (plain data as read) and the entries the import adds."""

    def __init__(self, data: dict[str, Any], file: str) -> None:
        self.file = file
        self.known: dict[str, dict[str, Any]] = {
            name: dict(data.get(name) or {}) for name in ("sources", "jurisdictions", "bodies")
        }
        self.documents: set[str] = set(data.get("documents") or {})
        self.kinds: list[str] = list(data.get("kinds") or {})
        self.relation_types: list[str] = list(data.get("relation-types") or {})
        #: types the import adds under ``kinds:`` and ``relation-types:``, with descriptions
        self.added_types: dict[str, dict[str, str]] = {"kinds": {}, "relation-types": {}}
        self.added: dict[str, dict[str, Any]] = {name: {} for name in (*self.known, "documents")}
        self._index: dict[str, dict[str, str]] = {name: {} for name in self.known}
        for section, entries in self.known.items():
            fields = ("title",) if section == "sources" else ("name", "short")
            for key, entry in entries.items():
                if isinstance(entry, dict):
                    self._remember(section, key, entry, fields)

    def _remember(self, section: str, key: str, entry: dict[str, Any], fields: Any) -> None:
        index = self._index[section]
        index.setdefault(key.casefold(), key)
        for name in _names(entry, *fields):
            index.setdefault(" ".join(name.split()).casefold(), key)
        if section == "sources" and isinstance(entry.get("url"), str):
            index.setdefault(entry["url"].strip(), key)

    def _add(self, section: str, key: str, entry: dict[str, Any]) -> str:
        self.added[section][key] = entry
        self.known[section][key] = entry
        fields = ("title",) if section == "sources" else ("name", "short")
        self._remember(section, key, entry, fields)
        return key

    def _free(self, section: str, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.known[section]:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def find(self, section: str, name: str) -> str | None:
        return self._index[section].get(" ".join(name.split()).casefold())

    def jurisdiction(self, value: str) -> str | None:
        """The code of the jurisdiction ``value`` names (made if new), or None."""
        found = self.find("jurisdictions", value)
        if found is not None:
            return found
        code = value.strip() if _CODE.fullmatch(value.strip()) else None
        code = code or _PLACE_NAMES.get(value.strip().casefold())
        if code is None:
            return None
        if code in self.known["jurisdictions"]:
            return code
        place = PLACES.get(code)
        name = {"zh": place[2], "en": place[1]} if place else {"en": code}
        entry: dict[str, Any] = {"name": name}
        if place is None:
            entry["notes"] = [MADE.format(file=self.file, what="give its name")]
        if "-" in code and code.split("-")[0] in self.known["jurisdictions"]:
            entry["parent"] = code.split("-")[0]
        return self._add("jurisdictions", code, entry)

    def body(self, value: str, jurisdiction: str, names: dict[str, str] | None = None) -> str:
        """The id of the body ``value`` names (an id or a name), made if new."""
        found = self.find("bodies", value)
        if found is not None:
            return found
        given_id = value if re.fullmatch(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?", value) else None
        key = given_id or self._free("bodies", slug(value) or f"{slug(jurisdiction)}-body")
        name = names or text_of(value)
        entry = {
            "name": name,
            "level": "central" if "-" not in jurisdiction else "provincial",
            "jurisdiction": jurisdiction,
            "classification": "other",
            "notes": [MADE.format(file=self.file, what="check its level and classification")],
        }
        return self._add("bodies", key, entry)

    def source(self, title: str | None, url: str | None) -> str:
        """The id of the source a row cites: by URL (one source per distinct URL),
        else by id or title; made if new."""
        if url:
            found = self.find("sources", url)
            if found is not None:
                return found
        if title and not url:
            found = self.find("sources", title)
            if found is not None:
                return found
        if url:
            parts = urlsplit(url)
            base = slug(f"{parts.netloc.removeprefix('www.')} {parts.path} {parts.query}")
        else:
            base = slug(title or "")
        key = self._free("sources", base or "source")
        entry: dict[str, Any] = {"title": text_of(title or url or key)}
        if url:
            entry["url"] = url
        if not title:
            entry["notes"] = [MADE.format(file=self.file, what="its title is its URL: give it")]
        return self._add("sources", key, entry)

    def document(self, key: str, title: dict[str, str] | None, jurisdiction: str) -> str:
        """A document named by id (policytl's CSV export gives its id and title): made if
        new, its type to be given."""
        if key in self.documents or key in self.added["documents"]:
            return key
        self.added["documents"][key] = {
            "title": title or {"en": key},
            "type": "other",
            "jurisdiction": jurisdiction,
            "notes": [MADE.format(file=self.file, what="give its type")],
        }
        return key

    def source_id(self, key: str) -> str:
        """A source named by id only (policytl's CSV export): made if new."""
        if key in self.known["sources"]:
            return key
        entry = {
            "title": {"en": key},
            "notes": [MADE.format(file=self.file, what="only its id was known: give its title")],
        }
        return self._add("sources", key, entry)
