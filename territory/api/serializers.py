from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from territory.models import (
    ConservationArea,
    ConservationShare,
    District,
    ForestLoss,
    IndigenousCommunity,
    LandUse,
    PopulationFigure,
    Source,
)

# Fields named `source` or `label` shadow DRF's Field attributes of those names in its stubs:
# they carry `# type: ignore[assignment]`.


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["key", "title", "publisher", "year", "url", "document", "notes"]


class SourceKeyField(serializers.SlugRelatedField):
    """A figure's source, by its key (the full record is at sources/)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="key", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        # Null where the figure may have no source, so the schema says so.
        self.allow_null = parent.Meta.model._meta.get_field(self.source).null


class PopulationSerializer(serializers.ModelSerializer):
    source = SourceKeyField()  # type: ignore[assignment]

    class Meta:
        model = PopulationFigure
        fields = ["year", "kind", "population", "is_approximate", "is_derived", "source"]


class AreaSerializer(serializers.Serializer):
    hectares = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    is_derived = serializers.BooleanField()
    label = serializers.CharField()  # type: ignore[assignment]


class DistrictSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.ubigeo", read_only=True)
    areas = serializers.SerializerMethodField()
    population = PopulationSerializer(source="population_figures", many=True, read_only=True)
    community_count = serializers.IntegerField(read_only=True)
    has_boundary = serializers.SerializerMethodField()

    class Meta:
        model = District
        fields = [
            "id",
            "ubigeo",
            "ubigeo_reniec",
            "name",
            "capital",
            "province",
            "official_area_ha",
            "areas",
            "population",
            "community_count",
            "has_boundary",
        ]

    @extend_schema_field(AreaSerializer(many=True))
    def get_areas(self, district) -> list[dict]:
        def key(source):
            return source.key if source else None

        def hectares(value):
            return str(value) if value is not None else None

        return [
            {
                "label": "official",
                "hectares": hectares(district.official_area_ha),
                "source": key(district.official_area_source),
                "is_derived": False,
            },
            {
                "label": "gis_layer",
                "hectares": hectares(district.gis_area_ha),
                "source": key(district.gis_area_source),
                "is_derived": False,
            },
            {
                "label": "computed",
                "hectares": hectares(district.computed_area_ha),
                "source": key(district.boundary_source),
                "is_derived": True,
            },
        ]

    def get_has_boundary(self, district) -> bool:
        return district.boundary is not None


class DistrictDetailSerializer(DistrictSerializer):
    boundary = serializers.JSONField(read_only=True)

    class Meta(DistrictSerializer.Meta):
        fields = [*DistrictSerializer.Meta.fields, "boundary"]


class CommunitySerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.ubigeo", read_only=True)
    district_id = serializers.IntegerField(read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    organization = serializers.SerializerMethodField()
    source = SourceKeyField()  # type: ignore[assignment]

    class Meta:
        model = IndigenousCommunity
        fields = [
            "id",
            "name",
            "people",
            "category",
            "district",
            "district_id",
            "district_name",
            "organization",
            "source",
            "is_demo",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_organization(self, community):
        organization = community.organization
        if organization is None:
            return None
        return {"id": organization.pk, "name": organization.name}


class ConservationShareSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.ubigeo", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    source = SourceKeyField()  # type: ignore[assignment]

    class Meta:
        model = ConservationShare
        fields = ["district", "district_name", "rank", "share_pct", "description", "source"]


class ConservationAreaSerializer(serializers.ModelSerializer):
    shares = ConservationShareSerializer(many=True, read_only=True)
    source = SourceKeyField()  # type: ignore[assignment]

    class Meta:
        model = ConservationArea
        fields = [
            "code",
            "name",
            "category",
            "legal_instrument",
            "created_on",
            "area_ha",
            "area_note",
            "description",
            "source",
            "shares",
        ]


class ForestLossSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.ubigeo", read_only=True, allow_null=True)
    district = serializers.CharField(source="district.ubigeo", read_only=True, allow_null=True)
    source = SourceKeyField()  # type: ignore[assignment]

    class Meta:
        model = ForestLoss
        fields = [
            "id",
            "province",
            "district",
            "start_year",
            "end_year",
            "tree_cover_loss_ha",
            "humid_primary_forest_loss_ha",
            "emissions_t_co2e",
            "tree_cover_decrease_pct",
            "primary_share_pct",
            "canopy_threshold",
            "source",
            "is_derived",
            "derivation",
        ]


class LandUseSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.ubigeo", read_only=True, allow_null=True)
    district = serializers.CharField(source="district.ubigeo", read_only=True, allow_null=True)
    source = SourceKeyField()  # type: ignore[assignment]

    class Meta:
        model = LandUse
        fields = [
            "id",
            "crop",
            "province",
            "district",
            "measure",
            "hectares",
            "hectares_is_derived",
            "is_approximate",
            "share_pct",
            "year",
            "note",
            "source",
            "is_derived",
            "derivation",
        ]


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    source = serializers.CharField(source="source.key", allow_null=True, default=None)  # type: ignore[assignment]
    is_derived = serializers.BooleanField()
    derivation = serializers.CharField()
    is_approximate = serializers.BooleanField()
    is_lower_bound = serializers.BooleanField()


class RankingSerializer(serializers.Serializer):
    scope = serializers.CharField()
    rank = serializers.IntegerField()
    out_of = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(source="source.key")  # type: ignore[assignment]


class SeriesPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    tree_cover_loss_ha = serializers.DecimalField(max_digits=14, decimal_places=2)


class TerritorySummarySerializer(serializers.Serializer):
    province = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    district_count = serializers.IntegerField()
    figures = FigureSerializer(many=True)
    rankings = RankingSerializer(many=True)
    annual_tree_cover_loss = SeriesPointSerializer(many=True)
    annual_series_basis = serializers.CharField()
    community_count = serializers.IntegerField()
    demo_community_count = serializers.IntegerField()
