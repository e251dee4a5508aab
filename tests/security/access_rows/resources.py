"""Access rows for the resources pages and API (merged into access_table.ACCESS).

The objects are made on first use in each case: an approved action of the smallholder
organization with a need, a pledge by the company's representative, a confirmed commitment with
a delivery, and an exchange rate.
"""

import datetime
from decimal import Decimal

from tests.security.access_table import (
    ALL_200,
    API_COORDINATOR_POST,
    COORDINATOR_PAGE,
    COORDINATOR_POST,
    row,
)

#                  anon outs memb repr faci coor  key  super
NEED_EDITORS = (302, 403, 200, 200, 403, 200, 302, 200)
REPRESENTATIVES = (302, 403, 403, 200, 403, 403, 302, 403)
# Evidence of deliveries: for members, coordinators and the superuser (404 hides it from others).
RESOURCE_READERS_PAGE = (302, 404, 200, 200, 404, 200, 302, 200)
# Needs, commitments and deliveries: members of any organization, coordinators, the superuser
# and keys with the `resources` scope; outsiders and the facilitator (no membership) are refused.
RESOURCES_PAGE = (302, 403, 200, 200, 403, 200, 302, 200)
RESOURCES_READ = (401, 403, 200, 200, 403, 200, 200, 200)


def _objects(world) -> dict:
    cached = getattr(world, "_resources_objects", None)
    if cached:
        return cached
    from lap.services import resources as services
    from tests.factories import ActionFactory

    action = ActionFactory(
        state="approved", proposing_organization=world.smallholder, proposer=world.member
    )
    need = services.need_create(
        acting_user=world.coordinator, action=action, kind="finance", amount="1000", unit="PEN"
    )
    day = datetime.date(2026, 1, 10)
    pledge = services.commitment_create(
        acting_user=world.representatives["company"],
        need=need,
        amount=Decimal("100"),
        unit="PEN",
        expected_on=day,
    )
    confirmed = services.commitment_create(
        acting_user=world.representatives["government"],
        need=need,
        amount=Decimal("200"),
        unit="PEN",
        expected_on=day,
    )
    services.commitment_confirm(acting_user=world.coordinator, commitment=confirmed)
    delivery = services.delivery_create(
        acting_user=world.coordinator, commitment=confirmed, amount="50", delivered_on=day
    )
    rate = services.exchange_rate_create(
        acting_user=world.coordinator, currency="USD", date=day, rate_to_pen="3.75"
    )
    world._resources_objects = {
        "action": action,
        "need": need,
        "pledge": pledge,
        "delivery": delivery,
        "rate": rate,
    }
    return world._resources_objects


def _pk(name):
    return lambda w, o: {"pk": _objects(w)[name].pk}


ACCESS_DELIVERY_DOCUMENT = "deliveries/access-test/receipt.pdf"


def _delivery_document(w, o):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    # One small file, written once and reused by every run (not one more file per case).
    if not default_storage.exists(ACCESS_DELIVERY_DOCUMENT):
        default_storage.save(ACCESS_DELIVERY_DOCUMENT, ContentFile(b"%PDF-1.4"))
    delivery = _objects(w)["delivery"]
    delivery.document = ACCESS_DELIVERY_DOCUMENT
    delivery.save(update_fields=["document"])
    return {"pk": delivery.pk}


def _reason(w, o):
    return {"reason": "The budget line was cut."}


ROWS: dict = {
    # --- pages ---
    "resources-funding-gaps": row("get", ALL_200),
    "resources-funding-gaps-csv": row("get", ALL_200),
    "resources-funding-gaps-xlsx": row("get", ALL_200),
    "resources-exchange-rates": row("get", ALL_200),
    "resources-dashboard": row("get", COORDINATOR_PAGE),
    "resources-action": row("get", RESOURCES_PAGE, kwargs=_pk("action")),
    "resources-need-create": row("get", NEED_EDITORS, kwargs=_pk("action")),
    "resources-need-edit": row("get", NEED_EDITORS, kwargs=_pk("need")),
    "resources-commitment-create": row("get", REPRESENTATIVES, kwargs=_pk("need")),
    "resources-commitment-edit": row("get", COORDINATOR_PAGE, kwargs=_pk("pledge")),
    "resources-commitment-confirm": row("post", COORDINATOR_POST, kwargs=_pk("pledge")),
    "resources-commitment-cancel": row(
        "post", COORDINATOR_POST, kwargs=_pk("pledge"), data=_reason
    ),
    "resources-delivery-create": row("get", COORDINATOR_PAGE, kwargs=_pk("pledge")),
    "resources-delivery-document": row("get", RESOURCE_READERS_PAGE, kwargs=_delivery_document),
    # --- API ---
    "api:funding-gaps": row("get", ALL_200),
    "api:need-list": row("get", RESOURCES_READ),
    "api:need-detail": row("get", RESOURCES_READ, kwargs=_pk("need")),
    "api:commitment-list": row("get", RESOURCES_READ),
    "api:commitment-detail": row("get", RESOURCES_READ, kwargs=_pk("pledge")),
    "api:commitment-confirm": row("post", API_COORDINATOR_POST, kwargs=_pk("pledge")),
    "api:commitment-cancel": row("post", API_COORDINATOR_POST, kwargs=_pk("pledge"), data=_reason),
    "api:delivery-list": row("get", RESOURCES_READ),
    "api:delivery-detail": row("get", RESOURCES_READ, kwargs=_pk("delivery")),
    "api:exchange-rate-list": row("get", ALL_200),
    "api:exchange-rate-detail": row("get", ALL_200, kwargs=_pk("rate")),
}
