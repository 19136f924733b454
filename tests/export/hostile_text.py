"""Hostile strings for every text that an export or a citation writes out.

Each is a title (or any text field) a hostile data author could write: the
characters that act on a terminal (C0 and C1 controls, DEL), that break lines
where a format has one-line fields (U+2028, U+2029, NEL), that reorder what a
reader sees (bidi overrides and isolates), and the markup of the formats
themselves (braces, backslashes, LaTeX's and Markdown's special characters,
Mermaid's and iCalendar's separators, HTML).
"""

from __future__ import annotations

import re

__all__ = ["HOSTILE", "RAW_UNSAFE"]

#: name -> text (each a valid title: not blank)
HOSTILE: dict[str, str] = {
    "c0": "a\x1b[31mred\x1b[0m \x07bell\x00nul\x08bs",
    "c1": "a\x9b31mcsi\x9d0;title\x9c\x85nel",
    "del": "a\x7fb",
    "line-separators": "a\u2028b\u2029c",
    "bidi": "evil \u202eexe.txt\u202c \u2066iso\u2069 \u200fmark",
    "close-brace": "a}b",
    "open-brace": "a{b",
    "unbalanced": "}} a {{{ b } c",
    "latex": "50% & #1 $x_y^2$ ~a \\b \\\\ \\textbf{x}",
    "markdown": "**b** _i_ `c` [l](u) <u> ![i](x) | ~s~ &amp; # h \\",
    "autolink": "see www.example.com",
    "url-autolink": "at https://example.com/x",
    "list": "1) first",
    "list-dot": "2. second",
    "mermaid": "a; b: c # d %% e ; f",
    "ics": "a;b,c\\d\r\ne",
    "html": "<script>alert(1)</script> &lt;",
}

#: the characters no text format may carry raw: C0 controls but tab and newline (CR
#: included), DEL, C1 controls, the line and paragraph separators and the bidi controls
RAW_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
