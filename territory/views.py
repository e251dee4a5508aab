"""Territory pages: public (anonymous visitors included), except entering communities."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from lap import charts
from lap.selectors.actions import actions_in_district
from lap.web import add_service_errors, paginate
from territory import selectors, services, versions
from territory.forms import CommunityForm
from territory.models import District, IndigenousCommunity, Source


def district_map(
    districts: list[District], *, highlight: str | None = None
) -> tuple[charts.MapChart | None, Source | None]:
    """The map of the districts that have a boundary, each linked to its page, and the source
    of the boundaries (the first district's) for the caption."""
    drawn = [district for district in districts if district.boundary]
    drawing = charts.map_chart(
        (
            charts.Area(
                key=district.ubigeo,
                label=district.name,
                geometry=district.boundary,
                href=reverse("territory-district", args=[district.ubigeo]),
            )
            for district in drawn
        ),
        highlight=highlight,
    )
    return drawing, drawn[0].boundary_source if drawn else None


# How long a drawing stays cached at most: its key changes with the data (territory.versions),
# so this only bounds what an unforeseen write that bypasses the signals could leave stale.
DRAWING_CACHE_SECONDS = 6 * 60 * 60


def _map_when_shown(districts: Callable[[], list[District]], highlight: str | None = None):
    """The map and its source, drawn the first time the template reads them: not at all when
    the drawing comes from the cache."""
    drawing = SimpleLazyObject(lambda: district_map(districts(), highlight=highlight))
    return {
        "map": SimpleLazyObject(lambda: drawing[0]),
        "map_source": SimpleLazyObject(lambda: drawing[1]),
    }


def _cached_by_version() -> dict[str, Any]:
    """What the template's {% cache %} keys need besides the language."""
    return {"data_version": versions.current_token(), "cache_seconds": DRAWING_CACHE_SECONDS}


def overview(request):
    province = selectors.province()
    context: dict[str, Any] = {"province": province}
    if province is not None:
        # Everything below the heading depends only on territory data and the language: the
        # template caches it whole, and each part is computed only when it is not cached.
        districts = SimpleLazyObject(lambda: list(selectors.districts_with_population()))
        series = SimpleLazyObject(lambda: selectors.annual_series(province))
        context.update(
            {
                "figures": SimpleLazyObject(lambda: selectors.key_figures(province)),
                "districts": districts,
                **_map_when_shown(lambda: districts),
                "crops": SimpleLazyObject(lambda: selectors.province_crops(province)),
                "rankings": SimpleLazyObject(lambda: list(selectors.rankings(province))),
                "conservation_areas": SimpleLazyObject(
                    lambda: list(selectors.conservation_areas())
                ),
                "series": series,
                "chart": SimpleLazyObject(lambda: charts.yearly_bars(series["points"])),
                "period_loss": SimpleLazyObject(lambda: selectors.period_forest_loss(province)),
                **_cached_by_version(),
            }
        )
    return render(request, "territory/overview.html", context)


DISTRICT_ACTIONS_SHOWN = 20


def district_detail(request, ubigeo: str):
    district = get_object_or_404(selectors.district_detail(), ubigeo=ubigeo)
    context: dict[str, Any] = {
        "district": district,
        **_map_when_shown(lambda: list(selectors.districts()), highlight=district.ubigeo),
        **_cached_by_version(),
        "annual_loss": [row for row in district.forest_loss.all() if row.is_annual],
        "period_loss": [row for row in district.forest_loss.all() if not row.is_annual],
        # The first actions here; the action list filtered by district has them all.
        "district_actions": actions_in_district(district=district, user=request.user)[
            :DISTRICT_ACTIONS_SHOWN
        ],
    }
    context["chart"] = charts.yearly_bars(
        [
            (row.start_year, row.tree_cover_loss_ha)
            for row in context["annual_loss"]
            if row.tree_cover_loss_ha is not None
        ]
    )
    return render(request, "territory/district_detail.html", context)


def sources(request):
    page = paginate(request, selectors.sources(), per_page=50)
    return render(request, "territory/sources.html", {"page": page})


def consistency(request):
    province = selectors.province()
    context = {"province": province}
    if province is not None:
        context.update(selectors.consistency(province))
    return render(request, "territory/consistency.html", context)


def communities(request):
    page = paginate(request, selectors.communities())
    return render(
        request,
        "territory/communities.html",
        {
            "page": page,
            "can_manage": request.user.has_perm("territory.manage_communities"),
        },
    )


def _community_form_page(request, community: IndigenousCommunity | None):
    if not request.user.has_perm("territory.manage_communities"):
        raise PermissionDenied
    initial = None
    if community is not None:
        initial = {name: getattr(community, name) for name in services.COMMUNITY_FIELDS}
    form = CommunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if community is None:
                community = services.community_create(acting_user=request.user, **form.cleaned_data)
            else:
                community = services.community_update(
                    acting_user=request.user, community=community, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The community was saved."))
            return redirect("territory-district", ubigeo=community.district.ubigeo)
    return render(request, "territory/community_form.html", {"form": form, "community": community})


@login_required
def community_create(request):
    return _community_form_page(request, None)


@login_required
def community_edit(request, pk: int):
    return _community_form_page(request, get_object_or_404(IndigenousCommunity, pk=pk))
