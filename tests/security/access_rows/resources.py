"""Access rows for the resources pages and API (merged into access_table.ACCESS)."""

ROWS: dict = {}
