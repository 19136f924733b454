"""Shell completion (issue 15): bash, zsh and fish, each run by the shell itself.

The scripts are printed and installed by the installed command; each shell then runs
its completion function on a command line (bash: the function with COMP_WORDS, as
readline calls it; zsh: compinit loads the installed file, and the function is run
with _arguments recording what it offers; fish: ``complete -C``). zsh and fish come
from Debian in CI (.ci/run); locally, their tests skip when they are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytl.load.loader import load_timeline
from policytl.model.records import Lang

from ..conftest import child_env, invoke
from ..ptyrun import run_in_pty

BIN = str(Path(sys.executable).parent)  # where pip installed the policytl command


def _need(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{shell} is not installed (.ci/run installs it)")
        pytest.skip(f"{shell} is not installed (run .ci/run, or apt-get install {shell})")
    return path


def _env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in child_env().items()
        if not k.startswith(("POLICYTL_", "_POLICYTL", "BASH_", "ZDOTDIR", "XDG_"))
    }
    env.update(
        PATH=BIN + os.pathsep + env.get("PATH", ""),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
    )
    return env


def _shell(argv: list[str], home: Path) -> list[str]:
    proc = subprocess.run(
        argv, capture_output=True, text=True, env=_env(home), timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def _bash(words: list[str], home: Path, setup: str) -> list[str]:
    quoted = " ".join(f"'{w}'" for w in words)
    code = (
        f"{setup}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_policytl_completion policytl\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    return [line for line in _shell([_need("bash"), "--norc", "-c", code], home) if line]


def _zsh(words: list[str], home: Path, setup: str) -> list[str]:
    quoted = " ".join(f"'{w}'" for w in words)
    code = (
        f"{setup}\n"
        "[[ $_comps[policytl] == _policytl ]] || { print -u2 'not registered'; exit 3 }\n"
        '_arguments() { print -rl -- "$@" }\n'
        f"words=({quoted}); CURRENT={len(words)}\n"
        "_policytl\n"
    )
    out = _shell([_need("zsh"), "-f", "-c", code], home)
    # _arguments '*: :(("a" "b" ...))' or with descriptions ("a":"help")
    spec = "\n".join(out)
    inner = spec.split(":((", 1)[1].rsplit("))", 1)[0]
    import shlex

    return [w.split(":", 1)[0] if '":"' not in w else w for w in shlex.split(inner)]


def _fish(words: list[str], home: Path, setup: str) -> list[str]:
    line = " ".join(words)
    code = f"{setup}\ncomplete -C '{line}'"
    return [out.split("\t")[0] for out in _shell([_need("fish"), "-c", code], home)]


RUNNERS = {"bash": _bash, "zsh": _zsh, "fish": _fish}
SOURCED = {
    "bash": "source <(policytl --show-completion bash)",
    "zsh": 'autoload -Uz compinit; compinit -u -D; eval "$(policytl --show-completion zsh)"',
    "fish": "policytl --show-completion fish | source",
}
INSTALLED = {
    "bash": "source ~/.bashrc",
    "zsh": "source ~/.zshrc",
    "fish": "",  # fish loads ~/.config/fish/completions/ by itself
}


def _sides(prefix: str) -> list[str]:
    tl = load_timeline()
    words = {t for e in tl.events for t in e.tags}
    for j in tl.jurisdictions.values():
        words |= {j.code, j.name.get(Lang.ZH), *(a.name for a in j.aliases)}
    for b in tl.bodies.values():
        words |= {b.id, b.name.get(Lang.ZH), *(a.name for a in b.aliases)}
        if b.short is not None:
            words.add(b.short.get(Lang.ZH))
    return sorted(w for w in words if w.casefold().startswith(prefix) and " " not in w)


CASES = [
    (["policytl", "compare", "北"], _sides("北")),
    (["policytl", "compare", "CN-BJ", "中"], _sides("中")),
    (["policytl", "compare", "fun"], _sides("fun")),
    (["policytl", "show", "--body", "p"], ["pboc"]),
    (["policytl", "show", "--jurisdiction", "CN"], ["CN", "CN-BJ"]),
    (["policytl", "stats", "--kind", "fund-l"], ["fund-launched"]),
]


def test_the_expected_sides_hold_chinese_names() -> None:
    assert "北京市" in _sides("北") and "中国" in _sides("中")


@pytest.mark.parametrize("shell", sorted(RUNNERS))
@pytest.mark.parametrize(("words", "expected"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_each_shell_completes_from_the_data(
    shell: str, words: list[str], expected: list[str], tmp_path: Path
) -> None:
    got = RUNNERS[shell](words, tmp_path, SOURCED[shell])
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize("shell", sorted(RUNNERS))
def test_each_shell_completes_commands(shell: str, tmp_path: Path) -> None:
    got = RUNNERS[shell](["policytl", "st"], tmp_path, SOURCED[shell])
    assert sorted(g.split(":")[0].strip('"') for g in got) == ["stats", "status"]


@pytest.mark.parametrize("shell", sorted(RUNNERS))
def test_install_completion_installs_that_shells_script(shell: str, tmp_path: Path) -> None:
    _need(shell)
    env = _env(tmp_path)
    for _ in range(2):  # twice: the start-up files are changed once
        proc = subprocess.run(
            [BIN + "/policytl", "--install-completion", shell],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr
    assert proc.stderr.startswith(f"policytl: {shell} completion installed in ")
    if shell == "bash":
        script = tmp_path / ".bash_completions" / "policytl.sh"
        rc = (tmp_path / ".bashrc").read_text(encoding="utf-8")
        assert rc == "source ~/.bash_completions/policytl.sh\n"
    elif shell == "zsh":
        script = tmp_path / ".zfunc" / "_policytl"
        rc = (tmp_path / ".zshrc").read_text(encoding="utf-8")
        assert rc == "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
    else:
        script = tmp_path / ".config" / "fish" / "completions" / "policytl.fish"
    assert script.read_text(encoding="utf-8") == invoke(["--show-completion", shell]).stdout
    got = RUNNERS[shell](["policytl", "compare", "北"], tmp_path, INSTALLED[shell])
    assert sorted(got) == _sides("北")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_named_shells_script(shell: str) -> None:
    # the shell named wins over $SHELL, whatever shell runs policytl
    result = invoke(["--show-completion", shell], {"SHELL": "/bin/bash"})
    assert result.exit_code == 0
    first = {"bash": "_policytl_completion() {", "zsh": "#compdef policytl"}
    assert result.stdout.splitlines()[0] == first.get(
        shell, "complete --command policytl --no-files \\"
    )
    assert invoke(["--show-completion"], {"SHELL": f"/usr/bin/{shell}"}).stdout == result.stdout


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = invoke(["--show-completion", "tcsh"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "policytl: error: no completion for shell 'tcsh'; the shells are bash, zsh, fish\n",
    )
    result = invoke(["--install-completion"], {"SHELL": "/bin/tcsh"})
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: cannot tell which shell to complete for ($SHELL is '/bin/tcsh'); "
        "name it: --show-completion bash|zsh|fish\n"
    )


def test_bash_completes_in_a_terminal(tmp_path: Path) -> None:
    """Readline itself, in a pseudo-terminal: two tabs list compare's sides."""
    bash = _need("bash")
    env = _env(tmp_path)
    env.update(PS1="$ ", LANG="C.UTF-8")
    run = run_in_pty(
        [bash, "--norc", "--noprofile", "-i"],
        env=env,
        keys=[
            ("$ ", "source <(policytl --show-completion bash)\n"),
            ("$ ", "policytl compare 北京市\t\t"),
            ("北京市金融工作局", "\x15exit\n"),
        ],
        timeout=60,
    )
    for side in ("北京市发展和改革委员会", "北京市发改委", "北京市金融工作局"):
        assert side in run.text


# --- a HOME with characters the shells treat specially (issue 21) --------------------------

SPECIAL_HOMES = ["it's", 'say "hi"', "a $HOME `x` b", "semi;colon & amp", "back\\slash"]


@pytest.mark.parametrize("name", SPECIAL_HOMES)
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_under_a_special_home_starts_every_new_shell(
    shell: str, name: str, tmp_path: Path
) -> None:
    import shutil
    import subprocess
    import sys

    from ..conftest import child_env

    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    home = tmp_path / name
    home.mkdir()
    env = child_env(HOME=str(home), XDG_CONFIG_HOME=None, SHELL=f"/bin/{shell}")
    run = subprocess.run(
        [sys.executable, "-m", "policytl", "--install-completion", shell],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    check = {
        "bash": ["bash", "-i", "-c", "complete -p policytl"],
        "zsh": ["zsh", "-i", "-c", "print -r -- ${_comps[policytl]}"],
        "fish": ["fish", "-c", "complete -C 'policytl ' >/dev/null; echo policytl"],
    }[shell]
    started = subprocess.run(
        check, capture_output=True, text=True, check=False, env=env, timeout=60, cwd=home
    )
    assert started.returncode == 0, started.stderr
    assert "policytl" in started.stdout or (shell == "zsh" and started.stdout.strip())
    assert "No such file" not in started.stderr and "unexpected" not in started.stderr
    assert "policytl" not in started.stderr
