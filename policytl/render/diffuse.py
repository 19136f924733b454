"""The Rich view of a diffusion: the ranked adopters, the cumulative curve, the rest.

First the adopters in order with their rank (a range such as ``2–3`` where the
dates leave the order undetermined), first adoption, lag from the trigger and
Rogers category; then the cumulative curve per period (``█`` the peers that had
certainly adopted, ``░`` those that may have); then the peers that have not
adopted. Text from data goes through ``one_line``/``for_terminal`` into Rich
``Text`` objects, never markup.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from policytl.analyze.diffuse import CATEGORIES, Adopter, Diffusion
from policytl.model.records import Lang
from policytl.model.textsafe import one_line
from policytl.render.wrap import Paragraph

__all__ = ["BAR", "notes", "render"]

#: the widest bar of the curve, in cells (all peers)
BAR = 30


def _name(a: Adopter | None, code: str, name: str) -> Text:
    out = Text(one_line(code), style="bold")
    out.append(" " + one_line(name))
    return out


def notes(a: Adopter) -> str:
    """What the rank and date leave open: "a window of dates; order undetermined against CN-JS"."""
    words = {"interval": "a window of dates", "uncertain date": "uncertain date"}
    out = [words[f] for f in a.flags]
    if a.undetermined:
        out.append("order undetermined against " + ", ".join(a.undetermined))
    return "; ".join(out)


def _title(d: Diffusion) -> Text:
    out = Text("Diffusion", style="bold")
    if d.policy:
        out.append(" of ")
        out.append(one_line(d.policy), style="bold")
    out.append(f": {len(d.adopters)} of {len(d.peers)} peers adopted")
    if d.peer_rule:
        out.append(f"  (peers: {one_line(d.peer_rule)})", style="dim")
    return out


def _ranked(d: Diffusion, lang: Lang) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Rank", no_wrap=True, justify="right")
    table.add_column("Jurisdiction")
    table.add_column("First adoption", style="cyan")
    if d.trigger is not None:
        table.add_column("Lag")
    table.add_column("Category")
    for a in d.adopters:
        cells: list[RenderableType] = [
            Text(a.rank),
            Paragraph(_name(a, a.code, a.name.get(lang))),
            Paragraph(Text(one_line(a.date_text))),
        ]
        if d.trigger is not None:
            cells.append(Paragraph(Text(a.lag.text if a.lag is not None else "")))
        cells.append(Paragraph(Text(a.category)))
        table.add_row(*cells)
    return table


def _curve(d: Diffusion) -> Table:
    n = len(d.peers)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(d.period.value.capitalize(), no_wrap=True)
    table.add_column("Adopted", no_wrap=True, justify="right")
    table.add_column("Share", no_wrap=True, justify="right")
    table.add_column("", no_wrap=True)
    for p in d.curve:
        count = str(p.certain) if p.certain == p.possible else f"{p.certain}–{p.possible}"
        lo, hi = round(100 * p.certain / n), round(100 * p.possible / n)
        share = f"{lo}%" if lo == hi else f"{lo}–{hi}%"
        full = round(BAR * p.certain / n)
        maybe = round(BAR * p.possible / n) - full
        bar = Text("█" * full, style="green")
        bar.append("░" * maybe, style="yellow")
        table.add_row(p.label, count, share, bar)
    return table


def _thresholds() -> Text:
    parts = []
    low = 0.0
    for name, below in CATEGORIES:
        parts.append(f"{name} {low * 100:g}–{below * 100:g}%")
        low = below
    return Text(
        "Categories (Rogers) by the share of peers adopted before: " + ", ".join(parts) + ".",
        style="dim",
    )


def render(d: Diffusion, lang: Lang) -> list[RenderableType]:
    """The diffusion as Rich renderables, printed one after the other."""
    out: list[RenderableType] = [Paragraph(_title(d))]
    if d.trigger is not None:
        t = d.trigger
        line = Text("Trigger: ", style="bold")
        line.append(f"{one_line(t.date.text)} {one_line(t.id)} ", style="cyan")
        line.append(one_line(t.title.get(lang)))
        out.append(Paragraph(line))
    out.append(Text())
    if d.adopters:
        out += [_ranked(d, lang), Text()]
        noted = [a for a in d.adopters if notes(a)]
        for a in noted:
            line = Text(one_line(a.code), style="bold")
            line.append(": " + one_line(notes(a)))
            out.append(Paragraph(line))
        if d.undetermined:
            out.append(
                Paragraph(
                    Text(
                        "A rank range (2–3) is an order the dates leave undetermined: they "
                        "overlap at their precision.",
                        style="dim",
                    )
                )
            )
        if noted or d.undetermined:
            out.append(Text())
        out += [Text("Cumulative adoption", style="bold"), _curve(d), Text()]
        out.append(Paragraph(_thresholds()))
    if d.non_adopters:
        from rich.columns import Columns

        names = [Text(f"{p.code} {one_line(p.name.get(lang))}") for p in d.non_adopters]
        out += [
            Text(),
            Text(f"Not adopted ({len(d.non_adopters)})", style="bold"),
            Columns(names, padding=(0, 3)),
        ]
    return out
