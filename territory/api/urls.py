"""Territory API."""

urlpatterns: list = []
