"""The export command: stdout, -o written atomically and only on success, options, errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from policytl.export import Format, render

from ..conftest import FIXTURES, invoke, run_unprivileged

SMALL = FIXTURES / "export" / "small.yaml"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "export"


def test_default_is_markdown_of_the_embedded_data() -> None:
    from policytl import load_timeline

    result = invoke(["export"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout_bytes == render(Format.MARKDOWN, load_timeline()).encode("utf-8")
    assert result.stdout.startswith("# 北京区块链政策路径")


def test_stdout_is_byte_exact_golden() -> None:
    # ics keeps its CRLF line endings on stdout
    result = invoke(["export", "-d", str(SMALL), "--format", "ics"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (GOLDEN / "small.ics").read_bytes()
    result = invoke(["export", "-d", str(SMALL), "-f", "csv", "--excel"])
    assert result.stdout_bytes == (GOLDEN / "small.excel.csv").read_bytes()
    args = ["export", "-d", str(SMALL), "-f", "HTML", "--since", "2016", "-l", "both"]
    result = invoke(args, env={"SOURCE_DATE_EPOCH": "1593561600"})  # 2020-07-01T00:00Z
    assert result.stdout_bytes == (GOLDEN / "small.html").read_bytes()


def test_html_footer_shows_the_export_date() -> None:
    from datetime import UTC, datetime

    args = ["export", "-d", str(SMALL), "-f", "html", "-l", "en"]
    for epoch, day in (("1593561599", "2020-06-30"), ("", None), ("soon", None)):
        result = invoke(args, env={"SOURCE_DATE_EPOCH": epoch})
        footer = result.stdout.split("<footer>")[1]
        shown = day or datetime.now(UTC).date().isoformat()  # unset or unreadable: today
        assert f'<span class="l-en" lang="en">exported {shown} by policytl' in footer


def test_filters_select_and_are_shown() -> None:
    result = invoke(["export", "-d", str(SMALL), "-f", "markdown", "--lang", "en", "-j", "beijing"])
    assert result.exit_code == 0, result.stderr
    assert "Filters: --jurisdiction beijing\n" in result.stdout
    assert "4 events\n" in result.stdout
    assert "State Council" not in result.stdout.split("## 2016", 1)[1]


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path) -> None:
    out = tmp_path / "timeline.md"
    result = invoke(["export", "-d", str(SMALL), "-o", str(out), "--title", "T"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert out.read_text(encoding="utf-8").startswith("# T\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.md"]


def test_dash_means_stdout(tmp_path: Path) -> None:
    result = invoke(["export", "-d", str(SMALL), "-f", "mermaid", "-o", "-"])
    assert result.stdout_bytes == (GOLDEN / "small.mmd").read_bytes()


def test_failed_render_leaves_existing_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policytl.export.markdown as md

    def boom(*args: object) -> str:
        raise RuntimeError("boom")

    out = tmp_path / "keep.md"
    out.write_bytes(b"precious \xe4\xb8\xad\r\n")
    before = out.stat()
    monkeypatch.setattr(md, "render", boom)
    result = invoke(["export", "-d", str(SMALL), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "policytl: internal error: RuntimeError: boom "
        "(run again with --debug to see the traceback)\n"
    )
    assert out.read_bytes() == b"precious \xe4\xb8\xad\r\n"
    assert out.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


def test_export_error_leaves_existing_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "cal.ics"
    out.write_bytes(b"old calendar")
    result = invoke(["export", "-d", str(SMALL), "-f", "ics", "--since", "2030", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "policytl: warning: no event matches --since 2030; the export has no events\n"
        "policytl: error: no events to export: an iCalendar file needs at least one event\n"
    )
    assert out.read_bytes() == b"old calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.ics"]


def test_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "t.md"
    out.write_text("old\n", encoding="utf-8")

    def no_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_replace)
    result = invoke(["export", "-d", str(SMALL), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"policytl: error: cannot write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.md"]


def test_folder_that_is_not_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.md"
    result = invoke(["export", "-d", str(SMALL), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"policytl: error: cannot write {target}: Not a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.md"
    result = invoke(["export", "-d", str(SMALL), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"policytl: error: cannot write {target}: folder {target.parent} does not exist\n"
    )


def test_unwritable_folder(tmp_path: Path) -> None:
    """A real read-only folder, for root too: the command runs in a child whose
    permission bits bind root (conftest.run_unprivileged drops CAP_DAC_OVERRIDE)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        proc = run_unprivileged(
            [sys.executable, "-m", "policytl", "export", "-d", str(SMALL), "-o", "ro/out.md"],
            cwd=tmp_path,
        )
    finally:
        folder.chmod(0o755)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "policytl: error: cannot write ro/out.md: permission denied in ro\n"
    assert list(folder.iterdir()) == []


def test_options_that_do_not_apply_warn() -> None:
    result = invoke(
        ["export", "-d", str(SMALL), "-f", "json", "--excel", "--style", "table", "--title", "x"]
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "policytl: warning: --style does not apply to --format json; ignored\n"
        "policytl: warning: --excel does not apply to --format json; ignored\n"
        "policytl: warning: --title does not apply to --format json; ignored\n"
    )
    assert result.stdout_bytes == (GOLDEN / "small.json").read_bytes()


def test_empty_selection_warns_and_exports_an_empty_document() -> None:
    result = invoke(["export", "-d", str(SMALL), "--until", "2010", "-l", "en"])
    assert result.exit_code == 0
    assert result.stderr == (
        "policytl: warning: no event matches --until 2010; the export has no events\n"
    )
    assert "0 events\n\nNo events match.\n" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "pdf"], "invalid value for --format: 'pdf' is not one of markdown, json, "),
        (["--group", "week"], "invalid value for --group: 'week' is not one of year, month "),
        (["--style", "grid"], "invalid value for --style: 'grid' is not one of list, table "),
        (["--since", "someday"], "cannot read date 'someday'"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = invoke(["export", "-d", str(SMALL), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_month_grouping_from_the_command_line() -> None:
    result = invoke(["export", "-d", str(SMALL), "--group", "month", "-l", "zh"])
    assert result.stdout_bytes == (GOLDEN / "small.month.zh.md").read_bytes()
