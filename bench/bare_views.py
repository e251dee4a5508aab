"""The bare views `make bench-http` compares the app with: the same rows, read with `.values()`
and answered with JsonResponse, without middleware, DRF, templates or permissions. What the
app spends above these is its own overhead."""

from django.db.models import Count, Q, Sum
from django.http import HttpResponse, JsonResponse

from lap.models import FUNDING_LISTED_STATES, Action, ResourceNeed
from lap.selectors.actions import PUBLIC_STATES
from territory.models import District

HOME = b"<!doctype html><html lang=es><title>LAP Lamas</title><h1>Plan</h1></html>"
ACTION_FIELDS = (
    "id",
    "title",
    "description",
    "objective_id",
    "objective__code",
    "crops",
    "starts_on",
    "ends_on",
    "estimated_cost_pen",
    "state",
    "proposing_organization__name",
    "created_at",
    "updated_at",
)


def _page(request) -> tuple[int, int]:
    size = min(int(request.GET.get("page_size", 50)), 200)
    page = int(request.GET.get("page", 1))
    return (page - 1) * size, size


def home(request):
    return HttpResponse(HOME)


def territory(request):
    rows = District.objects.annotate(community_count=Count("communities")).values(
        "ubigeo", "name", "capital", "official_area_ha", "community_count"
    )
    return JsonResponse({"districts": list(rows)})


def actions(request):
    start, size = _page(request)
    listed = Action.objects.filter(state__in=PUBLIC_STATES)
    rows = list(listed.order_by("-created_at", "-id").values(*ACTION_FIELDS)[start : start + size])
    districts: dict[int, list[int]] = {}
    for action_id, district_id in Action.districts.through.objects.filter(
        action_id__in=[row["id"] for row in rows]
    ).values_list("action_id", "district_id"):
        districts.setdefault(action_id, []).append(district_id)
    for row in rows:
        row["districts"] = districts.get(row["id"], [])
    return JsonResponse({"count": listed.count(), "results": rows})


def funding_gaps(request):
    """The rows the report is computed from: every listed need with its live commitments'
    amounts and delivered sums (one GROUP BY, as the app's), and a page of them; no conversion,
    rounding or totals in Python."""
    start, size = _page(request)
    listed = Action.objects.filter(state__in=FUNDING_LISTED_STATES)
    live = ~Q(commitments__status="cancelled")
    rows = list(
        ResourceNeed.objects.filter(action__state__in=FUNDING_LISTED_STATES)
        .values("id", "action_id", "kind", "unit", "amount", "estimated_value_pen")
        .annotate(
            committed=Sum("commitments__amount", filter=live),
            delivered=Sum("commitments__deliveries__amount", filter=live),
        )
        .order_by("action_id", "id")
    )
    return JsonResponse({"count": listed.count(), "results": rows[start : start + size]})
