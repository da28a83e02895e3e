"""`batch --scheduler` (issue 20): chunks run as Dask tasks on a LocalCluster of worker
processes give the same Parquet tables, JSONL, JSON files and errors as a local run, row for
row; a worker killed mid-run, or a client that died before recording a chunk, loses and
duplicates nothing; a re-run submits only what changed (by stat, or --checksum), also when OUT
is an fsspec URL whose manifest lives in OUT; --prune and --fail-fast act as locally; without
dask, one line and exit 12."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from minutes_extract.batch import BatchOptions, run_batch
from minutes_extract.batch.distributed import FAULT_ENV
from minutes_extract.batch.manifest import PARQUET, SQLITE
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


def _run(inputs: list[Path], out: Path, scheduler: str | None = None, **more: object):
    more.setdefault("workers", 2)
    options = BatchOptions(inputs=tuple(str(p) for p in inputs), out=out, to=("parquet", "jsonl"),
                           scheduler=scheduler, **more)
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


def test_an_out_url_keeps_its_manifest_in_out_and_resumes_from_it(tmp_path: Path, cluster: str) -> None:
    """OUT named by an fsspec URL: the parts go through fsspec, the manifest is Parquet in OUT
    (no SQLite beside it), and a re-run reads it back: nothing is redone twice."""
    inputs = _archive(tmp_path)
    url = (tmp_path / "remote").as_uri()
    first = _run(inputs, tmp_path / "unused", scheduler=cluster, out_url=url)
    assert (first.ok, first.failed) == (12, 1)
    assert (tmp_path / "remote" / PARQUET).is_file() and not (tmp_path / "remote" / SQLITE).exists()
    assert not (tmp_path / "unused").exists()
    again = _run(inputs, tmp_path / "unused", scheduler=cluster, out_url=url)
    assert (again.ok, again.failed, again.skipped) == (0, 0, 13)
    assert again.totals == first.totals and again.codes == first.codes  # counted over OUT, as locally
    changed = inputs[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = _run(inputs, tmp_path / "unused", scheduler=cluster, out_url=url)
    assert (third.ok, third.skipped) == (1, 12)
    _run(inputs, tmp_path / "local")
    _same_outputs(tmp_path / "local", tmp_path / "remote")


def test_an_s3_out_on_a_local_s3_server_gets_what_a_local_run_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OUT as `s3://bucket/out` on moto's S3 server (real HTTP, as workers on other machines
    would talk to S3): the parts and manifest land in the bucket, a re-run resumes from it."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] not installed (extra [test])")
    s3fs = pytest.importorskip("s3fs", reason="s3fs not installed (extra [s3])")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                            ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ENDPOINT_URL", f"http://{host}:{port}")):
            monkeypatch.setenv(name, value)  # inherited by the workers local:2 starts
        bucket = s3fs.S3FileSystem(skip_instance_cache=True)
        bucket.mkdir("minutes")
        inputs = _archive(tmp_path)
        first = _run(inputs, tmp_path / "unused", scheduler="local:2", out_url="s3://minutes/out")
        again = _run(inputs, tmp_path / "unused", scheduler="local:2", out_url="s3://minutes/out")
        bucket.get("minutes/out/", str(tmp_path / "copied"), recursive=True)
    finally:
        server.stop()
    assert (first.ok, first.failed) == (12, 1) and (again.ok, again.skipped) == (0, 13)
    assert (tmp_path / "copied" / PARQUET).is_file() and not (tmp_path / "unused").exists()
    _run(inputs, tmp_path / "local")
    _same_outputs(tmp_path / "local", tmp_path / "copied")


def test_json_files_are_those_a_local_run_writes(tmp_path: Path, cluster: str) -> None:
    inputs = _archive(tmp_path)
    for out, scheduler in (("local", None), ("dask", cluster)):
        options = BatchOptions(inputs=tuple(map(str, inputs)), out=tmp_path / out, to=("json",),
                               workers=2, scheduler=scheduler)
        run_batch(options)
    local = {p.relative_to(tmp_path / "local"): p.read_bytes() for p in (tmp_path / "local").rglob("*.json")}
    dask = {p.relative_to(tmp_path / "dask"): p.read_bytes() for p in (tmp_path / "dask").rglob("*.json")}
    assert len(local) == 12 and dask == local


def test_prune_takes_out_the_rows_of_files_no_longer_inputs(tmp_path: Path, cluster: str) -> None:
    inputs = _archive(tmp_path)
    _run(inputs, tmp_path / "dask", scheduler=cluster)
    kept = _run(inputs[2:], tmp_path / "dask", scheduler=cluster)  # without --prune: kept, and said
    assert kept.absent == 2 and not kept.pruned and kept.totals["meetings"] == 12
    pruned = _run(inputs[2:], tmp_path / "dask", scheduler=cluster, prune=True)
    assert pruned.pruned and pruned.totals["meetings"] == 10
    _run(inputs, tmp_path / "local")  # the same history, locally: ids agree
    _run(inputs[2:], tmp_path / "local", prune=True)
    expected, got = _tables(tmp_path / "local"), _tables(tmp_path / "dask")
    assert got == expected and len(expected["meetings"]) == 10


def test_checksum_reads_a_touched_file_and_keeps_it_when_its_content_is_the_same(
        tmp_path: Path, cluster: str) -> None:
    inputs = _archive(tmp_path)
    _run(inputs, tmp_path / "dask", scheduler=cluster)
    os.utime(inputs[0], ns=(inputs[0].stat().st_atime_ns, inputs[0].stat().st_mtime_ns + 10**9))
    summed = _run(inputs, tmp_path / "dask", scheduler=cluster, checksum=True)
    # read on a worker, found the same, not redone; the failed file is looked at again, as locally
    assert (summed.ok, summed.failed, summed.skipped) == (0, 1, 12)
    by_time = _run(inputs, tmp_path / "dask", scheduler=cluster)  # by stat, the touched file changed
    assert (by_time.ok, by_time.skipped) == (1, 12)
    _run(inputs, tmp_path / "local")
    _same_outputs(tmp_path / "local", tmp_path / "dask")


def test_fail_fast_stops_sending_chunks_and_a_re_run_finishes(tmp_path: Path) -> None:
    inputs = _archive(tmp_path)
    bad = inputs[-1]
    stopped = _run([bad, *inputs[:-1]], tmp_path / "dask", scheduler="local:1", fail_fast=True)
    assert stopped.stopped_early and stopped.failed == 1 and stopped.ok < 12 and stopped.not_reached > 0
    rest = _run(inputs, tmp_path / "dask", scheduler="local:1")
    assert stopped.ok + rest.ok == 12
    _run([bad, *inputs[:-1]], tmp_path / "local", workers=1, fail_fast=True)  # the same history: ids agree
    _run(inputs, tmp_path / "local")
    _same_outputs(tmp_path / "local", tmp_path / "dask")


def test_parts_of_a_client_that_died_are_not_counted_twice(tmp_path: Path, cluster: str) -> None:
    """Parts a worker wrote for a chunk whose client died before recording it: not in the
    manifest, so the next run removes them (its files are redone), and rows appear once."""
    inputs = _archive(tmp_path)
    _run(inputs, tmp_path / "dask", scheduler=cluster)
    for folder in ("meetings", "parquet/turns"):
        for part in (tmp_path / "dask" / folder).glob("part-*"):
            shutil.copy(part, part.with_name(part.name.replace("part-00001", "part-00077")))
            (part.parent / f".{part.name}.abcdef12.tmp").write_bytes(b"half")
    _run(inputs, tmp_path / "dask", scheduler=cluster)
    assert not list((tmp_path / "dask").rglob("part-00077*")) and not list((tmp_path / "dask").rglob("*.tmp"))
    _run(inputs, tmp_path / "local")
    _same_outputs(tmp_path / "local", tmp_path / "dask")


def test_an_out_url_without_a_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    sample = make_archive(tmp_path / "in")[0]
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "batch", str(sample), "-o",
                           (tmp_path / "out").as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "needs --scheduler" in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_command_line_prunes_through_a_local_cluster(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "m.txt").write_text("〈위원장〉\n\n- 개회\n", encoding="utf-8")
    (tmp_path / "a" / "n.txt").write_text("〈위원장〉\n\n- 산회\n", encoding="utf-8")
    command = [sys.executable, "-m", "minutes_extract", "batch", "-o", "out", "--to", "jsonl", "-q",
               "--scheduler", "local:1"]
    first = subprocess.run([*command, "a"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    (tmp_path / "a" / "n.txt").unlink()
    done = subprocess.run([*command, "a", "--prune"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "removed from out: 1 files" in done.stdout
    assert len(_lines(tmp_path / "out", "", "meetings")) == 1


@pytest.mark.parametrize("as_url", [False, True])
def test_an_out_that_cannot_be_written_is_one_line_and_exit_3(tmp_path: Path, as_url: bool) -> None:
    """OUT under a plain file: the client (a folder) or the workers (a URL) cannot write it."""
    sample = make_archive(tmp_path / "in")[0]
    (tmp_path / "plain").write_text("a file, not a folder\n", encoding="utf-8")
    out = tmp_path / "plain" / "out"
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "batch", str(sample), "-q", "-o",
                           out.as_uri() if as_url else str(out), "--scheduler", "local:1"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 3, done.stderr
    assert done.stderr.count("\n") == 1 and "cannot write output" in done.stderr, done.stderr


def test_one_out_serves_one_kind_of_run(tmp_path: Path, cluster: str) -> None:
    """A Dask run would take a local run's Parquet parts for leftovers, and the reverse: refused."""
    inputs = _archive(tmp_path)
    _run(inputs[:2], tmp_path / "local")
    with pytest.raises(InputError, match="holds the output of a local batch run"):
        _run(inputs, tmp_path / "local", scheduler=cluster)
    _run(inputs[:2], tmp_path / "dask", scheduler=cluster)
    with pytest.raises(InputError, match="with --scheduler"):
        _run(inputs, tmp_path / "dask")
    assert len(_tables(tmp_path / "local")["meetings"]) == len(_tables(tmp_path / "dask")["meetings"]) == 2


@pytest.mark.parametrize(("address", "code", "said"), [
    ("local:0", 2, "say local:N"),
    ("local:two", 2, "say local:N"),
    ("not-an-address", 3, "cannot reach the scheduler"),
])
def test_a_scheduler_that_cannot_be_had_is_one_line(tmp_path: Path, address: str, code: int, said: str) -> None:
    sample = make_archive(tmp_path / "in")[0]
    done = subprocess.run([sys.executable, "-m", "minutes_extract", "batch", str(sample), "-q", "-o",
                           str(tmp_path / "out"), "--scheduler", address],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == code, done.stderr
    assert done.stderr.count("\n") == 1 and said in done.stderr, done.stderr
    assert code == 3 or not (tmp_path / "out").exists()  # a usage error makes nothing
