"""Sentences the domain says to people, kept translatable without the domain knowing
about languages.

A :class:`Message` is the French sentence itself (a ``str``, so it reads as French in logs,
tests and the CLI) that also remembers the catalog id and the values it was made from; the
interface looks the id up in the reader's language and fills the values in again
(``web/i18n.py``). French is the source language: the ids are the French sentences."""

from __future__ import annotations


class Message(str):
    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params) -> "Message":
        message = super().__new__(cls, msgid % params if params else msgid)
        message.msgid, message.params = msgid, params
        return message

    def __reduce__(self):  # pickling keeps the id and values
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict) -> Message:
    return Message(msgid, **params)


def N_(msgid: str, **params) -> Message:
    """Mark a sentence for the catalogs (``pybabel extract -k N_``)."""
    return Message(msgid, **params)


def message_of(error: BaseException) -> str:
    """The sentence an exception was raised with, kept as a Message when it is one."""
    return error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
