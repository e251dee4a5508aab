"""Defects found in review: adoption through a membership change, publishing an older
version, and permission code that must live in one place."""

import pytest
import rules
from django.core.exceptions import ValidationError

from lap.models import VisionAdoption
from lap.selectors.vision import adoption_status
from lap.services import vision as services
from stakeholders import services as stakeholder_services
from tests.vision.conftest import BODY_V2, make_version


def _endorse(world, sector, version):
    return services.endorsement_create(acting_user=world.representatives[sector], version=version)


def test_revoking_the_last_membership_of_a_waiting_sector_records_the_adoption(
    world, published, django_capture_on_commit_callbacks
):
    # The Indigenous organization keeps only a plain member: no one can endorse for it.
    world.indigenous.memberships.filter(role="representative").update(status="revoked")
    for sector in ("government", "company", "smallholder"):
        _endorse(world, sector, published)
    assert not VisionAdoption.objects.exists()
    last = world.indigenous.memberships.get(status="active")
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.membership_revoke(acting_user=world.coordinator, membership=last)
    assert adoption_status(published).is_complete
    adoption = VisionAdoption.objects.get(version=published)
    assert {o.sector for o in adoption.endorsers.all()} == {
        "government",
        "company",
        "smallholder",
    }


def test_a_membership_change_that_completes_nothing_records_no_adoption(
    world, published, django_capture_on_commit_callbacks
):
    _endorse(world, "company", published)
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.membership_revoke(
            acting_user=world.coordinator, membership=world.government.memberships.first()
        )
    assert not VisionAdoption.objects.exists()


def test_checking_adoption_twice_records_it_once(world, published):
    world.indigenous.memberships.update(status="revoked")
    for sector in ("government", "company", "smallholder"):
        _endorse(world, sector, published)
    assert services.vision_check_adoption() is None  # already recorded by the last endorsement
    assert VisionAdoption.objects.count() == 1


def test_an_older_version_cannot_be_published_over_a_newer_current_one(world):
    first = make_version(world, "closed")
    second = make_version(world, "published", body=BODY_V2)
    with pytest.raises(ValidationError, match="2"):
        services.version_publish(acting_user=world.coordinator, version=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.is_current
    assert not first.is_current
    assert first.state == "closed"


def test_who_sees_which_version_is_not_duplicated_as_a_permission():
    assert not rules.perm_exists("lap.view_vision_version")


def _figures(*values):
    from decimal import Decimal

    from lap.selectors.vision import Figure, IndicatorFigures

    measurements = [
        Figure(value=Decimal(v), period=str(2020 + i), start_year=None, end_year=2020 + i)
        for i, v in enumerate(values)
    ]
    return IndicatorFigures(
        baseline=None, latest=None, target=None, measurements=measurements, period_totals=[]
    )


def _axis_and_points(svg: str):
    import re

    labels = re.findall(r'<text class="chart-tick" [^>]*>(-?[\d,.]+)</text>', svg)
    top, bottom = (float(label.replace(",", "")) for label in labels[:2])
    ys = [
        float(y)
        for y in re.findall(r'<circle class="chart-point" cx="[\d.]+" cy="(-?[\d.]+)"', svg)
    ]
    return top, bottom, ys


@pytest.mark.parametrize("values", [("-5",), ("-5", "-5", "-5"), ("7", "7"), ("0",), ("-8", "-2")])
def test_a_chart_of_equal_or_negative_values_draws_every_point_inside_the_axis(values):
    from django.template import engines

    from lap.charts import LINE_HEIGHT, LINE_PAD_BOTTOM, LINE_PAD_TOP

    svg = (
        engines["django"]
        .from_string(
            "{% load charts %}{% indicator_chart figures as chart %}"
            '{% include "includes/charts/line.html" with chart_id="c" title="t" %}'
        )
        .render({"figures": _figures(*values)})
    )
    top, bottom, ys = _axis_and_points(svg)
    assert len(ys) == len(values)
    assert top > bottom
    assert top >= max(float(v) for v in values) >= min(float(v) for v in values) >= bottom
    assert all(LINE_PAD_TOP <= y <= LINE_HEIGHT - LINE_PAD_BOTTOM for y in ys)
