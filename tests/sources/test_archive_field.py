"""The ``archive:`` field of a source, checked by the one validation path."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import invoke

HEAD = "format: policytl/1\njurisdictions:\n  CN: {name: {en: China}}\nsources:\n  s:\n"


def _validate(tmp_path: Path, archive: str) -> tuple[int, str]:
    f = tmp_path / "t.yaml"
    f.write_text(HEAD + "    title: {en: T}\n    archive: " + archive + "\nevents: []\n")
    r = invoke(["validate", str(f)])
    return r.exit_code, r.stdout.replace(str(f), "T")


def test_a_full_archive_is_valid_and_exported(tmp_path: Path) -> None:
    digest = "0" * 64
    code, out = _validate(
        tmp_path,
        f'{{path: copies/a.html, sha256: "{digest}", retrieved: "2026-12-07", '
        "url: https://web.archive.org/web/2026/x}",
    )
    assert code == 0, out
    r = invoke(["export", "-f", "json", "-d", str(tmp_path / "t.yaml")])
    assert '"archive": {\n        "path": "copies/a.html",' in r.stdout


def test_a_path_outside_the_folder_is_refused_with_its_position(tmp_path: Path) -> None:
    for path in ("../../etc/passwd", "/etc/passwd", "a/../../b", "..", "~/x", "c:\\\\x"):
        code, out = _validate(tmp_path, f'{{path: "{path}"}}')
        assert code == 1
        assert out.startswith("T:7:21: sources.s.archive.path: "), out
        assert "is not valid (a relative path inside the timeline's folder: not absolute" in out


def test_a_bad_digest_date_or_field_is_reported(tmp_path: Path) -> None:
    code, out = _validate(tmp_path, '{sha256: ABC, retrieved: "2026-13-01", size: 3}')
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "T:7:23: sources.s.archive.sha256: 'ABC' is not valid "
        "(a SHA-256 digest: 64 lowercase hexadecimal digits)"
    )
    assert lines[1].startswith("T:7:39: sources.s.archive.retrieved: ")
    assert lines[2] == "T:7:53: sources.s.archive.size: unknown field 'size' in an archive"
    code, out = _validate(tmp_path, "copies/a.html")
    assert out.splitlines()[0] == (
        "T:7:14: sources.s.archive: expected an archive {path, sha256, retrieved, url} "
        "(a mapping), got a string"
    )
