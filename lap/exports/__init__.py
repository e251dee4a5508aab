"""The shapes of what the plan gives out: the API's JSON bodies and the rows of the downloads,
built from what the selectors compute (one module an area)."""
