from django.urls import path

from bench import bare_views

urlpatterns = [
    path("", bare_views.home),
    path("territory/", bare_views.territory),
    path("api/v1/actions/", bare_views.actions),
    path("api/v1/funding-gaps/", bare_views.funding_gaps),
    path("resources/funding-gaps/", bare_views.funding_gaps),
]
