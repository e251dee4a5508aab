"""`?ordering=` that says which terms it takes and refuses the others.

DRF's OrderingFilter drops a term it does not know (`?ordering=titel` gives the default order
without a word) and the schema shows the parameter as any text. Partners generate clients from
the schema, so it lists the terms (each field, `-field` for descending) and an unknown term is
a 400 naming the parameter, like a filter value of the wrong type.
"""

from django.utils.translation import gettext as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError


def ordering_terms(view) -> list[str]:
    return [
        f"{prefix}{field}"
        for field in getattr(view, "ordering_fields", None) or []
        for prefix in ("", "-")
    ]


class OrderingFilter(filters.OrderingFilter):
    def get_ordering(self, request, queryset, view):
        given = request.query_params.get(self.ordering_param)
        if given is None:
            return self.get_default_ordering(view)
        # `?ordering=` (empty) is refused like any typed parameter sent empty: leave it out.
        terms = [term.strip() for term in given.split(",")]
        allowed = ordering_terms(view)
        unknown = [term for term in terms if term not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Unknown order %(terms)s; use any of: %(allowed)s.")
                        % {"terms": ", ".join(unknown), "allowed": ", ".join(allowed) or "-"}
                    ]
                }
            )
        return terms

    def get_schema_operation_parameters(self, view):
        terms = ordering_terms(view)
        if not terms:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _(
                    "Comma-separated order of the results; '-' before a field sorts it descending."
                ),
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "enum": terms},
                },
                "style": "form",
                "explode": False,
            }
        ]
