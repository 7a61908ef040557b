"""Every SQL table of the tracker beside the event store's own: the read models, the desk,
the audit chain and the form drafts (``tables``), their column types (``types``), and the
one place that creates and migrates them (``schema``).

Imports SQLAlchemy and the standard library only, so that any layer may use it."""
