"""Pages of the prioritization rounds: set-up (coordinators), scoring, results, transparency."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lap import charts
from lap.forms.rounds import (
    CandidatesForm,
    CriterionFormSet,
    RoundForm,
    ScoreForm,
    criteria_from,
)
from lap.models.rounds import ActionResult, RoundState
from lap.selectors import rounds as selectors
from lap.services import rounds as services
from lap.web import add_service_errors, flash_service_error, paginate
from stakeholders.acting import SESSION_KEY
from stakeholders.rules import is_member_anywhere
from stakeholders.selectors import active_members


def _round(request, pk):
    return get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)


def _require_manager(request):
    if not request.user.has_perm("lap.manage_round"):
        raise PermissionDenied


def round_list(request):
    page = paginate(request, selectors.rounds_visible_to(request.user))
    return render(request, "lap/rounds/round_list.html", {"page": page})


def round_detail(request, pk: int):
    round_ = _round(request, pk)
    quorum_limit = selectors.quorum_limit(round_) if round_.state == RoundState.DRAFT else None
    context = {
        "round": round_,
        "candidates": list(selectors.candidates_of(round_)),
        "can_manage": request.user.has_perm("lap.manage_round", round_),
        "can_see_results": selectors.can_see_results(request.user, round_),
        "can_score": rules.test_rule("lap.score_in_round", request.user, round_),
        "participation": selectors.participation_of(user=request.user, round_=round_),
        "quorum_limit": quorum_limit,
        "can_recompute": round_.state == RoundState.CLOSED
        or (round_.state == RoundState.PUBLISHED and not selectors.results_ready(round_)),
    }
    if round_.state != RoundState.DRAFT and selectors.can_see_participation(request.user, round_):
        # Counts of persons who scored, never values: what coordinators see of an open round.
        context["participation_sectors"] = [w for w in round_.sector_weights.all() if w.weight > 0]
        context["participation_lines"] = selectors.scoring_participation(
            user=request.user, round_=round_, candidates=context["candidates"]
        )
    return render(request, "lap/rounds/round_detail.html", context)


def _criteria_initial(round_):
    return [
        {"key": c.key, "name": c.name, "description": c.description, "weight": c.weight}
        for c in round_.criteria.all()
    ]


@login_required
def round_create(request):
    _require_manager(request)
    form = RoundForm(request.POST or None)
    formset = CriterionFormSet(
        request.POST or None, prefix="criteria", initial=selectors.default_criteria()
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            round_ = services.round_create(
                acting_user=request.user,
                **form.round_fields(),
                criteria=criteria_from(formset),
                sector_weights=form.sector_weights(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round was created: now choose its candidates."))
            return redirect("round-candidates", pk=round_.pk)
    return render(request, "lap/rounds/round_form.html", {"form": form, "formset": formset})


@login_required
def round_edit(request, pk: int):
    _require_manager(request)
    round_ = _round(request, pk)
    if round_.state != RoundState.DRAFT:
        messages.error(request, _("Criteria, weights and quorum are frozen once a round opens."))
        return redirect("round-detail", pk=round_.pk)
    initial = {
        "name": round_.name,
        "description": round_.description,
        "quorum": round_.quorum,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        **{f"weight_{w.sector}": w.weight for w in round_.sector_weights.all()},
    }
    form = RoundForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(
        request.POST or None, prefix="criteria", initial=_criteria_initial(round_)
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            # One act, one transaction: a refused part leaves the whole round as it was.
            services.round_configure(
                acting_user=request.user,
                round=round_,
                **form.round_fields(),
                sector_weights=form.sector_weights(),
                criteria=criteria_from(formset),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round was saved."))
            return redirect("round-detail", pk=round_.pk)
    return render(
        request,
        "lap/rounds/round_form.html",
        {"form": form, "formset": formset, "round": round_},
    )


@login_required
def round_candidates(request, pk: int):
    _require_manager(request)
    round_ = _round(request, pk)
    form = CandidatesForm(
        request.POST or None,
        initial={"actions": [c.action_id for c in round_.candidates.all()]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_set_candidates(
                acting_user=request.user, round=round_, actions=form.cleaned_data["actions"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The candidates were saved."))
            return redirect("round-detail", pk=round_.pk)
    return render(request, "lap/rounds/round_candidates.html", {"form": form, "round": round_})


TRANSITIONS = {
    "open": (services.round_open, _("The round is open for scoring.")),
    "close": (services.round_close, _("The round is closed.")),
    "publish": (services.round_publish, _("The results are published.")),
    "recompute": (services.round_recompute, _("The results were recomputed.")),
}


@login_required
@require_POST
def round_transition(request, pk: int, verb: str):
    _require_manager(request)
    if verb not in TRANSITIONS:
        raise Http404
    round_ = _round(request, pk)
    service, message = TRANSITIONS[verb]
    try:
        service(acting_user=request.user, round=round_)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, message)
    return redirect("round-detail", pk=round_.pk)


def _scoring_person(request):
    """The person scored for: oneself, or for a facilitator the member chosen in `person`."""
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id or not request.user.is_facilitator:
        return request.user, None
    person = active_members().filter(pk=person_id if str(person_id).isdigit() else 0).first()
    if person is None:
        raise Http404
    return person, person


@login_required
def round_score(request, pk: int):
    """One action at a time, saved as one goes; works without JavaScript."""
    round_ = _round(request, pk)
    if not rules.test_rule("lap.score_in_round", request.user, round_):
        raise PermissionDenied
    person, on_behalf_of = _scoring_person(request)
    # A facilitator of no organization scores only for a member, chosen first.
    scores_as_self = not request.user.is_facilitator or is_member_anywhere(request.user)
    must_choose_member = on_behalf_of is None and not scores_as_self
    if must_choose_member and request.method == "POST":
        messages.error(request, _("Choose the member you are scoring for first."))
        return redirect("round-score", pk=round_.pk)
    candidates = list(selectors.candidates_of(round_))
    criteria = list(round_.criteria.all())
    mine: dict[int, dict[str, int]] = {}
    for score in selectors.scores_entered_by(viewer=request.user, person=person, round_=round_):
        mine.setdefault(score.action_id, {})[score.criterion.key] = score.value
    requested = request.GET.get("action") or request.POST.get("action")
    current = next((c for c in candidates if str(c.action_id) == str(requested)), None)
    if current is None:
        current = next((c for c in candidates if c.action_id not in mine), candidates[0])
    position = candidates.index(current)
    form = ScoreForm(
        request.POST or None, criteria=criteria, initial_values=mine.get(current.action_id)
    )
    if request.method == "POST" and form.is_valid():
        scores = form.scores(current.action_id)
        if not scores:
            form.add_error(None, _("Choose a score for at least one criterion."))
        else:
            try:
                services.scores_submit(
                    acting_user=request.user,
                    round=round_,
                    scores=scores,
                    on_behalf_of=on_behalf_of,
                    organization_id=None if on_behalf_of else request.session.get(SESSION_KEY),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You are not allowed to do this."))
            else:
                messages.success(request, _("Saved: %(title)s.") % {"title": current.action.title})
                mine.setdefault(current.action_id, {})
                following = candidates[position + 1 :] + candidates[: position + 1]
                target = next((c for c in following if c.action_id not in mine), None)
                # Every action scored: the finish screen, not the first action again.
                query = "done=1" if target is None else f"action={target.action_id}"
                url = reverse("round-score", kwargs={"pk": round_.pk}) + f"?{query}"
                if on_behalf_of:
                    url += f"&person={on_behalf_of.pk}"
                return redirect(url)
    members = active_members() if request.user.is_facilitator else None
    return render(
        request,
        "lap/rounds/round_score.html",
        {
            "round": round_,
            "form": form,
            "current": current,
            "candidates": candidates,
            "scored_ids": set(mine),
            "scored_count": len(mine),
            "total": len(candidates),
            "percent": round(100 * len(mine) / len(candidates)) if candidates else 0,
            "previous": candidates[position - 1] if position > 0 else None,
            "next": candidates[position + 1] if position + 1 < len(candidates) else None,
            "position": position + 1,
            "person": person,
            "on_behalf_of": on_behalf_of,
            "members": members,
            "must_choose_member": must_choose_member,
            "scores_as_self": scores_as_self,
            "finished": bool(candidates)
            and len(mine) == len(candidates)
            and request.GET.get("done") == "1",
        },
    )


def _visible_results(request, pk):
    round_ = _round(request, pk)
    if not selectors.can_see_results(request.user, round_):
        raise PermissionDenied
    return round_


def _chart(results: list[ActionResult]) -> charts.BarChart | None:
    """Bars of B and R (scores 0 to 5) for the rows shown, labelled with rank and action (the
    table says the same)."""
    return charts.horizontal_bars(
        [
            charts.Row(
                label=f"{r.rank}. {r.action.title}" if r.rank else r.action.title,
                name=r.action.title,
                values=(r.balanced, r.raw_mean),
            )
            for r in results
            if r.balanced is not None
        ],
        series=("B", "R"),
        maximum=5,
        width=480,
        label_width=170,
        label_chars=26,
        bar_height=9,
        gap=6,
        padding=6,
    )


def round_results(request, pk: int):
    round_ = _visible_results(request, pk)
    page = paginate(request, selectors.round_results(user=request.user, round_=round_))
    lines = list(page)
    return render(
        request,
        "lap/rounds/round_results.html",
        {
            "round": round_,
            "page": page,
            "results": lines,
            "ready": selectors.results_ready(round_),
            "chart": _chart(lines),
        },
    )


def round_transparency(request, pk: int):
    """How the ranking is computed and what aggregates can give away: for everyone who sees the
    round (before scoring too); where balancing changed the order only with the results."""
    round_ = _round(request, pk)
    can_see_results = selectors.can_see_results(request.user, round_)
    moves = selectors.balancing_moves(round_) if can_see_results else []
    return render(
        request,
        "lap/rounds/round_transparency.html",
        {
            "round": round_,
            "criteria": round_.criteria.all(),
            "sector_weights": round_.sector_weights.all(),
            "moves": moves[:20],
            "move_count": len(moves),
            "divisive": selectors.divisive_results(round_)[:10] if can_see_results else [],
            "can_see_results": can_see_results,
            "ready": can_see_results and selectors.results_ready(round_),
        },
    )
