"""Fixtures of the vision area: versions in each state, the province's forest-loss figures."""

from decimal import Decimal

import pytest

from lap.services import vision as services

BODY_V1 = (
    "A landscape where forests and livelihoods thrive together.\n\n"
    "## Standing forests\n"
    "Lamas stops the loss of humid primary forest by 2035.\n\n"
    "## Water of the Cumbaza\n"
    "The headwaters are protected.\n"
)
BODY_V2 = BODY_V1.replace(
    "Lamas stops the loss of humid primary forest by 2035.",
    "Lamas halves the loss of humid primary forest by 2030 and stops it by 2035.",
)


def make_version(world, state: str = "draft", body: str = BODY_V1, title: str = "Shared vision"):
    version = services.version_create(acting_user=world.coordinator, title=title, body=body)
    steps = {"draft": 0, "open": 1, "closed": 2, "published": 3}[state]
    for service in (services.version_open, services.version_close, services.version_publish)[
        :steps
    ]:
        version = service(acting_user=world.coordinator, version=version)
    return version


@pytest.fixture
def published(world):
    return make_version(world, "published")


@pytest.fixture
def lamas(db):
    """Lamas province with the brief's 2002–2021 period total (no annual figures)."""
    from territory.models import ForestLoss, Source
    from tests.factories import ProvinceFactory

    province = ProvinceFactory()
    source = Source.objects.create(
        key="ra-business-case",
        title="Business Case in Lamas, Peru",
        publisher="Rainforest Alliance",
        year=2022,
    )
    ForestLoss.objects.create(
        province=province,
        start_year=2002,
        end_year=2021,
        humid_primary_forest_loss_ha=Decimal("46200"),
        tree_cover_loss_ha=Decimal("89900"),
        emissions_t_co2e=Decimal("58600000"),
        source=source,
    )
    return province


@pytest.fixture
def forest_indicator(world, lamas):
    objective = services.objective_create(
        acting_user=world.coordinator, code="O1", title="Stop forest loss"
    )
    return services.indicator_create(
        acting_user=world.coordinator,
        objective=objective,
        name="Annual humid primary forest loss in the province",
        unit="ha/yr",
        direction="decrease",
        series="humid_primary_forest_loss_ha",
        series_province=lamas,
        target_value=Decimal("1155"),
        target_year=2030,
    )


@pytest.fixture(autouse=True)
def _english(client, api_client, settings):
    """Pages and API answers in English, so assertions on messages hold once Spanish is
    compiled (the default language is Spanish)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
