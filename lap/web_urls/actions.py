"""Pages: actions."""

from django.urls import path

from lap.views import actions as views

urlpatterns = [
    path("actions/", views.action_list, name="action-list"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/review/", views.review_queue, name="action-review-queue"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path(
        "actions/<int:pk>/transition/<slug:verb>/",
        views.action_transition,
        name="action-transition",
    ),
    path("actions/<int:pk>/comments/", views.action_comment, name="action-comment"),
    path(
        "actions/<int:pk>/communities/add/",
        views.action_community_add,
        name="action-community-add",
    ),
    path(
        "actions/<int:pk>/communities/<int:community_pk>/remove/",
        views.action_community_remove,
        name="action-community-remove",
    ),
    path(
        "actions/<int:pk>/communities/<int:community_pk>/consent/",
        views.action_consent,
        name="action-consent",
    ),
    path(
        "actions/<int:pk>/consent-documents/<int:record_pk>/",
        views.consent_document,
        name="action-consent-document",
    ),
]
