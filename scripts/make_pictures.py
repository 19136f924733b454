"""Regenerate the pictures of the docs (docs/img/) from the shipped data set.

    python scripts/make_pictures.py            # writes docs/img/*.svg and html-page.png
    python scripts/make_pictures.py OUT_DIR    # the SVGs only, somewhere else (the tests do)

Each SVG is one policytl command run in-process with its ``--svg FILE`` option,
at a fixed width and with colours on, so the images are byte for byte the same on
every machine (a test compares the committed ones with what this script draws).
The PNG is headless Chromium's photograph of the top of the HTML export (fixed
export date; needs the Debian package chromium); font rendering differs between
machines, so it is not compared byte for byte. To add a picture, add a line to
PICTURES (and show the file in the docs).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"


@dataclass(frozen=True)
class Picture:
    #: file name under the output folder
    name: str
    #: policytl arguments; ``--svg PATH`` is appended
    args: tuple[str, ...] = ()
    #: terminal columns
    width: int = 100


PICTURES: list[Picture] = [
    Picture("stats.svg", ("stats", "--lang", "en")),
    Picture(
        "stats-quarter-zh.svg", ("stats", "--period", "quarter", "--since", "2019", "-l", "zh")
    ),
    Picture("show.svg", ("show", "--since", "2016"), width=100),
    Picture("chart.svg", ("show", "--chart", "--lang", "en"), width=120),
    Picture("chart-bodies-zh.svg", ("show", "--chart", "--lanes", "body", "-l", "zh")),
    Picture("compare.svg", ("compare", "CN-BJ", "CN", "--lang", "en"), width=110),
]


@contextlib.contextmanager
def _terminal(width: int) -> Iterator[io.StringIO]:
    """A fixed-width, colour terminal whose output is thrown away."""
    saved = {k: os.environ.get(k) for k in ("COLUMNS", "FORCE_COLOR", "NO_COLOR", "POLICYTL_DATA")}
    os.environ.update({"COLUMNS": str(width), "FORCE_COLOR": "1"})
    os.environ.pop("NO_COLOR", None)
    os.environ.pop("POLICYTL_DATA", None)
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink):
            yield sink
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def make(picture: Picture, out: Path) -> Path:
    """Write one picture into ``out``; raise RuntimeError when its command fails."""
    target = out / picture.name
    with _terminal(picture.width):
        from typer.main import get_command

        from policytl.cli.app import app

        args = [*picture.args, "--svg", str(target)]
        code = get_command(app).main(args, prog_name="policytl", standalone_mode=False)
        if code:
            raise RuntimeError(f"policytl {' '.join(args)} exited with {code}")
    return target


def photograph_html(target: Path) -> None:
    """Write headless Chromium's screenshot of the HTML export of the shipped data."""
    sys.path.insert(0, str(ROOT))
    from tests.consumers import run_chromium  # the tests' way to run Chromium

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1593561600", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        subprocess.run(
            [sys.executable, "-m", "policytl", "export", "-f", "html", "-o", str(page)],
            env=env,
            check=True,
        )
        done = run_chromium(["--window-size=1100,1500", f"--screenshot={target}", page.as_uri()])
        if done.returncode != 0:
            raise RuntimeError(f"chromium failed: {done.stderr}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else OUT
    out.mkdir(parents=True, exist_ok=True)
    for picture in PICTURES:
        path = make(picture, out)
        print(f"wrote {path}", file=sys.stderr)
    if not args:
        photograph_html(OUT / "html-page.png")
        print(f"wrote {OUT / 'html-page.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
