"""Regular expressions compiled when first used, not when their module is imported.

Every run imports both formats, but a text is read by one of them: the patterns only the other
one uses (Hanja names, session prefixes, organisation names) need not cost start-up (about
half a millisecond to two milliseconds each, for character classes over Hangul or CJK)."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands for `re.compile(pattern, flags)`: the first use of a method compiles it."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, sub, findall …
        return getattr(self.compiled(), name)
