"""Who moved first: the themes of ``compare`` across the jurisdictions with events."""

from __future__ import annotations

from policytl.export.html.parts import esc, text_html, word
from policytl.model.records import Timeline

# --- who moved first ----------------------------------------------------------------------


def who_moved_first(timeline: Timeline) -> list[str]:
    """The themes of ``compare`` across the jurisdictions with events, or nothing."""
    from policytl.analyze.compare import compare
    from policytl.analyze.periods import By

    used = {e.jurisdiction for e in timeline.events}
    codes = [code for code in timeline.jurisdictions if code in used]
    if len(codes) < 2:
        return []
    comparison = compare(timeline, codes, by=By.JURISDICTION)
    if not comparison.themes:
        return []
    out = [
        '<section class="first" aria-labelledby="_first-h">',
        f'<h2 id="_first-h">{word("first")}</h2>',
        f'<p class="small">{word("first_key")}</p>',
        '<div class="axis-scroll"><table>',
        f'<thead><tr><th scope="col">{word("theme")}</th>',
    ]
    out += [f'<th scope="col">{text_html(s.name)} ({esc(s.id)})</th>' for s in comparison.sides]
    out.append(f'<th scope="col">{word("verdict")}</th></tr></thead><tbody>')
    for theme in comparison.themes:
        moves = {m.side: m for m in theme.moves}
        cells = []
        for side in comparison.sides:
            move = moves.get(side.id)
            cells.append(
                "<td></td>"
                if move is None
                else f'<td><a href="#{esc(move.event.id)}">{esc(move.date_text)}</a></td>'
            )
        out.append(
            f'<tr><th scope="row">{esc(theme.tag)}</th>{"".join(cells)}'
            f'<td lang="en">{esc(theme.text())}</td></tr>'
        )
    out += ["</tbody></table></div>", "</section>"]
    return out
