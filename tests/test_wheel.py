"""The wheel ships the curated data set and the JSON Schema inside the package."""

from __future__ import annotations

import configparser
import importlib
import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from policytl import __version__

from .conftest import ROOT, child_env, invoke


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="the test extra installs hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
        env=child_env(),
    )
    (found,) = out.glob("policytl-*.whl")
    return found


def test_wheel_contains_the_data_set_and_the_schema(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "policytl/data/timeline.yaml" in names
        assert "policytl/schema/policytl-1.schema.json" in names
        # the HTML page's style sheets and script, read with importlib.resources
        for name in ("style.css", "links.css", "script.js"):
            assert f"policytl/export/html/{name}" in names
        assert zf.read("policytl/data/timeline.yaml") == (ROOT / "data/timeline.yaml").read_bytes()
        assert zf.read("policytl/schema/policytl-1.schema.json") == (
            (ROOT / "policytl/schema/policytl-1.schema.json").read_bytes()
        )


def test_wheel_holds_only_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        tops = {n.split("/", 1)[0] for n in zf.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"policytl"}
    assert any(n.endswith(".dist-info/entry_points.txt") for n in zf.namelist())


# The loader finds the package's files beside its modules without importing
# importlib.resources (start-up time), and falls back to importlib.resources when
# the package is imported from a zip. Both ways must give the same files.
RESOURCES = """\
import json, sys
sys.path.insert(0, sys.argv[1])
from importlib import resources
from pathlib import Path
from policytl.load import loader
assert Path(loader.__file__).is_relative_to(sys.argv[1]), loader.__file__
out = {}
for name in ("data/timeline.yaml", "schema/policytl-1.schema.json", "no/such.file"):
    res = resources.files("policytl").joinpath(name)
    fast = loader._resource(name)
    out[name] = [
        res.read_text(encoding="utf-8") if res.is_file() else None,
        None if fast is None else fast.read_text(encoding="utf-8"),
        str(res) if isinstance(res, Path) and res.is_file() else None,
        str(fast) if isinstance(fast, Path) else None,
    ]
path = loader.embedded_path()
out["embedded_path"] = None if path is None else str(path)
out["embedded_text"] = loader.embedded_text()
out["json_schema"] = loader.json_schema()
print(json.dumps(out))
"""


@pytest.mark.parametrize("layout", ["folder", "zip"])
def test_package_files_are_the_ones_importlib_resources_finds(
    wheel: Path, tmp_path: Path, layout: str
) -> None:
    if layout == "folder":
        site = tmp_path / "site"
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(site)
    else:
        site = wheel  # imported by zipimport
    # -I -S: nothing but the standard library and this copy of policytl
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", RESOURCES, str(site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(),
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    data = (ROOT / "data/timeline.yaml").read_text(encoding="utf-8")
    schema = (ROOT / "policytl/schema/policytl-1.schema.json").read_text(encoding="utf-8")
    on_disk = layout == "folder"
    package = site / "policytl"
    assert found["data/timeline.yaml"] == [
        data,
        data,
        str(package / "data/timeline.yaml") if on_disk else None,
        str(package / "data/timeline.yaml") if on_disk else None,
    ]
    assert found["schema/policytl-1.schema.json"][:2] == [schema, schema]
    assert found["no/such.file"] == [None, None, None, None]
    assert found["embedded_path"] == (str(package / "data/timeline.yaml") if on_disk else None)
    assert found["embedded_text"] == data
    assert found["json_schema"] == json.loads(schema)


# --- the installed command ------------------------------------------------------------------
#
# The wheel installed by pip into a fresh virtual environment, then run through the console
# script pip wrote from entry_points.txt, as a user runs it. Offline: the venv has no pip
# (the suite's pip installs into it with --python, --no-index, --no-deps), and it finds
# the dependencies (Typer, Rich, PyYAML, dateutil) in this environment's site-packages
# through a .pth line, which adds the folder but not its own .pth files, so this
# checkout's editable install of policytl is not visible there: only the wheel's copy.


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        check=True,
        capture_output=True,
        env=child_env(),
    )
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        env=child_env(),
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(site) / "_policytl_test_deps.pth").write_text(ours + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--no-cache-dir",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        env=child_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    return venv / "bin"


def _installed_run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "policytl"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=child_env(),
        check=False,
    )


def test_entry_points_name_a_callable_that_exists(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        parser = configparser.ConfigParser()
        parser.read_string(zf.read(name).decode("utf-8"))
    assert {s: dict(parser[s]) for s in parser.sections()} == {
        "console_scripts": {"policytl": "policytl.__main__:main"}
    }
    module, _, attr = parser["console_scripts"]["policytl"].partition(":")
    assert callable(getattr(importlib.import_module(module), attr))


def test_the_installed_command_runs_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    # the console script runs the wheel's copy of policytl, not this checkout's
    python = installed / "python"
    where = subprocess.run(
        [str(python), "-c", "import policytl; print(policytl.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(),
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where
    version = _installed_run(installed, tmp_path, "--version")
    assert (version.returncode, version.stdout, version.stderr) == (
        0,
        f"policytl {__version__}\n",
        "",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--since", "2016", "--lang", "en"],
        ["compare", "CN-BJ", "CN", "--format", "json"],  # Typer
    ],
)
def test_a_real_command_through_the_installed_script(
    installed: Path, tmp_path: Path, args: list[str]
) -> None:
    proc = _installed_run(installed, tmp_path, *args)
    expected = invoke(args)  # a pipe is 100 columns wide, as invoke's COLUMNS
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, expected.stdout, "")
