"""Pages: rounds."""

from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from lap.views import rounds as views

urlpatterns = [
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<id:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<id:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<id:pk>/candidates/", views.round_candidates, name="round-candidates"),
    path("rounds/<id:pk>/state/<slug:verb>/", views.round_transition, name="round-transition"),
    path("rounds/<id:pk>/score/", views.round_score, name="round-score"),
    path("rounds/<id:pk>/results/", views.round_results, name="round-results"),
    path("rounds/<id:pk>/how/", views.round_transparency, name="round-transparency"),
]
