"""The plan's pages: each area keeps its own `urlpatterns` module."""

from lap.web_urls import actions, implementation, resources, rounds, vision

urlpatterns = [
    *vision.urlpatterns,
    *actions.urlpatterns,
    *rounds.urlpatterns,
    *resources.urlpatterns,
    *implementation.urlpatterns,
]
