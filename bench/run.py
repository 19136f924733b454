"""Benchmark whole `policytl` commands against baselines measured in the same run.

    python bench/run.py                          # sizes 1k,10k,100k; 5 runs (1 for the slow ones)
    python bench/run.py --sizes 1k,10k --runs 7
    python bench/run.py --sizes 200 --runs 1     # a quick smoke run

Every measurement is a fresh process (the installed ``policytl`` console script
beside this Python, else ``python -m policytl``), timed from spawn to exit;
runs are interleaved round-robin so that baselines and commands share the
machine's noise, and the median is reported. Baselines:

* ``python -c pass``;
* ``python -c "import typer, rich.console, rich.table, yaml"`` (the start-up baseline);
* a bare ``yaml.load(..., Loader=CSafeLoader)`` of each YAML file;
* a bare ``json.loads`` of the same data as JSON;
* the terminal view at 80 columns, for the view at 160 (both on a pseudo-terminal,
  as in a terminal window, colour on, pager off);
* optionally Markwhen's own parser (``@markwhen/parser`` on Node) on the same
  events as Markwhen text: ``npm install --prefix bench`` once; skipped with a
  note when node or the package is missing.

Data comes from bench/generate.py (made on first use, seeded, identical run to
run) in bench/data/. The parsed-data cache is a temporary folder
(POLICYTL_CACHE_DIR) created for the run and removed after it. Nothing is
installed at run time. Prints a Markdown table (also written with --out).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, beside this file)
import verify_corpus  # noqa: E402  (bench/verify_corpus.py)

BODY = "bj-drc"  # a body of the synthetic registry, for --body
AS_OF = "2020-07-01"  # the day status and upcoming read the synthetic data on
CHAIN = 10_000  # relations in the chain that trace follows
QUERY = ["--since", "2019", "--body", BODY]


@dataclass
class Sample:
    seconds: float
    first_line: float | None
    maxrss_kb: int
    returncode: int
    stdout: bytes
    stderr: bytes
    #: CPU seconds of the process (user + system): steadier than wall time on a busy machine
    cpu: float = 0.0


def run_once(argv: list[str], env: dict[str, str]) -> Sample:
    """Run argv to completion: wall time, time to the first stdout line, peak RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    t_first = time.perf_counter() - t0 if first.endswith(b"\n") else None
    # stderr is small; read stdout to the end first so the child never blocks on it
    rest = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    return Sample(seconds, t_first, usage.ru_maxrss, proc.returncode, first + rest, err)


#: lines of a screen: the first screen is out when this many lines have arrived
SCREEN_LINES = 50


def run_pty(argv: list[str], env: dict[str, str], columns: int, rows: int = 50) -> Sample:
    """Run argv with stdout on a pseudo-terminal ``columns`` x ``rows`` (as in a terminal
    window): wall time, time until a first screen of lines arrived, peak RSS."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=env
    )
    os.close(slave)
    assert proc.stderr is not None
    chunks: list[bytes] = []
    lines = 0
    t_first: float | None = None
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
        if t_first is None:
            lines += data.count(b"\n")
            if lines >= SCREEN_LINES:
                t_first = time.perf_counter() - t0
    os.close(master)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, t_first, usage.ru_maxrss, proc.returncode, b"".join(chunks), err, cpu)


@dataclass
class Case:
    key: str
    label: str
    argv: list[str]
    heavy: bool = False
    expect_rc: int = 0
    samples: list[Sample] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.samples) and all(s.returncode == self.expect_rc for s in self.samples)

    #: the time to report, from a sample (default: the whole process)
    measure: Callable[[Sample], float] = lambda s: s.seconds
    #: run on a pseudo-terminal this many columns wide (None: stdout is a pipe)
    pty_columns: int | None = None
    #: $COLUMNS of a piped run (None: the bench's default, 100)
    columns: int | None = None

    def run(self, env: dict[str, str]) -> Sample:
        if self.pty_columns is None:
            if self.columns is not None:
                env = {**env, "COLUMNS": str(self.columns)}
            return run_once(self.argv, env)
        return run_pty(self.argv, {**env, "COLUMNS": str(self.pty_columns)}, self.pty_columns)

    @property
    def median(self) -> float:
        return statistics.median(self.measure(s) for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def first_line(self) -> float | None:
        firsts = [s.first_line for s in self.samples if s.first_line is not None]
        return statistics.median(firsts) if firsts else None


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def policytl_argv() -> list[str]:
    script = Path(sys.executable).with_name("policytl")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "policytl"]


def commands(cmd: list[str], env: dict[str, str]) -> set[str]:
    """The subcommands this policytl has (show and export may not be merged yet)."""
    out = subprocess.run([*cmd, "--help"], capture_output=True, env=env, check=False).stdout
    names = set()
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.strip().strip("│").split()
        if parts and parts[0].isidentifier():
            names.add(parts[0])
    return names


def no_pager(cmd: list[str], env: dict[str, str]) -> list[str]:
    """``--no-pager`` when this policytl's show has it (a terminal would page)."""
    out = subprocess.run([*cmd, "show", "--help"], capture_output=True, env=env, check=False)
    return ["--no-pager"] if b"--no-pager" in out.stdout else []


def py(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


YAML_LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
JSON_LOAD = "import sys, json; json.loads(open(sys.argv[1], 'rb').read())"
LIB_FIRST_LOAD = (
    "import sys; from policytl.load.loader import load_timeline; "
    "load_timeline([sys.argv[1]], cache=False)"
)
# What `show --since 2019 --body X --format json` does, through the library (a stand-in
# until the show command is merged): load through the cache, select, print JSON.
LIB_QUERY = (
    "import sys, json; from policytl.cli.data import load_data; from policytl.analyze.query import "
    "Filters, select\n"
    "tl = load_data([sys.argv[1]])\n"
    f"ev = select(tl, Filters(since='2019', bodies=({BODY!r},)))\n"
    "sys.stdout.write(json.dumps([e.to_json() for e in ev], ensure_ascii=False, indent=2))\n"
)
# Memory of a loaded timeline: RSS growth across the load (after a collection),
# printed as JSON; the parent adds the peak RSS of the process.
MEMORY = (
    "import gc, json, os, sys\n"
    "from policytl.load.loader import load_timeline\n"
    "def rss():\n"
    "    with open('/proc/self/statm') as f:\n"
    "        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')\n"
    "gc.collect(); before = rss()\n"
    "tl = load_timeline([sys.argv[1]], cache=sys.argv[2] == 'cache')\n"
    "gc.collect(); after = rss()\n"
    "with open('/proc/self/status') as f:\n"
    "    peak = next(int(x.split()[1]) * 1024 for x in f if x.startswith('VmHWM:'))\n"
    "print(json.dumps({'retained': after - before, 'peak': peak, 'events': len(tl.events)}))\n"
)


def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f} s"


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cases: dict[str, Case] = {}
        self.notes: list[str] = []
        self.rows: list[list[str]] = []
        self.cache_dir = Path(tempfile.mkdtemp(prefix="policytl-bench-cache-"))
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("POLICYTL_") and k not in ("FORCE_COLOR", "COLUMNS")
        }
        self.env.update(
            {"POLICYTL_CACHE_DIR": str(self.cache_dir), "NO_COLOR": "1", "COLUMNS": "100"}
        )
        self.cmd = policytl_argv()
        self.have = commands(self.cmd, self.env)
        self.no_pager = no_pager(self.cmd, self.env)
        self.files: dict[str, dict[str, Path]] = {}
        #: the chain file of the trace rows (made in setup)
        self.chain: str | None = None

    def add(self, case: Case) -> Case:
        only = self.args.only
        if only and not case.key.startswith(tuple(only)):
            return case  # --only: measured only the cases asked for
        self.cases[case.key] = case
        return case

    def setup(self) -> None:
        a = self.args
        # Made in a child process, so that this process stays small: a child's peak
        # RSS as the kernel counts it can include the parent's at fork time.
        make = [sys.executable, str(HERE / "generate.py"), "--sizes", ",".join(a.sizes)]
        subprocess.run([*make, "--out", str(a.data_dir)], check=True, stdout=subprocess.DEVNULL)
        for label in a.sizes:
            self.files[label] = generate.paths(label, a.data_dir)
        cmd = self.cmd
        self.add(Case("pass", "`python -c pass`", py("pass")))
        self.add(
            Case(
                "import",
                'baseline: `python -c "import typer, rich.console, rich.table, yaml"`',
                py("import typer, rich.console, rich.table, yaml"),
            )
        )
        self.add(Case("version", "`policytl --version`", [*cmd, "--version"]))
        # The start-up budget of issue 20: the two common commands on the embedded set,
        # piped, at 80 and 160 columns.
        for cols in (80, 160):
            for name, args in (("show", ["--since", "2016"]), ("export", ["--format", "json"])):
                if name not in self.have:
                    self.notes.append(
                        f"`{name}` is not in this policytl: its start-up rows are skipped."
                    )
                    continue
                self.add(
                    Case(
                        f"start:{name}{cols}",
                        f"`policytl {name} {' '.join(args)}` (embedded, piped, {cols} columns)",
                        [*cmd, name, *args],
                        columns=cols,
                    )
                )
        self.add(Case("validate-embedded", "`policytl validate` (embedded)", [*cmd, "validate"]))
        self.add(
            Case(
                "lib-embedded",
                "library: `load_timeline()` of the embedded set (cache warm)",
                py("from policytl.load.loader import load_timeline; load_timeline()"),
            )
        )
        self.trace_cases()
        markwhen = self.markwhen_argv()
        for label in a.sizes:
            f = self.files[label]
            heavy = generate.size_of(label) >= a.heavy_from
            y, j = str(f["yaml"]), str(f["json"])
            self.add(
                Case(
                    f"yaml:{label}",
                    f"bare `yaml.load` (CSafeLoader), {label}",
                    py(YAML_LOAD, y),
                    heavy,
                )
            )
            self.add(Case(f"json:{label}", f"bare `json.loads`, {label}", py(JSON_LOAD, j), heavy))
            if markwhen is not None:
                self.add(
                    Case(
                        f"mw:{label}",
                        f"Markwhen's parser, in-process on Node (parse only), {label}",
                        [*markwhen, str(f["mw"])],
                        heavy,
                        measure=lambda s: float(json.loads(s.stdout)["seconds"]),
                    )
                )
            if "show" in self.have:
                first = [*cmd, "show", "--no-cache", "--data", y, *QUERY, "--format", "json"]
                warm = [*cmd, "show", "--data", y, *QUERY, "--format", "json"]
                self.add(
                    Case(
                        f"first:{label}",
                        f"first load `show --no-cache ... --format json`, {label}",
                        first,
                        heavy,
                    )
                )
                self.add(
                    Case(
                        f"warm:{label}",
                        f"`show --since 2019 --body {BODY} --format json`, cache warm, {label}",
                        warm,
                    )
                )
                self.add(
                    Case(
                        f"view:{label}",
                        f"`show` terminal view to a pipe, cache warm, {label}",
                        [*cmd, "show", "--data", y],
                        heavy,
                    )
                )
                for cols in (160, 80):
                    self.add(
                        Case(
                            f"tty{cols}:{label}",
                            f"`show` in a terminal at {cols} columns (pty, colour, no pager), "
                            f"cache warm, {label}",
                            [*cmd, "show", "--data", y, *self.no_pager],
                            heavy or (cols == 80 and generate.size_of(label) >= 100_000),
                            pty_columns=cols,
                        )
                    )
            else:
                self.add(
                    Case(
                        f"first:{label}",
                        f"first load (*library*, no cache), {label}",
                        py(LIB_FIRST_LOAD, y),
                        heavy,
                    )
                )
                self.add(
                    Case(
                        f"warm:{label}",
                        f"query `--since 2019 --body {BODY}` to JSON (*library*), "
                        f"cache warm, {label}",
                        py(LIB_QUERY, y),
                    )
                )
            if "status" in self.have:
                self.lifecycle_cases(label, y, heavy)
            if "diffuse" in self.have:
                self.diffuse_cases(label, y, heavy)
            self.add(
                Case(
                    f"validate:{label}",
                    f"`policytl validate`, {label}",
                    [*cmd, "validate", y],
                    heavy,
                )
            )
            if "import" in self.have:
                self.import_cases(label, heavy)
            if "verify" in self.have:
                self.verify_cases(label, heavy)
            self.table_cases(label, y, heavy)
            self.add(
                Case(
                    f"mem:{label}",
                    f"memory of the loaded timeline, cache warm, {label}",
                    py(MEMORY, y, "cache"),
                )
            )
            self.add(
                Case(
                    f"memcold:{label}",
                    f"memory of the loaded timeline, first load, {label}",
                    py(MEMORY, y, "nocache"),
                    heavy,
                )
            )

    def import_cases(self, label: str, heavy: bool) -> None:
        """`policytl import` of the size's events as policytl's own CSV export (to
        stdout), against `validate` of the YAML that import writes (issue 23: <= 2x)."""
        keys = (f"import:{label}", f"import-validate:{label}")
        only = self.args.only
        if only and not any(k.startswith(tuple(only)) for k in keys):
            return
        y = str(self.files[label]["yaml"])
        csv_path = self.args.data_dir / f"synthetic-{label}.export.csv"
        imported = self.args.data_dir / f"synthetic-{label}.imported.yaml"
        with csv_path.open("wb") as out:
            subprocess.run(
                [*self.cmd, "export", "-f", "csv", "--data", y],
                stdout=out,
                env=self.env,
                check=True,
            )
        imported.unlink(missing_ok=True)
        subprocess.run(
            [*self.cmd, "import", str(csv_path), "-o", str(imported)],
            env=self.env,
            check=True,
            capture_output=True,
        )
        self.add(
            Case(
                keys[0],
                f"`policytl import` of a CSV export, to stdout, {label}",
                [*self.cmd, "import", str(csv_path)],
                heavy,
            )
        )
        self.add(
            Case(
                keys[1],
                f"`policytl validate` of the YAML import wrote, {label}",
                [*self.cmd, "validate", str(imported)],
                heavy,
            )
        )

    def show_json_case(self, key: str, label: str, y: str, heavy: bool) -> None:
        """The baseline of the lifecycle and diffusion rows: a warm `show -f json`."""
        self.add(
            Case(
                key,
                f"`show --format json` (every event), cache warm, {label}",
                [*self.cmd, "show", "--data", y, "--format", "json"],
                heavy,
            )
        )

    def verify_cases(self, label: str, heavy: bool) -> None:
        """`policytl verify` of N quotes against N/5 archived HTML pages (issue 25: 1,000
        quotes against 200 pages in at most 5 s); one quote in a hundred is not found."""
        key = f"verify:{label}"
        only = self.args.only
        n = generate.size_of(label)
        if (only and not key.startswith(tuple(only))) or n > 10_000:
            return
        out = self.args.data_dir / f"verify-{label}"
        timeline = out / "timeline.yaml"
        if not timeline.exists():
            verify_corpus.write(out, n, max(n // 5, 1))
        self.add(
            Case(
                key,
                f"`policytl verify`, {n:,} quotes against {max(n // 5, 1):,} archived pages",
                [*self.cmd, "verify", str(timeline)],
                heavy,
                expect_rc=1 if n > 7 else 0,  # quote 7 (and one in a hundred) is not found
            )
        )

    def table_cases(self, label: str, y: str, heavy: bool) -> None:
        """`export -f sqlite` and `-f datapackage` against `export -f csv` of the same
        file, each written with -o (issue 26: sqlite <= 2x csv)."""
        out = self.args.data_dir
        for fmt, target in (
            ("csv", f"synthetic-{label}.export-o.csv"),
            ("sqlite", f"synthetic-{label}.export-o.db"),
            ("datapackage", f"synthetic-{label}.export-o.package"),
        ):
            self.add(
                Case(
                    f"tables-{fmt}:{label}",
                    f"`export -f {fmt} -o FILE`, cache warm, {label}",
                    [*self.cmd, "export", "-f", fmt, "--data", y, "-o", str(out / target)],
                    heavy,
                )
            )

    def lifecycle_cases(self, label: str, y: str, heavy: bool) -> None:
        """status and upcoming (JSON, against a warm `show -f json` of the whole file, and
        the terminal views to a pipe) on the generated file."""
        cmd = self.cmd
        self.show_json_case(f"life-show:{label}", label, y, heavy)
        for name in ("status", "upcoming"):
            run = [*cmd, name, "--data", y, "--as-of", AS_OF]
            self.add(
                Case(
                    f"life-{name}:{label}",
                    f"`{name} --as-of {AS_OF} --format json`, cache warm, {label}",
                    [*run, "--format", "json"],
                    heavy,
                )
            )
            self.add(
                Case(
                    f"life-{name}-view:{label}",
                    f"`{name} --as-of {AS_OF}` terminal view to a pipe, cache warm, {label}",
                    run,
                    heavy,
                )
            )

    def diffuse_cases(self, label: str, y: str, heavy: bool) -> None:
        """diffuse (JSON, and the terminal view to a pipe) of the blockchain tag across the
        provinces of the generated file, against a warm `show -f json` of the whole file
        (issue 26)."""
        cmd = self.cmd
        self.show_json_case(f"diffuse-show:{label}", label, y, heavy)
        run = [*cmd, "diffuse", "--data", y, "--tag", "blockchain", "--parent", "CN"]
        self.add(
            Case(
                f"diffuse:{label}",
                f"`diffuse --tag blockchain --parent CN --format json`, cache warm, {label}",
                [*run, "--format", "json"],
                heavy,
            )
        )
        self.add(
            Case(
                f"diffuse-view:{label}",
                f"`diffuse --tag blockchain --parent CN` terminal view to a pipe, cache warm, "
                f"{label}",
                run,
                heavy,
            )
        )

    def trace_cases(self) -> None:
        """trace on a chain of CHAIN relations, both ways, JSON and the terminal view."""
        if "trace" not in self.have:
            return
        path = str(generate.write_chain(CHAIN, self.args.data_dir))
        self.chain = path
        end = f"link-{CHAIN}"
        for key, args, what in (
            ("life-trace", ["link-0", "--down", "--format", "json"], "--down --format json"),
            ("life-trace-up", [end, "--up", "--format", "json"], "--up --format json"),
            ("life-trace-view", ["link-0", "--down"], "--down, terminal view to a pipe"),
        ):
            self.add(
                Case(
                    f"{key}:{CHAIN}",
                    f"`trace` {what}, a chain {CHAIN:,} relations deep, cache warm",
                    [*self.cmd, "trace", *args, "--data", path],
                )
            )

    def markwhen_argv(self) -> list[str] | None:
        node = shutil.which("node")
        script = HERE / "markwhen_parse.mjs"
        if self.args.no_markwhen:
            self.notes.append("Markwhen comparison skipped (--no-markwhen).")
            return None
        if node is None or not (HERE / "node_modules" / "@markwhen" / "parser").is_dir():
            self.notes.append(
                "Markwhen comparison skipped: needs node and `npm install --prefix bench` "
                "(installs @markwhen/parser into bench/node_modules)."
            )
            return None
        # Markwhen's parser spreads every line into one call (lines.push(...)), which
        # overflows V8's default stack at 100k events: give it a larger one.
        return [node, "--stack-size=50000", str(script)]

    def env_for(self, case: Case) -> dict[str, str]:
        """The environment of a case: a terminal's (colour on) for the pty cases."""
        if case.pty_columns is None:
            return self.env
        env = {k: v for k, v in self.env.items() if k != "NO_COLOR"}
        env["TERM"] = "xterm-256color"
        return env

    def prime(self) -> None:
        """Fill the cache for every size (so 'cache warm' rows are warm)."""
        for label in self.args.sizes:
            if "show" in self.have:
                path = str(self.files[label]["yaml"])
                run_once([*self.cmd, "show", "--data", path, *QUERY, "--format", "json"], self.env)
        if self.chain is not None:
            run_once([*self.cmd, "show", "--data", self.chain, "--format", "json"], self.env)

    def measure(self) -> None:
        a = self.args
        self.prime()
        for i in range(max(a.runs, a.heavy_runs)):
            for case in self.cases.values():
                limit = a.heavy_runs if case.heavy else a.runs
                if i < limit:
                    case.samples.append(case.run(self.env_for(case)))
                    s = case.samples[-1]
                    if s.returncode != case.expect_rc:
                        case.note = (
                            f"exit {s.returncode}: "
                            + s.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
                            if s.stderr.strip()
                            else f"exit {s.returncode}"
                        )
            if a.verbose:
                sys.stderr.write(f"round {i + 1} done\n")

    # --- the table ------------------------------------------------------------------------

    def get(self, key: str) -> Case | None:
        c = self.cases.get(key)
        return c if c is not None and c.samples else None

    def row(self, what: str, value: str, base: str, ratio: str, target: str, result: str) -> None:
        self.rows.append([what, value, base, ratio, target, result])

    def ratio_row(
        self,
        key: str,
        base_key: str,
        limit: float | None,
        target: str,
        *,
        absolute: float | None = None,
    ) -> None:
        c, b = self.get(key), self.get(base_key)
        if c is None:
            return
        if not c.ok:
            self.row(c.label, "failed", "", "", target, f"FAIL ({c.note})")
            return
        if key == base_key:
            b = None
        ratio = c.median / b.median if b is not None and b.ok else None
        verdicts = []
        if limit is not None and ratio is not None:
            verdicts.append(ratio <= limit)
        if absolute is not None:
            verdicts.append(c.median < absolute)
        result = "" if not verdicts else ("pass" if all(verdicts) else "FAIL")
        self.row(
            c.label,
            fmt_s(c.median),
            fmt_s(b.median) if b is not None else "",
            f"{ratio:.2f}x" if ratio is not None else "",
            target,
            result,
        )

    def report(self) -> str:
        a = self.args
        self.rows = []
        self.ratio_row("pass", "import", None, "")
        self.ratio_row("version", "import", 0.6, "<= 0.6x baseline")
        for cols in (80, 160):
            for name in ("show", "export"):
                self.ratio_row(f"start:{name}{cols}", "import", 1.25, "<= 1.25x baseline")
        self.ratio_row("validate-embedded", "import", None, "")
        self.ratio_row("lib-embedded", "pass", None, "")
        for label in a.sizes:
            n = generate.size_of(label)
            self.ratio_row(f"json:{label}", f"json:{label}", None, "")
            self.ratio_row(f"yaml:{label}", f"yaml:{label}", None, "")
            self.ratio_row(f"mw:{label}", f"yaml:{label}", None, "")
            if n == 10_000:
                self.ratio_row(f"first:{label}", f"yaml:{label}", 0.6, "<= 0.6x bare yaml.load")
                self.ratio_row(f"first:{label}", f"mw:{label}", 1.0, "faster than Markwhen")
            else:
                self.ratio_row(f"first:{label}", f"yaml:{label}", None, "")
            self.ratio_row(f"import-validate:{label}", f"import-validate:{label}", None, "")
            self.ratio_row(
                f"import:{label}",
                f"import-validate:{label}",
                2.0 if n == 10_000 else None,
                "<= 2x validate of its YAML" if n == 10_000 else "",
            )
            self.ratio_row(
                f"validate:{label}",
                f"first:{label}",
                2.0 if n == 100_000 else None,
                "same order as a first load (<= 2x)" if n == 100_000 else "",
            )
            if n == 100_000:
                self.ratio_row(
                    f"warm:{label}",
                    f"json:{label}",
                    3.0,
                    "< 2 s and <= 3x json.loads",
                    absolute=2.0,
                )
            else:
                self.ratio_row(f"warm:{label}", f"json:{label}", None, "")
            view = self.get(f"view:{label}")
            if view is not None:
                ok = view.ok
                fl = view.first_line
                target = "< 3 s, first line < 0.5 s" if n == 10_000 else ""
                result = ""
                if target:
                    result = (
                        "pass"
                        if ok and view.median < 3.0 and fl is not None and fl < 0.5
                        else "FAIL"
                    )
                self.row(
                    view.label,
                    f"{fmt_s(view.median)} (first line {fmt_s(fl)})",
                    "",
                    "",
                    target,
                    result,
                )
            self.ratio_row(
                f"verify:{label}",
                f"verify:{label}",
                None,
                "<= 5 s" if n == 1_000 else "",
                absolute=5.0 if n == 1_000 else None,
            )
            self.lifecycle_rows(label)
            self.ratio_row(f"diffuse-show:{label}", f"diffuse-show:{label}", None, "")
            self.ratio_row(
                f"diffuse:{label}", f"diffuse-show:{label}", 1.5, "<= 1.5x `show --format json`"
            )
            self.ratio_row(f"diffuse-view:{label}", f"diffuse-show:{label}", None, "")
            self.ratio_row(f"tables-csv:{label}", f"tables-csv:{label}", None, "")
            self.ratio_row(
                f"tables-sqlite:{label}", f"tables-csv:{label}", 2.0, "<= 2x `export -f csv`"
            )
            self.ratio_row(f"tables-datapackage:{label}", f"tables-csv:{label}", None, "")
            self.terminal_rows(label, n)
            self.memory_rows(label, n)
        for key in ("life-trace", "life-trace-up", "life-trace-view"):
            self.ratio_row(f"{key}:{CHAIN}", f"{key}:{CHAIN}", None, "answers (no RecursionError)")
            c = self.get(f"{key}:{CHAIN}")
            if c is not None and c.ok:
                self.rows[-1][-1] = "pass"
        head = [
            f"Machine: {machine()}.",
            f"policytl: `{' '.join(self.cmd)}`; runs: {a.runs} (slow rows: {a.heavy_runs}); "
            "medians of whole processes, spawn to exit.",
            "Sizes: "
            + "; ".join(
                f"{label}: YAML {p['yaml'].stat().st_size / 1e6:.1f} MB, "
                f"JSON {p['json'].stat().st_size / 1e6:.1f} MB"
                for label, p in self.files.items()
            )
            + ".",
            "",
            "| measurement | median | baseline | ratio | target | result |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        body = ["| " + " | ".join(r) + " |" for r in self.rows]
        tail = [""] + [f"- {n}" for n in self.notes] if self.notes else []
        return "\n".join(head + body + tail) + "\n"

    def lifecycle_rows(self, label: str) -> None:
        """status and upcoming against a warm `show -f json` of the same file (issue 22)."""
        self.ratio_row(f"life-show:{label}", f"life-show:{label}", None, "")
        for name in ("status", "upcoming"):
            self.ratio_row(
                f"life-{name}:{label}", f"life-show:{label}", 1.5, "<= 1.5x `show --format json`"
            )
            self.ratio_row(f"life-{name}-view:{label}", f"life-show:{label}", None, "")

    def terminal_rows(self, label: str, n: int) -> None:
        """The view in a terminal: 160 columns (the wide table) against 80 (compact)."""
        wide, narrow = self.get(f"tty160:{label}"), self.get(f"tty80:{label}")
        for case in (narrow, wide):
            if case is None:
                continue
            if not case.ok:
                self.row(case.label, "failed", "", "", "", f"FAIL ({case.note})")
                continue
            shown = (
                f"{fmt_s(case.median)} (first screen {fmt_s(case.first_line)}; "
                f"CPU {fmt_s(case.cpu)})"
            )
            if case is not wide or n != 10_000:
                self.row(case.label, shown, "", "", "", "")
                continue
            fl = case.first_line
            ok = case.median < 1.5 and fl is not None and fl < 0.3
            self.row(
                case.label, shown, "", "", "< 1.5 s, first screen < 0.3 s", "pass" if ok else "FAIL"
            )
            if narrow is not None and narrow.ok:
                ratio = case.median / narrow.median
                self.row(
                    f"`show` in a terminal, 160 against 80 columns, {label}",
                    fmt_s(case.median),
                    fmt_s(narrow.median),
                    f"{ratio:.2f}x",
                    "<= 1.5x the 80-column view",
                    "pass" if ratio <= 1.5 else "FAIL",
                )

    def memory_rows(self, label: str, n: int) -> None:
        json_size = self.files[label]["json"].stat().st_size
        for key, what in ((f"mem:{label}", "cache warm"), (f"memcold:{label}", "first load")):
            c = self.get(key)
            if c is None:
                continue
            if not c.ok:
                self.row(c.label, "failed", "", "", "", f"FAIL ({c.note})")
                continue
            retained = statistics.median(json.loads(s.stdout)["retained"] for s in c.samples)
            peak = max(json.loads(s.stdout)["peak"] for s in c.samples)
            ratio = retained / json_size
            target = "<= 2x JSON text" if n == 100_000 and what == "cache warm" else ""
            result = ("pass" if ratio <= 2.0 else "FAIL") if target else ""
            self.row(
                f"memory held by the loaded timeline ({what}), {label}; peak RSS",
                f"{retained / 1e6:.0f} MB; peak {peak / 1e6:.0f} MB",
                f"JSON {json_size / 1e6:.0f} MB",
                f"{ratio:.2f}x",
                target,
                result,
            )
            if what == "first load":
                # issue 12: no node tree, so a first load peaks well under 1 GB
                yaml_size = self.files[label]["yaml"].stat().st_size
                target = "< 1 GB" if n == 100_000 else ""
                self.row(
                    f"peak RSS of a first load, {label}",
                    f"{peak / 1e6:.0f} MB",
                    f"YAML {yaml_size / 1e6:.0f} MB",
                    f"{peak / yaml_size:.2f}x",
                    target,
                    ("pass" if peak < 1e9 else "FAIL") if target else "",
                )


def compile_package() -> None:
    """Byte-compile policytl, as `pip install` does for an installed tool.

    An editable install run with PYTHONDONTWRITEBYTECODE=1 (as on CI machines)
    would otherwise compile every module from source on every start.
    """
    import compileall

    import policytl

    compileall.compile_dir(Path(policytl.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1k,10k,100k", help="comma-separated: 1k,10k,100k or N")
    ap.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    ap.add_argument("--heavy-runs", type=int, default=1, help="runs of the slow rows (default 1)")
    ap.add_argument(
        "--heavy-from",
        type=int,
        default=100_000,
        help="sizes from this many events count as slow (default 100000)",
    )
    ap.add_argument("--data-dir", type=Path, default=generate.DEFAULT_OUT)
    ap.add_argument("--no-markwhen", action="store_true", help="skip the Markwhen comparison")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    ap.add_argument(
        "--only",
        default="",
        help="measure only the cases whose key starts with one of these (comma-separated; "
        "e.g. tty for the terminal view, tty,view for every view)",
    )
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    compile_package()
    bench = Bench(args)
    try:
        bench.setup()
        bench.measure()
        table = bench.report()
    finally:
        shutil.rmtree(bench.cache_dir, ignore_errors=True)
    sys.stdout.write(table)
    if args.out is not None:
        args.out.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
