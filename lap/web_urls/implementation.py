"""Pages: implementation and results."""

from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from lap.views import implementation as views

urlpatterns = [
    path("results/", views.results, name="results"),
    path(
        "actions/<id:pk>/implementation/",
        views.action_implementation,
        name="implementation-action",
    ),
    path(
        "actions/<id:pk>/milestones/new/",
        views.milestone_create,
        name="implementation-milestone-create",
    ),
    path("milestones/<id:pk>/edit/", views.milestone_edit, name="implementation-milestone-edit"),
    path("milestones/<id:pk>/done/", views.milestone_done, name="implementation-milestone-done"),
    path(
        "milestones/<id:pk>/delete/",
        views.milestone_delete,
        name="implementation-milestone-delete",
    ),
    path(
        "milestones/<id:pk>/evidence/",
        views.milestone_evidence,
        name="implementation-milestone-evidence",
    ),
    path("actions/<id:pk>/updates/new/", views.update_create, name="implementation-update-create"),
    path("updates/<id:pk>/edit/", views.update_edit, name="implementation-update-edit"),
    path("updates/<id:pk>/publish/", views.update_publish, name="implementation-update-publish"),
    path("updates/<id:pk>/hide/", views.update_hide, name="implementation-update-hide"),
    path("updates/<id:pk>/delete/", views.update_delete, name="implementation-update-delete"),
    path("updates/bulk/", views.upload_list, name="implementation-uploads"),
    path("updates/bulk/template.csv", views.upload_template, name="implementation-upload-template"),
    path("updates/bulk/<id:pk>/", views.upload_detail, name="implementation-upload"),
    path("updates/bulk/<id:pk>/commit/", views.upload_commit, name="implementation-upload-commit"),
    path("updates/bulk/<id:pk>/delete/", views.upload_delete, name="implementation-upload-delete"),
    path(
        "updates/attachments/<id:pk>/",
        views.update_attachment,
        name="implementation-attachment",
    ),
]
