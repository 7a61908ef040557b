"""The JSON the API answers with, written by orjson.

Flask's provider writes through the standard library's encoder, which calls Python for
every value: a page of the board's list spent a quarter of its time there (py-spy, load
run of 16 clients). orjson writes the same document: keys sorted, as Flask sorts them;
times, dates, dataclasses and anything else orjson does not know handed to Flask's own
``default``, so they read as before (an HTTP date for a bare datetime). Only the text
differs: non-ASCII characters as UTF-8 instead of ``\\u`` escapes, which every JSON
reader decodes to the same string. Requests are still parsed by Flask's provider: its
decoder is the one the API's refusals of bad text were written against."""

from __future__ import annotations

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


class FastJSONProvider(DefaultJSONProvider):

    def dumps(self, obj, **kwargs) -> str:
        if kwargs:  # a caller's own options (indent, separators…): Flask's encoder
            return super().dumps(obj, **kwargs)
        return self._bytes(obj).decode()

    def response(self, *args, **kwargs):
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)  # indented, for a person reading
        body = self._bytes(self._prepare_response_obj(args, kwargs))
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)

    def _bytes(self, obj) -> bytes:
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            # What orjson refuses and the standard library writes: an integer wider than
            # 64 bits, a key that is not text…
            return super().dumps(obj).encode()
