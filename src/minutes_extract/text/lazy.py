"""Regular expressions compiled when first used, not when their module is imported.

Every run imports both formats' line tests and every reader's sniffing, but a text is read by
one format, and most texts need no repair: the patterns a run does not use (the other
format's, the odd-whitespace ones of a clean text, Hanja names …) need not cost start-up
(about half a millisecond to two milliseconds each, for character classes over Hangul or
CJK). After the first use a pattern's methods are the compiled pattern's own, bound in slots:
a call costs what a compiled pattern's costs, so hot per-line tests can be lazy too."""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    """Stands for `re.compile(pattern, flags)`: the first use of a method compiles it."""

    __slots__ = ("_compiled", "flags", "pattern", *_METHODS)

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[Any] | None = None

    def compiled(self) -> re.Pattern[Any]:
        if self._compiled is None:
            compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:  # from now on found in the slots, never in __getattr__
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # a method slot not yet set, groups, groupindex …
        if name.startswith("_"):  # (an instance made without __init__: no recursion)
            raise AttributeError(name)
        return getattr(self.compiled(), name)
