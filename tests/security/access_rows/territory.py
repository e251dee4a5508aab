"""Access rows for the territory pages and API (merged into access_table.ACCESS)."""

ROWS: dict = {}
