"""The OUT of `batch --scheduler`: a local or shared folder, or an fsspec URL (`s3://bucket/out`,
`file:///data/out`), seen the same way by the client and by every worker.

Every file is written whole or not at all: under a temporary name beside it, then moved onto
its name (a rename on a file system; a copy then delete on an object store, where a reader
never sees a half-written object either). fsspec comes with dask."""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import uuid
from dataclasses import dataclass
from typing import Any

from .problems import OutputError

_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")  # what write() leaves when killed mid-write


def is_url(out: str) -> bool:
    """An fsspec URL (`s3://…`, `file://…`) rather than a path."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", out) is not None


@dataclass(frozen=True)
class Target:
    """OUT, named by a path or a URL; picklable (workers open their own file system)."""

    out: str

    @property
    def remote(self) -> bool:
        """Named by a URL: the client keeps its manifest in OUT, not beside it in SQLite."""
        return is_url(self.out)

    @property
    def fs(self) -> Any:
        return _open(self.out)[0]

    def path(self, relpath: str) -> str:
        return posixpath.join(_open(self.out)[1], relpath)

    def write(self, relpath: str, data: bytes) -> None:
        """`data` as OUT/relpath, whole: a retried task overwrites, never appends."""
        fs, target = self.fs, self.path(relpath)
        folder, name = posixpath.split(target)
        temporary = posixpath.join(folder, f".{name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            fs.makedirs(folder, exist_ok=True)
            fs.pipe_file(temporary, data)
            fs.mv(temporary, target)
        except OSError as exc:
            _forget(fs, temporary)
            raise OutputError(f"{self.out}/{relpath}", exc.strerror or str(exc)) from None
        except BaseException:
            _forget(fs, temporary)
            raise

    def read(self, relpath: str) -> bytes | None:
        """OUT/relpath, or None when there is none."""
        try:
            return self.fs.cat_file(self.path(relpath))
        except FileNotFoundError:
            return None

    def names(self, folder: str) -> list[str]:
        """The file names in OUT/folder (none when it does not exist)."""
        try:
            found = self.fs.ls(self.path(folder), detail=False)
        except FileNotFoundError:
            return []
        return sorted(posixpath.basename(str(name).rstrip("/")) for name in found)

    def remove(self, relpath: str) -> None:
        _forget(self.fs, self.path(relpath))

    def leftovers(self, folder: str) -> list[str]:
        """Temporary files a killed writer left in OUT/folder."""
        return [name for name in self.names(folder) if _TEMPORARY.fullmatch(name)]


_FILE_SYSTEMS: dict[tuple[str, int], tuple[Any, str]] = {}


def _open(out: str) -> tuple[Any, str]:
    """The file system and root of OUT, opened once per process: a process forked from one that
    opened it opens its own (fsspec's async file systems, s3fs among them, refuse to cross a
    fork; Dask's workers are spawned, but a program using the library may fork)."""
    key = (out, os.getpid())
    if key not in _FILE_SYSTEMS:
        import fsspec

        fs, root = fsspec.core.url_to_fs(out)
        _FILE_SYSTEMS[key] = (fs, root.rstrip("/") or "/")
    return _FILE_SYSTEMS[key]


def _forget(fs: Any, path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        fs.rm_file(path)
