"""`policytl diffuse` on the command line: the views and formats (golden), errors, the
installed command, and the SVG/HTML pictures in headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, child_env, invoke
from ..consumers import page_report, run_chromium, screenshot
from ..goldens import GOLDEN, assert_golden

EXAMPLE = str(ROOT / "examples" / "cn-blockchain-2020.yaml")
PLANS = ["--data", EXAMPLE, "--tag", "blockchain", "--parent", "CN"]
TRIGGER = ["--trigger", "cn-new-infrastructure-2020"]
POLICYTL = Path(sys.executable).with_name("policytl")


def golden(name: str, args: list[str], columns: int = 100) -> str:
    result = invoke(["diffuse", *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert_golden(GOLDEN / "diffuse" / name, result.stdout_bytes)
    return result.stdout


def test_the_shipped_data_set() -> None:
    out = golden("shipped-parent-cn.txt", ["--tag", "blockchain", "--parent", "CN"])
    assert "CN-BJ" in out
    data = json.loads(
        golden("shipped-parent-cn.json", ["-t", "blockchain", "--parent", "CN", "-f", "json"])
    )
    assert data["format"] == "policytl-diffuse/1"
    assert [a["code"] for a in data["adopters"]] == ["CN-BJ"]


def test_the_provincial_plans_in_every_format() -> None:
    golden("plans-trigger.txt", [*PLANS, *TRIGGER])
    golden("plans-trigger-60.txt", [*PLANS, *TRIGGER], columns=60)
    data = json.loads(golden("plans-trigger.json", [*PLANS, *TRIGGER, "-f", "json"]))
    assert [(a["code"], a["rank"]["text"]) for a in data["adopters"]][:3] == [
        ("CN-HI", "1–4"),
        ("CN-JS", "1–5"),
        ("CN-HN", "1–3"),
    ]
    table = golden("plans.csv", [*PLANS, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 31
    assert rows[3]["undetermined_with"] == "CN-HI;CN-JS"
    spid = golden("plans-spid.csv", [*PLANS, "-f", "spid", "--policy", "blockchain"])
    assert spid.splitlines()[0] == "jurisdiction,policy,year,adopted,earliest,latest,precision"
    golden("plans.svg", [*PLANS, "-f", "svg"])
    golden("plans.html", [*PLANS, *TRIGGER, "-f", "html"])


def test_usage_errors() -> None:
    for args, words in (
        (["--trigger", "nope"], "no event has id 'nope' (--trigger)"),
        (["--stage", "adoptd"], "did you mean 'adopted'?"),
        (["--parent", "narnia"], "unknown jurisdiction 'narnia' for --parent"),
        (["--excel"], "--excel applies to --format csv and spid"),
        (["-o", "x.txt"], "-o writes --format json, csv, spid, svg or html"),
    ):
        result = invoke(["diffuse", "--data", EXAMPLE, *args])
        assert result.exit_code == 2, args
        assert words in result.stderr, result.stderr


def test_no_peer_and_no_adopter_are_said() -> None:
    result = invoke(["diffuse", *PLANS, "--stage", "adopted"])
    assert result.exit_code == 0
    assert result.stderr == "policytl: no peer has adopted --tag blockchain --stage adopted\n"
    assert "Not adopted (31)" in result.stdout


def test_the_installed_command_answers(tmp_path: Path) -> None:
    out = tmp_path / "adoption.csv"
    done = subprocess.run(
        [str(POLICYTL), "diffuse", *PLANS, "-f", "spid", "-o", str(out)],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == (GOLDEN / "diffuse" / "plans-spid.csv").read_text(
        encoding="utf-8"
    ).replace("blockchain,", "--tag blockchain,")


MEASURE = """
const report = document.getElementById("policytl-report");
const tiles = [...document.querySelectorAll("svg rect[rx]")];
const boxes = tiles.map((r) => r.getBoundingClientRect());
let overlaps = 0;
for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
  const a = boxes[i], b = boxes[j];
  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
}
report.textContent = JSON.stringify({
  tiles: tiles.length, overlaps,
  lines: document.querySelectorAll("svg polyline").length,
  requests: performance.getEntriesByType("resource").map((r) => r.name)});
"""


@pytest.mark.parametrize("name", ["plans.svg", "plans.html"])
def test_the_pictures_in_chromium(name: str, tmp_path: Path) -> None:
    picture = GOLDEN / "diffuse" / name
    done = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", picture.as_uri()])
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if "CONSOLE" in line] == []
    text = picture.read_text(encoding="utf-8")
    body = text.split("<body>", 1)[1].split("</body>")[0] if name.endswith(".html") else text
    body = body.replace('<?xml version="1.0" encoding="UTF-8"?>', "")
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f'<body>{body}<pre id="policytl-report"></pre><script>{MEASURE}</script></body></html>',
        encoding="utf-8",
    )
    report = page_report(page)
    assert isinstance(report, dict)
    # every tile of the grid (34 provincial-level divisions) drawn, none on another
    assert report == {"tiles": 34, "overlaps": 0, "lines": 2, "requests": []}
    stem = Path(name).stem + ("-html" if name.endswith(".html") else "-svg")
    screenshot(picture, f"diffuse-{stem}-desktop.png", 1000, 1400)
    screenshot(picture, f"diffuse-{stem}-phone.png", 390, 844)
