"""`batch --scheduler` (issue 20): chunks run as Dask tasks on a LocalCluster of worker
processes give the same Parquet tables, JSONL and errors as a local run, row for row; a worker
killed mid-run loses and duplicates nothing; a re-run submits only what changed; without dask,
one line and exit 12."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from minutes_extract.batch import BatchOptions, run_batch
from minutes_extract.batch.distributed import FAULT_ENV
from minutes_extract.batch.tables import TABLES
from minutes_extract.errors import InputError
from test_batch import make_archive

distributed = pytest.importorskip("distributed", reason="dask.distributed not installed: pip install "
                                  "'minutes-extract[dask]' to test batch --scheduler")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (extra [parquet])")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """One LocalCluster (processes, 2 workers) for the tests that need no fault: its tcp address."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local.scheduler_address


def _archive(folder: Path) -> list[Path]:
    files = make_archive(folder / "in", copies=3)
    bad = folder / "in" / "part0" / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 20)
    return [*files, bad]


def _run(inputs: list[Path], out: Path, scheduler: str | None = None):
    options = BatchOptions(inputs=tuple(str(p) for p in inputs), out=out, to=("parquet", "jsonl"),
                           workers=2, scheduler=scheduler)
    return run_batch(options)


def _tables(out: Path) -> dict[str, list[tuple]]:
    tables = {}
    for table in TABLES:
        rows = [tuple(row.values()) for part in sorted((out / "parquet" / table.name).glob("*.parquet"))
                for row in pq.read_table(part).to_pylist()]
        tables[table.name] = sorted(rows, key=repr)
    return tables


def _lines(out: Path, whole: str, parts: str) -> list[str]:
    files = [out / whole] if whole and (out / whole).is_file() else sorted((out / parts).glob("part-*.jsonl"))
    return sorted(line for file in files for line in file.read_text(encoding="utf-8").splitlines())


def _same_outputs(local: Path, dask: Path) -> None:
    expected, got = _tables(local), _tables(dask)
    assert sum(map(len, expected.values())) > 100
    for table in TABLES:
        assert got[table.name] == expected[table.name], table.name
    meetings = _lines(local, "meetings.jsonl", "meetings")
    assert _lines(dask, "meetings.jsonl", "meetings") == meetings and len(meetings) == 12
    errors = _lines(local, "errors.jsonl", "errors")
    assert _lines(dask, "errors.jsonl", "errors") == errors and len(errors) == 1


def test_a_cluster_of_two_workers_writes_what_a_local_run_writes(tmp_path: Path, cluster: str) -> None:
    inputs = _archive(tmp_path)
    local = _run(inputs, tmp_path / "local")
    dask = _run(inputs, tmp_path / "dask", scheduler=cluster)
    assert (dask.ok, dask.failed, dask.skipped) == (local.ok, local.failed, 0) == (12, 1, 0)
    assert dask.totals == local.totals and dask.codes == local.codes
    _same_outputs(tmp_path / "local", tmp_path / "dask")


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _archive(tmp_path)
    marker = tmp_path / "killed"
    monkeypatch.setenv(FAULT_ENV, str(marker))  # inherited by the workers LocalCluster starts
    dask = _run(inputs, tmp_path / "dask", scheduler="local:2")
    assert marker.exists()  # a worker did die, holding a chunk
    monkeypatch.delenv(FAULT_ENV)
    _run(inputs, tmp_path / "local")
    assert (dask.ok, dask.failed) == (12, 1)
    _same_outputs(tmp_path / "local", tmp_path / "dask")


def test_a_re_run_submits_only_changed_files(tmp_path: Path, cluster: str) -> None:
    inputs = _archive(tmp_path)
    _run(inputs, tmp_path / "dask", scheduler=cluster)
    again = _run(inputs, tmp_path / "dask", scheduler=cluster)
    assert (again.ok, again.failed, again.skipped) == (0, 0, 13)
    changed = inputs[0]  # seoul-short, whose sitting is "제1차"
    changed.write_text(changed.read_text(encoding="utf-8").replace("제1차", "제9차", 1), encoding="utf-8")
    third = _run(inputs, tmp_path / "dask", scheduler=cluster)
    assert (third.ok, third.failed, third.skipped) == (1, 0, 12)
    _run(inputs, tmp_path / "local")  # a clean run over the inputs as they are now
    _same_outputs(tmp_path / "local", tmp_path / "dask")
    assert any("제9차" in line for line in _lines(tmp_path / "dask", "", "meetings"))


def test_outputs_a_cluster_does_not_write_are_refused(tmp_path: Path) -> None:
    sample = make_archive(tmp_path / "in")[0]
    options = BatchOptions(inputs=(str(sample),), out=tmp_path / "out", to=("jsonl", "csv"), scheduler="local:1")
    with pytest.raises(InputError, match="not csv"):
        run_batch(options)
    assert not (tmp_path / "out").exists()


def test_without_dask_the_option_says_so_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "distributed.py").write_text("raise ImportError('no dask here')\n")
    sample = make_archive(tmp_path / "in")[0]
    env_path = f"{blocker}:{Path(__file__).parents[1] / 'src'}"
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "batch", str(sample), "-o",
                           str(tmp_path / "out"), "--scheduler", "local:2"], capture_output=True, text=True,
                          env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 12, done.stderr
    assert done.stderr.count("\n") == 1 and "minutes-extract[dask]" in done.stderr


def test_options_it_does_not_support_are_refused_not_ignored(tmp_path: Path) -> None:
    """--checksum, --fail-fast and --prune are not done by the distributed run: say so."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "m.txt").write_text("〈위원장〉\n\n- 개회\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "batch", "a", "-o", "out", "--to", "jsonl",
                           "--scheduler", "local:1", "--prune"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "does not support --prune" in done.stderr
    assert not (tmp_path / "out").exists()
