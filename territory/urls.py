"""Territory pages."""

urlpatterns: list = []
