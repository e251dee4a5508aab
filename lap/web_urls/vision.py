"""Pages: vision, objectives and indicators."""

from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from lap.views import vision as views

urlpatterns = [
    path("vision/", views.vision_current, name="vision"),
    path("vision/versions/", views.version_list, name="vision-version-list"),
    path("vision/versions/new/", views.version_create, name="vision-version-create"),
    path("vision/versions/<id:pk>/", views.version_detail, name="vision-version-detail"),
    path("vision/versions/<id:pk>/edit/", views.version_edit, name="vision-version-edit"),
    path("vision/versions/<id:pk>/open/", views.version_open, name="vision-version-open"),
    path("vision/versions/<id:pk>/close/", views.version_close, name="vision-version-close"),
    path("vision/versions/<id:pk>/publish/", views.version_publish, name="vision-version-publish"),
    path("vision/versions/<id:pk>/comments/", views.comment_create, name="vision-comment-create"),
    path("vision/versions/<id:pk>/endorse/", views.endorse, name="vision-endorse"),
    path(
        "vision/versions/<id:pk>/withdraw-endorsement/",
        views.withdraw_endorsement,
        name="vision-withdraw-endorsement",
    ),
    path("vision/compare/", views.compare, name="vision-compare"),
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/new/", views.objective_create, name="objective-create"),
    path("objectives/<id:pk>/", views.objective_detail, name="objective-detail"),
    path("objectives/<id:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<id:pk>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("indicators/<id:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path(
        "indicators/<id:pk>/measurements/new/",
        views.measurement_create,
        name="indicator-measurement-create",
    ),
    path(
        "measurements/<id:pk>/verify/",
        views.measurement_verify,
        name="indicator-measurement-verify",
    ),
    path(
        "measurements/<id:pk>/unverify/",
        views.measurement_unverify,
        name="indicator-measurement-unverify",
    ),
]
