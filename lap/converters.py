"""`<id:pk>`: the path converter of every page URL that carries a database id.

Django's `<int:...>` matches any run of digits, so an id beyond the database's integer range
reached the query (OverflowError on SQLite). This one matches only an id a bigint column can
hold; anything else is a 404 from the URL resolver. Registered when a urls module imports it.
The API's router applies the same rule (lap.api.routers).
"""

import re

from django.urls import register_converter

from lap import limits

BIGINT_MAX = limits.ID_MAX
ID_REGEX = "[0-9]{1,19}"


def is_database_id(value: str) -> bool:
    return re.fullmatch(ID_REGEX, value) is not None and int(value) <= BIGINT_MAX


class IdConverter:
    regex = ID_REGEX

    def to_python(self, value: str) -> int:
        if not is_database_id(value):
            raise ValueError(value)  # the resolver takes it as "no match": a 404
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
