"""A value class for the small objects made once per input line (a classified line of either
format): plain `__slots__` set by a plain `__init__`. A frozen dataclass sets each field
through `object.__setattr__`, which doubled the cost of classifying a line; equality, hash and
repr come from the slots here instead. Treat instances as read-only."""

from __future__ import annotations

from typing import Any


class PlainRecord:
    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
