"""`batch --to html`: one review page per input, written by the worker beside its JSON file
(the page needs the Document, which only the worker has), and an index page written at the
end from what the database records of every file."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path, PurePath

from ..errors import InputError
from ..inputs.document import ReadOptions
from ..models import MinutesRecord
from ..review import IndexRow, render_index
from .exports import _NAME_MAX, _TEMPORARY, _fit, atomic_text
from .problems import from_os
from .store import FileEntry, Store

FOLDER = "html"
INDEX = "index.html"

_ROWS_SQL = """SELECT f.path, f.relpath, f.status, f.error, f.pages, m.title, m.date,
  coalesce(m.turn_count, 0), coalesce(m.remark_count, 0),
  (SELECT count(*) FROM diagnostics d WHERE d.meeting_id = f.file_id AND d.severity = 'error'),
  (SELECT count(*) FROM diagnostics d WHERE d.meeting_id = f.file_id AND d.severity = 'warning'),
  (SELECT count(*) FROM diagnostics d WHERE d.meeting_id = f.file_id AND d.severity = 'info')
FROM files f LEFT JOIN meetings m ON m.meeting_id = f.file_id ORDER BY f.relpath"""


def page_path(out: Path, path: str) -> Path:
    """Where the page of the input at the absolute `path` goes: that path under OUT/html, as
    its JSON file goes under OUT/json."""
    *folders, name = PurePath(path).parts[1:]
    return out.joinpath(FOLDER, *(_fit(part, _NAME_MAX) for part in folders),
                        _fit(f"{name}.html", _NAME_MAX - _TEMPORARY))


def parse_with_page(data: bytes, path: str, read: ReadOptions) -> tuple[MinutesRecord, str]:
    """The record of an input, as `parse_bytes` gives it, and its review page (which needs
    the Document the record was parsed from)."""
    from ..inputs import read_document
    from ..parser import parse
    from ..review import review_page

    document = read_document(data, path, read)
    record = parse(document)
    return record, review_page(record, document)


def mirror_page(out: Path, entry: FileEntry) -> None:
    """The page of a file that read (its entry carries it); none for a failed one, not even
    a stale one."""
    target = page_path(out, entry.path)
    if entry.status == "failed":
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise from_os(exc, target) from None
    elif entry.review_html is not None:
        with atomic_text(target) as handle:
            handle.write(entry.review_html)


def write_index(store: Store, out: Path, read: ReadOptions) -> None:
    """OUT/html/index.html: every recorded file with its counts, linking to its page. A file
    read by an earlier run without `--to html` gets its page now, read again."""
    rows = []
    for path, relpath, status, error, pages, title, date, turns, remarks, *severities in (
            store.db.execute(_ROWS_SQL).fetchall()):
        page = page_path(out, path)
        if status != "failed" and not page.exists():
            _page_again(out, path, relpath, read)
        link = os.path.relpath(page, out / FOLDER) if status != "failed" and page.exists() else None
        rows.append(IndexRow(relpath, status, link and PurePath(link).as_posix(), title, date, pages,
                             turns, remarks, *severities, problem=error))
    with atomic_text(out / FOLDER / INDEX) as handle:
        handle.write(render_index(rows, f"Review pages: {out.name}"))


def _page_again(out: Path, path: str, relpath: str, read: ReadOptions) -> None:
    """The page of a file recorded earlier, read again; a file that cannot be read now is
    left without one (the index shows it unlinked)."""
    from ..api import read_file
    from ..parser import parse
    from ..review import review_page

    try:
        document = replace(read_file(path, read), path=relpath)
    except InputError:
        return
    page = review_page(parse(document), document)
    mirror_page(out, FileEntry(0, path, relpath, 0, 0, None, "", "ok", review_html=page))
