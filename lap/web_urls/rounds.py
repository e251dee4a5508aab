"""Pages: rounds."""

urlpatterns: list = []
