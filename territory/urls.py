"""Territory pages, mounted at /territory/."""

from django.urls import path

from lap import converters  # noqa: F401 (registers <id:...>)
from territory import views

urlpatterns = [
    path("", views.overview, name="territory-overview"),
    path("districts/<str:ubigeo>/", views.district_detail, name="territory-district"),
    path("sources/", views.sources, name="territory-sources"),
    path("consistency/", views.consistency, name="territory-consistency"),
    path("communities/", views.communities, name="territory-communities"),
    path("communities/new/", views.community_create, name="territory-community-create"),
    path("communities/<id:pk>/edit/", views.community_edit, name="territory-community-edit"),
]
