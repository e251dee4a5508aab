"""Admin pages: rounds, read-only. Scores are never listed here: they are private to their
authors.

Rounds are created, edited, opened, closed and published on the rounds pages and API (services),
which freeze criteria, weights, candidates and quorum once a round opens and write the audit
trail; deleting a round here would silently delete its scores by cascade.
"""

from django.contrib import admin

from lap.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from lap.models.rounds import ActionResult, Candidate, Criterion, Participation, Round, SectorWeight


class CriterionInline(ReadOnlyInline):
    model = Criterion


class SectorWeightInline(ReadOnlyInline):
    model = SectorWeight


class CandidateInline(ReadOnlyInline):
    model = Candidate


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("name", "state", "quorum", "opens_on", "closes_on", "results_status")
    list_filter = ("state", "results_status", "created_at")
    search_fields = ("name", "description")
    date_hierarchy = "created_at"
    inlines = [CriterionInline, SectorWeightInline, CandidateInline]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ("round", "person", "organization", "sector", "created_at")
    list_filter = ("sector", "round")
    search_fields = ("person__username", "organization__name", "round__name")
    list_select_related = ("round", "person", "organization")


@admin.register(ActionResult)
class ActionResultAdmin(ReadOnlyAdmin):
    list_display = ("round", "action", "rank", "balanced", "consensus", "raw_mean", "persons")
    list_filter = ("round", "insufficient")
    search_fields = ("action__title", "round__name")
    list_select_related = ("round", "action")

    def get_queryset(self, request):
        # No results of a round being set up or open, the superuser included (DESIGN.md, score
        # privacy): a preview stored by an earlier version is never shown.
        return super().get_queryset(request).filter(round__state__in=("closed", "published"))
