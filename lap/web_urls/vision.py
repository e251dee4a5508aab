"""Pages: vision."""

urlpatterns: list = []
