"""Fixtures for the actions area: two real districts of Lamas with demo communities represented
by the world's Indigenous organization, an objective, and helpers to make actions."""

import pytest

from lap.services import actions as services
from tests.factories import CommunityFactory, DistrictFactory, ObjectiveFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_run_here():
    """E-mail tasks run in the test process even when a Redis broker is configured, so the
    tests can read `mail.outbox` (they still run only on commit)."""
    from lap.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def lamas(world):
    """San Roque de Cumbaza (220508) and Caynarachi (220504), each with demo communities."""
    san_roque = DistrictFactory(ubigeo="220508", name="San Roque de Cumbaza")
    caynarachi = DistrictFactory(ubigeo="220504", name="Caynarachi")
    other = DistrictFactory(ubigeo="220501", name="Lamas")
    communities = {
        "alto_shamboyacu": CommunityFactory(
            name="Alto Shamboyacu (demo)", district=san_roque, organization=world.indigenous
        ),
        "chirikyacu": CommunityFactory(
            name="Chirikyacu (demo)", district=caynarachi, organization=world.indigenous
        ),
        "el_wayku": CommunityFactory(
            name="El Wayku (demo)", district=other, organization=world.indigenous
        ),
    }
    return {
        "san_roque": san_roque,
        "caynarachi": caynarachi,
        "other": other,
        "communities": communities,
        "objective": ObjectiveFactory(code="O1", title="Sustainable production"),
    }


@pytest.fixture
def propose(world, lamas):
    """Make a draft through the service, as the smallholder member unless told otherwise."""

    def make(user=None, districts=None, **fields):
        values = {
            "title": "Agroforestry coffee with shade trees",
            "description": "Shade trees on coffee plots to stop clearing new forest.",
            "objective": lamas["objective"],
            "districts": districts
            if districts is not None
            else [lamas["san_roque"], lamas["caynarachi"]],
            **fields,
        }
        return services.action_create(acting_user=user or world.member, **values)

    return make


@pytest.fixture
def consent_all(world):
    """Record consent for every concerned community as the Indigenous representative."""

    def give(action):
        for concerned in action.concerned_communities.filter(removed_at__isnull=True):
            services.consent_record(
                acting_user=world.representatives["indigenous"],
                action=action,
                community=concerned.community,
                state="consent",
            )

    return give


@pytest.fixture
def accepted(world, propose):
    """A proposal submitted by the smallholder member and accepted by the coordinator."""
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    return action
