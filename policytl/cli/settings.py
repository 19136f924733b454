"""The user's standing choices: environment variables and the config file.

One rule for every command, whatever the width of the terminal and whether
output goes to a pipe:

- the language of texts is ``--lang``, else ``$POLICYTL_LANG``, else ``lang``
  in the config file, else ``both``;
- the pager is ``$POLICYTL_PAGER``, else ``$PAGER``, else ``pager`` in the
  config file, else ``less -FRX``;
- colour is off under ``NO_COLOR`` and on under ``FORCE_COLOR`` (as Rich reads
  them), off on ``TERM=dumb``, else ``color`` in the config file
  (``auto``, ``always`` or ``never``), else on for a terminal only.

The config file is ``config.toml`` in the platform's config folder
(``$XDG_CONFIG_HOME/policytl`` or ``~/.config/policytl`` on Linux,
``%APPDATA%\\policytl`` on Windows, ``~/Library/Application Support/policytl``
on macOS), or the file named by ``$POLICYTL_CONFIG``. It is read only when it
exists (tomllib is imported only then). A bad value is a usage error that
names where it came from (the variable, or the file and key).

Part of the command line, not the core: it never prints.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from policytl.model.errors import UsageError
from policytl.model.records import Lang

__all__ = [
    "COLOR_CHOICES",
    "CONFIG_ENV",
    "DEFAULT_PAGER",
    "Config",
    "config_path",
    "load_config",
    "resolve_lang",
]

#: names a config file to read instead of the platform's one
CONFIG_ENV = "POLICYTL_CONFIG"
LANG_ENV = "POLICYTL_LANG"
PAGER_ENV = "POLICYTL_PAGER"
DEFAULT_PAGER = "less -FRX"
COLOR_CHOICES = ("auto", "always", "never")
KEYS = ("lang", "pager", "color")


class Config:
    """What the config file says (None: the file does not say)."""

    __slots__ = ("color", "lang", "pager", "path")

    def __init__(
        self,
        path: str | None = None,
        lang: Lang | None = None,
        pager: str | None = None,
        color: str | None = None,
    ) -> None:
        self.path = path
        self.lang = lang
        #: a command line, or "" for no pager
        self.pager = pager
        #: auto, always or never
        self.color = color


def config_dir(environ: Mapping[str, str], platform: str = sys.platform) -> str:
    """The platform's folder for policytl's config file."""
    home = os.path.expanduser("~")
    if platform == "win32":
        base = environ.get("APPDATA") or os.path.join(home, "AppData", "Roaming")
    elif platform == "darwin":
        base = os.path.join(home, "Library", "Application Support")
    else:
        xdg = environ.get("XDG_CONFIG_HOME", "")
        base = xdg if os.path.isabs(xdg) else os.path.join(home, ".config")
    return os.path.join(base, "policytl")


def config_path(environ: Mapping[str, str], platform: str = sys.platform) -> str:
    """The config file read: $POLICYTL_CONFIG, else config.toml in :func:`config_dir`."""
    given = environ.get(CONFIG_ENV, "")
    if given:
        return given
    return os.path.join(config_dir(environ, platform), "config.toml")


def _choice(value: str, choices: tuple[str, ...], where: str) -> str:
    folded = value.strip().lower()
    if folded not in choices:
        raise UsageError(f"{where}: {value!r} is not one of {', '.join(choices)}")
    return folded


def _lang(value: str, where: str) -> Lang:
    return Lang(_choice(value, tuple(m.value for m in Lang), where))


def _read(path: str) -> Config:
    given = os.environ.get(CONFIG_ENV, "") == path
    raw = _bytes(path, given)
    if raw is None:
        return Config()
    import tomllib

    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"config file {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config file {path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"config file {path}: not valid TOML: nested too deeply") from None
    config = Config(path)
    for key, value in doc.items():
        where = f"config file {path}: {key}"
        if key == "lang":
            if not isinstance(value, str):
                raise UsageError(f"{where}: expected a string: zh, en or both")
            config.lang = _lang(value, where)
        elif key == "pager":
            if value is False:
                config.pager = ""
            elif isinstance(value, str):
                config.pager = value.strip()
            else:
                raise UsageError(f"{where}: expected a command line, or false for no pager")
        elif key == "color":
            if isinstance(value, bool):
                config.color = "always" if value else "never"
            elif isinstance(value, str):
                config.color = _choice(value, COLOR_CHOICES, where)
            else:
                raise UsageError(f"{where}: expected auto, always or never")
        else:
            raise UsageError(
                f"config file {path}: unknown key {key!r} (the keys are {', '.join(KEYS)})"
            )
    return config


def _bytes(path: str, given: bool) -> bytes | None:
    """The config file's first MiB, or None when there is none. Opened without blocking
    (a FIFO would wait for a writer forever) and read only when it is a regular file."""
    import errno
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if given:
            raise UsageError(f"{CONFIG_ENV}: {path}: no such file") from None
        return None
    except OSError as exc:
        if exc.errno == errno.EACCES and not given and not _searchable(path):
            return None  # a config folder that cannot be opened holds no file we could read
        raise UsageError(f"config file {path}: cannot read: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            if path == os.devnull:
                return None
            raise UsageError(f"config file {path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(1 << 20)
    except OSError as exc:
        raise UsageError(f"config file {path}: cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)


def _searchable(path: str) -> bool:
    """Whether the folder of ``path`` can be looked into (else its files are unknown)."""
    return os.access(os.path.dirname(path) or ".", os.X_OK)


_loaded: dict[str, Config] = {}


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """The config file's settings (read once per file and process)."""
    path = config_path(os.environ if environ is None else environ)
    if path not in _loaded:
        _loaded[path] = _read(path)
    return _loaded[path]


def forget() -> None:
    """Read the config file again next time (tests change it within one process)."""
    _loaded.clear()


def resolve_lang(given: Lang | None, environ: Mapping[str, str] | None = None) -> Lang:
    """--lang, else $POLICYTL_LANG, else the config file's lang, else both."""
    if given is not None:
        return given
    env = os.environ if environ is None else environ
    value = env.get(LANG_ENV, "")
    if value:
        return _lang(value, LANG_ENV)
    return load_config(env).lang or Lang.BOTH


def pager_command(environ: Mapping[str, str] | None = None) -> str:
    """$POLICYTL_PAGER, else $PAGER, else the config file's pager, else less -FRX;
    "" (or "cat") for none."""
    env = os.environ if environ is None else environ
    for name in (PAGER_ENV, "PAGER"):
        if name in env:
            return env[name].strip()
    configured = load_config(env).pager
    return DEFAULT_PAGER if configured is None else configured


def color_wanted(isatty: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether stdout gets colour: NO_COLOR, FORCE_COLOR and TERM=dumb as Rich reads
    them, then the config file's color (auto: on a terminal only)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", "") != "":
        return False
    if env.get("TERM", "") in ("dumb", "unknown"):
        return False
    if env.get("FORCE_COLOR", "") != "":
        return True
    configured = load_config(env).color
    if configured == "always":
        return True
    if configured == "never":
        return False
    return isatty
