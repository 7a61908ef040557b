"""The rows a read model wrote in this process's last batches, for the next ones.

Under a steady flow of commands the projector folds a few events per batch, nearly all
continuing a file touched a moment ago, and a read model that needs a file's row (the
desk's, the audit log's subject, the board's last version) read it back from its table:
four queries of a batch's thirteen. It now keeps the rows it wrote, and reads only
those it does not have.

What is kept is only trusted while this process is the one moving the positions: the
runner calls ``forget`` on every read model whenever it reads the positions from their
table (another process may have written since, or a rebuild set them back) and whenever a
batch fails or is written again event by event; rows written in a batch are ``noted``
in its transaction and only ``remembered`` once it has committed."""

from __future__ import annotations

from collections import OrderedDict

# Rows kept per read model: the files touched in the last minutes of a busy day.
MOST = 10_000


class RecentRows:
    """Rows by key, the least recently written forgotten first past ``most``."""

    def __init__(self, most: int = MOST):
        self.most = most
        self._rows: OrderedDict = OrderedDict()
        self._noted: dict = {}

    def get(self, key):
        """A copy of the row kept for ``key`` (the caller folds into it), or None."""
        row = self._rows.get(key)
        return None if row is None else dict(row)

    def note(self, rows: dict) -> None:
        """Rows written in the transaction now open, by key."""
        self._noted.update(rows)

    def remember(self) -> None:
        """The transaction committed: what it noted is what the table holds."""
        rows, self._noted = self._noted, {}
        for key, row in rows.items():
            self._rows[key] = row
            self._rows.move_to_end(key)
        while len(self._rows) > self.most:
            self._rows.popitem(last=False)

    def forget(self) -> None:
        self._rows.clear()
        self._noted = {}

    def __len__(self) -> int:
        return len(self._rows)


class KeepsRecentRows:
    """A read model that keeps rows in ``RecentRows`` (those in its ``kept``): the runner
    tells it when a batch committed (``remember``) and when what it kept may not be its
    tables' (``forget``)."""

    kept: tuple[RecentRows, ...] = ()

    def remember(self) -> None:
        for rows in self.kept:
            rows.remember()

    def forget(self) -> None:
        for rows in self.kept:
            rows.forget()
