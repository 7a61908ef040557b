"""Operator commands: ``flask --app wsgi …`` (to be completed)."""


def register(app) -> None:
    pass
