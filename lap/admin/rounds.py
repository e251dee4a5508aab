"""Admin pages: rounds. Scores are never listed here: they are private to their authors."""

from django.contrib import admin

from lap.models.rounds import ActionResult, Candidate, Criterion, Participation, Round, SectorWeight


class FrozenOnceOpenInline(admin.TabularInline):
    """Criteria, weights and candidates are frozen when the round opens."""

    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or obj.state == "draft"

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class CriterionInline(FrozenOnceOpenInline):
    model = Criterion


class SectorWeightInline(FrozenOnceOpenInline):
    model = SectorWeight


class CandidateInline(FrozenOnceOpenInline):
    model = Candidate
    raw_id_fields = ("action",)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "quorum", "opens_on", "closes_on", "results_status")
    list_filter = ("state", "results_status", "created_at")
    search_fields = ("name", "description")
    date_hierarchy = "created_at"
    readonly_fields = (
        "state",
        "opened_at",
        "closed_at",
        "published_at",
        "results_status",
        "results_computed_at",
        "results_score_count",
    )
    inlines = [CriterionInline, SectorWeightInline, CandidateInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("round", "person", "organization", "sector", "created_at")
    list_filter = ("sector", "round")
    search_fields = ("person__username", "organization__name", "round__name")
    list_select_related = ("round", "person", "organization")
    raw_id_fields = ("person", "organization")


@admin.register(ActionResult)
class ActionResultAdmin(admin.ModelAdmin):
    list_display = ("round", "action", "rank", "balanced", "consensus", "raw_mean", "persons")
    list_filter = ("round", "insufficient")
    search_fields = ("action__title", "round__name")
    list_select_related = ("round", "action")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # computed from the scores, frozen once published
