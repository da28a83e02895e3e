"""Join two pieces of one paragraph that a line or page break separated.

Korean prose breaks lines at spaces, so the pieces are joined with one space, except
where the break evidently fell inside a word: after a joining mark such as the middle dot
in `중·` + `장년층`, after an opening bracket, or before closing punctuation.
"""

from __future__ import annotations

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
