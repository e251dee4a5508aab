"""The one router every API area registers its viewsets with.

DRF's default lookup matches any text, so `rounds/null,null/close/` reached the views and raised
ValueError, and an id beyond the database's integer range reached the query. Here a viewset
looked up by its id (the default `pk`) matches only an id the database can hold; anything else
is a 404 from the URL resolver, in the API's JSON shape (lap.errors). A viewset looked up by
another field (a district's ubigeo, a source's key) keeps its own `lookup_value_regex`.
"""

from rest_framework.routers import SimpleRouter

# Ids are bigint: its maximum, 9,223,372,036,854,775,807, has 19 digits, so 18 digits are always
# in range (and no sequence hands out the 19-digit ones).
ID_REGEX = r"[0-9]{1,18}"


class Router(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        looked_up_by_id = getattr(viewset, "lookup_field", "pk") in {"pk", "id"}
        if looked_up_by_id and not hasattr(viewset, "lookup_value_regex"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
            return self._base_pattern.format(
                lookup_prefix=lookup_prefix,
                lookup_url_kwarg=lookup_url_kwarg,
                lookup_value=ID_REGEX,
            )
        return super().get_lookup_regex(viewset, lookup_prefix)
