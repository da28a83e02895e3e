"""Speaker markers that OCR misreads. Tesseract never outputs ○ (U+25CB): at the start of an
assembly speaker line it gives `(>`, `(`, `O`, `0`, `o`, `©` or the like. Such a start is put
back to ○ only when the rest of the line has the shape of a speaker line, a role word and a
name (`김승회 위원 …`, `소위원장 기동민 …`, `보건복지부차관 김강립 …`), so a line that merely
starts with a parenthesis or a digit is left alone, and so is `o` or `ㅇ` with a space after
it (a bullet).
"""

from __future__ import annotations

import re

MARKER = "○"
# What tesseract reads for ○ at a line start (longest first): a circle read as brackets,
# letters, digits or symbols, sometimes with a space after it.
_LOOKALIKE = re.compile(r"^(?:\(\s*[>〉＞›)]|C\)|0\)|O\)|\(|O|0|o|Q|ㅇ|〇|©|@)\s?")
_NAME = r"[가-힣]{2,4}"
# Role words of assembly and council minutes; a title may carry its office before it
# (`보건복지부차관`, `국토교통위원장`).
_ROLE = r"[가-힣]*(?:위원장|위원|의원|의장|장관|차관|간사|대표|진술인|참고인|증인|[가-힣]장|[가-힣]관)"
_SPEAKER = re.compile(rf"^(?:{_NAME} {_ROLE}|{_ROLE} {_NAME})(?: |$)")


def repair_marker(line: str) -> str:
    """The line with a misread speaker marker at its start put back to ○ (else unchanged)."""
    found = _LOOKALIKE.match(line)
    if not found:
        return line
    rest = line[found.end():]
    if found.group(0) in ("o ", "ㅇ "):
        return line  # `o 간사 선임의 건`: o and ㅇ with a space after them are bullets
    if found.group(0).startswith("(") and ")" in " ".join(rest.split(" ")[:3]):
        return line  # `(위원장 김광수 사회)`: a stage direction in parentheses
    if not _SPEAKER.match(rest):
        return line
    return MARKER + rest


def repair_markers(lines: list[str]) -> tuple[list[str], int]:
    """Every line repaired, and how many were."""
    out = [repair_marker(line) for line in lines]
    return out, sum(1 for old, new in zip(lines, out, strict=True) if old != new)
