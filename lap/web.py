"""Small helpers shared by the server-rendered pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def flash_service_error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
