"""Is there a space where a line broke, when the PDF draws no space glyphs to say so?

Korean text is broken inside words as often as between them (60% inside on the corpus
PDFs that do carry the evidence), so the answer comes from the document's own text, where
every space inside a line is known:

- its vocabulary: the two pieces written together as one word somewhere mid-line are one word;
- its character pairs: how often the last characters of the upper piece end a word (particles
  and endings such as 은/는/을/를/의/다/요 mostly do), how often the first characters of the
  lower piece start one, and how often the pair across the break is split by a space;
- with the optional extra `spacing` (kiwipiepy), a Korean spacing model decides where the
  character pairs are unsure. It is loaded only when a document needs a decision.

Measured on the Distiller PDFs of the corpus with their evidence hidden (bench/eval_linebreaks.py,
tests/test_pdf_linebreaks.py): about 96% right with the character pairs, 98% with kiwipiepy,
against 82% for the vocabulary alone and 62% for always joining.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from ..guard import _address_space
from .model import PdfLine, PdfPage

_HANGUL = re.compile(r"[가-힣]")
_MIN_PREFIX = 2
_MIN_SPANNING = 3  # a word this long or longer that runs on across a line break joins it
_PUNCTUATION = "「」『』“”‘’\"'()（）[]<>〈〉《》,.;:!?·ㆍ…"
_MAX_PREFIX = 24  # longer than any word: a long token (a URL, garbage) costs linear time, not quadratic
_PSEUDO_COUNT = 2.0  # how much a context's own counts must outweigh the broader estimate
_SURE = 0.1  # the character pairs decide alone when at least 90% sure; kiwipiepy decides the rest
_KIWI_CONTEXT = 24  # characters on either side of the break handed to kiwipiepy (two words or so)
_KIWI_ADDRESS_SPACE = 1536 << 20  # bytes: kiwipiepy's import, load and first call take 1.3 GB of it
_UNKNOWN = "\n"  # stands between lines: whether a line end is a space is what is asked

PAIRS = "joined words+character pairs"
PAIRS_AND_KIWI = "joined words+character pairs+kiwi"


class CharacterPairs:
    """How often the document's lines put a space after a character, and before one. Contexts
    are the last one or two characters before a position (` 가`: a word of one syllable so
    far) and the first one or two after it; the pair across the position is a third feature.
    `_UNKNOWN` stands between lines, where a space is what is asked."""

    def __init__(self, lines: Iterable[str]) -> None:
        text = _UNKNOWN + _UNKNOWN.join(lines) + _UNKNOWN
        # C-level counting: some 50 ms for a hundred pages; the rest is looked up when asked.
        # Pairs and triples of characters are counted as strings (cheaper to make than tuples).
        pairs = list(map(operator.add, text, text[1:]))
        self.singles = Counter(text)
        self.doubles = Counter(pairs)
        self.triples = Counter(map(operator.add, pairs, text[2:]))
        characters = sum(n for char, n in self.singles.items() if char not in (" ", _UNKNOWN))
        line_ends = sum(n for pair, n in self.doubles.items() if pair[1] == _UNKNOWN != pair[0])
        self.prior = (self.singles[" "] + 1) / (characters - line_ends + 2)  # spaces per position

    def probability(self, left: str, right: str) -> float:
        """How likely a space is between the end of `left` and the start of `right`: naive
        Bayes over the two sides, then the pair across, each smoothed toward the broader."""
        left, right = left.rstrip(), right.lstrip()
        odds = _logit(self._before(left)) + _logit(self._after(right)) - _logit(self.prior)
        combined = 1 / (1 + math.exp(-odds))
        a, b = left[-1], right[0]
        joined, spaced = self.doubles[a + b], self.triples[a + " " + b]
        return (spaced + _PSEUDO_COUNT * combined) / (joined + spaced + _PSEUDO_COUNT)

    def _before(self, left: str) -> float:
        """From the characters that end `left`: how often the document follows them with a space."""
        y = left[-1]
        counts = [(self.singles[y] - self.doubles[y + _UNKNOWN], self.doubles[y + " "])]
        if len(left) > 1:
            xy = left[-2:]
            counts.append((self.doubles[xy] - self.triples[xy + _UNKNOWN], self.triples[xy + " "]))
        return self._smoothed(counts)

    def _after(self, right: str) -> float:
        """From the characters that start `right`: how often the document puts a space before them."""
        y = right[0]
        counts = [(self.singles[y] - self.doubles[_UNKNOWN + y], self.doubles[" " + y])]
        if len(right) > 1:
            yz = right[:2]
            counts.append((self.doubles[yz] - self.triples[_UNKNOWN + yz], self.triples[" " + yz]))
        return self._smoothed(counts)

    def _smoothed(self, counts: list[tuple[int, int]]) -> float:
        """The share of spaces, from the broadest context to the narrowest seen, each pulled
        toward the broader by _PSEUDO_COUNT."""
        estimate = self.prior
        for seen, spaced in counts:
            if seen <= 0:
                break
            estimate = (spaced + _PSEUDO_COUNT * estimate) / (seen + _PSEUDO_COUNT)
        return estimate


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def kiwi_installed() -> bool:
    """Is the optional extra `spacing` there? (Asks without importing it: importing costs time.)"""
    return importlib.util.find_spec("kiwipiepy") is not None


def preload_kiwi() -> None:
    """Load kiwipiepy now where the extra is installed, so that processes forked from here
    inherit it instead of each loading it (about a second) for its first PDF."""
    if kiwi_installed():
        load_kiwi()


def room_for_kiwi() -> bool:
    """Does the address-space limit (--max-memory) leave kiwipiepy room? Out of memory it ends
    the process (std::bad_alloc) instead of raising MemoryError."""
    try:
        import resource
    except ImportError:  # no such limits here
        return True
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    held = _address_space()
    return limit == resource.RLIM_INFINITY or held is None or limit - held >= _KIWI_ADDRESS_SPACE


@functools.cache
def load_kiwi() -> Any | None:
    """kiwipiepy's model, once a process; None when it cannot be had (not installed, no room
    in the memory allowed): then the character pairs decide. Its typo and multi-word
    dictionaries change no spacing decision measured and would double the load time and memory."""
    if not room_for_kiwi():
        return None
    try:
        from kiwipiepy import Kiwi

        try:
            return Kiwi(load_typo_dict=False, load_multi_dict=False)
        except TypeError:  # a kiwipiepy without those dictionaries
            return Kiwi()
    except Exception:  # ImportError, MemoryError, a broken model file: the extra is optional
        return None


def kiwi_space(kiwi: Any, left: str, right: str) -> bool:
    """kiwipiepy's spacing of the last two words of `left` written together with the first two
    of `right`: does it put a space where the line broke?"""
    head = " ".join(left.split()[-2:])[-_KIWI_CONTEXT:]
    tail = " ".join(right.split()[:2])[:_KIWI_CONTEXT]
    spaced = kiwi.space(head + tail, reset_whitespace=False)
    letters = len(head) - head.count(" ")  # the break follows this many non-space characters
    for index, char in enumerate(spaced):
        if char != " ":
            letters -= 1
            if letters == 0:
                return spaced[index + 1:index + 2] == " "
    return False


class Vocabulary:
    """One document's line-end decisions. The words seen in the middle of lines (never a
    line's first or last word, which may be pieces of a word cut by the line break), with every
    prefix of two syllables or more, are counted at once; the character pairs, and kiwipiepy,
    only when a line end needs deciding (documents whose PDF says where spaces are never do).

    `method` names how line ends are decided: PAIRS, or PAIRS_AND_KIWI where kiwipiepy is
    installed; the other names in METHODS are measured against them (bench/eval_linebreaks.py)."""

    def __init__(self, lines: Iterable[str], method: str | None = None) -> None:
        self.lines = list(lines)
        self.method = method or (PAIRS_AND_KIWI if kiwi_installed() else PAIRS)
        if self.method not in METHODS:
            raise ValueError(f"unknown line-break method {self.method!r}; known: {', '.join(METHODS)}")
        self.words = Counter(itertools.chain.from_iterable(line.split()[1:-1] for line in self.lines))
        prefixes: dict[str, int] = {}
        seen = prefixes.get
        for word, count in self.words.items():
            for end in range(_MIN_PREFIX, min(len(word), _MAX_PREFIX) + 1):
                prefix = word[:end]
                prefixes[prefix] = seen(prefix, 0) + count
        self.prefixes = Counter(prefixes)

    @functools.cached_property
    def pairs(self) -> CharacterPairs:
        return CharacterPairs(self.lines)

    def evidence(self, left: str, right: str) -> bool | None:
        """What the words say about a space between two line pieces, or None if nothing."""
        lefts, rights = left.split(), right.split()
        last, first = (lefts[-1] if lefts else ""), (rights[0] if rights else "")
        if not last or not first:
            return True
        joined = last + first
        if self.words[joined]:
            return False
        if self.words[last] and self.words[first]:
            return True
        if self.prefixes[joined]:
            return False
        if self.words[last] and self.prefixes[first[:_MIN_PREFIX]] and not self.prefixes[last[-1] + first[0]]:
            return True
        return None

    def learn_break_style(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Where the words decide, does this document break lines between words only? Then a
        line end the words cannot decide is a space too (else the method decides)."""
        decided = [self.evidence(left, right) for left, right in pairs]
        spaces = sum(1 for d in decided if d is True)
        joins = sum(1 for d in decided if d is False)
        self.breaks_between_words = spaces >= 10 and joins * 10 <= spaces

    breaks_between_words = False

    def space_between(self, left: str, right: str) -> bool:
        """Should `left` (end of one line) and `right` (start of the next) be separated?"""
        if self.breaks_between_words:  # a break inside a word is then the exception the words show
            return self.evidence(left, right) is not False
        if not left.split() or not right.split():
            return True
        return METHODS[self.method](self, left, right)

    def joined_word(self, left: str, right: str) -> bool:
        """Does the document write the two pieces together, as one word, away from line ends?
        Or does a word it writes whole elsewhere (punctuation aside) run on across the break, two
        characters or more past it (`기후변화대응` + `위원회를`: 「기후변화대응위원회」)?"""
        last, first = left.split()[-1], right.split()[0]
        if self.words[last + first]:
            return True
        last, first = last.lstrip(_PUNCTUATION), first.rstrip(_PUNCTUATION)
        joined = (last + first)[:_MAX_PREFIX]
        bare = self.bare_words
        return any(bare[joined[:end]] for end in range(len(joined), len(last) + 1, -1)
                   if end >= _MIN_SPANNING)

    @functools.cached_property
    def bare_words(self) -> Counter[str]:
        """The words seen mid-line without the punctuation around them."""
        return Counter(map(str.strip, self.words.elements(), itertools.repeat(_PUNCTUATION)))

    def kiwi(self) -> Any | None:
        """kiwipiepy's model, loaded on the first call; without it the method falls back to PAIRS."""
        kiwi = load_kiwi()
        if kiwi is None:
            self.method = PAIRS
        return kiwi


def _by_vocabulary(words: Vocabulary, left: str, right: str) -> bool:
    """The rule before issue 14: words seen mid-line, else Hangul on both sides joins."""
    decided = words.evidence(left, right)
    if decided is not None:
        return decided
    return not (_HANGUL.match(left.rstrip()[-1]) and _HANGUL.match(right.lstrip()[0]))


def _by_pairs(words: Vocabulary, left: str, right: str) -> bool:
    return words.pairs.probability(left, right) > 0.5


def _by_evidence_then_pairs(words: Vocabulary, left: str, right: str) -> bool:
    decided = words.evidence(left, right)
    return _by_pairs(words, left, right) if decided is None else decided


def _by_joined_words_then_pairs(words: Vocabulary, left: str, right: str) -> bool:
    """A word the document writes whole is one word; the character pairs decide the rest (the
    vocabulary's other evidence is right less often than they are)."""
    return not words.joined_word(left, right) and _by_pairs(words, left, right)


def _by_kiwi(words: Vocabulary, left: str, right: str) -> bool:
    kiwi = words.kiwi()
    return _by_joined_words_then_pairs(words, left, right) if kiwi is None else kiwi_space(kiwi, left, right)


def _by_pairs_then_kiwi(words: Vocabulary, left: str, right: str) -> bool:
    """As PAIRS, but where the character pairs are unsure kiwipiepy decides."""
    if words.joined_word(left, right):
        return False
    probability = words.pairs.probability(left, right)
    if _SURE < probability < 1 - _SURE and (kiwi := words.kiwi()) is not None:
        return kiwi_space(kiwi, left, right)
    return probability > 0.5


METHODS: dict[str, Callable[[Vocabulary, str, str], bool]] = {
    "vocabulary": _by_vocabulary,
    "character pairs": _by_pairs,
    "vocabulary evidence+character pairs": _by_evidence_then_pairs,
    PAIRS: _by_joined_words_then_pairs,
    "kiwi": _by_kiwi,
    PAIRS_AND_KIWI: _by_pairs_then_kiwi,
}


def wrapped_lines(pages: Iterable[PdfPage]) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """For measuring the methods on a PDF that draws space glyphs: the text of its body lines
    (the top and bottom tenth of each page, running headers and footers, left out), and every
    wrapped pair of lines with the truth: a line ending near the right margin followed by one
    at the left margin (or under it) that no mark starts a paragraph with, and whether a space
    glyph ends the upper line."""
    from .layout import _PARAGRAPH_MARKS, _ZONE  # here, not above: layout imports this module

    lines: list[str] = []
    pairs: list[tuple[str, str, bool]] = []
    for page in pages:
        top, bottom = page.height * _ZONE, page.height * (1 - _ZONE)
        body = [line for line in page.lines if top < line.bottom and line.top < bottom]
        lines.extend(line.text for line in body)
        if len(body) >= 2:
            pairs.extend(_wrapped(body, _PARAGRAPH_MARKS))
    return lines, pairs


def _wrapped(body: list[PdfLine], marks: tuple[str, ...]) -> Iterable[tuple[str, str, bool]]:
    margin = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = max(line.x1 for line in body)
    for above, below in itertools.pairwise(body):
        under = round(below.x0) <= margin + 1 or abs(below.x0 - above.x0) < 1
        continued = under and not below.text.startswith(marks)
        if above.x1 > right - 15 and continued and above.trailing_space is not None:
            yield above.text, below.text, above.trailing_space
