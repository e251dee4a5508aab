"""Access rows for the vision pages and API (merged into access_table.ACCESS)."""

ROWS: dict = {}
