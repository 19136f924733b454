"""Regenerate the README's screenshot of the HTML export (docs/img/html-page.png).

    python scripts/screenshot_html.py            # needs Chromium (Debian package chromium)

The shipped data set is exported as HTML (with a fixed export date, so the page is the
same on every machine) and headless Chromium, run as the tests run it
(tests/consumers.py), photographs the top of it at 1100 x 1500 pixels.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img" / "html-page.png"
sys.path.insert(0, str(ROOT))

from tests.consumers import run_chromium  # noqa: E402  (the tests' way to run Chromium)


def main() -> int:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1593561600", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        subprocess.run(
            [sys.executable, "-m", "policytl", "export", "-f", "html", "-o", str(page)],
            env=env,
            check=True,
        )
        done = run_chromium(["--window-size=1100,1500", f"--screenshot={OUT}", page.as_uri()])
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
