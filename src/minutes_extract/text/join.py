"""Join two pieces of one paragraph that a line or page break separated.

Korean prose breaks lines at spaces, so the pieces are joined with one space, except
where the break evidently fell inside a word: after a joining mark such as the middle dot
in `중·` + `장년층`, after an opening bracket, or before closing punctuation.
"""

from __future__ import annotations

import re

# A piece ending in one of these continues the same word: 중· + 장년층 → 중·장년층.
GLUE_AFTER = frozenset("·ㆍ‧・/(（[［{「『“‘〔【《〈<")
# A piece starting with one of these attaches to the word before it.
GLUE_BEFORE = frozenset(".,;:!?)）]］}」』”’〕】》〉>%·ㆍ‧・")


def join_text(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    if left[-1] in GLUE_AFTER or right[0] in GLUE_BEFORE:
        return left + right
    return f"{left} {right}"


# Three or more single Hangul syllables in a row, spaced out: `본 회 의 회 의 록`.
_LETTER_SPACED = re.compile(r"(?<![가-힣])[가-힣](?: [가-힣](?![가-힣])){2,}")


def unspace_letters(text: str) -> str:
    """`본 회 의 회 의 록` → `본회의회의록`: letter-spacing (as covers and titles use) removed;
    words of two syllables or more keep their spaces."""
    return _LETTER_SPACED.sub(lambda match: match.group(0).replace(" ", ""), text)


class WordJoiner:
    """Joins the pieces of a wrapped line as the document writes the words elsewhere: a break
    inside a word (`(의안` + `번호 2200140)`) is glued when the glued word occurs in the text
    and the spaced one does not; otherwise as join_text does."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._text: str | None = None
        self._glued: dict[tuple[str, str], bool] = {}

    def join(self, left: str, right: str) -> str:
        if not left.split() or not right.split():
            return join_text(left, right)
        pair = (left.split()[-1], right.split()[0])
        if pair not in self._glued:
            if self._text is None:
                self._text = "\n".join(self.lines)
            glued, spaced = "".join(pair), " ".join(pair)
            self._glued[pair] = glued in self._text and spaced not in self._text
        return left + right if self._glued[pair] else join_text(left, right)
