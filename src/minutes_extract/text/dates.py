"""Dates, weekdays, clock times and 제N회 / 제N차 / 제N호 numbers as Korean minutes write them.

One set of patterns for every format, and one judgement of a written date: a date that does
not exist (`2024년2월30일`) is MD005 and a weekday that is not the date's is MD003, whichever
format the minutes are in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import diagnostics as dx
from ..models import Diagnostic
from .lazy import LazyPattern

WEEKDAYS = "월화수목금토일"

# `2022. 12. 20.(화)`, `2024년6월25일(화)`, `'24-3-4 월요일`. The weekday's brackets may hold
# more (`(금요일)`, `(월, 오전)`), bounded so that a line without `)` costs nothing extra.
DATE = re.compile(
    r"(?P<y>\d{4}|'?\d{2})\s*[.\-/년]\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\s*[.일]?"
    r"\s*(?:\(\s*(?P<wd>[월화수목금토일])[^()]{0,20}\)|(?P<wd2>[월화수목금토일])요일)?"
)


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A date found in a text: as written, where it stands, and what it means."""

    written: str
    start: int
    end: int
    date: dt.date | None  # None: no such day (2024년2월30일)
    weekday: str | None  # as written beside it, if at all

    @property
    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else None

    @property
    def actual_weekday(self) -> str | None:
        return WEEKDAYS[self.date.weekday()] if self.date else None

    def diagnostics(self, line: int | None) -> list[Diagnostic]:
        """MD005 for a day that does not exist, MD003 for a weekday that is not the date's."""
        if self.date is None:
            return [dx.UNPARSED_DATETIME.at(f"{self.written!r} is not a real date", line)]
        if self.weekday and self.weekday != self.actual_weekday:
            return [dx.WEEKDAY_MISMATCH.at(
                f"{self.iso} is a {self.actual_weekday}요일, but the minutes say ({self.weekday})", line)]
        return []


def find_date(text: str, start: int = 0) -> WrittenDate | None:
    """The first date written in `text` (from `start`), real or not; None if there is none."""
    match = DATE.search(text, start)
    if match is None:
        return None
    year = match["y"].lstrip("'")
    year_n = int(year) + (2000 if len(year) == 2 else 0)
    try:
        date: dt.date | None = dt.date(year_n, int(match["m"]), int(match["d"]))
    except ValueError:
        date = None
    return WrittenDate(match.group(0).strip(), match.start(), match.end(), date, match["wd"] or match["wd2"])


# The meeting's numbers: 제415회 (session; not 제3회의실), 제5차 (sitting), 제 5 호 (issue).
SESSION = re.compile(r"제\s*(\d+)\s*회(?!의)")
SITTING = re.compile(r"제\s*(\d+)\s*차")
ISSUE_NUMBER = LazyPattern(r"제\s*(\d+)\s*호")

# A clock time as overview fields write it (`10:00`, `오후 2시 30분`), and a range of two.
_TIME = r"(?:(?P<{p}ap>오전|오후)\s*)?(?P<{p}h>\d{{1,2}})\s*(?::|시)\s*(?P<{p}m>\d{{2}})?\s*분?"
TIME_RANGE = re.compile(_TIME.format(p="s") + r"(?:\s*[~∼～〜\-–—]\s*" + _TIME.format(p="e") + ")?")
# A time as stenographic notes write it: `(14시06분 개의)`.
CLOCK = LazyPattern(r"(\d{1,2})\s*시\s*(\d{1,2})\s*분")


def hhmm(ampm: str | None, hour: str, minute: str | None) -> str | None:
    """`오후`, `2`, `30` → 14:30; None for a time that does not exist."""
    h, m = int(hour), int(minute or 0)
    if ampm == "오후" and h < 12:
        h += 12
    if h > 24 or m > 59:
        return None
    return f"{h:02d}:{m:02d}"
