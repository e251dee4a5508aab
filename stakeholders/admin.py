"""Admin for people and organizations. Changes go through the services, so they are audited."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from stakeholders import services
from stakeholders.models import ApiKey, Invitation, LoginCounter, Membership, Organization, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Lamas LAP"), {"fields": ("language", "is_coordinator", "is_facilitator", "is_demo")}),
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "language",
        "is_coordinator",
        "is_facilitator",
        "is_demo",
        "is_active",
    )
    list_filter = (
        "is_coordinator",
        "is_facilitator",
        "is_demo",
        "language",
        "is_active",
        "is_superuser",
    )

    def save_model(self, request, obj, form, change):
        """Platform roles change through the service, so the change is audited."""
        roles = {"is_coordinator": obj.is_coordinator, "is_facilitator": obj.is_facilitator}
        if change:
            stored = User.objects.get(pk=obj.pk)
            obj.is_coordinator, obj.is_facilitator = stored.is_coordinator, stored.is_facilitator
        else:
            obj.is_coordinator = obj.is_facilitator = False
        super().save_model(request, obj, form, change)
        if roles != {"is_coordinator": obj.is_coordinator, "is_facilitator": obj.is_facilitator}:
            services.user_set_platform_roles(acting_user=request.user, user=obj, **roles)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    fields = ("user", "role", "status", "created_at", "decided_by", "revoked_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "sector", "government_level", "is_demo", "created_at")
    list_filter = ("sector", "government_level", "is_demo")
    search_fields = ("name", "acronym")
    inlines = [MembershipInline]
    readonly_fields = ("is_demo", "created_at")

    def save_model(self, request, obj, form, change):
        fields = {field: form.cleaned_data.get(field, "") for field in services.ORGANIZATION_FIELDS}
        try:
            if change:
                services.organization_update(acting_user=request.user, organization=obj, **fields)
            else:
                created = services.organization_create(acting_user=request.user, **fields)
                obj.pk = created.pk
        except (ValidationError, PermissionDenied) as error:
            raise ValidationError(str(error)) from error


def _membership_admin_action(service, **kwargs):
    def action(modeladmin, request, queryset):
        done = 0
        for membership in queryset:
            try:
                service(acting_user=request.user, membership=membership, **kwargs)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                modeladmin.message_user(request, f"{membership}: {error}", messages.ERROR)
        if done:
            modeladmin.message_user(request, _("%(count)d memberships updated.") % {"count": done})

    return action


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "status", "created_at", "decided_by")
    list_filter = ("status", "role", "organization__sector")
    search_fields = ("user__username", "user__email", "organization__name")
    list_select_related = ("user", "organization", "decided_by")
    readonly_fields = (
        "user",
        "organization",
        "role",
        "status",
        "message",
        "created_at",
        "decided_at",
        "decided_by",
        "revoked_at",
    )
    actions = ["make_representative", "make_member", "revoke", "approve"]

    def has_add_permission(self, request):
        return False  # memberships come from invitations and join requests (audited)

    @admin.action(description=_("Grant representation"))
    def make_representative(self, request, queryset):
        _membership_admin_action(services.membership_set_role, role="representative")(
            self, request, queryset
        )

    @admin.action(description=_("Make plain member"))
    def make_member(self, request, queryset):
        _membership_admin_action(services.membership_set_role, role="member")(
            self, request, queryset
        )

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        _membership_admin_action(services.membership_revoke)(self, request, queryset)

    @admin.action(description=_("Approve join request"))
    def approve(self, request, queryset):
        _membership_admin_action(services.join_request_decide, approve=True)(
            self, request, queryset
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "organization",
        "role",
        "created_at",
        "expires_at",
        "sent_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role", "organization__sector")
    search_fields = ("email", "organization__name")
    list_select_related = ("organization",)
    readonly_fields = [field.name for field in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False  # invitations are sent from the organization page (shown once, audited)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "organization",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "organization__name")
    list_select_related = ("organization",)
    readonly_fields = [field.name for field in ApiKey._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are issued on the organization page, where the secret is shown once

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.api_key_revoke(acting_user=request.user, api_key=api_key)


@admin.register(LoginCounter)
class LoginCounterAdmin(admin.ModelAdmin):
    """Deleting a counter unlocks that username from that address at once."""

    list_display = ("username", "address", "attempts", "last_attempt_at")
    search_fields = ("username", "address")
    readonly_fields = ("username", "address", "attempts", "last_attempt_at")

    def has_add_permission(self, request):
        return False
