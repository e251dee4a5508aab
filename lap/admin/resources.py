"""Admin pages: resources."""
