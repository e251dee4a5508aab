from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination


class PageNumberPagination(BasePageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 200.

    A `page` or `page_size` that is not a whole number of at least 1 is refused (400) rather
    than quietly replaced, so what the schema declares is what the API accepts; a larger
    `page_size` is served 200 items, a page beyond the last is a 404 ("Invalid page.").
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()  # the schema says `page` is an integer: "last" is not one

    def get_page_size(self, request):
        size = _positive_whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        number = _positive_whole_number(request, self.page_query_param)
        return 1 if number is None else number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = _page_size_description()
        return parameters


def _page_size_description() -> str:
    return _("Number of results per page (at most %(maximum)d).") % {
        "maximum": PageNumberPagination.max_page_size
    }


def page_parameters() -> list[OpenApiParameter]:
    """`page` and `page_size` for a plain APIView that pages with PageNumberPagination itself
    (a list view gets them from the paginator)."""
    whole_number = {"type": "integer", "minimum": 1}
    return [
        OpenApiParameter(
            PageNumberPagination.page_query_param,
            whole_number,
            description=_("A page number within the paginated result set."),
        ),
        OpenApiParameter(
            PageNumberPagination.page_size_query_param,
            whole_number,
            description=lazy(_page_size_description, str)(),
        ),
    ]


def _positive_whole_number(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        number = int(raw, 10)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({name: [_("Enter a whole number of 1 or more.")]})
    return number
