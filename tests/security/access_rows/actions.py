"""Access rows for the actions pages and API (merged into access_table.ACCESS)."""

ROWS: dict = {}
