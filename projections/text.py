"""Text normalisation for free-text search: the same function on write and on query."""

import unicodedata


def searchable(*parts: str | None) -> str:
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
