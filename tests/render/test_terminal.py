"""Everyday terminal use (issue 15): the language rule, the config file, the width clamp.

Pager, colour and completion through a real pseudo-terminal are in test_pty.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from policytl.cli import settings
from policytl.model.records import Lang

from ..conftest import FIXTURES, invoke

DIFF = FIXTURES / "diff"

#: a command line of every command that shows texts in a language
LANG_COMMANDS = [
    ["show", "--since", "2019"],
    ["show", "--since", "2019", "--format", "json"],
    ["show", "--since", "2019", "--format", "markdown"],
    ["show", "--chart"],
    ["export", "--since", "2019"],
    ["export", "-f", "html", "--since", "2019"],
    ["compare", "CN-BJ", "CN"],
    ["compare", "CN-BJ", "CN", "--format", "markdown"],
    ["diff", str(DIFF / "old.yaml"), str(DIFF / "new.yaml")],
    ["stats"],
    ["bodies"],
    ["jurisdictions"],
    ["cite", "--since", "2020"],
]


def _out(argv: list[str], env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = invoke(argv, env)
    return result.exit_code, result.stdout, result.stderr


def _config(tmp_path: Path, text: str) -> dict[str, str | None]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {"POLICYTL_CONFIG": str(path)}


# --- the language rule ----------------------------------------------------------------------


@pytest.mark.parametrize("argv", LANG_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", ["60", "80", "160"])
def test_the_default_is_both_at_every_width(argv: list[str], columns: str) -> None:
    env: dict[str, str | None] = {"COLUMNS": columns}
    assert _out(argv, env) == _out([*argv, "--lang", "both"], env)


@pytest.mark.parametrize("argv", LANG_COMMANDS, ids=" ".join)
def test_policytl_lang_is_the_default_of_every_command(argv: list[str]) -> None:
    for lang in ("zh", "en"):
        assert _out(argv, {"POLICYTL_LANG": lang}) == _out([*argv, "--lang", lang]), lang
    # case as --lang takes it
    assert _out(argv, {"POLICYTL_LANG": "EN"}) == _out([*argv, "--lang", "en"])


@pytest.mark.parametrize("argv", LANG_COMMANDS, ids=" ".join)
def test_the_config_file_comes_after_the_variable(argv: list[str], tmp_path: Path) -> None:
    env = _config(tmp_path, 'lang = "en"\n')
    assert _out(argv, env) == _out([*argv, "--lang", "en"])
    assert _out(argv, {**env, "POLICYTL_LANG": "zh"}) == _out([*argv, "--lang", "zh"])
    assert _out([*argv, "--lang", "both"], {**env, "POLICYTL_LANG": "zh"}) == _out(
        [*argv, "--lang", "both"]
    )


def test_the_platform_config_file_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "policytl"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    env: dict[str, str | None] = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert _out(["show"], env) == _out(["show", "--lang", "zh"])


def test_pipes_and_terminals_get_the_same_language() -> None:
    piped = _out(["show", "--kind", "target"])
    coloured = _out(["show", "--kind", "target"], {"FORCE_COLOR": "1"})
    assert "By 2022, initially build Beijing" in piped[1]
    assert "By 2022, initially build Beijing" in coloured[1]


@pytest.mark.parametrize(
    ("home", "environ", "platform", "expected"),
    [
        ("/h", {}, "linux", "/h/.config/policytl/config.toml"),
        ("/h", {"XDG_CONFIG_HOME": "/x"}, "linux", "/x/policytl/config.toml"),
        ("/h", {"XDG_CONFIG_HOME": "relative"}, "linux", "/h/.config/policytl/config.toml"),
        ("/h", {}, "darwin", "/h/Library/Application Support/policytl/config.toml"),
        ("/h", {"APPDATA": "/a"}, "win32", "/a/policytl/config.toml"),
        ("/h", {"POLICYTL_CONFIG": "/c.toml"}, "linux", "/c.toml"),
    ],
)
def test_config_path_per_platform(
    home: str,
    environ: dict[str, str],
    platform: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOME", home)
    assert settings.config_path(environ, platform).replace("\\", "/") == expected


# --- bad values name their source -----------------------------------------------------------


def test_a_bad_policytl_lang_is_a_usage_error() -> None:
    for argv in (["show"], ["export", "-f", "json"], ["stats"], ["compare", "CN-BJ", "CN"]):
        assert _out(argv, {"POLICYTL_LANG": "fr"}) == (
            2,
            "",
            "policytl: error: POLICYTL_LANG: 'fr' is not one of zh, en, both\n",
        ), argv


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('lang = "fr"\n', "lang: 'fr' is not one of zh, en, both"),
        ("lang = 1\n", "lang: expected a string: zh, en or both"),
        ('color = "sometimes"\n', "color: 'sometimes' is not one of auto, always, never"),
        ("pager = 3\n", "pager: expected a command line, or false for no pager"),
        ('colour = "never"\n', "unknown key 'colour' (the keys are lang, pager, color)"),
        (
            "lang = \n",
            "not valid TOML: Invalid value (at line 1, column 8)",
        ),
    ],
)
def test_a_bad_config_file_is_a_usage_error(text: str, message: str, tmp_path: Path) -> None:
    env = _config(tmp_path, text)
    path = env["POLICYTL_CONFIG"]
    for argv in (["show"], ["stats"], ["diff", "a", "b"]):
        assert _out(argv, env) == (2, "", f"policytl: error: config file {path}: {message}\n")


def test_a_missing_named_config_file_is_a_usage_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.toml")
    assert _out(["show"], {"POLICYTL_CONFIG": missing}) == (
        2,
        "",
        f"policytl: error: POLICYTL_CONFIG: {missing}: no such file\n",
    )


def test_config_values_are_read_as_documented(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('lang = " EN "\npager = false\ncolor = true\n', encoding="utf-8")
    settings.forget()
    config = settings.load_config({"POLICYTL_CONFIG": str(path)})
    assert (config.lang, config.pager, config.color) == (Lang.EN, "", "always")
    settings.forget()


# --- the width clamp ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["show"], ["show", "--detail"], ["show", "--chart"], ["compare", "CN-BJ", "CN"], ["stats"]],
    ids=" ".join,
)
def test_absurd_widths_are_clamped(argv: list[str]) -> None:
    assert _out(argv, {"COLUMNS": "1"}) == _out(argv, {"COLUMNS": "40"})
    assert _out(argv, {"COLUMNS": "2"}) == _out(argv, {"COLUMNS": "40"})
    huge = _out(argv, {"COLUMNS": "100000"})
    assert huge == _out(argv, {"COLUMNS": "400"})
    assert max(cell_len(line) for line in huge[1].splitlines()) <= 400


def test_a_narrow_width_drops_no_chinese_text() -> None:
    out = _out(["show", "--lang", "zh"], {"COLUMNS": "1"})[1]
    assert "中关村区块链产业联盟正式成立" in out.replace("\n", "").replace(" ", "")


# --- one error style, one exit code per mistake ---------------------------------------------

#: every command, with the arguments it needs
EVERY = [
    ["show"],
    ["export"],
    ["compare", "CN-BJ", "CN"],
    ["stats"],
    ["bodies"],
    ["tags"],
    ["kinds"],
    ["jurisdictions"],
    ["validate"],
]


@pytest.mark.parametrize("argv", EVERY, ids=" ".join)
def test_a_missing_file_is_exit_2_in_every_command(argv: list[str]) -> None:
    result = invoke([*argv, "--data", "no/such.yaml"])
    assert result.exit_code == 2, result.stderr
    if argv[0] == "validate":
        assert result.stdout == (
            "no/such.yaml: no such file or folder\ninvalid: 1 error, 0 warnings in no/such.yaml\n"
        )
    else:
        assert (result.stdout, result.stderr) == (
            "",
            "policytl: error: no/such.yaml: no such file or folder\n",
        )


def test_a_missing_file_is_exit_2_in_diff_and_validate_too() -> None:
    result = invoke(["diff", "no/such.yaml", str(DIFF / "new.yaml")])
    assert (result.exit_code, result.stderr) == (
        2,
        "policytl: error: cannot load OLD: no/such.yaml: no such file or folder\n",
    )
    assert invoke(["validate", "no/such.yaml"]).exit_code == 2
    assert invoke(["validate", "no/such.yaml", "--format", "json"]).exit_code == 2


@pytest.mark.parametrize("argv", [*EVERY, ["diff", "a", "b"]], ids=" ".join)
def test_an_unknown_option_is_one_line_and_exit_2(argv: list[str]) -> None:
    result = invoke([*argv, "--sinse", "2016"])
    assert (result.exit_code, result.stdout) == (2, "")
    hint = "; did you mean --since?" if argv[0] in ("show", "export", "compare", "stats") else ""
    assert result.stderr == (
        f"policytl: error: no such option: --sinse{hint} (see 'policytl {argv[0]} --help')\n"
    )


@pytest.mark.parametrize(
    ("argv", "stderr"),
    [
        (
            ["shw"],
            "policytl: error: no such command 'shw'; did you mean 'show'? (see 'policytl --help')",
        ),
        (["--bogus"], "policytl: error: no such option: --bogus (see 'policytl --help')"),
        (
            ["show", "--lang", "e"],
            "policytl: error: invalid value for --lang: 'e' is not one of zh, en, both; "
            "did you mean 'en'? (see 'policytl show --help')",
        ),
        (
            ["export", "-f", "jsn"],
            "policytl: error: invalid value for --format: 'jsn' is not one of markdown, json, "
            "csv, ics, mermaid, timelinejs, markwhen, html, datapackage, sqlite; did you mean "
            "'json'? (see 'policytl export --help')",
        ),
        (
            ["show", "--since"],
            "policytl: error: option '--since' requires an argument (see 'policytl show --help')",
        ),
        (
            ["show", "extra"],
            "policytl: error: got unexpected extra argument(s) (extra) "
            "(see 'policytl show --help')",
        ),
        (
            ["compare"],
            "policytl: error: missing argument 'A B [C]...' (see 'policytl compare --help')",
        ),
        (
            ["stats", "--max-bytes", "0"],
            "policytl: error: invalid value for --max-bytes: 0 is not in the range x>=1 "
            "(see 'policytl stats --help')",
        ),
    ],
)
def test_usage_errors_are_policytls_one_line(argv: list[str], stderr: str) -> None:
    result = invoke(argv)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr + "\n")


@pytest.mark.parametrize("argv", [e for e in EVERY if e[0] not in ("bodies", "tags", "kinds")])
def test_a_bad_date_is_exit_2_everywhere(argv: list[str]) -> None:
    if argv[0] in ("jurisdictions", "validate"):
        return
    result = invoke([*argv, "--since", "someday"])
    assert result.exit_code == 2
    assert result.stderr.startswith("policytl: error: --since: cannot read date 'someday'")


def test_root_help_shows_every_summary_whole() -> None:
    import typer.main

    from policytl.cli.app import app, summary

    group = typer.main.get_command(app)
    for columns in ("60", "80", "160"):
        out = invoke(["--help"], {"COLUMNS": columns}).stdout
        listing = " ".join(out.split("Commands:")[1].split())
        assert "..." not in listing
        for name, cmd in group.commands.items():  # type: ignore[attr-defined]
            assert f"{name} {summary(cmd.help)}" in listing, (columns, name)


# --- -n/--limit and --reverse ---------------------------------------------------------------


def _order(argv: list[str]) -> dict[str, list[str]]:
    """The event ids each format shows for ``argv``, in the order shown."""
    import csv
    import io
    import json
    import re

    text = invoke(["show", "--detail", "--lang", "en", *argv], {"COLUMNS": "80"}).stdout
    ids = re.findall(r"^\s+ID\s+(\S+)$", text, re.M)
    doc = json.loads(invoke(["show", "-f", "json", *argv]).stdout)
    exported = json.loads(invoke(["export", "-f", "json", *argv]).stdout)
    markdown = invoke(["export", "-f", "markdown", "--lang", "en", *argv]).stdout
    csv_rows = list(csv.reader(io.StringIO(invoke(["export", "-f", "csv", *argv]).stdout)))[1:]
    return {
        "text": ids,
        "show json": [e["id"] for e in doc["events"]],
        "export json": [e["id"] for e in exported["events"]],
        "markdown": re.findall(r'^- (?:<a id="[^"]+"></a>)?\*\*(\S+)\*\*', markdown, re.M),
        "csv": [row[0] for row in csv_rows],
    }


def test_limit_and_reverse_agree_in_every_format() -> None:
    from policytl.load.loader import load_timeline

    events = load_timeline().events
    ids = [e.id for e in events]
    dates = [e.date.text for e in events]
    full = _order([])
    assert full["text"] == full["show json"] == full["export json"] == full["csv"] == ids
    assert full["markdown"] == dates
    for argv, expected in (
        (["-n", "4"], ids[:4]),
        (["--reverse"], ids[::-1]),
        (["--reverse", "--limit", "3"], ids[::-1][:3]),
        (
            ["--since", "2019", "-n", "2", "--reverse"],
            [i for e, i in zip(events, ids, strict=True) if e.date.start.year >= 2019][::-1][:2],
        ),
        (["-n", "1000"], ids),
    ):
        got = _order(argv)
        assert got["text"] == got["show json"] == got["export json"] == got["csv"] == expected
        by_id = dict(zip(ids, dates, strict=True))
        assert got["markdown"] == [by_id[i] for i in expected], argv


def test_reverse_puts_the_newest_year_first_with_its_count() -> None:
    # (the 2022 goal is an event of 2020, when it was set: issue 16)
    out = invoke(["show", "--reverse", "-n", "7"], {"COLUMNS": "80"}).stdout
    headings = [line for line in out.splitlines() if line[:4].isdigit() and "event" in line]
    assert headings == ["2020  6 events", "2019  1 event"]
    assert out.endswith("\n7 events\n")


def test_reverse_keeps_months_newest_first_in_markdown() -> None:
    out = invoke(["export", "--reverse", "--group", "month", "--lang", "en", "-n", "7"]).stdout
    headings = [line for line in out.splitlines() if line.startswith("##")]
    assert headings == [
        "## 2020",
        "### 2020-06",
        "### 2020-05",
        "### 2020 (date unknown within the year)",
        "## 2019",
        "### 2019-12",
    ]


def test_a_limit_below_one_is_a_usage_error() -> None:
    result = invoke(["show", "-n", "0"])
    assert (result.exit_code, result.stderr) == (
        2,
        "policytl: error: invalid value for --limit: 0 is not in the range x>=1 "
        "(see 'policytl show --help')\n",
    )
