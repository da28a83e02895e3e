"""Join two pieces of one paragraph that a line or page break separated.

Korean prose breaks lines at spaces, so the pieces are joined with one space, except
where the break evidently fell inside a word: after a joining mark such as the middle dot
in `중·` + `장년층`, after an opening bracket, or before closing punctuation.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from .lazy import LazyPattern

# A piece ending in one of these continues the same word: 중· + 장년층 → 중·장년층.
GLUE_AFTER = frozenset("·ㆍ‧・/(（[［{「『“‘〔【《〈<")
# A piece starting with one of these attaches to the word before it.
GLUE_BEFORE = frozenset(".,;:!?)）]］}」』”’〕】》〉>%·ㆍ‧・")


def join_all(pieces: list[str], inside_word: Callable[[str, str], bool] | None = None) -> str:
    """join_text folded over the pieces, in linear time (a paragraph may have many lines);
    `inside_word(left, right)` may say that a break fell inside a word."""
    out: list[str] = []
    previous = ""
    for piece in pieces:
        if not piece:
            continue
        if out and not (previous[-1] in GLUE_AFTER or piece[0] in GLUE_BEFORE
                        or (inside_word is not None and inside_word(previous, piece))):
            out.append(" ")
        out.append(piece)
        previous = piece
    return "".join(out)


def join_text(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    if left[-1] in GLUE_AFTER or right[0] in GLUE_BEFORE:
        return left + right
    return f"{left} {right}"


# Three or more single Hangul syllables in a row, spaced out: `본 회 의 회 의 록`.
_LETTER_SPACED = LazyPattern(r"(?<![가-힣])[가-힣](?: [가-힣](?![가-힣])){2,}")


def unspace_letters(text: str) -> str:
    """`본 회 의 회 의 록` → `본회의회의록`: letter-spacing (as covers and titles use) removed;
    words of two syllables or more keep their spaces."""
    return _LETTER_SPACED.sub(lambda match: match.group(0).replace(" ", ""), text)


def without_spaces(text: str) -> str:
    """`회 의 개 요` → `회의개요`: every white space removed (str.split's white space is the
    pattern `\\s`'s), as keys and roles are compared."""
    return "".join(text.split())


class WordJoiner:
    """Joins the pieces of a wrapped line as the document writes the words elsewhere: a break
    inside a word (`(의안` + `번호 2200140)`) is glued when the glued word is one of the
    document's words and the two pieces never stand side by side as two words; otherwise as
    join_text does.

    The document's words (and, once a glued word is found, its pairs of neighbouring words)
    are read into sets once, when the first break is asked about: each break is then a
    look-up, so a document with thousands of wrapped headings is read in linear time (a
    search of the whole text per break was quadratic)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._words: set[str] | None = None
        self._neighbours: set[tuple[str, str]] | None = None
        self._glued: dict[tuple[str, str], bool] = {}

    def join_all(self, pieces: list[str]) -> str:
        """The pieces joined, each break decided on its own, in linear time."""
        return join_all(pieces, self._inside_word)

    def _inside_word(self, left: str, right: str) -> bool:
        last, first = left.rsplit(None, 1)[-1:], right.split(None, 1)[:1]
        if not last or not first:
            return False
        pair = (last[0], first[0])
        if pair not in self._glued:
            self._glued[pair] = "".join(pair) in self._word_set() and pair not in self._neighbour_set()
        return self._glued[pair]

    def _word_set(self) -> set[str]:
        if self._words is None:
            self._words = {word for line in self.lines for word in line.split()}
        return self._words

    def _neighbour_set(self) -> set[tuple[str, str]]:
        if self._neighbours is None:
            self._neighbours = set()
            for line in self.lines:
                words = line.split()
                self._neighbours.update(pairwise(words))
        return self._neighbours
