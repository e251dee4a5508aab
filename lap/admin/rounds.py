"""Admin pages: rounds."""
