"""API: vision."""

urlpatterns: list = []
