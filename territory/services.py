"""Every write about the territory: keyword-only, atomic, permission-checked where a person acts,
audited. Loads and imports run from management commands (no person: `acting_user=None`)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from lap import limits
from lap.audit import Verb, record
from lap.services.kit import locked, require, update_model
from stakeholders.models import Organization, Sector, User
from territory.data import lamas
from territory.models import (
    CarbonStock,
    ConservationArea,
    ConservationShare,
    DeforestationRanking,
    District,
    ForestLoss,
    IndigenousCommunity,
    IndigenousPeople,
    LandUse,
    PopulationFigure,
    PopulationKind,
    Province,
    Source,
)

# The communities of San Roque de Cumbaza that no source names: demo data, marked as demo.
DEMO_COMMUNITIES = [
    ("Comunidad demo Alto Cumbaza (demo)", "220508", IndigenousPeople.KICHWA),
    ("Comunidad demo Bajo Cumbaza (demo)", "220508", IndigenousPeople.KICHWA),
    ("Comunidad demo Quebrada Verde (demo)", "220508", IndigenousPeople.KICHWA),
    ("Comunidad demo Cabecera del Cumbaza (demo)", "220508", IndigenousPeople.KICHWA),
    ("Comunidad demo Escalera Shawi (demo)", "220504", IndigenousPeople.SHAWI),
]

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _upsert(
    model: type[M],
    result: LoadResult,
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    acting_user: User | None = None,
    verb: str,
) -> M:
    """Create the row, or update only the fields whose value differs: reloading changes nothing."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        record(actor=acting_user, verb=Verb(f"{verb}.create"), target=obj, changes=values)
        result.count("created")
        return obj
    obj, changes = update_model(
        instance=obj,
        fields=values,
        data=values,
        acting_user=acting_user,
        verb=Verb(f"{verb}.update"),
    )
    result.count("updated" if changes else "unchanged")
    return obj


@transaction.atomic
def reference_data_load(*, acting_user: User | None = None, with_demo: bool = False) -> LoadResult:
    """Load the reference facts of territory.data.lamas (and, on request, demo communities).

    Idempotent: a second run creates nothing and changes nothing."""
    result = LoadResult()
    sources: dict[str, Source] = {}
    for spec in [*lamas.SOURCES, lamas.GFW_SOURCE]:
        values = {name: value for name, value in spec.items() if name != "key"}
        sources[spec["key"]] = _upsert(
            Source,
            result,
            lookup={"key": spec["key"]},
            values=values,
            acting_user=acting_user,
            verb="territory.source",
        )

    spec = lamas.PROVINCE
    province = _upsert(
        Province,
        result,
        lookup={"ubigeo": spec["ubigeo"]},
        values={
            "name": spec["name"],
            "region": spec["region"],
            "official_area_ha": spec["official_area_ha"],
            "official_area_source": sources[spec["official_area_source"]],
            "official_area_derivation": spec["official_area_derivation"],
            "stated_area_ha": lamas.PROVINCE_AREA_STATED_BY_BRIEF["hectares"],
            "stated_area_source": sources[lamas.PROVINCE_AREA_STATED_BY_BRIEF["source"]],
        },
        acting_user=acting_user,
        verb="territory.province",
    )

    districts = {}
    for ubigeo, reniec, name, capital, km2, gis_ha, census, projected in lamas.DISTRICTS:
        district = _upsert(
            District,
            result,
            lookup={"ubigeo": ubigeo},
            values={
                "province": province,
                "ubigeo_reniec": reniec,
                "name": name,
                "capital": capital,
                "official_area_ha": Decimal(km2) * 100,
                "official_area_source": sources["inei-ubigeo"],
                "gis_area_ha": Decimal(gis_ha),
                "gis_area_source": sources["minam-district-limits"],
            },
            acting_user=acting_user,
            verb="territory.district",
        )
        districts[ubigeo] = district
        for year, kind, population, source_key in (
            (2017, PopulationKind.CENSUS, census, "citypopulation-2017"),
            (2025, PopulationKind.PROJECTION, projected, "inei-renamu-2025"),
        ):
            if population is None:
                continue
            _upsert(
                PopulationFigure,
                result,
                lookup={
                    "district": district,
                    "province": None,
                    "year": year,
                    "kind": kind,
                    "source": sources[source_key],
                },
                values={"population": population},
                acting_user=acting_user,
                verb="territory.population",
            )
    estimate = lamas.PROVINCE_POPULATION_ESTIMATE
    _upsert(
        PopulationFigure,
        result,
        lookup={
            "province": province,
            "district": None,
            "year": None,
            "kind": PopulationKind.ESTIMATE,
            "source": sources[estimate["source"]],
        },
        values={"population": estimate["population"], "is_approximate": True},
        acting_user=acting_user,
        verb="territory.population",
    )

    spec = lamas.CONSERVATION_AREA
    area = _upsert(
        ConservationArea,
        result,
        lookup={"code": spec["code"]},
        values={
            **{
                name: value
                for name, value in spec.items()
                if name not in ("code", "source", "created_on")
            },
            "created_on": date.fromisoformat(spec["created_on"]),
            "source": sources[spec["source"]],
        },
        acting_user=acting_user,
        verb="territory.conservation_area",
    )
    for ubigeo, description in lamas.CONSERVATION_SHARES:
        _upsert(
            ConservationShare,
            result,
            lookup={"conservation_area": area, "district": districts[ubigeo]},
            values={
                "description": description,
                "source": sources["ra-business-case-lamas"],
            },
            acting_user=acting_user,
            verb="territory.conservation_share",
        )

    crops_source = sources[lamas.CROPS_SOURCE]
    for crop in lamas.CROPS:
        total = crop["province_hectares"]
        if total is not None:
            _upsert(
                LandUse,
                result,
                lookup={
                    "crop": crop["crop"],
                    "province": province,
                    "district": None,
                    "measure": crop["measure"],
                    "source": crops_source,
                },
                values={
                    "hectares": total,
                    "is_approximate": crop["province_is_approximate"],
                    "note": crop["province_note"],
                },
                acting_user=acting_user,
                verb="territory.land_use",
            )
        for ubigeo, share in crop["shares"]:
            values = {"share_pct": share, "hectares": None, "hectares_is_derived": False}
            if total is not None:
                values["hectares"] = (total * share / 100).quantize(Decimal("0.01"))
                values["hectares_is_derived"] = True
                values["is_approximate"] = crop["province_is_approximate"]
                values["derivation"] = f"{share:f}% × {total:f} ha"
            elif crop["province_note"]:
                values["note"] = crop["province_note"]
            _upsert(
                LandUse,
                result,
                lookup={
                    "crop": crop["crop"],
                    "district": districts[ubigeo],
                    "province": None,
                    "measure": crop["measure"],
                    "source": crops_source,
                },
                values=values,
                acting_user=acting_user,
                verb="territory.land_use",
            )

    spec = lamas.FOREST_LOSS_PERIOD
    _upsert(
        ForestLoss,
        result,
        lookup={
            "province": province,
            "district": None,
            "start_year": spec["start_year"],
            "end_year": spec["end_year"],
            "source": sources[spec["source"]],
            "canopy_threshold": 30,
        },
        values={
            name: spec[name]
            for name in (
                "tree_cover_loss_ha",
                "humid_primary_forest_loss_ha",
                "emissions_t_co2e",
                "tree_cover_decrease_pct",
                "primary_share_pct",
            )
        },
        acting_user=acting_user,
        verb="territory.forest_loss",
    )

    spec = lamas.CARBON
    _upsert(
        CarbonStock,
        result,
        lookup={"province": province, "district": None, "source": sources[spec["source"]]},
        values={
            "tonnes_carbon": spec["tonnes_carbon"],
            "is_lower_bound": spec["is_lower_bound"],
            "description": spec["description"],
        },
        acting_user=acting_user,
        verb="territory.carbon",
    )
    for ubigeo in lamas.HIGH_CARBON_DISTRICTS:
        _upsert(
            CarbonStock,
            result,
            lookup={
                "district": districts[ubigeo],
                "province": None,
                "source": sources["ra-business-case-lamas"],
            },
            values={"description": lamas.HIGH_CARBON_DESCRIPTION},
            acting_user=acting_user,
            verb="territory.carbon",
        )

    for spec in lamas.RANKINGS:
        _upsert(
            DeforestationRanking,
            result,
            lookup={
                "province": province,
                "scope": spec["scope"],
                "source": sources[spec["source"]],
            },
            values={"rank": spec["rank"], "out_of": spec["out_of"]},
            acting_user=acting_user,
            verb="territory.ranking",
        )

    for spec in lamas.SOURCED_COMMUNITIES:
        _upsert(
            IndigenousCommunity,
            result,
            lookup={"district": districts[spec["district"]], "name": spec["name"]},
            values={
                "people": spec["people"],
                "category": spec["category"],
                "source": sources[spec["source"]],
                "is_demo": False,
            },
            acting_user=acting_user,
            verb="territory.community",
        )
    if with_demo:
        demo_communities_load(acting_user=acting_user, result=result)
    return result


def demo_communities_load(
    *, acting_user: User | None = None, result: LoadResult | None = None
) -> LoadResult:
    """Communities no source names, to try the plan with: every one marked as demo. They are
    represented by the demo indigenous organization when load_demo has created it."""
    result = result or LoadResult()
    organization = (
        Organization.objects.filter(sector=Sector.INDIGENOUS, is_demo=True).order_by("pk").first()
    )
    for name, ubigeo, people in DEMO_COMMUNITIES:
        district = District.objects.filter(ubigeo=ubigeo).first()
        if district is None:
            continue
        values = {"people": people, "is_demo": True}
        if organization is not None:
            values["organization"] = organization
        _upsert(
            IndigenousCommunity,
            result,
            lookup={"district": district, "name": name},
            values=values,
            acting_user=acting_user,
            verb="territory.community",
        )
    return result


# --- Communities entered by coordinators --------------------------------------------------------

COMMUNITY_FIELDS = (
    "name",
    "district",
    "people",
    "category",
    "organization",
    "source",
    "notes",
    "is_demo",
)


def validate_community(fields: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    name = (fields.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("A community needs a name.")})
    if fields.get("district") is None:
        raise ValidationError({"district": _("Choose the community's district.")})
    if fields.get("people") not in IndigenousPeople.values:
        raise ValidationError({"people": _("Choose one of the listed peoples.")})
    limits.check(name=(name, limits.TITLE), notes=(fields.get("notes"), limits.COMMENT))
    organization = fields.get("organization")
    if organization is not None and organization.sector != Sector.INDIGENOUS:
        raise ValidationError(
            {"organization": _("A community is represented by an Indigenous organization.")}
        )
    if not fields.get("is_demo") and fields.get("source") is None:
        raise ValidationError(
            {"source": _("Give the source of the community's name, or mark it as demo data.")}
        )
    same_name = IndigenousCommunity.objects.filter(district=fields["district"], name__iexact=name)
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if same_name.exists():
        raise ValidationError({"name": _("This district already has a community of this name.")})


@transaction.atomic
def community_create(
    *,
    acting_user: User,
    name: str,
    district: District,
    people: str = IndigenousPeople.KICHWA,
    category: str = "",
    organization: Organization | None = None,
    source: Source | None = None,
    notes: str = "",
    is_demo: bool = False,
) -> IndigenousCommunity:
    require(
        "territory.manage_communities",
        acting_user,
        message=_("Only coordinators enter communities."),
    )
    fields = {
        "name": name.strip(),
        "district": district,
        "people": people,
        "category": category.strip(),
        "organization": organization,
        "source": source,
        "notes": notes,
        "is_demo": is_demo,
    }
    validate_community(fields)
    community = IndigenousCommunity.objects.create(**fields)
    record(
        actor=acting_user, verb=Verb.TERRITORY_COMMUNITY_CREATE, target=community, changes=fields
    )
    return community


@transaction.atomic
def community_update(
    *, acting_user: User, community: IndigenousCommunity, **fields: Any
) -> IndigenousCommunity:
    require(
        "territory.manage_communities",
        acting_user,
        message=_("Only coordinators enter communities."),
    )
    unknown = set(fields) - set(COMMUNITY_FIELDS)
    if unknown:
        raise ValueError(f"Not community fields: {sorted(unknown)}")
    community = locked(community)
    before = {name: getattr(community, name) for name in COMMUNITY_FIELDS}
    after = {**before, **fields}
    after["name"] = after["name"].strip()
    validate_community(after, exclude_pk=community.pk)
    community, _changes = update_model(
        instance=community,
        fields=COMMUNITY_FIELDS,
        data=after,
        acting_user=acting_user,
        verb=Verb.TERRITORY_COMMUNITY_UPDATE,
    )
    return community
