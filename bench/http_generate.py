"""Synthetic plan data for the HTTP benchmark (`make bench-http`), built with bulk inserts.

N actions (default 10,000) in five objectives and the province's districts, most of them
listed in the funding gap; about 80% with a need (money in soles or dollars, some in hectares
with an estimate in soles), commitments from several organizations (pledged, confirmed,
cancelled) and deliveries against half the confirmed ones. Everything it makes is named
"bench-http-..." and removed before a new data set is generated. Demo data for measuring only.
"""

import datetime
import random
import time
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

PREFIX = "bench-http-"
RATE_DAY = datetime.date(2026, 1, 2)
STATES = ("approved", "in_progress", "accepted", "draft", "submitted")
STATE_WEIGHTS = (40, 25, 20, 10, 5)
SECTORS = ("government", "company", "smallholder", "indigenous")


def _models() -> dict:
    from django.apps import apps

    names = {"lap": ("Action", "Objective", "ResourceNeed", "Commitment", "Delivery")}
    names["lap"] += ("ExchangeRate",)
    names["stakeholders"] = ("Organization", "User")
    names["territory"] = ("District", "IndigenousCommunity")
    names["authtoken"] = ("Token",)
    return {name: apps.get_model(app, name) for app, group in names.items() for name in group}


def remove() -> None:
    """Delete a previous data set with plain SQL, children first."""
    m = _models()
    t = {name: model._meta.db_table for name, model in m.items()}
    districts = m["Action"].districts.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        actions = f"SELECT id FROM {t['Action']} WHERE title LIKE %s"
        needs = f"SELECT id FROM {t['ResourceNeed']} WHERE action_id IN ({actions})"
        commitments = f"SELECT id FROM {t['Commitment']} WHERE need_id IN ({needs})"
        like = [PREFIX + "%"]
        cursor.execute(f"DELETE FROM {t['Delivery']} WHERE commitment_id IN ({commitments})", like)
        cursor.execute(f"DELETE FROM {t['Commitment']} WHERE need_id IN ({needs})", like)
        cursor.execute(f"DELETE FROM {t['ResourceNeed']} WHERE action_id IN ({actions})", like)
        cursor.execute(f"DELETE FROM {districts} WHERE action_id IN ({actions})", like)
        cursor.execute(f"DELETE FROM {t['Action']} WHERE title LIKE %s", like)
        cursor.execute(f"DELETE FROM {t['Objective']} WHERE title LIKE %s", like)
        # Demo communities take the first demo Indigenous organization (on_delete SET_NULL).
        cursor.execute(
            f"UPDATE {t['IndigenousCommunity']} SET organization_id = NULL WHERE organization_id "
            f"IN (SELECT id FROM {t['Organization']} WHERE name LIKE %s)",
            like,
        )
        cursor.execute(f"DELETE FROM {t['Organization']} WHERE name LIKE %s", like)
        users = f"SELECT id FROM {t['User']} WHERE username LIKE %s"
        cursor.execute(f"DELETE FROM {t['ExchangeRate']} WHERE entered_by_id IN ({users})", like)
        cursor.execute(f"DELETE FROM {t['Token']} WHERE user_id IN ({users})", like)
        cursor.execute(f"DELETE FROM {t['User']} WHERE username LIKE %s", like)


def generate(actions: int, *, seed: int = 2026) -> dict:
    """Make the data set; return its counts and the benchmark users' names."""
    m = _models()
    rng = random.Random(seed)
    started = time.perf_counter()
    remove()
    now = timezone.now()
    with transaction.atomic():
        coordinator = m["User"].objects.create(
            username=f"{PREFIX}coordinator", is_coordinator=True, password="!", is_demo=True
        )
        reader = m["User"].objects.create(username=f"{PREFIX}reader", password="!", is_demo=True)
        organizations = m["Organization"].objects.bulk_create(
            m["Organization"](
                name=f"{PREFIX}{sector} {n}",
                sector=sector,
                government_level="regional" if sector == "government" else "",
                is_demo=True,
            )
            for sector in SECTORS
            for n in range(3)
        )
        objectives = [
            m["Objective"].objects.create(
                code=f"BH{n}", title=f"{PREFIX}objective {n}", is_demo=True
            )
            for n in range(1, 6)
        ]
        districts = list(m["District"].objects.values_list("id", flat=True)) or [None]
        for currency, rate in (("USD", "3.75"), ("EUR", "4.05")):
            m["ExchangeRate"].objects.get_or_create(
                currency=currency,
                date=RATE_DAY,
                defaults={"rate_to_pen": Decimal(rate), "entered_by": coordinator},
            )
        made = m["Action"].objects.bulk_create(
            (
                m["Action"](
                    title=f"{PREFIX}action {n}",
                    description="Synthetic action for the HTTP benchmark (demo data).",
                    objective=rng.choice(objectives),
                    proposer=coordinator,
                    proposing_organization=rng.choice(organizations),
                    state=rng.choices(STATES, STATE_WEIGHTS)[0],
                )
                for n in range(actions)
            ),
            batch_size=5000,
        )
        through = m["Action"].districts.through
        if districts != [None]:
            through.objects.bulk_create(
                (
                    through(action_id=action.pk, district_id=district)
                    for action in made
                    for district in rng.sample(districts, rng.choice((1, 1, 2)))
                ),
                batch_size=10_000,
            )
        needs = m["ResourceNeed"].objects.bulk_create(
            (_need(m, rng, action, coordinator) for action in made if rng.random() < 0.8),
            batch_size=5000,
        )
        commitments = m["Commitment"].objects.bulk_create(
            (
                _commitment(m, rng, need, rng.choice(organizations), coordinator)
                for need in needs
                for _ in range(rng.choice((0, 1, 1, 2)))
            ),
            batch_size=5000,
        )
        deliveries = m["Delivery"].objects.bulk_create(
            (
                m["Delivery"](
                    commitment=commitment,
                    amount=(commitment.amount / 2).quantize(Decimal("0.01")),
                    delivered_on=RATE_DAY,
                    recorded_by=coordinator,
                )
                for commitment in commitments
                if commitment.status == "confirmed" and rng.random() < 0.5
            ),
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "actions": len(made),
        "needs": len(needs),
        "commitments": len(commitments),
        "deliveries": len(deliveries),
        "coordinator": coordinator.username,
        "reader": reader.username,
        "created_at": now.isoformat(),
        "generation_seconds": round(time.perf_counter() - started, 2),
    }


def _need(m, rng, action, coordinator):
    if rng.random() < 0.15:
        return m["ResourceNeed"](
            action=action,
            kind="in_kind",
            unit="ha",
            amount=Decimal(rng.randint(5, 200)),
            estimated_value_pen=Decimal(rng.randint(1, 50) * 1000),
            created_by=coordinator,
        )
    return m["ResourceNeed"](
        action=action,
        kind="finance",
        unit=rng.choice(("PEN", "PEN", "PEN", "USD")),
        amount=Decimal(rng.randint(1, 400) * 500),
        created_by=coordinator,
    )


def _commitment(m, rng, need, organization, coordinator):
    unit = need.unit if need.unit == "ha" else rng.choice(("PEN", "PEN", "USD"))
    status = rng.choice(("pledged", "confirmed", "confirmed", "cancelled"))
    return m["Commitment"](
        need=need,
        organization=organization,
        amount=(need.amount * Decimal(rng.randint(10, 90)) / 100).quantize(Decimal("0.01")),
        unit=unit,
        expected_on=RATE_DAY,
        status=status,
        cancel_reason="Synthetic." if status == "cancelled" else "",
        committed_by=coordinator,
    )
