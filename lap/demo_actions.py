"""Demo actions for `make run`: a few proposals in different states, so a new user sees the
lifecycle and consent at work. Every title says "(demo)"; proposers are demo accounts.

Idempotent: an action whose title exists is left as it is.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lap.models import Action, Objective
from lap.services import actions as services
from stakeholders.models import User
from territory.models import District

# A tiny valid PDF: the "minutes" a coordinator attaches when recording consent for a community
# that no organization on the platform represents yet.
DEMO_MINUTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# (title, description, objective code, district ubigeos, crops, proposer, how far it goes)
DEMO_ACTIONS = [
    (
        "Viveros comunales de especies nativas en San Roque de Cumbaza (demo)",
        "Viveros gestionados por las comunidades para restaurar las cabeceras del Cumbaza.",
        "O3",
        ["220508"],
        [],
        "productores-miembro",
        "approved",
    ),
    (
        "Café bajo sombra y asistencia técnica en Alonso de Alvarado (demo)",
        "Acompañamiento a productores para renovar cafetales sin abrir bosque.",
        "O2",
        ["220502"],
        ["coffee"],
        "gobierno-miembro",
        "accepted",
    ),
    (
        "Monitoreo comunitario de la deforestación en Caynarachi (demo)",
        "Alertas tempranas y patrullaje con las comunidades y la empresa vecina.",
        "O1",
        ["220504"],
        ["oil_palm"],
        "empresa-miembro",
        "submitted",
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_demo=True).first()


def _give_consent(action: Action, coordinator: User) -> None:
    """Each concerned community consents: through its organization's representative when it
    has one, otherwise recorded by the coordinator with the assembly minutes."""
    today = timezone.localdate()
    for concerned in action.concerned_communities.filter(removed_at__isnull=True).select_related(
        "community__organization"
    ):
        organization = concerned.community.organization
        representative = (
            User.objects.filter(
                memberships__organization=organization,
                memberships__status="active",
                memberships__role="representative",
            ).first()
            if organization
            else None
        )
        services.consent_record(
            acting_user=representative or coordinator,
            action=action,
            community=concerned.community,
            state="consent",
            assembly_date=today,
            decided_on=today,
            languages="kichwa, castellano",
            notes="Asamblea de demostración (demo).",
            document=None if representative else ContentFile(DEMO_MINUTES, name="acta-demo.pdf"),
        )


@transaction.atomic
def load_demo_actions() -> list[str]:
    coordinator = _user("coordinadora")
    done = []
    for title, description, code, ubigeos, crops, username, target in DEMO_ACTIONS:
        proposer = _user(username)
        objective = Objective.objects.filter(code=code).first()
        districts = list(District.objects.filter(ubigeo__in=ubigeos))
        if Action.objects.filter(title=title).exists() or not (
            coordinator and proposer and objective and districts
        ):
            continue
        action = services.action_create(
            acting_user=proposer,
            title=title,
            description=description,
            objective=objective,
            districts=districts,
            crops=crops,
        )
        action = services.action_transition(acting_user=proposer, action=action, verb="submit")
        if target in ("accepted", "approved"):
            action = services.action_transition(
                acting_user=coordinator, action=action, verb="accept"
            )
        if target == "approved":
            _give_consent(action, coordinator)
            action = services.action_transition(
                acting_user=coordinator, action=action, verb="approve"
            )
        done.append(f"demo action ({action.state}): {title}")
    return done
