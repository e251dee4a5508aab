"""The one router every API area registers its viewsets with.

DRF's default lookup matches any text, so `rounds/null,null/close/` reached the views and raised
ValueError, and an id beyond the database's integer range reached the query. Here every route
whose URL carries an id (`pk`, or a `..._pk` of an extra action) answers a 404 in the API's JSON
shape (lap.errors) unless each id is one a bigint column can hold (lap.converters). A viewset
looked up by another field (a district's ubigeo, a source's key) is left as it is.

The check wraps the view rather than narrowing the URL's regex: drf-spectacular documents an id
with an explicit regex as a string, and partners' clients are generated with integer ids.
"""

import functools

from django.urls import URLPattern
from rest_framework.routers import SimpleRouter

from lap import errors
from lap.converters import is_database_id


class Router(SimpleRouter):
    def get_urls(self):
        return [only_database_ids(url) for url in super().get_urls()]


def id_kwargs(url: URLPattern) -> list[str]:
    return [
        name
        for name in url.pattern.regex.groupindex
        if name in {"pk", "id"} or name.endswith("_pk")
    ]


def only_database_ids(url: URLPattern) -> URLPattern:
    names = id_kwargs(url)
    if not names:
        return url
    view = url.callback

    # wraps() keeps what DRF and drf-spectacular read from the view (cls, actions, csrf_exempt).
    @functools.wraps(view)
    def view_of_database_ids(request, *args, **kwargs):
        if not all(is_database_id(kwargs[name]) for name in names):
            return errors.page_not_found(request)
        return view(request, *args, **kwargs)

    return URLPattern(url.pattern, view_of_database_ids, url.default_args, url.name)
