"""Throughput, memory and start-up of the text pipeline, each beside a baseline from the same run.

    python bench/bench_pipeline.py [--mb 12] [--repeat 5] [--before OTHER_TREE/src] [--format assembly]

The input is one long meeting built from real minutes (the corpus's Seoul file when
MINUTES_CORPUS has it, else samples/seoul-full.txt; with --format assembly, the text of the
corpus's 82-page National Assembly PDF, else samples/assembly-multi-item.txt): its cover and
overview, then its turns repeated, each copy's lines marked with a Hangul counter, so that no
line repeats verbatim and no copy looks like a running header (a digit counter would: page
furniture folds digits), then its appendix once.

Every figure is the median of --repeat runs, each in a fresh process, the runs of the trees
interleaved (load on the machine falls on both alike). With --before, each row is measured for
that tree's `src` too and the ratio printed.

Both trees run with their bytecode cached (as an installed package has it), after a warm-up run.

1. `minutes-extract extract BIG -o out.json`: wall time, MB/s and peak RSS (the user's wait), and
   CPU time (user + system: steadier than wall time where other work shares the machine).
2. The library API (`parse_file` + `to_json` + write, warm: one untimed run, then one timed, in a
   fresh process per round, the trees' rounds interleaved): MB/s, and the peak
   traced memory (tracemalloc) of parsing and exporting the bytes, as a multiple of the input;
   the same with the output written turn by turn, as `extract` writes it.
3. A floor: decode + split + one regex per line.
4. Start-up: `extract` on a small sample beside `python -c "import pydantic, typer"` (wall and CPU),
   and beside a program that validates one pydantic model and prints its JSON (pydantic's floor).
   With --instructions (valgrind installed), the same three programs' instructions are counted
   too, once each: a count that other work on the machine does not move (time does, by a
   fifth between runs on a shared 2-core machine), though it leaves out time spent in the kernel.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REFERENCE = "seoul-smart-city-committee-2022-4.txt"
ASSEMBLY_REFERENCE = "national-assembly/na-foreign-2024-07-17-full/minutes.pdf"  # its text: ◯ lines
SMALL = SAMPLES / "seoul-short.txt"
_HANGUL_DIGITS = "가나다라마바사아자차"
# Where the turns begin (a `〈…〉` header or a ◯ speaker line) and where an appendix of
# attendance lists begins (repeated, it would make the rest of the input one appendix).
_TURN = re.compile(r"^(?:〈|[◯○])")
_APPENDIX = re.compile(r"^[◯○]\s*(?:출석|청가|결석|불출석|배석|보고사항|회의록)")

_CLASSIFY = re.compile(
    r"^(?:(?P<header>[〈<＜\u2329].*[〉>＞\u232a])|(?P<nested>\s+[-·]\s)|(?P<bullet>[-·]\s)"
    r"|(?P<section>□\s)|(?P<text>\S))"
)
_WORKER = """
import statistics, sys, time, tracemalloc
from pathlib import Path
from minutes_extract import parse_bytes, parse_file
from minutes_extract.export import to_json
src, out, repeat, memory = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
def run():
    record = parse_file(src)
    out.write_bytes(to_json(record))
run()
times = []
for _ in range(repeat):
    start = time.perf_counter(); run(); times.append(time.perf_counter() - start)
if not memory:
    print(statistics.median(times), 0, 0)
    sys.exit()
data = src.read_bytes()  # traced from here: read_bytes's read(max_size + 1) buffer is never touched
tracemalloc.start(); out.write_bytes(to_json(parse_bytes(data))); peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
try:  # what `extract` does where it can: the output written turn by turn
    from minutes_extract.export.stream import iter_json
except ImportError:  # a tree from before streaming: the output whole
    def iter_json(record):
        yield to_json(record)
tracemalloc.start()
with out.open("wb") as stream:
    for piece in iter_json(parse_bytes(data)):
        stream.write(piece)
streamed = tracemalloc.get_traced_memory()[1]
print(statistics.median(times), peak, streamed)
"""


def counter(number: int) -> str:
    """The copy number in Hangul letters (no digit that furniture detection would fold)."""
    return "".join(_HANGUL_DIGITS[int(d)] for d in str(number))


def build_input(source: Path, target_mb: float) -> bytes:
    """One long meeting: the source's cover and overview, then its turns repeated, each copy's
    lines marked so that no line repeats verbatim (as in a real long session), then the
    source's appendix (attendance lists after the proceedings) once. A PDF source is read as
    `minutes-extract text` prints it."""
    text = (clean_text(source) if source.suffix.lower() == ".pdf"
            else source.read_text(encoding="utf-8"))
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if _TURN.match(line) and "회의개요" not in line)
    end = next((i for i, line in enumerate(lines) if i > first and _APPENDIX.match(line)), len(lines))
    head, body = "\n".join(lines[:first]) + "\n", lines[first:end]
    parts = [head]
    size, copy = len(head.encode()), 0
    while size < target_mb * 1_000_000:
        copy += 1
        mark = counter(copy)
        chunk = "\n".join(f"{line} {mark}" if line.strip() and not line.startswith("〈") else line
                          for line in body) + "\n"
        parts.append(chunk)
        size += len(chunk.encode())
    parts.append("\n".join(lines[end:]))
    return "".join(parts).encode("utf-8")


def clean_text(pdf: Path) -> str:
    """The text the pipeline reads from a PDF (this tree's reader)."""
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "text", str(pdf)],
                          env=env_for(ROOT / "src"), capture_output=True, text=True, check=True)
    return done.stdout


def floor(path: Path) -> int:
    text = path.read_bytes().decode("utf-8")
    match = _CLASSIFY.match
    return sum(1 for line in text.split("\n") if match(line))


_PYCACHE = Path(tempfile.mkdtemp(prefix="bench-pyc-"))


def env_for(src: Path | None) -> dict[str, str]:
    """Bytecode cached (in a folder of the bench's own) as an installed package has it: without
    it, every run would compile our modules again (PYTHONDONTWRITEBYTECODE=1 is common in
    containers) and start-up would measure the compiler."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def timed_process(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def measure(trees: dict[str, Path], src: Path, out: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Each tree's medians: CLI wall and RSS, API seconds and traced peak, start-up."""
    cli = [sys.executable, "-m", "minutes_extract", "extract", str(src), "-o", str(out), "--allow-empty"]
    small = [sys.executable, "-m", "minutes_extract", "extract", str(SMALL)]
    runs: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    for tree in trees.values():  # a warm-up run each: bytecode written, files in the page cache
        timed_process(small, env_for(tree))
    for _ in range(repeat):
        for name, tree in trees.items():  # interleaved: both trees see the same load
            env = env_for(tree)
            row = runs[name]
            out.unlink(missing_ok=True)
            seconds, rss, cpu = timed_process(cli, env)
            row.setdefault("cli_s", []).append(seconds)
            row.setdefault("cli_rss", []).append(rss)
            row.setdefault("cli_cpu", []).append(cpu)
            for _ in range(3):
                seconds, _, cpu = timed_process(small, env)
                row.setdefault("start_s", []).append(seconds)
                row.setdefault("start_cpu", []).append(cpu)
    for round_ in range(repeat):  # the library, interleaved too: one warm run per process and round
        for name, tree in trees.items():
            memory = "1" if round_ == 0 else "0"
            done = subprocess.run([sys.executable, "-c", _WORKER, str(src), str(out), "1", memory],
                                  env=env_for(tree), capture_output=True, text=True, check=True)
            api_s, peak, streamed = done.stdout.split()
            runs[name].setdefault("api_s", []).append(float(api_s))
            if round_ == 0:
                runs[name]["api_peak"], runs[name]["extract_peak"] = [float(peak)], [float(streamed)]
    return {name: {key: statistics.median(values) for key, values in row.items()}
            for name, row in runs.items()}


# What any program that validates one pydantic model and prints its JSON pays before its own
# work: pydantic's lazy `import pydantic` leaves BaseModel (pydantic.main) and the first
# validator (with its plugin look-up through importlib.metadata) to the first model.
_ONE_MODEL = """import typer
from pydantic import BaseModel, Field
class M(BaseModel):
    x: int = Field(ge=1)
print(M(x=1).model_dump_json())"""


def startup_floor(repeat: int, program: str = "import pydantic, typer") -> tuple[float, float]:
    """Wall and CPU seconds of a Python program (by default: importing pydantic and typer)."""
    cmd = [sys.executable, "-c", program]
    timed_process(cmd, env_for(None))  # warm-up: bytecode cached as for the trees
    runs = [timed_process(cmd, env_for(None)) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[2] for r in runs)


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions one run of `cmd` executes, counted by valgrind (hash seed fixed)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                          env={**env, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {' '.join(cmd)}")
    return int(found.group(1))


def report_instructions(trees: dict[str, Path]) -> None:
    """Start-up in instructions: the import, the one-model program, `extract` of each tree."""
    small = [sys.executable, "-m", "minutes_extract", "extract", str(SMALL)]
    for tree in trees.values():
        timed_process(small, env_for(tree))  # bytecode written before counting
    base = instructions([sys.executable, "-c", "import pydantic, typer"], env_for(None))
    model = instructions([sys.executable, "-c", _ONE_MODEL], env_for(None))
    print(f"{'instructions: import pydantic, typer':<46}{base / 1e6:>12.0f} M")
    print(f"{'instructions: one-model program':<46}{model / 1e6:>12.0f} M   = {model / base:.2f}× the import")
    for name, tree in trees.items():
        count = instructions(small, env_for(tree))
        print(f"{'instructions: extract, ' + name:<46}{count / 1e6:>12.0f} M   = {count / base:.2f}× the "
              f"import (target ≤ 1.8×), {count / model:.2f}× the one-model program")


def report(results: dict[str, dict[str, float]], mb: float, t_floor: float,
           t_import: tuple[float, float], t_model: tuple[float, float]) -> None:
    names = list(results)
    print(f"{'measure':<46}" + "".join(f"{n:>14}" for n in names) + ("     ratio" if len(names) == 2 else ""))

    def row(label: str, key: str, fmt: str, scale: float = 1.0, invert: bool = False) -> None:
        values = [results[n][key] for n in names]
        shown = [(mb / v if invert else v / scale) for v in values]
        line = f"{label:<46}" + "".join(f"{format(v, fmt):>14}" for v in shown)
        if len(names) == 2:
            line += f"{shown[1] / shown[0]:>9.2f}×"
        print(line)

    row("extract → JSON file: wall s", "cli_s", ".2f")
    row("extract → JSON file: MB/s", "cli_s", ".2f", invert=True)
    row("extract → JSON file: CPU s (user + system)", "cli_cpu", ".2f")
    row("extract → JSON file: MB per CPU second", "cli_cpu", ".2f", invert=True)
    row("extract: peak RSS, MB", "cli_rss", ".0f", 1e6)
    row("library parse_file+to_json: MB/s (warm)", "api_s", ".2f", invert=True)
    row("library: peak traced memory, MB", "api_peak", ".0f", 1e6)
    row("library: peak traced memory ÷ input", "api_peak", ".1f", mb * 1e6)
    row("extract's way (output streamed): traced ÷ input", "extract_peak", ".1f", mb * 1e6)
    row(f"start-up: extract {SMALL.name}, s", "start_s", ".3f")
    row(f"start-up: extract {SMALL.name}, CPU s", "start_cpu", ".3f")
    print(f"{'floor: decode + split + 1 regex/line, MB/s':<46}{mb / t_floor:>14.1f}")
    wall, cpu = t_import
    label = 'python -c "import pydantic, typer", s'
    print(f"{label:<46}{wall:>14.3f}")
    print(f"{'  the same, CPU s':<46}{cpu:>14.3f}")
    print(f"{'one pydantic model validated + dumped, s':<46}{t_model[0]:>14.3f}"
          f"   = {t_model[0] / wall:.2f}× the import (pydantic's own floor)")
    for name in names:
        print(f"{name}: extract = {results[name]['start_s'] / wall:.2f}× the import of pydantic+typer "
              f"({results[name]['start_cpu'] / cpu:.2f}× in CPU time; target ≤ 1.8×), "
              f"{results[name]['start_s'] / t_model[0]:.2f}× the one-model program; "
              f"extract MB/s = {t_floor / results[name]['cli_s']:.0%} of the floor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=12.0, help="input size in MB (default 12)")
    parser.add_argument("--source", type=Path, help="minutes file (text or PDF) whose turns are "
                        "repeated (default: see --format)")
    parser.add_argument("--format", choices=("seoul", "assembly"), default="seoul",
                        help="which format's minutes the default input is built from: seoul (the "
                        "corpus's Seoul text, the target's bench) or assembly (the text of the "
                        "corpus's 82-page National Assembly PDF)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is kept")
    parser.add_argument("--before", type=Path, help="another tree's src/ to measure beside this one")
    parser.add_argument("--instructions", action="store_true", help="also count start-up's "
                        "instructions with valgrind (steady where time is not)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind")
    corpus = Path(os.environ.get("MINUTES_CORPUS", str(ROOT.parent / "shared" / "corpus")))
    if args.format == "assembly":
        default = corpus / ASSEMBLY_REFERENCE
        default = default if default.is_file() else SAMPLES / "assembly-multi-item.txt"
    else:
        default = corpus / REFERENCE if (corpus / REFERENCE).is_file() else SAMPLES / "seoul-full.txt"
    source = args.source or default
    trees = {"before": args.before.resolve()} if args.before else {}
    trees["this tree"] = ROOT / "src"
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "large.txt", Path(tmp) / "large.json"
        src.write_bytes(build_input(source, args.mb))
        mb = src.stat().st_size / 1_000_000
        load = os.getloadavg()[0]
        print(f"input: {mb:.1f} MB built from {source.name}; {os.cpu_count()} CPUs, load average {load:.2f}; "
              f"medians of {args.repeat} runs")
        t_floor = statistics.median(_timed(floor, src) for _ in range(args.repeat))
        t_import = startup_floor(3 * args.repeat)
        t_model = startup_floor(3 * args.repeat, _ONE_MODEL)
        results = measure(trees, src, out, args.repeat)
        print(f"JSON output {out.stat().st_size / 1e6:.1f} MB; load average after: {os.getloadavg()[0]:.2f}")
    try:
        report(results, mb, t_floor, t_import, t_model)
        if args.instructions:
            report_instructions(trees)
    finally:
        shutil.rmtree(_PYCACHE, ignore_errors=True)


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
