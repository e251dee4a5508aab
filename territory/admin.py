"""Admin for the territory. Reference data is loaded by load_reference_data and the importers;
communities go through the services so that edits are audited."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from territory import services
from territory.models import (
    CarbonStock,
    ConservationArea,
    ConservationShare,
    DeforestationRanking,
    District,
    ForestLoss,
    IndigenousCommunity,
    LandUse,
    PopulationFigure,
    Province,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "publisher", "year")
    list_filter = ("year", "publisher")
    search_fields = ("title", "key", "publisher", "document", "notes")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "ubigeo", "region", "official_area_ha", "stated_area_ha")
    list_filter = ("region",)
    search_fields = ("name", "ubigeo")


class PopulationInline(admin.TabularInline):
    model = PopulationFigure
    fk_name = "district"
    extra = 0
    fields = ("year", "kind", "population", "is_approximate", "source", "is_derived")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = (
        "ubigeo",
        "name",
        "capital",
        "official_area_ha",
        "gis_area_ha",
        "computed_area_ha",
        "has_boundary",
    )
    list_filter = ("province", ("boundary", admin.EmptyFieldListFilter))
    search_fields = ("name", "ubigeo", "ubigeo_reniec", "capital")
    readonly_fields = ("computed_area_ha", "boundary")
    list_select_related = ("province",)
    inlines = [PopulationInline]

    @admin.display(boolean=True, description=_("boundary"))
    def has_boundary(self, district) -> bool:
        return district.boundary is not None


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "kind", "population", "is_approximate", "is_derived")
    list_filter = ("kind", "year", "is_derived", "source")
    search_fields = ("district__name", "province__name")
    list_select_related = ("district", "province")


class ConservationShareInline(admin.TabularInline):
    model = ConservationShare
    extra = 0


@admin.register(ConservationArea)
class ConservationAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "area_ha", "legal_instrument", "created_on")
    search_fields = ("name", "code", "legal_instrument")
    list_filter = ("category",)
    inlines = [ConservationShareInline]


@admin.register(ConservationShare)
class ConservationShareAdmin(admin.ModelAdmin):
    list_display = ("conservation_area", "district", "rank", "share_pct", "description")
    list_filter = ("conservation_area", "district")
    list_select_related = ("conservation_area", "district")
    search_fields = ("district__name", "description")


class CommunityAdminForm(forms.ModelForm):
    class Meta:
        model = IndigenousCommunity
        fields = list(services.COMMUNITY_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                services.validate_community(cleaned, exclude_pk=self.instance.pk)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned


@admin.register(IndigenousCommunity)
class IndigenousCommunityAdmin(admin.ModelAdmin):
    form = CommunityAdminForm
    list_display = ("name", "people", "district", "organization", "source", "is_demo")
    list_filter = ("is_demo", "people", "district")
    search_fields = ("name", "category", "district__name", "organization__name")
    list_select_related = ("district", "organization", "source")
    autocomplete_fields = ("organization",)

    def save_model(self, request, obj, form, change):
        """Through the service (validated by the form already), so the change is audited."""
        fields = {name: form.cleaned_data.get(name) for name in services.COMMUNITY_FIELDS}
        if change:
            saved = services.community_update(
                acting_user=request.user,
                community=IndigenousCommunity.objects.get(pk=obj.pk),
                **fields,
            )
        else:
            saved = services.community_create(acting_user=request.user, **fields)
        obj.pk = saved.pk


@admin.register(LandUse)
class LandUseAdmin(admin.ModelAdmin):
    list_display = (
        "crop",
        "district",
        "province",
        "measure",
        "hectares",
        "hectares_is_derived",
        "share_pct",
        "source",
    )
    list_filter = ("crop", "measure", "hectares_is_derived", "district", "source")
    search_fields = ("district__name", "note", "derivation")
    list_select_related = ("district", "province", "source")


@admin.register(ForestLoss)
class ForestLossAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "start_year",
        "end_year",
        "tree_cover_loss_ha",
        "humid_primary_forest_loss_ha",
        "emissions_t_co2e",
        "canopy_threshold",
        "source",
        "is_derived",
    )
    list_filter = ("source", "canopy_threshold", "is_derived", "district", "start_year")
    search_fields = ("district__name", "province__name", "derivation")
    list_select_related = ("district", "province", "source")


@admin.register(CarbonStock)
class CarbonStockAdmin(admin.ModelAdmin):
    list_display = ("__str__", "tonnes_carbon", "is_lower_bound", "density_t_c_per_ha", "source")
    list_filter = ("is_lower_bound", "is_derived", "source")
    search_fields = ("description", "district__name")
    list_select_related = ("district", "province", "source")


@admin.register(DeforestationRanking)
class DeforestationRankingAdmin(admin.ModelAdmin):
    list_display = ("province", "scope", "rank", "out_of", "source")
    list_filter = ("scope", "source")
    search_fields = ("province__name",)
    list_select_related = ("province", "source")
