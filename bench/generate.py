"""Synthetic data at scale for the prioritization benchmark, built with bulk inserts and COPY.

At scale 1: 10,000 candidate actions, 2,000 persons in 7 sectors, 6 criteria and about 1.2
million scores (each person scores 100 actions; one person in ten skips a criterion).
Everything it makes is named "bench-..." and is removed before a new data set is generated.
"""

import io
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

ROUND_NAME = "bench-round"
PREFIX = "bench-"
SECTORS = (
    "government",
    "company",
    "smallholder",
    "indigenous",
    "civil_society",
    "academia",
    "donor",
)
# Sectors of unequal size, as in a real landscape.
SECTOR_SHARES = (0.10, 0.10, 0.35, 0.20, 0.10, 0.10, 0.05)
CRITERIA = (
    ("avoided_deforestation", 3),
    ("carbon", 2),
    ("water", 1),
    ("livelihoods", 2),
    ("indigenous_rights", 2),
    ("feasibility", 1),
)


@dataclass
class Scale:
    actions: int = 10_000
    persons: int = 2_000
    per_person: int = 100

    @classmethod
    def of(cls, factor: float) -> "Scale":
        return cls(
            actions=max(10, int(10_000 * factor)),
            persons=max(14, int(2_000 * factor)),
            per_person=min(100, max(5, int(10_000 * factor))),
        )


def _tables() -> dict:
    from django.apps import apps

    names = ("Action", "Objective", "ActionResult", "Candidate", "Criterion", "Participation")
    names += ("Round", "Score", "SectorWeight")
    models = {name: apps.get_model("lap", name) for name in names}
    for name in ("Membership", "Organization", "User"):
        models[name] = apps.get_model("stakeholders", name)
    return models


def remove(verbose: bool = True) -> None:
    """Delete a previous bench data set with plain SQL (the ORM would load a million scores)."""
    t = {name: model._meta.db_table for name, model in _tables().items()}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {t['Round']} WHERE name = %s", [ROUND_NAME])
        for (round_id,) in cursor.fetchall():
            for table in (
                "Score",
                "ActionResult",
                "Participation",
                "Candidate",
                "Criterion",
                "SectorWeight",
            ):
                cursor.execute(f"DELETE FROM {t[table]} WHERE round_id = %s", [round_id])
            cursor.execute(f"DELETE FROM {t['Round']} WHERE id = %s", [round_id])
        cursor.execute(f"DELETE FROM {t['Action']} WHERE title LIKE %s", [PREFIX + "%"])
        cursor.execute(
            f"DELETE FROM {t['Membership']} WHERE user_id IN "
            f"(SELECT id FROM {t['User']} WHERE username LIKE %s)",
            [PREFIX + "%"],
        )
        cursor.execute(f"DELETE FROM {t['Objective']} WHERE code = %s", ["BENCH"])
        cursor.execute(f"DELETE FROM {t['User']} WHERE username LIKE %s", [PREFIX + "%"])
        cursor.execute(f"DELETE FROM {t['Organization']} WHERE name LIKE %s", [PREFIX + "%"])
    if verbose:
        print("removed the previous bench data set")


def generate(scale: Scale, *, seed: int = 2026) -> dict:
    """Make the data set; return the round id and counts. PostgreSQL (COPY) or SQLite (bulk)."""
    m = _tables()
    rng = random.Random(seed)
    started = time.perf_counter()
    remove(verbose=False)
    now = timezone.now()
    with transaction.atomic():
        coordinator = m["User"].objects.create(
            username=f"{PREFIX}coordinator", is_coordinator=True, password="!"
        )
        organizations = m["Organization"].objects.bulk_create(
            m["Organization"](
                name=f"{PREFIX}{sector}",
                sector=sector,
                government_level="regional" if sector == "government" else "",
            )
            for sector in SECTORS
        )
        users = m["User"].objects.bulk_create(
            (m["User"](username=f"{PREFIX}{n:05d}", password="!") for n in range(scale.persons)),
            batch_size=2000,
        )
        sector_of_person = []
        bounds, total = [], 0.0
        for share in SECTOR_SHARES:
            total += share
            bounds.append(total)
        for n, _user in enumerate(users):
            position = (n + 0.5) / scale.persons
            sector_of_person.append(next(i for i, b in enumerate(bounds) if position <= b + 1e-9))
        m["Membership"].objects.bulk_create(
            (
                m["Membership"](
                    user=user,
                    organization=organizations[sector_of_person[n]],
                    status="active",
                    decided_at=now,
                )
                for n, user in enumerate(users)
            ),
            batch_size=2000,
        )
        objective = m["Objective"].objects.create(code="BENCH", title=f"{PREFIX}objective")
        actions = m["Action"].objects.bulk_create(
            (
                m["Action"](
                    title=f"{PREFIX}action {n}",
                    description="Synthetic.",
                    objective=objective,
                    proposer=coordinator,
                    proposing_organization=organizations[0],
                    state="accepted",
                )
                for n in range(scale.actions)
            ),
            batch_size=2000,
        )
        round_ = m["Round"].objects.create(
            name=ROUND_NAME, quorum=3, state="open", opened_at=now, created_by=coordinator
        )
        criteria = m["Criterion"].objects.bulk_create(
            m["Criterion"](round=round_, key=key, name=key, weight=weight, order=n)
            for n, (key, weight) in enumerate(CRITERIA)
        )
        m["SectorWeight"].objects.bulk_create(
            m["SectorWeight"](round=round_, sector=sector, weight=1) for sector in SECTORS
        )
        m["Candidate"].objects.bulk_create(
            (m["Candidate"](round=round_, action=action) for action in actions), batch_size=5000
        )
        m["Participation"].objects.bulk_create(
            (
                m["Participation"](
                    round=round_,
                    person=user,
                    organization=organizations[sector_of_person[n]],
                    sector=SECTORS[sector_of_person[n]],
                )
                for n, user in enumerate(users)
            ),
            batch_size=2000,
        )
        action_ids = [action.pk for action in actions]
        rows = []
        for n, user in enumerate(users):
            sector = SECTORS[sector_of_person[n]]
            skipped = rng.randrange(len(criteria)) if rng.random() < 0.1 else None
            for action_id in rng.sample(action_ids, scale.per_person):
                for index, criterion in enumerate(criteria):
                    if index != skipped:
                        rows.append(
                            (round_.pk, action_id, criterion.pk, user.pk, sector, rng.randint(0, 5))
                        )
        _insert_scores(rows, now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {m['Score']._meta.db_table}")
    elapsed = time.perf_counter() - started
    return {
        "round_id": round_.pk,
        "actions": scale.actions,
        "persons": scale.persons,
        "sectors": len(SECTORS),
        "criteria": len(CRITERIA),
        "scores": len(rows),
        "generation_seconds": round(elapsed, 2),
    }


def _insert_scores(rows, now) -> None:
    from lap.models.rounds import Score

    table = Score._meta.db_table
    columns = "round_id, action_id, criterion_id, person_id, sector, value, updated_at"
    if connection.vendor == "postgresql":
        stamp = now.isoformat()
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(map(str, row)))
            buffer.write(f"\t{stamp}\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
        return
    Score.objects.bulk_create(
        (
            Score(
                round_id=r,
                action_id=a,
                criterion_id=c,
                person_id=p,
                sector=s,
                value=v,
                updated_at=now,
            )
            for r, a, c, p, s, v in rows
        ),
        batch_size=5000,
    )
