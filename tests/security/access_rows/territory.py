"""Access rows for the territory pages and API (merged into access_table.ACCESS).

The territory is public: every persona reads every page and endpoint (the partner key of the
`world` fixture carries the territory scope). Only coordinators enter communities."""

from tests.security.access_table import ALL_200, API_READ_ALL, COORDINATOR_PAGE, row


def _reference(world, objects):
    """The reference facts (idempotent load) and one object of each kind the rows act on."""
    from territory import services
    from territory.models import ForestLoss, IndigenousCommunity, LandUse

    services.reference_data_load()
    return {
        "community": IndigenousCommunity.objects.order_by("pk").first(),
        "forest_loss": ForestLoss.objects.order_by("pk").first(),
        "land_use": LandUse.objects.order_by("pk").first(),
    }


def _loaded(world, objects):
    _reference(world, objects)
    return {}


ROWS = {
    # --- pages ---
    "territory-overview": row("get", ALL_200, kwargs=_loaded),
    "territory-district": row(
        "get", ALL_200, kwargs=lambda w, o: _loaded(w, o) or {"ubigeo": "220508"}
    ),
    "territory-sources": row("get", ALL_200, kwargs=_loaded),
    "territory-consistency": row("get", ALL_200, kwargs=_loaded),
    "territory-communities": row("get", ALL_200, kwargs=_loaded),
    "territory-community-create": row("get", COORDINATOR_PAGE, kwargs=_loaded),
    "territory-community-edit": row(
        "get", COORDINATOR_PAGE, kwargs=lambda w, o: {"pk": _reference(w, o)["community"].pk}
    ),
    # --- API ---
    "api:district-list": row("get", API_READ_ALL, kwargs=_loaded),
    "api:district-detail": row(
        "get", API_READ_ALL, kwargs=lambda w, o: _loaded(w, o) or {"ubigeo": "220501"}
    ),
    "api:district-geojson": row("get", API_READ_ALL, kwargs=_loaded),
    "api:community-list": row("get", API_READ_ALL, kwargs=_loaded),
    "api:community-detail": row(
        "get", API_READ_ALL, kwargs=lambda w, o: {"pk": _reference(w, o)["community"].pk}
    ),
    "api:conservation-area-list": row("get", API_READ_ALL, kwargs=_loaded),
    "api:conservation-area-detail": row(
        "get", API_READ_ALL, kwargs=lambda w, o: _loaded(w, o) or {"code": "acr-ce"}
    ),
    "api:forest-loss-list": row("get", API_READ_ALL, kwargs=_loaded),
    "api:forest-loss-detail": row(
        "get", API_READ_ALL, kwargs=lambda w, o: {"pk": _reference(w, o)["forest_loss"].pk}
    ),
    "api:land-use-list": row("get", API_READ_ALL, kwargs=_loaded),
    "api:land-use-detail": row(
        "get", API_READ_ALL, kwargs=lambda w, o: {"pk": _reference(w, o)["land_use"].pk}
    ),
    "api:source-list": row("get", API_READ_ALL, kwargs=_loaded),
    "api:source-detail": row(
        "get", API_READ_ALL, kwargs=lambda w, o: _loaded(w, o) or {"key": "inei-ubigeo"}
    ),
    "api:territory-summary": row("get", API_READ_ALL, kwargs=_loaded),
}
