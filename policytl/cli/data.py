"""Where a command's data comes from: --data, else $POLICYTL_DATA, else the project
(``timeline.yaml``, or the files ``policytl.toml`` names, in the current folder or the
nearest parent that has one, as git finds its repository), else the embedded set.

Also the checks made before anything is loaded (an empty path, an output that is
one of the inputs) and :class:`Selection`, what the shared selection options of a
filtering command parsed (see policytl.cli.options.filtering). Part of the command
line; it prints one thing: on a terminal, the notice that the embedded set is shown
in a folder that looks like a policytl project (:func:`load_data`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policytl.model.errors import LoadError, PolicytlError, Problem, UsageError

if TYPE_CHECKING:
    from policytl.analyze.query import Filters
    from policytl.model.records import Timeline

__all__ = [
    "FREEZE_FROM",
    "Selection",
    "check_output",
    "check_paths",
    "data_paths",
    "find_project",
    "input_files",
    "load_data",
    "path_error",
    "path_problem",
]

#: timelines of at least this many events are frozen out of the cyclic GC
FREEZE_FROM = 5_000


def data_paths(paths: Sequence[str] | None) -> list[str] | None:
    """Paths given with --data, else $POLICYTL_DATA (os.pathsep-separated), else None.

    An empty path (``--data "$UNSET"``, ``POLICYTL_DATA=a.yaml:``) is a usage error:
    read as the current folder, it would load whatever YAML happens to be there.
    An empty $POLICYTL_DATA is the same as an unset one.
    """
    if paths:
        check_paths(paths, "--data")
        return list(paths)
    env = os.environ.get("POLICYTL_DATA", "")
    if env:
        parts = env.split(os.pathsep)
        if "" in parts:
            raise UsageError(
                f"$POLICYTL_DATA has an empty entry ({env!r}): "
                f"give files or folders separated by {os.pathsep!r}"
            )
        return parts
    return find_project()


#: The files that make a folder a project, in the order they are looked for.
PROJECT_FILE = "policytl.toml"
TIMELINE_FILE = "timeline.yaml"


def find_project(start: str | None = None) -> list[str] | None:
    """The data files of the project ``start`` (default: the current folder) is in.

    From ``start`` up to the root, the first folder that holds ``policytl.toml``
    (its ``data`` list names files and folders, relative to it) or ``timeline.yaml``
    is the project. None when no folder does.
    """
    try:
        folder = os.path.abspath(start if start is not None else os.getcwd())
    except OSError:  # the current folder was removed
        return None
    while True:
        project = os.path.join(folder, PROJECT_FILE)
        if os.path.isfile(project):
            return _project_data(project, folder)
        timeline = os.path.join(folder, TIMELINE_FILE)
        if os.path.isfile(timeline):
            return [os.path.relpath(timeline) if start is None else timeline]
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _project_data(project: str, folder: str) -> list[str]:
    """The ``data`` list of a project file: ``data = ["timeline.yaml", "events/"]``."""
    import tomllib

    try:
        with open(project, "rb") as fh:
            doc = tomllib.loads(fh.read(1 << 20).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{project}: cannot read the project file: {exc}") from None
    data = doc.get("data", [TIMELINE_FILE])
    if not isinstance(data, list) or not data or not all(isinstance(d, str) and d for d in data):
        raise UsageError(
            f'{project}: data must be a list of files or folders, e.g. data = ["timeline.yaml"]'
        )
    return [os.path.normpath(os.path.join(folder, d)) for d in data]


def looks_like_a_project(folder: str = ".") -> str | None:
    """A YAML file in ``folder`` that declares ``format: policytl/1``, if there is one."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    for name in names:
        if not name.endswith((".yaml", ".yml")):
            continue
        with contextlib.suppress(OSError), open(os.path.join(folder, name), "rb") as fh:
            if b"format: policytl/1" in fh.read(4096):
                return name
    return None


def check_paths(paths: Iterable[str], what: str) -> None:
    """UsageError for an empty path (an unset shell variable, most likely)."""
    if any(p == "" for p in paths):
        raise UsageError(
            f"{what} '': the path is empty (an unset variable?); give a file or folder"
        )


def load_data(
    paths: Sequence[str] | None, *, max_bytes: int | None = None, no_cache: bool = False
) -> Timeline:
    """Load --data / $POLICYTL_DATA / the embedded set, through the parsed-data cache
    unless ``no_cache`` or $POLICYTL_NO_CACHE (see policytl.load.cache)."""
    from policytl.load.loader import load_timeline
    from policytl.model.limits import DEFAULT_MAX_BYTES

    files = data_paths(paths)
    if files is None:
        _notice_embedded()
    refuse_closed_stdin(files or ())
    try:
        return load_timeline(
            files,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES,
            cache=False if no_cache else None,
            # A large timeline lives until the command ends: keep the cyclic GC off it
            # (see load_timeline); small ones (tests, the embedded set) are left be.
            freeze_from=FREEZE_FROM,
        )
    except OSError as exc:
        if exc.filename is None:
            raise
        raise path_error(exc) from None


#: the names of standard input that a shell and the system give
STDIN_NAMES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")


def refuse_closed_stdin(files: Sequence[str]) -> None:
    """A usage error for ``--data /dev/stdin`` when standard input is closed (``<&-``):
    its number holds the null device then, which would read as an empty file."""
    import sys

    from policytl.model.errors import UsageError

    if sys.stdin is not None:
        return
    for f in files:
        if str(f) in STDIN_NAMES:
            raise UsageError(f"{f} reads standard input, but it is closed")


def _notice_embedded() -> None:
    """Say on a terminal's stderr that the embedded set is shown, when the folder holds
    a timeline under another name (a script's captured stderr is left clean)."""
    import sys

    if not sys.stderr.isatty():
        return
    found = looks_like_a_project()
    if found is not None:
        from policytl.cli.output import message

        message(
            f"showing the embedded data set: {found} is not read (name it timeline.yaml, "
            "list it in policytl.toml, or give --data)"
        )


def path_problem(exc: OSError) -> str:
    """``FILE: reason`` for an OSError about a path."""
    reason = exc.strerror or str(exc)
    return f"{os.fsdecode(exc.filename)}: {reason[:1].lower()}{reason[1:]}"


def path_error(exc: OSError) -> PolicytlError:
    """A LoadError naming the file, for an OSError on a data path (a name too long...)."""
    reason = exc.strerror or str(exc)
    name = os.fsdecode(exc.filename)
    return LoadError(Problem(name, None, None, "", f"cannot read: {reason}"))


def input_files(paths: Sequence[str] | None) -> list[str]:
    """The files that --data / $POLICYTL_DATA / the embedded set name (folders expanded);
    those that cannot be found are left out (loading them reports why)."""
    from policytl.load.loader import embedded_path, expand_paths

    given = data_paths(paths)
    if given is None:
        embedded = embedded_path()
        return [] if embedded is None else [str(embedded)]
    out: list[str] = []
    for path in given:
        with contextlib.suppress(PolicytlError, OSError):
            out.extend(str(p) for p in expand_paths([path]))
    return out


def check_output(option: str, path: str, data: Sequence[str] | None) -> None:
    """Before anything is loaded: UsageError for an output that is one of the input files
    (``-o v.yaml --data v.yaml``, ``./v.yaml``, a hard or symbolic link to it), and the
    errors files.write.write_atomic would give (read-only file, missing folder, ``newdir/``)."""
    from policytl.files.write import check_target, same_file

    if path == "":
        raise UsageError(f"{option} '': the file name is empty (an unset variable?)")
    for name in input_files(data):
        if same_file(path, name):
            shown = path if name == path else f"{path} ({name})"
            raise UsageError(
                f"{option} {shown} is one of the input files; "
                "refusing to overwrite it (write to another file)"
            )
    check_target(path)


@dataclass(frozen=True)
class Selection:
    """The shared selection options of a filtering command, as parsed: where the data
    is, how to load it, and the filters (policytl.analyze.query.FILTER_OPTIONS)."""

    data: tuple[str, ...] = ()
    max_bytes: int | None = None
    no_cache: bool = False
    #: the filters' values by Filters field (Filters is made when first asked for, so
    #: that an output's checks come before a bad date's, as the user typed them)
    values: Mapping[str, Any] = field(default_factory=dict)

    def filters(self) -> Filters:
        """The filters (a UsageError for a bad date or a flag without --body)."""
        from policytl.analyze.query import Filters

        return Filters(**self.values)

    def load(self) -> Timeline:
        return load_data(self.data, max_bytes=self.max_bytes, no_cache=self.no_cache)

    def select(self) -> tuple[Timeline, Filters]:
        """Load the data and select events: (timeline with only those events, Filters)."""
        from policytl.analyze.query import select

        filters = self.filters()  # usage errors in dates come before loading
        timeline = self.load()
        return timeline.with_events(select(timeline, filters)), filters
