from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from policytl import __main__ as entry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED = SEEDS / "000_4f80f605b70e36fa.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# --- isolation from the environment the suite runs in --------------------------------------
#
# A user's or a CI machine's settings must not change what a test sees: policytl's own
# variables (POLICYTL_DATA, POLICYTL_DEBUG, POLICYTL_LANG, POLICYTL_PAGER, ...), the colour
# switches Rich and Click read, the terminal size, the pager, the locale and the config
# file. They are removed from os.environ when pytest starts (so that collection and
# module-scoped fixtures do not see them either), again before every test (autouse
# fixture below, in case a test leaked one), and every subprocess a test starts gets
# child_env(). A test that wants one of them sets it itself.

#: exact names of the variables removed
LEAKY_NAMES = frozenset(
    {
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
        "COLORTERM",
        "TERM",
        "COLUMNS",
        "LINES",
        "JUPYTER_COLUMNS",
        "JUPYTER_LINES",
        "PAGER",
        "MANPAGER",
        "LESS",
        "LANG",
        "LANGUAGE",
        "PYTHONIOENCODING",
        "PYTHONUTF8",
        "PYTHONWARNINGS",
        "PYTHONSTARTUP",
        "PYTHONINSPECT",
        "PYTHONBREAKPOINT",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "COMP_WORDS",
        "COMP_CWORD",
        "COMP_LINE",
        "COMP_POINT",
    }
)
#: prefixes of the variables removed (LC_ALL, LC_CTYPE, ...; Click's completion variables;
#: GIT_DIR and the like, set when the suite runs from a git hook: `diff REV:PATH` runs git)
LEAKY_PREFIXES = ("POLICYTL_", "LC_", "_POLICYTL", "_TYPER", "GIT_")


#: the test suite's own switches (POLICYTL_TEST_PRECOMMIT=1, ...): policytl never reads them
SUITE_PREFIX = "POLICYTL_TEST_"


def _leaky(name: str) -> bool:
    return (name in LEAKY_NAMES or name.startswith(LEAKY_PREFIXES)) and not name.startswith(
        SUITE_PREFIX
    )


#: The test suite's own switches, read before the environment is cleaned.
#: POLICYTL_UPDATE_GOLDEN=1 rewrites golden files (tests/goldens.py); no other value does.
UPDATE_GOLDEN_ENV = "POLICYTL_UPDATE_GOLDEN"
UPDATE_GOLDEN = os.environ.get(UPDATE_GOLDEN_ENV, "") == "1"
if os.environ.get(UPDATE_GOLDEN_ENV, "") not in ("", "0", "1"):
    raise pytest.UsageError(
        f"{UPDATE_GOLDEN_ENV}={os.environ[UPDATE_GOLDEN_ENV]!r}: set it to 1 to rewrite "
        "the golden files, or leave it unset"
    )
#: POLICYTL_HYPOTHESIS_EXAMPLES: examples for the heavier export property tests
HYPOTHESIS_EXAMPLES = int(os.environ.get("POLICYTL_HYPOTHESIS_EXAMPLES", "") or "150")
#: CI=true (as .ci/run runs): the deterministic Hypothesis profile
IN_CI = os.environ.get("CI", "") not in ("", "0", "false")

#: the locale of every subprocess (Debian and its python images have C.UTF-8)
CHILD_LOCALE = "C.UTF-8"

_SAVED_ENVIRON: dict[str, str] = {}


def clean_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without the variables that change what policytl does."""
    return {k: v for k, v in environ.items() if not _leaky(k)}


def child_env(**overrides: str | None) -> dict[str, str]:
    """The environment of every subprocess a test starts.

    The clean environment of this process (PATH, ...; HOME is the running test's own
    empty folder, so the child's cache and config folders are too), a fixed UTF-8
    locale, then ``overrides`` (None removes a name).
    """
    env = clean_environ(os.environ)
    env["LC_ALL"] = CHILD_LOCALE
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


# --- permission bits that bind root too ----------------------------------------------------
#
# Root ignores permission bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), and CI runs as
# root, so "a read-only folder" tests would test nothing there. run_unprivileged() runs
# a command in a child that, when the suite runs as root, has dropped both capabilities
# from its bounding set before exec: the new program runs as root, owns the same files,
# but read-only means read-only. (prctl(PR_CAPBSET_DROP) needs CAP_SETPCAP, which root
# has in a default container; the child fails loudly, never silently, without it.)
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def _drop_dac_capabilities() -> None:  # runs in the child, between fork and exec
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_unprivileged(
    args: list[str], cwd: Path | None = None, **env: str | None
) -> subprocess.CompletedProcess[str]:
    """Run ``args`` (child_env plus ``env``) with permission bits that bind even root."""
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=cwd,
        env=child_env(**env),
        preexec_fn=_drop_dac_capabilities if os.geteuid() == 0 else None,
    )


def pytest_configure(config: pytest.Config) -> None:
    for name in [n for n in os.environ if _leaky(n)]:
        _SAVED_ENVIRON[name] = os.environ.pop(name)


def pytest_unconfigure(config: pytest.Config) -> None:
    os.environ.update(_SAVED_ENVIRON)


@pytest.fixture(autouse=True)
def _clean_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test sees a leaky variable it did not set itself (see LEAKY_NAMES), nor the
    user's parsed-data cache (~/.cache/policytl) or config file (~/.config/policytl,
    policytl.cli.settings): HOME and the XDG folders are empty folders of the test's own."""
    for name in [n for n in os.environ if _leaky(n)]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("APPDATA", raising=False)
    yield


# --- Hypothesis: no deadlines --------------------------------------------------------------
#
# The suite runs on loaded 2-core CI machines, next to other jobs: Hypothesis's default
# 200 ms deadline per example would fail tests for the machine's load, not for a bug
# (and no test here asserts a time). So no profile has a deadline. Under CI the examples
# are derandomized (the same examples on every run: a red build is reproducible and a
# green one is not luck); locally they are random, to keep finding new cases, and the
# database remembers failures. too_slow is suppressed for the same reason as the deadline.
settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if IN_CI else "default")


def invoke(
    args: list[str],
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
) -> Result:
    """Run the policytl command in-process as a user runs it (policytl.__main__.main);
    stdout and stderr are kept apart."""
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
    from policytl.cli import settings

    settings.forget()  # the config file is read again for every command line
    with runner.isolation(input=input, env=base) as streams:
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
