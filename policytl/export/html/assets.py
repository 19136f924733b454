"""The page's style sheet and script, package data read once (their hashes go in the
page's Content-Security-Policy, so they are exactly the files' text)."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["CSS", "LINKS_CSS", "SCRIPT"]

_HERE = files(__package__ or "policytl.export.html")

#: the page's rules
CSS = _HERE.joinpath("style.css").read_text(encoding="utf-8")
#: the rules of the relations drawn on the axis (added only to a page that draws some)
LINKS_CSS = _HERE.joinpath("links.css").read_text(encoding="utf-8")
#: the filter controls and keyboard navigation; the page is complete without it
SCRIPT = _HERE.joinpath("script.js").read_text(encoding="utf-8")
