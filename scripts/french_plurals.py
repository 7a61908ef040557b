"""Give the French catalog its plural entries, so that 0 and 1 take the singular.

The interface is written in French: its sentences are the message ids, and French needs no
translation of them. But ``ngettext`` without a French catalog falls back to English's rule
(only 1 is singular) and says « 0 recommandations ». The French catalog therefore carries
French's rule (CLDR's, from Babel: 0 and 1 are singular; a form for round millions, « de »,
which takes the plural here) and repeats, for each plural message, its French forms; every
other message stays untranslated and is shown as written.

Run by ``make translations`` after the catalogs are updated."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parent.parent / "web/translations/fr/LC_MESSAGES/messages.po"


def main() -> int:
    with CATALOG.open("rb") as file:
        catalog = read_po(file, locale="fr")
    for message in catalog:
        if message.id and message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            message.string = (singular,) + (plural,) * (catalog.num_plurals - 1)
            message.flags.discard("fuzzy")
        elif message.id:
            message.string = ""  # shown as written
    with CATALOG.open("wb") as file:
        write_po(file, catalog, width=100, omit_header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
