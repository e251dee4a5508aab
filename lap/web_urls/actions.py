"""Pages: actions."""

urlpatterns: list = []
