"""Pages: resources."""

from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from lap.views import resources as views

urlpatterns = [
    path("resources/funding-gaps/", views.funding_gaps, name="resources-funding-gaps"),
    path("resources/funding-gaps.csv", views.funding_gaps_csv, name="resources-funding-gaps-csv"),
    path(
        "resources/funding-gaps.xlsx", views.funding_gaps_xlsx, name="resources-funding-gaps-xlsx"
    ),
    path("resources/dashboard/", views.dashboard, name="resources-dashboard"),
    path("resources/exchange-rates/", views.exchange_rates, name="resources-exchange-rates"),
    path("actions/<id:pk>/resources/", views.action_resources, name="resources-action"),
    path("actions/<id:pk>/resources/needs/new/", views.need_create, name="resources-need-create"),
    path("resources/needs/<id:pk>/edit/", views.need_edit, name="resources-need-edit"),
    path(
        "resources/needs/<id:pk>/commit/",
        views.commitment_create,
        name="resources-commitment-create",
    ),
    path(
        "resources/commitments/<id:pk>/edit/",
        views.commitment_edit,
        name="resources-commitment-edit",
    ),
    path(
        "resources/commitments/<id:pk>/confirm/",
        views.commitment_confirm,
        name="resources-commitment-confirm",
    ),
    path(
        "resources/commitments/<id:pk>/cancel/",
        views.commitment_cancel,
        name="resources-commitment-cancel",
    ),
    path(
        "resources/deliveries/<id:pk>/document/",
        views.delivery_document,
        name="resources-delivery-document",
    ),
    path(
        "resources/commitments/<id:pk>/deliver/",
        views.delivery_create,
        name="resources-delivery-create",
    ),
]
