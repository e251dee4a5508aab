"""Territory API: public reads (anonymous visitors and partner keys with the territory scope)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from territory import selectors
from territory.api import filters, serializers
from territory.models import IndigenousCommunity


class TerritoryScope:
    api_scope = "territory"


class DistrictViewSet(TerritoryScope, viewsets.ReadOnlyModelViewSet):
    """The districts of Lamas by INEI ubigeo, with their labelled areas and population figures;
    the detail adds the boundary (GeoJSON geometry)."""

    filterset_class = filters.DistrictFilter
    lookup_field = "ubigeo"
    lookup_value_regex = r"\d{6}"
    ordering_fields = ["ubigeo", "name", "official_area_ha"]
    ordering = ["ubigeo"]

    def get_queryset(self):
        return selectors.districts_with_population()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DistrictDetailSerializer
        return serializers.DistrictSerializer

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="All districts as one unpaginated GeoJSON FeatureCollection.",
    )
    @action(detail=False, url_path="geojson", pagination_class=None, filterset_class=None)
    def geojson(self, request):
        features = [
            {
                "type": "Feature",
                "id": district.ubigeo,
                "geometry": district.boundary,
                "properties": {
                    "ubigeo": district.ubigeo,
                    "name": district.name,
                    "capital": district.capital,
                    "official_area_ha": _number(district.official_area_ha),
                    "gis_area_ha": _number(district.gis_area_ha),
                    "computed_area_ha": _number(district.computed_area_ha),
                    "boundary_source": district.boundary_source.key
                    if district.boundary_source
                    else None,
                },
            }
            for district in selectors.districts()
        ]
        return Response({"type": "FeatureCollection", "features": features})


def _number(value):
    return float(value) if value is not None else None


class CommunityViewSet(TerritoryScope, viewsets.ReadOnlyModelViewSet):
    """Indigenous communities, their district and the organization that represents them.
    Communities whose name no source gives are marked `is_demo`."""

    serializer_class = serializers.CommunitySerializer
    filterset_class = filters.CommunityFilter
    ordering_fields = ["name", "district__ubigeo"]
    ordering = ["district__ubigeo", "name"]
    queryset = IndigenousCommunity.objects.none()

    def get_queryset(self):
        return selectors.communities()


class ConservationAreaViewSet(TerritoryScope, viewsets.ReadOnlyModelViewSet):
    """Conservation areas (the ACR-CE) with the districts they cover."""

    serializer_class = serializers.ConservationAreaSerializer
    filterset_class = filters.ConservationAreaFilter
    lookup_field = "code"
    ordering_fields = ["name", "area_ha"]
    ordering = ["name"]

    def get_queryset(self):
        return selectors.conservation_areas()


class ForestLossViewSet(TerritoryScope, viewsets.ReadOnlyModelViewSet):
    """Tree cover loss figures: period totals as sources state them, and annual figures from
    Global Forest Watch imports (start year = end year)."""

    serializer_class = serializers.ForestLossSerializer
    filterset_class = filters.ForestLossFilter
    ordering_fields = ["start_year", "end_year", "tree_cover_loss_ha"]
    ordering = ["start_year", "end_year", "pk"]

    def get_queryset(self):
        return selectors.forest_loss()


class LandUseViewSet(TerritoryScope, viewsets.ReadOnlyModelViewSet):
    """Crop figures (coffee, cocoa, oil palm): hectares and/or share of the province."""

    serializer_class = serializers.LandUseSerializer
    filterset_class = filters.LandUseFilter
    ordering_fields = ["crop", "hectares", "share_pct"]
    ordering = ["crop", "pk"]

    def get_queryset(self):
        return selectors.land_use()


class SourceViewSet(TerritoryScope, viewsets.ReadOnlyModelViewSet):
    """The sources the territory figures point to (by key)."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "key"
    ordering_fields = ["title", "year", "key"]
    ordering = ["title"]

    def get_queryset(self):
        return selectors.sources()


class TerritorySummaryView(TerritoryScope, APIView):
    """The province's key figures with their sources, rankings and the annual series."""

    @extend_schema(
        responses={
            200: serializers.TerritorySummarySerializer,
            404: OpenApiResponse(description="The territory reference data is not loaded yet."),
        }
    )
    def get(self, request):
        province = selectors.province()
        if province is None:
            raise exceptions.NotFound(_("The territory reference data is not loaded yet."))
        series = selectors.annual_series(province)
        communities = selectors.communities().filter(district__province=province)
        data = {
            "province": province.ubigeo,
            "name": province.name,
            "region": province.region,
            "district_count": province.districts.count(),
            "figures": selectors.key_figures(province),
            "rankings": selectors.rankings(province),
            "annual_tree_cover_loss": [
                {"year": year, "tree_cover_loss_ha": value} for year, value in series["points"]
            ],
            "annual_series_basis": series["basis"],
            "community_count": communities.count(),
            "demo_community_count": communities.filter(is_demo=True).count(),
        }
        return Response(serializers.TerritorySummarySerializer(data).data)
