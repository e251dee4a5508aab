"""Demo implementation for `make run`: milestones and progress updates of the approved demo
action, and measurements of two demo indicators (one verified by two organizations, one not),
so the action page, the objectives, /results/ and the home page are not empty. Every text says
"(demo)"; authors are demo accounts.

Idempotent: an action that has milestones already, an indicator that has measurements, is left
as it is.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lap.models import Action, Indicator, Milestone
from lap.services import implementation as services
from lap.services import vision as vision_services
from stakeholders.models import User

DEMO_ACTION = "Viveros comunales de especies nativas en San Roque de Cumbaza (demo)"
# (title, due in days from today, done days ago or None)
DEMO_MILESTONES = [
    ("Vivero instalado con 5 000 plantones (demo)", -40, 45),
    ("Primera plantación en las cabeceras (demo)", 60, None),
]
# (days ago, percent, narrative, published)
DEMO_UPDATES = [
    (30, 30, "Vivero en marcha: 5 000 plantones de especies nativas listos (demo).", True),
    (2, 40, "Se prepararon 12 ha para la primera plantación (demo, borrador).", False),
]


# (indicator name, value, months covered, confirmed by) for measurements ending 1 month ago.
DEMO_MEASUREMENTS = [
    (
        "Productores con parcelas verificadas libres de deforestación (demo)",
        "180",
        12,
        ("productores-representante", "empresa-representante"),
    ),
    ("Hectáreas en restauración en las cabeceras del Cumbaza (demo)", "42", 6, ()),
]
DEMO_SOURCE = "Reporte de las cooperativas a la plataforma (demo)"
DEMO_METHOD = "Conteo de parcelas georreferenciadas (demo)"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_demo=True).first()


@transaction.atomic
def load_demo_implementation() -> list[str]:
    action = Action.objects.filter(title=DEMO_ACTION, state="approved").first()
    member, representative = _user("productores-miembro"), _user("productores-representante")
    if action is None or member is None or representative is None:
        return []
    if Milestone.objects.filter(action=action).exists():
        return []
    today = timezone.localdate()
    for title, due_in, done_ago in DEMO_MILESTONES:
        milestone = services.milestone_create(
            acting_user=representative,
            action=action,
            title=title,
            due_on=today + datetime.timedelta(days=due_in),
        )
        if done_ago is not None:
            services.milestone_mark_done(
                acting_user=representative,
                milestone=milestone,
                done_on=today - datetime.timedelta(days=done_ago),
            )
    for days_ago, percent, narrative, published in DEMO_UPDATES:
        update = services.progress_update_create(
            acting_user=member,
            action=action,
            reported_on=today - datetime.timedelta(days=days_ago),
            percent=percent,
            narrative=narrative,
        )
        if published:
            services.progress_update_publish(acting_user=representative, update=update)
    return [f"demo milestones and progress updates: {DEMO_ACTION}"]


@transaction.atomic
def load_demo_measurements() -> list[str]:
    coordinator = _user("coordinadora")
    if coordinator is None:
        return []
    done = []
    ended = timezone.localdate() - datetime.timedelta(days=30)
    for name, value, months, confirmers in DEMO_MEASUREMENTS:
        indicator = Indicator.objects.filter(name=name, is_demo=True, series="").first()
        if indicator is None or indicator.measurements.exists():
            continue
        measurement = vision_services.measurement_record(
            acting_user=coordinator,
            indicator=indicator,
            measured_on=ended,
            period_start=ended - datetime.timedelta(days=30 * months),
            value=Decimal(value),
            source=DEMO_SOURCE,
            method=DEMO_METHOD,
            note="(demo)",
        )
        for username in confirmers:
            person = _user(username)
            if person is not None:
                vision_services.measurement_confirm(acting_user=person, measurement=measurement)
        done.append(f"demo measurement: {name}")
    return done
