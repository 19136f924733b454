from __future__ import annotations

import contextlib
import sys
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

import pytest
from typer.testing import CliRunner, Result

from policytl import __main__ as entry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED = SEEDS / "000_4f80f605b70e36fa.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def invoke(
    args: list[str],
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
    *,
    typer_only: bool = False,
) -> Result:
    """Run the policytl command in-process as a user runs it (policytl.__main__.main:
    show and export through policytl.fastargs when it understands the command line,
    everything else through Typer); stdout and stderr are kept apart.

    ``typer_only`` sends every command line to Typer (to compare the two paths).
    """
    base: dict[str, str | None] = {
        "COLUMNS": "100",
        "NO_COLOR": None,
        "FORCE_COLOR": None,
        "POLICYTL_DATA": None,
        "POLICYTL_DEBUG": None,
        "POLICYTL_CACHE_DIR": None,
        "POLICYTL_LANG": None,
        "POLICYTL_PAGER": None,
        "POLICYTL_CONFIG": None,
        "PAGER": None,
        "TERM": None,
    }
    base.update(env or {})
    runner = CliRunner()
    exit_code: int = 0
    exception: BaseException | None = None
    exc_info = None
    paths = (
        mock.patch.object(entry, "_parse_fast", lambda _args: None)
        if typer_only
        else contextlib.nullcontext()
    )
    from policytl import settings

    settings.forget()  # the config file is read again for every command line
    with runner.isolation(input=input, env=base) as streams, paths:
        try:
            entry.main(list(args))
        except SystemExit as exc:
            exit_code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
            if exit_code:
                exception, exc_info = exc, sys.exc_info()
        except Exception as exc:  # as CliRunner.invoke does: the test sees it
            exit_code, exception, exc_info = 1, exc, sys.exc_info()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            out, err, both = (s.getvalue() for s in streams)
    return Result(
        runner=runner,
        stdout_bytes=out,
        stderr_bytes=err,
        output_bytes=both,
        return_value=None,
        exit_code=exit_code,
        exception=exception,
        exc_info=exc_info,  # type: ignore[arg-type]
    )


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's parsed-data cache (~/.cache/policytl)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.delenv("POLICYTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)


@pytest.fixture(autouse=True)
def _no_user_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read the user's config file or their language, pager and colour
    settings (policytl.settings)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    for name in ("POLICYTL_LANG", "POLICYTL_PAGER", "POLICYTL_CONFIG", "PAGER", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("APPDATA", raising=False)


@pytest.fixture
def run() -> object:
    return invoke


def big_timeline(path: Path) -> Path:
    """A valid timeline with enough events to overflow a pipe buffer (3,000)."""
    events = "\n".join(
        f"  - {{id: e{i}, date: '{2000 + i % 20}', kind: statement, jurisdiction: CN, "
        f"issuers: [], title: {{en: 'Event number {i} with a longer title to fill the "
        f"pipe'}}, sources: [{{source: s, quote: q}}]}}"
        for i in range(3000)
    )
    path.write_text(
        "format: policytl/1\nsources: {s: {title: {en: S}}}\n"
        "jurisdictions: {CN: {name: {en: China}}}\nevents:\n" + events + "\n",
        encoding="utf-8",
    )
    return path
