"""The ◯-format tree the rules build, before it becomes parts of the record."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...models import Diagnostic, Note, Section, TextLine
from .lines import Designation


@dataclass(slots=True)
class AssemblyTurn:
    designation: Designation
    start: int
    section: str | None
    items: tuple[str, ...] = ()  # the numbers of the agenda items the section lists
    paragraphs: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass(slots=True)
class AppendixBlock:
    title: str
    start: int
    lines: list[tuple[str, int]] = field(default_factory=list)


@dataclass(slots=True)
class AssemblyTree:
    front: list[TextLine] = field(default_factory=list)
    turns: list[AssemblyTurn] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    appendix: list[AppendixBlock] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
