"""Territory of Lamas province: districts, communities, crops, figures and their sources.

`places` holds the core models the plan refers to (Source, Province, District,
IndigenousCommunity, Crop); `forest` the forest-loss series; `figures` the other figures;
`versions` the token that changes with any of them.
Every figure points to a Source and says whether it is stated or derived.
"""

from territory.models.figures import *  # noqa: F403
from territory.models.forest import *  # noqa: F403
from territory.models.places import *  # noqa: F403
from territory.models.versions import *  # noqa: F403
