"""The benchmark of the tracker (`flask --app wsgi bench`, `make bench`).

It builds a synthetic Mali in a fresh temporary database, then measures each figure side
by side with its reference in the same run, so that the ratios hold on a noisy machine:
commands against the bare eventsourcing library, the projection rebuild against reading
the same log, the board query and read-your-writes against an empty Flask route."""
