"""Reads about prioritization rounds, shared by pages, the API and other areas of the plan."""


def latest_published_ranks() -> dict[int, int | None]:
    """{action id: rank} from the latest published round (None for unranked candidates).

    Used by the funding-gap report to list actions in priority order. Until rounds exist, no
    round is published and the mapping is empty.
    """
    return {}
