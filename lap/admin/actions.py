"""Admin pages: actions."""
