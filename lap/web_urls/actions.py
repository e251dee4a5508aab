"""Pages: actions."""

from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from lap.views import actions as views

urlpatterns = [
    path("actions/", views.action_list, name="action-list"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/review/", views.review_queue, name="action-review-queue"),
    path("actions/<id:pk>/", views.action_detail, name="action-detail"),
    path("actions/<id:pk>/edit/", views.action_edit, name="action-edit"),
    path(
        "actions/<id:pk>/transition/<slug:verb>/",
        views.action_transition,
        name="action-transition",
    ),
    path("actions/<id:pk>/comments/", views.action_comment, name="action-comment"),
    path(
        "actions/<id:pk>/communities/add/",
        views.action_community_add,
        name="action-community-add",
    ),
    path(
        "actions/<id:pk>/communities/<id:community_pk>/remove/",
        views.action_community_remove,
        name="action-community-remove",
    ),
    path(
        "actions/<id:pk>/communities/<id:community_pk>/consent/",
        views.action_consent,
        name="action-consent",
    ),
    path(
        "actions/<id:pk>/consent-documents/<id:record_pk>/",
        views.consent_document,
        name="action-consent-document",
    ),
]
