"""Text normalisation for free-text search: the same function on write and on query."""

import re
import unicodedata

_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(match: re.Match) -> str:
    return "".join([char for char in match.group() if not unicodedata.combining(char)])


def searchable(*parts: str | None) -> str:
    """Lower-case, accent-free text: "Éclairage" -> "eclairage"."""
    decomposed = unicodedata.normalize("NFKD", " ".join(part for part in parts if part)
                                       .casefold())
    # Combining marks are never ASCII: only the runs of other characters are looked at.
    return _NOT_ASCII.sub(_without_marks, decomposed)
