"""Admin pages: vision."""
