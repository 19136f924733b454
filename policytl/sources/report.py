"""verify's report: one line per finding, or JSON; and whether it failed.

Pure: builds text and data, never prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policytl.sources.match import ALIKE
from policytl.sources.normalise import STEPS
from policytl.sources.verify import CopyProblem, Result, Where

__all__ = ["counts", "failed", "json_report", "lines"]


def _at(where: Where, label: str, message: str) -> str:
    subject = where.path
    if where.event_id is not None and subject.startswith("events["):
        end = subject.find("]") + 1
        subject = f"{subject[:end]} (id: {where.event_id}){subject[end:]}"
    place = where.file
    if where.line is not None:
        place += f":{where.line}" + (f":{where.column}" if where.column is not None else "")
    return f"{place}: {label}{subject}: {message}"


def _severity(problem: CopyProblem, require_archive: bool) -> str:
    if problem.kind == "no-archive" and not require_archive:
        return "warning"
    return "error"


def _quote_line(result: Result) -> str | None:
    found = result.found
    if result.status == "verified" and found is not None and found.steps:
        said = "; ".join(STEPS[s] for s in found.steps)
        return _at(
            result.quote.where,
            "note: ",
            f"found in source {result.quote.source!r} at {found.location} after normalisation "
            f"({said})",
        )
    if result.status != "not-found" or found is None:
        return None
    near = found.nearest
    message = f"not found in the archived copy of source {result.quote.source!r}"
    if near is not None:
        alike = f"{near.similarity:g}% alike"
        if near.similarity >= ALIKE:
            message += f"; nearest passage at {near.location} ({alike}): {near.diff}"
        else:
            message += f"; no passage is alike (the nearest, at {near.location}, is {alike})"
    return _at(result.quote.where, "", message)


def lines(
    results: Sequence[Result], problems: Sequence[CopyProblem], require_archive: bool
) -> list[str]:
    """Every finding as a line (FILE:LINE:COL first), in file order, then the summary."""
    found: list[tuple[tuple[str, int, int], str]] = []
    for problem in problems:
        severity = _severity(problem, require_archive)
        message = problem.message
        if problem.kind == "no-archive":
            n = sum(1 for r in results if r.quote.source == problem.source)
            message += f": its {n} {'quote is' if n == 1 else 'quotes are'} unverifiable"
        label = "warning: " if severity == "warning" else ""
        found.append((_order(problem.where), _at(problem.where, label, message)))
    for result in results:
        line = _quote_line(result)
        if line is not None:
            found.append((_order(result.quote.where), line))
    found.sort(key=lambda item: item[0])
    c = counts(results)
    summary = (
        f"{c['verified']} of {c['quotes']} {'quote' if c['quotes'] == 1 else 'quotes'} verified"
        f" ({c['normalised']} after normalisation); {c['not_found']} not found, "
        f"{c['unverifiable']} unverifiable"
    )
    return [line for _, line in found] + [summary]


def _order(where: Where) -> tuple[str, int, int]:
    return (where.file, where.line or 0, where.column or 0)


def counts(results: Sequence[Result]) -> dict[str, int]:
    return {
        "quotes": len(results),
        "verified": sum(1 for r in results if r.status == "verified"),
        "normalised": sum(
            1 for r in results if r.status == "verified" and r.found and r.found.steps
        ),
        "not_found": sum(1 for r in results if r.status == "not-found"),
        "unverifiable": sum(1 for r in results if r.status == "unverifiable"),
    }


def failed(
    results: Sequence[Result], problems: Sequence[CopyProblem], require_archive: bool
) -> bool:
    """Whether verify exits 1: a quote not found, or a copy problem that is an error."""
    return any(r.status == "not-found" for r in results) or any(
        _severity(p, require_archive) == "error" for p in problems
    )


def _where(where: Where) -> dict[str, Any]:
    return {
        "file": where.file,
        "line": where.line,
        "column": where.column,
        "path": where.path,
        "event_id": where.event_id,
    }


def _result(result: Result) -> dict[str, Any]:
    found = result.found
    near = found.nearest if found is not None else None
    return {
        **_where(result.quote.where),
        "source": result.quote.source,
        "status": result.status,
        "normalisation": list(found.steps) if found is not None else [],
        "location": found.location if found is not None and found.found else None,
        "nearest": None
        if near is None
        else {
            "text": near.text,
            "location": near.location,
            "similarity": near.similarity,
            "diff": near.diff,
        },
        "reason": result.reason or None,
    }


def json_report(
    results: Sequence[Result], problems: Sequence[CopyProblem], require_archive: bool
) -> dict[str, Any]:
    """The report as ``verify -f json`` writes it."""
    return {
        "ok": not failed(results, problems, require_archive),
        "counts": counts(results),
        "quotes": [_result(r) for r in results],
        "problems": [
            {
                **_where(p.where),
                "source": p.source,
                "kind": p.kind,
                "severity": _severity(p, require_archive),
                "message": p.message,
            }
            for p in problems
        ],
    }
