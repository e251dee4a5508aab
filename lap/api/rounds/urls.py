"""API: rounds."""

urlpatterns: list = []
