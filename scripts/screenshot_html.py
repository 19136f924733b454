"""Regenerate the README's screenshot of the HTML export (docs/img/html-page.png).

    python scripts/screenshot_html.py            # needs Chromium (Debian package chromium)

The shipped data set is exported as HTML (with a fixed export date, so the page is the
same on every machine) and Chromium photographs the top of it at 1100 x 1500 pixels.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img" / "html-page.png"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1100,1500",
)


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1593561600", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        subprocess.run(
            [sys.executable, "-m", "policytl", "export", "-f", "html", "-o", str(page)],
            env=env,
            check=True,
        )
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={tmp}/profile",
                f"--screenshot={OUT}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
