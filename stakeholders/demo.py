"""Demo organizations and accounts for trying the platform. Every one is marked as demo.

The names are invented; none is a real organization of Lamas.
"""

from django.db import transaction

from stakeholders import services
from stakeholders.models import Membership, MembershipStatus, Organization, User

DEMO_PASSWORD = "lamas-demo-2026"  # noqa: S105 - demo accounts, printed by make run

# (key, name, acronym, sector, government level)
DEMO_ORGANIZATIONS = [
    (
        "municipality",
        "Municipalidad Provincial de Lamas (demo)",
        "MPL-demo",
        "government",
        "provincial",
    ),
    ("region", "Gobierno Regional de San Martín (demo)", "GORESAM-demo", "government", "regional"),
    ("palm", "Palmas del Caynarachi S.A.C. (demo)", "PdC-demo", "company", ""),
    (
        "cooperative",
        "Cooperativa Agraria Café y Cacao Lamas (demo)",
        "CACL-demo",
        "smallholder",
        "",
    ),
    ("kichwa", "Federación Kichwa Llacuash de Lamas (demo)", "FKLL-demo", "indigenous", ""),
    ("ngo", "Asociación Bosques del Cumbaza (demo)", "ABC-demo", "civil_society", ""),
    ("university", "Instituto Amazónico de Investigación (demo)", "IAI-demo", "academia", ""),
    ("donor", "Fondo Paisajes Sostenibles (demo)", "FPS-demo", "donor", ""),
]

# (username, first name, last name, language, platform role, organization key, role)
DEMO_ACCOUNTS = [
    ("coordinadora", "Rosa", "Coordinadora (demo)", "es", "coordinator", None, None),
    ("facilitador", "Julio", "Facilitador (demo)", "es", "facilitator", None, None),
    (
        "gobierno-representante",
        "Ana",
        "Gobierno (demo)",
        "es",
        None,
        "municipality",
        "representative",
    ),
    ("gobierno-miembro", "Luis", "Gobierno (demo)", "es", None, "municipality", "member"),
    ("empresa-representante", "Carla", "Empresa (demo)", "en", None, "palm", "representative"),
    ("empresa-miembro", "Diego", "Empresa (demo)", "es", None, "palm", "member"),
    (
        "productores-representante",
        "Elena",
        "Productores (demo)",
        "es",
        None,
        "cooperative",
        "representative",
    ),
    ("productores-miembro", "Félix", "Productores (demo)", "es", None, "cooperative", "member"),
    ("indigena-representante", "Gloria", "Kichwa (demo)", "es", None, "kichwa", "representative"),
    ("indigena-miembro", "Hugo", "Kichwa (demo)", "es", None, "kichwa", "member"),
    ("sociedad-civil-representante", "Inés", "ONG (demo)", "es", None, "ngo", "representative"),
    (
        "academia-representante",
        "Jorge",
        "Academia (demo)",
        "es",
        None,
        "university",
        "representative",
    ),
    ("donante-representante", "Karen", "Donante (demo)", "en", None, "donor", "representative"),
    ("visitante", "Lucía", "Visitante (demo)", "es", None, None, None),
]


def _demo_user(username, first_name, last_name, language, **flags) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.lap-lamas.local",
            "language": language,
            "is_demo": True,
            **flags,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demo data if missing (idempotent). Returns (username, description) pairs."""
    admin = _demo_user("admin", "Admin", "(demo)", "es", is_staff=True, is_superuser=True)
    organizations: dict[str, Organization] = {}
    for key, name, acronym, sector, level in DEMO_ORGANIZATIONS:
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            organization = services.organization_create(
                acting_user=admin,
                name=name,
                acronym=acronym,
                sector=sector,
                government_level=level,
                is_demo=True,
            )
        organizations[key] = organization

    logins = [("admin", "superuser (admin site)")]
    for username, first, last, language, platform_role, org_key, role in DEMO_ACCOUNTS:
        user = _demo_user(
            username,
            first,
            last,
            language,
            is_coordinator=platform_role == "coordinator",
            is_facilitator=platform_role == "facilitator",
        )
        description = platform_role or "outsider (no organization)"
        if org_key is not None and role is not None:
            organization = organizations[org_key]
            has_membership = Membership.objects.filter(
                user=user, organization=organization, status=MembershipStatus.ACTIVE
            ).exists()
            if not has_membership:
                services.membership_add(
                    acting_user=admin, organization=organization, user=user, role=role
                )
            description = f"{role} of {organization.name}"
        logins.append((username, description))
    # Demo communities created by load_reference_data before this organization existed are
    # linked to it now, so the first `make run` already shows who represents them.
    from territory.services import demo_communities_load

    demo_communities_load()
    return logins
