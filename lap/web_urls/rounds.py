"""Pages: rounds."""

from django.urls import path

from lap.views import rounds as views

urlpatterns = [
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/candidates/", views.round_candidates, name="round-candidates"),
    path("rounds/<int:pk>/state/<slug:verb>/", views.round_transition, name="round-transition"),
    path("rounds/<int:pk>/score/", views.round_score, name="round-score"),
    path("rounds/<int:pk>/results/", views.round_results, name="round-results"),
    path("rounds/<int:pk>/how/", views.round_transparency, name="round-transparency"),
]
