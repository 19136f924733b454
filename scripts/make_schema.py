"""Write policytl/schema/policytl-1.schema.json from the field table.

    python scripts/make_schema.py          # write it
    python scripts/make_schema.py --check  # exit 1 if the shipped file differs

The file is generated: edit the field table (policytl/model/records.py), never the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policytl.model.schema import json_schema_text

SHIPPED = Path(__file__).resolve().parent.parent / "policytl" / "schema" / "policytl-1.schema.json"


def main(argv: list[str]) -> int:
    text = json_schema_text()
    if "--check" in argv:
        if SHIPPED.read_text(encoding="utf-8") != text:
            print(f"{SHIPPED} differs from the field table: run scripts/make_schema.py")
            return 1
        return 0
    SHIPPED.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
