"""API: resources."""

urlpatterns: list = []
