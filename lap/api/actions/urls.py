"""API: actions."""

urlpatterns: list = []
