"""Starting content of the plan for `make run`: a demo vision draft, demo objectives and a few
demo actions (lap/demo_actions.py).

Everything is marked as demo. Idempotent: running it again creates only what is missing, and
links the forest-loss indicator to the province's series once the territory data is loaded.
"""

from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lap.models import Indicator, Objective, VisionVersion
from lap.services import vision as services
from stakeholders.models import User

LAMAS_UBIGEO = "2205"

DEMO_VISION_TITLE = "Visión compartida del paisaje de Lamas al 2035 (demo)"
DEMO_VISION_BODY = """\
Borrador de demostración para probar la plataforma: no es un texto acordado por los actores.

## Bosques en pie
Al 2035, Lamas detiene la pérdida de bosque húmedo primario: las comunidades, los productores,
las empresas y los gobiernos cuidan juntos los bosques de la Cordillera Escalera y de las
cabeceras del Cumbaza.

## Producción libre de deforestación
El café, el cacao y la palma aceitera de Lamas se producen sin deforestación, con mejores
rendimientos y precios justos para los pequeños productores y sus organizaciones.

## Agua para la provincia
Las cabeceras del río Cumbaza, fuente principal de agua de la provincia y de la región, están
protegidas y restauradas, y su cuidado se planifica con quienes viven en ellas.

## Derechos de los pueblos indígenas
Los pueblos Kichwa y Shawi ejercen sus derechos sobre sus tierras y territorios; toda acción que
los afecte cuenta con su consentimiento libre, previo e informado.

## Gobernanza del paisaje
Los actores de Lamas deciden juntos, con información abierta, y rinden cuentas de los recursos
comprometidos y de los avances del plan.
"""

# (code, title, description, indicators); an indicator's "series" feeds it from the territory.
DEMO_OBJECTIVES: list[tuple[str, str, str, list[dict[str, object]]]] = [
    (
        "O1",
        "Detener la pérdida de bosque húmedo primario (demo)",
        "Reducir la deforestación en la provincia, en especial en San Roque de Cumbaza, "
        "Caynarachi y Barranquita.",
        [
            {
                "name": "Pérdida anual de bosque húmedo primario en la provincia (demo)",
                "unit": "ha/año",
                "direction": "decrease",
                "series": "humid_primary_forest_loss_ha",
                "target_value": Decimal("1155"),
                "target_year": 2030,
                "description": "Línea base y valores tomados de la serie de pérdida de bosque "
                "de la provincia (Global Forest Watch); meta de demostración: la mitad.",
            }
        ],
    ),
    (
        "O2",
        "Café, cacao y palma libres de deforestación (demo)",
        "Cadenas de café, cacao y palma aceitera sin deforestación y con trazabilidad.",
        [
            {
                "name": "Productores con parcelas verificadas libres de deforestación (demo)",
                "unit": "productores",
                "direction": "increase",
                "baseline_value": Decimal("0"),
                "baseline_year": 2025,
                "target_value": Decimal("1500"),
                "target_year": 2030,
            }
        ],
    ),
    (
        "O3",
        "Agua de las cabeceras del Cumbaza (demo)",
        "Proteger y restaurar las cabeceras del río Cumbaza, fuente de agua de la provincia.",
        [
            {
                "name": "Hectáreas en restauración en las cabeceras del Cumbaza (demo)",
                "unit": "ha",
                "direction": "increase",
                "baseline_value": Decimal("0"),
                "baseline_year": 2025,
                "target_value": Decimal("500"),
                "target_year": 2030,
            }
        ],
    ),
    (
        "O4",
        "Derechos y tierras de los pueblos indígenas (demo)",
        "Titulación y gestión territorial de las comunidades Kichwa y Shawi, con su "
        "consentimiento libre, previo e informado.",
        [
            {
                "name": "Comunidades con título y plan de vida vigentes (demo)",
                "unit": "comunidades",
                "direction": "increase",
                "baseline_value": None,
                "baseline_year": None,
                "target_value": Decimal("5"),
                "target_year": 2030,
                "description": "Línea base por registrar con las organizaciones indígenas.",
            }
        ],
    ),
    (
        "O5",
        "Gobernanza del paisaje (demo)",
        "Una plataforma de actores que decide, financia y rinde cuentas del plan.",
        [
            {
                "name": "Sectores clave que respaldan la visión vigente (demo)",
                "unit": "sectores",
                "direction": "increase",
                "baseline_value": Decimal("0"),
                "baseline_year": 2025,
                "target_value": Decimal("4"),
                "target_year": 2026,
            }
        ],
    ),
]


def _acting_user() -> User:
    user = (
        User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError("No coordinator yet: run `manage.py load_demo` first.")
    return user


@transaction.atomic
def load_demo_plan() -> list[str]:
    """Create what is missing; return lines saying what was done."""
    from territory.models import Province

    done = []
    user = _acting_user()
    if not VisionVersion.objects.filter(is_demo=True).exists():
        version = services.version_create(
            acting_user=user, title=DEMO_VISION_TITLE, body=DEMO_VISION_BODY, is_demo=True
        )
        done.append(f"vision draft, version {version.number}")
    province = Province.objects.filter(ubigeo=LAMAS_UBIGEO).first()
    for order, (code, title, description, indicators) in enumerate(DEMO_OBJECTIVES, start=1):
        objective = Objective.objects.filter(code=code).first()
        if objective is None:
            objective = services.objective_create(
                acting_user=user,
                code=code,
                title=title,
                description=description,
                order=order,
                is_demo=True,
            )
            done.append(f"objective {code}")
        for indicator_order, spec in enumerate(indicators, start=1):
            spec = {**spec, "order": indicator_order}
            series = spec.pop("series", "")
            existing = Indicator.objects.filter(objective=objective, name=spec["name"]).first()
            feed = (
                {"series": series, "series_province": province}
                if series and province
                else {"series": "", "series_province": None}
            )
            if existing is None:
                services.indicator_create(
                    acting_user=user, objective=objective, is_demo=True, **spec, **feed
                )
                done.append(f"indicator {spec['name']}")
            elif series and province and not existing.series:
                services.indicator_update(acting_user=user, indicator=existing, **feed)
                done.append(f"indicator {spec['name']} linked to the province's series")
    return done


class Command(BaseCommand):
    help = "Create the demo vision draft and demo objectives (marked as demo). Idempotent."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is never loaded in production mode (DJANGO_DEBUG=false).")
        from lap.demo_actions import load_demo_actions
        from lap.demo_implementation import load_demo_implementation, load_demo_measurements

        done = (
            load_demo_plan()
            + load_demo_actions()
            + load_demo_implementation()
            + load_demo_measurements()
        )
        if done:
            for line in done:
                self.stdout.write(f"  created {line}")
        else:
            self.stdout.write("Demo plan content already present.")
