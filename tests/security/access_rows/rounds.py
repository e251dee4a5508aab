"""Access rows for the rounds pages and API (merged into access_table.ACCESS)."""

ROWS: dict = {}
