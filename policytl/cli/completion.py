"""Shell completion for bash, zsh and fish: the scripts, and where they are installed.

``policytl --show-completion SHELL`` prints the script for SHELL and
``policytl --install-completion SHELL`` installs it; without SHELL, the shell
is the one ``$SHELL`` names. Each script asks policytl itself for the
candidates (``_POLICYTL_COMPLETE=complete_SHELL``), which Typer answers from
the command's declarations and the completion functions of policytl.cli.options
(body ids, jurisdictions, tags, kinds, and compare's sides, from the data in use).

Typer 0.28's own options read ``--show-completion zsh`` as a flag followed by
a stray word and print the script of the shell it detects (bash, mostly), and
its zsh install writes a file that zsh's compinit never loads (no ``#compdef``
line); hence this module. Part of the command line, not the core.
"""

from __future__ import annotations

import os

__all__ = ["SHELLS", "answer", "install", "script", "shell_from"]

SHELLS = ("bash", "zsh", "fish")
PROG = "policytl"
VAR = "_POLICYTL_COMPLETE"

_BASH = """\
_policytl_completion() {
    local IFS=$'\\n'
    COMPREPLY=( $(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \\
                  _POLICYTL_COMPLETE=complete_bash "$1" 2>/dev/null) )
    return 0
}

complete -o default -F _policytl_completion policytl
"""

# An autoloadable completion function (a file _policytl on $fpath, found by compinit
# through its #compdef line), that also works when the script is eval'd after compinit.
_ZSH = """\
#compdef policytl

_policytl() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _POLICYTL_COMPLETE=complete_zsh \\
    policytl 2>/dev/null)
}

if [[ "${funcstack[1]}" = "_policytl" ]]; then
  _policytl "$@"
else
  compdef _policytl policytl
fi
"""

_FISH = """\
complete --command policytl --no-files \\
  --arguments "(env _POLICYTL_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args \\
_TYPER_COMPLETE_ARGS=(commandline -cp) policytl 2>/dev/null)" \\
  --condition "env _POLICYTL_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args \\
_TYPER_COMPLETE_ARGS=(commandline -cp) policytl 2>/dev/null"
"""

_SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def script(shell: str) -> str:
    """The completion script of ``shell`` (bash, zsh or fish)."""
    return _SCRIPTS[shell]


def shell_from(given: str | None, environ: dict[str, str] | None = None) -> str:
    """The shell named on the command line, else the one $SHELL names; a UsageError
    when neither is bash, zsh or fish."""
    from policytl.model.errors import UsageError

    if given:
        name = given.strip().lower()
        if name not in SHELLS:
            raise UsageError(f"no completion for shell {given!r}; the shells are bash, zsh, fish")
        return name
    env = os.environ if environ is None else environ
    name = os.path.basename(env.get("SHELL", ""))
    if name in SHELLS:
        return name
    raise UsageError(
        "cannot tell which shell to complete for ($SHELL is "
        + (repr(env["SHELL"]) if env.get("SHELL") else "not set")
        + "); name it: --show-completion bash|zsh|fish"
    )


def _home() -> str:
    return os.path.expanduser("~")


def install(shell: str) -> tuple[str, list[str]]:
    """Install the script of ``shell`` for the user: (the file written, the files of
    shell start-up that were changed to load it)."""
    from policytl.files.write import write_atomic

    home = _home()
    changed: list[str] = []
    if shell == "bash":
        path = os.path.join(home, ".bash_completions", f"{PROG}.sh")
        # by ~, which bash expands to $HOME whatever it holds (quotes, $, spaces):
        # a quoted path would break on a HOME with a quote in it
        _append_once(
            os.path.join(home, ".bashrc"), f"source ~/.bash_completions/{PROG}.sh", changed
        )
    elif shell == "zsh":
        path = os.path.join(home, ".zfunc", f"_{PROG}")
        _append_once(
            os.path.join(home, ".zshrc"),
            "fpath+=~/.zfunc; autoload -Uz compinit; compinit",
            changed,
        )
    else:
        config = os.environ.get("XDG_CONFIG_HOME", "")
        base = config if os.path.isabs(config) else os.path.join(home, ".config")
        path = os.path.join(base, "fish", "completions", f"{PROG}.fish")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_atomic(path, script(shell))
    return path, changed


def _append_once(rc: str, line: str, changed: list[str]) -> None:
    try:
        with open(rc, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        text = ""
    if line in text.splitlines():
        return
    with open(rc, "a", encoding="utf-8") as fh:
        fh.write(("" if not text or text.endswith("\n") else "\n") + line + "\n")
    changed.append(rc)


def answer(option: str, shell: str | None) -> int:
    """``policytl --show-completion [SHELL]`` and ``--install-completion [SHELL]``."""
    from policytl.cli.output import message, write_stdout

    name = shell_from(shell)
    if option == "--show-completion":
        write_stdout(script(name))
        return 0
    path, changed = install(name)
    also = f" (and loaded from {', '.join(changed)})" if changed else ""
    message(f"{name} completion installed in {path}{also}; it works in new {name} sessions")
    return 0
