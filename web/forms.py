"""What each form asks for, for the templates to render: derived from the catalogue
(domain/catalogue.py), whose ``Field`` gives the name, label, help, kind and limits.

Validation is not here: it is web/schemas.py (shape) and the domain (rules)."""

from __future__ import annotations

from domain.catalogue import ACTIONS, COMMANDS, RAISE


RAISE_FIELDS = RAISE.fields
ACTION_FIELDS = {name: COMMANDS[name].fields for name in ACTIONS}
# Actions that close a file or refuse it get a warning style on their button.
GRAVE_ACTIONS = frozenset(name for name in ACTIONS if COMMANDS[name].grave)
