"""Every edit form gives back what it was given: open it, save it untouched, nothing changes.

For each edit page (the table below, keyed by URL name like the access table), a fully filled
object (every optional field set: dates, numbers, choices, many-to-many) is opened by the person
allowed to edit it; the form's own initial values are read from the HTML (inputs, checked boxes,
selected options, textareas) and posted back unchanged. The answer must be a success (a redirect)
and every field of the object, and its related rows, must be unchanged: in Spanish and in
English. A URL name ending in `-edit` without a row here fails the test.
"""

import datetime
import inspect
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django import forms
from django.db import models
from django.urls import reverse

from lap.models import (
    Action,
    ActionState,
    Commitment,
    Criterion,
    Indicator,
    Objective,
    ResourceNeed,
    Round,
    SectorWeight,
    VisionVersion,
)
from lap.models.actions import ConsentProcess, ConsentState
from stakeholders.models import Organization, Sector
from territory.models import District, IndigenousCommunity, Province, Source
from tests.factories import CommunityFactory, DistrictFactory, ObjectiveFactory, ProvinceFactory
from tests.security.test_access import _url_names

START = datetime.date(2026, 1, 15)  # a day > 12: "15/01/2026" is not an ISO date
END = datetime.date(2027, 11, 30)

# Fields that change on every save by design (timestamps, optimistic-lock versions, pointers
# to the record a save adds) are not "what the person typed".
VOLATILE = {"updated_at", "version", "last_record", "last_record_id"}


# --- reading a form as a browser would send it ---------------------------------------------------


# The value sanitization of HTML inputs: a value a date or number input cannot hold is shown as
# empty and sent as empty ("15/01/2026" in a date field, "1.234,56" in a number field).
VALID_VALUE = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
}


def sanitized(kind: str, value: str) -> str:
    pattern = VALID_VALUE.get(kind)
    if pattern is None or pattern.fullmatch(value):
        return value
    return ""


class _FormReader(HTMLParser):
    """The fields of every <form>: what a browser posts when the person presses save."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "selects": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on")))
                return
            self._form["fields"].append((name, sanitized(kind, attrs.get("value", ""))))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select["options"] if selected]
            if not chosen and not self._select["multiple"] and self._select["options"]:
                chosen = [self._select["options"][0][0]]  # what a browser sends
            self._form["fields"].extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # A browser drops the line break right after <textarea> (Django writes one).
            text = text[1:] if text.startswith("\n") else text
            self._form["fields"].append((self._textarea["name"], text.replace("\r\n", "\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_data(html: str, path: str) -> dict[str, list[str]]:
    """The posted fields of the page's form that saves to `path` (or to itself)."""
    reader = _FormReader()
    reader.feed(html)
    candidates = [
        form
        for form in reader.forms
        if (form["attrs"].get("method") or "get").lower() == "post"
        and form["attrs"].get("action") in (None, "", path)
    ]
    assert len(candidates) == 1, f"expected one editing form on {path}, found {len(candidates)}"
    data: dict[str, list[str]] = {}
    for name, value in candidates[0]["fields"]:
        data.setdefault(name, []).append(value)
    return data


# --- what "unchanged" means ----------------------------------------------------------------------


def state_of(obj: models.Model) -> dict:
    """Every stored field of the row (typed ones and the rest) and its many-to-many sets."""
    obj = type(obj).objects.get(pk=obj.pk)
    state = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in VOLATILE
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    }
    for field in obj._meta.many_to_many:
        state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return state


def rows_of(queryset, *fields) -> list[tuple]:
    return list(queryset.order_by("pk").values_list(*fields))


# --- the objects, fully filled -------------------------------------------------------------------


def _districts():
    province = ProvinceFactory()
    return [
        DistrictFactory(ubigeo="220508", name="San Roque de Cumbaza", province=province),
        DistrictFactory(ubigeo="220504", name="Caynarachi", province=province),
    ]


def _action(world, *, state=ActionState.DRAFT) -> Action:
    districts = _districts()
    CommunityFactory(district=districts[0], organization=world.indigenous)
    from lap.services import actions as action_services

    action = action_services.action_create(
        acting_user=world.member,
        title="Café bajo sombra con árboles nativos",
        description="Árboles de sombra en parcelas de café.\nSin abrir bosque nuevo.",
        objective=ObjectiveFactory(code="O1"),
        districts=districts,
        crops=["coffee", "cocoa"],
        responsible_organizations=[world.smallholder, world.government],
        starts_on=START,
        ends_on=END,
        estimated_cost_pen=Decimal("1234567.89"),
    )
    if state != ActionState.DRAFT:
        Action.objects.filter(pk=action.pk).update(state=state)
    return action


def build_action_edit(world):
    action = _action(world)
    return world.member, {"pk": action.pk}, action, None


def build_action_consent(world):
    action = _action(world, state=ActionState.ACCEPTED)
    concerned = action.concerned_communities.get()
    ConsentProcess.objects.filter(concerned=concerned).update(
        state=ConsentState.CONSENT_WITH_CONDITIONS,
        information_shared_on=datetime.date(2026, 1, 13),
        assembly_date=datetime.date(2026, 1, 20),
        decided_on=datetime.date(2026, 1, 21),
        languages="Kichwa, castellano",
        conditions="Monitoreo comunal cada seis meses.",
    )
    process = ConsentProcess.objects.get(concerned=concerned)
    kwargs = {"pk": action.pk, "community_pk": concerned.community_id}
    return world.representatives["indigenous"], kwargs, process, None


def build_round_edit(world):
    round_ = Round.objects.create(
        name="Priorización 2026",
        description="Primera ronda del plan.",
        quorum=4,
        opens_on=START,
        closes_on=END,
        created_by=world.coordinator,
    )
    Criterion.objects.create(
        round=round_, key="impact", name="Impacto", description="Bosque", weight="2.50", order=0
    )
    Criterion.objects.create(
        round=round_, key="cost", name="Costo", description="Soles", weight="0.75", order=1
    )
    for index, sector in enumerate(Sector.values):
        SectorWeight.objects.create(
            round=round_, sector=sector, weight=Decimal("1.25") + Decimal(index)
        )

    def related(obj):
        return {
            "criteria": rows_of(obj.criteria, "key", "name", "description", "weight", "order"),
            "weights": rows_of(obj.sector_weights, "sector", "weight"),
        }

    return world.coordinator, {"pk": round_.pk}, round_, related


def build_round_candidates(world):
    user, kwargs, round_, _ = build_round_edit(world)
    chosen = _action(world, state=ActionState.ACCEPTED)
    round_.candidates.create(action=chosen)

    def related(obj):
        return {"candidates": rows_of(obj.candidates, "action_id")}

    return user, kwargs, round_, related


def build_version_edit(world):
    version = VisionVersion.objects.create(
        number=1,
        title="Lamas 2030",
        body="## Bosques\nCuidamos el bosque.\n\n## Agua\nY las quebradas.",
        summary="Primera versión.",
        created_by=world.coordinator,
    )
    return world.coordinator, {"pk": version.pk}, version, None


def build_objective_edit(world):
    objective = Objective.objects.create(
        code="O7", title="Producción sostenible", description="Cacao y café.", order=3
    )
    return world.coordinator, {"pk": objective.pk}, objective, None


def build_indicator_edit(world):
    province = Province.objects.get(pk=ProvinceFactory().pk)
    indicator = Indicator.objects.create(
        objective=Objective.objects.create(code="O8", title="Bosque"),
        name="Pérdida de bosque primario",
        description="Hectáreas al año.",
        unit="ha",
        direction="decrease",
        baseline_value=Decimal("-1234.56"),
        baseline_year=2020,
        target_value=Decimal("987654.32"),
        target_year=2030,
        series="humid_primary_forest_loss_ha",
        series_province=province,
        order=2,
    )
    return world.coordinator, {"pk": indicator.pk}, indicator, None


def build_need_edit(world):
    action = _action(world, state=ActionState.APPROVED)
    need = ResourceNeed.objects.create(
        action=action,
        kind="staff",
        description="Dos técnicos de campo.",
        amount=Decimal("1234.50"),
        unit="person_days",
        estimated_value_pen=Decimal("98765.43"),
        period_start=START,
        period_end=END,
        created_by=world.coordinator,
    )
    return world.coordinator, {"pk": need.pk}, need, None


def build_milestone_edit(world):
    from lap.services import implementation as implementation_services

    action = _action(world, state=ActionState.APPROVED)
    milestone = implementation_services.milestone_create(
        acting_user=world.coordinator, action=action, title="Vivero instalado", due_on=START
    )
    return world.coordinator, {"pk": milestone.pk}, milestone, None


def build_update_edit(world):
    from lap.services import implementation as implementation_services

    action = _action(world, state=ActionState.APPROVED)
    update = implementation_services.progress_update_create(
        acting_user=world.member,
        action=action,
        reported_on=START,
        percent=35,
        narrative="Vivero con 2 000 plantones.\nFalta el riego.",
    )
    return world.member, {"pk": update.pk}, update, None


def build_commitment_edit(world):
    _user, _, need, _ = build_need_edit(world)
    ResourceNeed.objects.filter(pk=need.pk).update(
        kind="finance", unit="USD", estimated_value_pen=None
    )
    commitment = Commitment.objects.create(
        need=need,
        organization=world.company,
        amount=Decimal("20000.55"),
        unit="USD",
        expected_on=START,
        note="Desembolso en dos partes.",
        committed_by=world.representatives["company"],
    )
    return world.representatives["company"], {"pk": commitment.pk}, commitment, None


def build_organization_edit(world):
    Organization.objects.filter(pk=world.government.pk).update(
        acronym="MPL",
        government_level="provincial",
        description="Municipalidad provincial.",
        website="https://munilamas.gob.pe/",
    )
    return world.coordinator, {"pk": world.government.pk}, world.government, None


def build_community_edit(world):
    district = District.objects.get(pk=_districts()[0].pk)
    source = Source.objects.create(key="mincul-bdpi", title="BDPI, Ministerio de Cultura")
    community = IndigenousCommunity.objects.create(
        name="Alto Shamboyacu (demo)",
        district=district,
        people="kichwa",
        category="Comunidad Nativa",
        organization=world.indigenous,
        source=source,
        is_demo=True,
        notes="Nombre inventado.",
    )
    return world.coordinator, {"pk": community.pk}, community, None


EDIT_FORMS = {
    "action-edit": build_action_edit,
    "action-consent": build_action_consent,
    "round-edit": build_round_edit,
    "round-candidates": build_round_candidates,
    "vision-version-edit": build_version_edit,
    "objective-edit": build_objective_edit,
    "indicator-edit": build_indicator_edit,
    "resources-need-edit": build_need_edit,
    "implementation-milestone-edit": build_milestone_edit,
    "implementation-update-edit": build_update_edit,
    "resources-commitment-edit": build_commitment_edit,
    "organization-edit": build_organization_edit,
    "territory-community-edit": build_community_edit,
}


def test_every_edit_page_has_a_row():
    edit_names = {name for name in _url_names() if name.endswith("-edit")}
    missing = sorted(edit_names - set(EDIT_FORMS))
    assert not missing, f"edit pages without a round-trip row: {missing}"
    stale = sorted(set(EDIT_FORMS) - _url_names())
    assert not stale, f"round-trip rows for URL names that no longer exist: {stale}"


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("url_name", sorted(EDIT_FORMS))
def test_saving_an_edit_form_untouched_changes_nothing(url_name, language, world, client):
    user, kwargs, obj, related = EDIT_FORMS[url_name](world)
    client.force_login(user)
    if language != "es":
        client.post(reverse("switch-language"), {"language": language, "next": "/"})
    before = state_of(obj)
    before_related = related(obj) if related else None
    url = reverse(url_name, kwargs=kwargs)

    page = client.get(url)
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()
    data = form_data(page.content.decode(), url)
    response = client.post(url, data)

    assert response.status_code == 302, (
        response.context["form"].errors if response.context and "form" in response.context else ""
    )
    assert state_of(obj) == before
    if related:
        assert related(obj) == before_related


# --- no form can forget the ISO date widget ------------------------------------------------------


def _project_forms():
    import lap.forms.actions
    import lap.forms.implementation
    import lap.forms.resources
    import lap.forms.rounds
    import lap.forms.vision
    import stakeholders.forms
    import territory.forms

    for module in (
        lap.forms.actions,
        lap.forms.implementation,
        lap.forms.resources,
        lap.forms.rounds,
        lap.forms.vision,
        stakeholders.forms,
        territory.forms,
    ):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_date_field_of_every_form_shows_an_iso_date_in_every_language():
    from django.utils import translation

    from lap.forms import widgets

    checked = 0
    for cls in _project_forms():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                expected = (
                    widgets.DateTimeInput
                    if isinstance(field, forms.DateTimeField)
                    else widgets.DateInput
                )
                assert isinstance(field.widget, expected), f"{cls.__name__}.{name}"
                for language in ("es", "en"):
                    with translation.override(language):
                        html = field.widget.render(name, START)
                    assert 'value="2026-01-15"' in html, (cls.__name__, name, language, html)
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_round_closing_before_it_opens_is_refused_on_its_edit_page(language, world, client):
    user, kwargs, round_, _ = build_round_edit(world)
    client.force_login(user)
    if language != "es":
        client.post(reverse("switch-language"), {"language": language, "next": "/"})
    url = reverse("round-edit", kwargs=kwargs)
    data = form_data(client.get(url).content.decode(), url)
    data["closes_on"] = ["2026-01-14"]  # the day before it opens

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"] == [
        {
            "es": "La ronda no puede cerrar antes de abrir.",
            "en": "The round cannot close before it opens.",
        }[language]
    ]
    assert Round.objects.get(pk=round_.pk).closes_on == END
