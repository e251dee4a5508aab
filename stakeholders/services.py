"""Every write about people and organizations: keyword-only, atomic, permission-checked, audited."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lap.audit import Verb, record
from lap.services.kit import check_fields, locked, require, update_model
from stakeholders.display import Display
from stakeholders.models import (
    ApiKey,
    ApiScope,
    GovernmentLevel,
    Invitation,
    Language,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    Sector,
    User,
)

ORGANIZATION_FIELDS = ("name", "acronym", "sector", "government_level", "description", "website")
PLATFORM_ROLE_FIELDS = ("is_coordinator", "is_facilitator")


def _validate_organization(fields: dict[str, Any]) -> None:
    sector = fields.get("sector")
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose one of the listed sectors.")})
    level = fields.get("government_level") or ""
    if sector == Sector.GOVERNMENT and level not in GovernmentLevel.values:
        raise ValidationError({"government_level": _("A government organization needs a level.")})
    if sector != Sector.GOVERNMENT and level:
        raise ValidationError(
            {"government_level": _("Only government organizations have a level.")}
        )
    name = (fields.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("An organization needs a name.")})


@transaction.atomic
def organization_create(
    *,
    acting_user: User,
    name: str,
    sector: str,
    government_level: str = "",
    acronym: str = "",
    description: str = "",
    website: str = "",
    is_demo: bool = False,
) -> Organization:
    require("stakeholders.create_organization", acting_user)
    fields = {
        "name": name.strip(),
        "acronym": acronym.strip(),
        "sector": sector,
        "government_level": government_level or "",
        "description": description,
        "website": website,
    }
    _validate_organization(fields)
    if Organization.objects.filter(name__iexact=fields["name"]).exists():
        raise ValidationError({"name": _("An organization with this name already exists.")})
    organization = Organization.objects.create(**fields, is_demo=is_demo)
    record(actor=acting_user, verb=Verb.ORGANIZATION_CREATE, target=organization, changes=fields)
    return organization


@transaction.atomic
def organization_update(
    *, acting_user: User, organization: Organization, **fields: Any
) -> Organization:
    require("stakeholders.change_organization", acting_user, organization)
    check_fields(fields, ORGANIZATION_FIELDS, "organization")
    organization = locked(organization)
    before = {field: getattr(organization, field) for field in ORGANIZATION_FIELDS}
    after = {**before, **fields}
    _validate_organization(after)
    if (
        Organization.objects.filter(name__iexact=after["name"].strip())
        .exclude(pk=organization.pk)
        .exists()
    ):
        raise ValidationError({"name": _("An organization with this name already exists.")})
    organization, _changes = update_model(
        instance=organization,
        fields=ORGANIZATION_FIELDS,
        data=after,
        acting_user=acting_user,
        verb=Verb.ORGANIZATION_UPDATE,
    )
    return organization


# --- Invitations -------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    acting_user: User,
    organization: Organization,
    email: str,
    role: str = MembershipRole.MEMBER,
    language: str = Language.SPANISH,
) -> Invitation:
    require("stakeholders.invite_to_organization", acting_user, organization)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose member or representative.")})
    email = email.strip().lower()
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, status=MembershipStatus.ACTIVE
    ).exists():
        raise ValidationError({"email": _("This person is already a member of the organization.")})
    invitation = Invitation.objects.create(
        email=email,
        organization=organization,
        role=role,
        language=language,
        invited_by=acting_user,
        expires_at=timezone.now() + settings.INVITATION_VALID_FOR,
    )
    record(
        actor=acting_user,
        verb=Verb.INVITATION_CREATE,
        target=invitation,
        organization=organization,
        changes={"email": email, "role": role},
    )
    from stakeholders.tasks import send_invitation_email

    send_invitation_email.delay_on_commit(invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, acting_user: User, invitation: Invitation) -> Invitation:
    require("stakeholders.invite_to_organization", acting_user, invitation.organization)
    invitation = locked(invitation)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation was already accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=acting_user,
        verb=Verb.INVITATION_REVOKE,
        target=invitation,
        organization=invitation.organization,
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Accept an invitation as a signed-in user. A token works once and only until it expires."""
    found = Invitation.find_usable(token)
    if found is None:
        raise ValidationError(_("This invitation link is invalid, expired or already used."))
    # Lock the row so that two clicks on the same link cannot both use it.
    invitation = locked(found)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation link is invalid, expired or already used."))
    # A forwarded link must not hand membership (or representation) to someone else.
    if (user.email or "").strip().lower() != invitation.email:
        raise PermissionDenied(
            _("This invitation was sent to %(email)s: sign in with the account of that address.")
            % {"email": invitation.email}
        )
    membership = (
        Membership.objects.filter(user=user, organization=invitation.organization)
        .exclude(status=MembershipStatus.REVOKED)
        .first()
    )
    if membership is None:
        membership = Membership(user=user, organization=invitation.organization)
    # Accepting a member invitation never takes representation away.
    if membership.role != MembershipRole.REPRESENTATIVE or not membership.is_active:
        membership.role = invitation.role
    membership.status = MembershipStatus.ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = invitation.invited_by
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        verb=Verb.INVITATION_ACCEPT,
        target=invitation,
        organization=invitation.organization,
    )
    record(
        actor=user,
        verb=Verb.MEMBERSHIP_ACTIVATE,
        target=membership,
        organization=invitation.organization,
        changes={"role": membership.role},
    )
    from lap.services.vision import check_adoption_on_commit

    check_adoption_on_commit(acting_user=user)
    return membership


@transaction.atomic
def user_register_from_invitation(
    *, token: str, username: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create the account of an invited person and accept the invitation in one step."""
    invitation = Invitation.find_usable(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is invalid, expired or already used."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(
        username=username,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        language=invitation.language,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    record(actor=user, verb=Verb.USER_REGISTER, target=user, changes={"username": username})
    invitation_accept(token=token, user=user)
    return user


# --- Join requests and memberships -------------------------------------------------------------


@transaction.atomic
def join_request_create(
    *, acting_user: User | AnonymousUser, organization: Organization, message: str = ""
) -> Membership:
    if not acting_user.is_authenticated:
        raise PermissionDenied(_("Sign in to ask to join an organization."))
    existing = Membership.objects.filter(user=acting_user, organization=organization).exclude(
        status=MembershipStatus.REVOKED
    )
    if existing.exists():
        raise ValidationError(_("You already belong to or asked to join this organization."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=acting_user,
                organization=organization,
                role=MembershipRole.MEMBER,
                status=MembershipStatus.PENDING,
                message=message,
            )
    except IntegrityError:
        raise ValidationError(
            _("You already belong to or asked to join this organization.")
        ) from None
    record(
        actor=acting_user,
        verb=Verb.MEMBERSHIP_REQUEST,
        target=membership,
        organization=organization,
    )
    return membership


@transaction.atomic
def join_request_decide(*, acting_user: User, membership: Membership, approve: bool) -> Membership:
    """A coordinator or a representative of the organization admits (as member) or declines."""
    membership = locked(membership, "organization", "user")
    require("stakeholders.admit_to_organization", acting_user, membership.organization)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REVOKED
    membership.role = MembershipRole.MEMBER
    membership.decided_at = timezone.now()
    membership.decided_by = acting_user
    if not approve:
        membership.revoked_at = membership.decided_at
    membership.save(update_fields=["status", "role", "decided_at", "decided_by", "revoked_at"])
    record(
        actor=acting_user,
        verb=Verb.MEMBERSHIP_APPROVE if approve else Verb.MEMBERSHIP_DECLINE,
        target=membership,
        organization=membership.organization,
    )
    from lap.services.vision import check_adoption_on_commit

    check_adoption_on_commit(acting_user=acting_user)
    return membership


@transaction.atomic
def membership_set_role(*, acting_user: User, membership: Membership, role: str) -> Membership:
    """Grant or take back representation: coordinators only."""
    membership = locked(membership, "organization", "user")
    require("stakeholders.manage_memberships", acting_user, membership.organization)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose member or representative.")})
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Only an active membership can change its role."))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor=acting_user,
        verb=Verb.MEMBERSHIP_ROLE,
        target=membership,
        organization=membership.organization,
        changes={"role": [before, role]},
    )
    from lap.services.vision import check_adoption_on_commit

    check_adoption_on_commit(acting_user=acting_user)
    return membership


@transaction.atomic
def membership_add(
    *, acting_user: User, organization: Organization, user: User, role: str = MembershipRole.MEMBER
) -> Membership:
    """A coordinator adds an existing account to an organization directly."""
    require("stakeholders.manage_memberships", acting_user, organization)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose member or representative.")})
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, organization=organization)
        .exclude(status=MembershipStatus.REVOKED)
        .first()
    ) or Membership(user=user, organization=organization)
    membership.role = role
    membership.status = MembershipStatus.ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = acting_user
    membership.save()
    record(
        actor=acting_user,
        verb=Verb.MEMBERSHIP_ADD,
        target=membership,
        organization=organization,
        changes={"role": role, "user": user.pk},
    )
    from lap.services.vision import check_adoption_on_commit

    check_adoption_on_commit(acting_user=acting_user)
    return membership


@transaction.atomic
def membership_revoke(*, acting_user: User, membership: Membership) -> Membership:
    """Coordinators revoke; a person may also leave. Rights end at once; past acts stay valid."""
    membership = locked(membership, "organization", "user")
    if membership.user_id != acting_user.pk:
        require("stakeholders.manage_memberships", acting_user, membership.organization)
    if membership.status == MembershipStatus.REVOKED:
        raise ValidationError(_("This membership is already revoked."))
    membership.status = MembershipStatus.REVOKED
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["status", "revoked_at"])
    record(
        actor=acting_user,
        verb=Verb.MEMBERSHIP_REVOKE,
        target=membership,
        organization=membership.organization,
    )
    from lap.services.vision import check_adoption_on_commit

    check_adoption_on_commit(acting_user=acting_user)
    return membership


# --- Users --------------------------------------------------------------------------------------


@transaction.atomic
def user_set_language(*, acting_user: User, language: str) -> User:
    if language not in Language.values:
        raise ValidationError({"language": _("Choose Spanish or English.")})
    user, _changes = update_model(
        instance=acting_user,
        fields=("language",),
        data={"language": language},
        acting_user=acting_user,
        verb=Verb.USER_LANGUAGE,
    )
    return user


@transaction.atomic
def user_set_display(*, acting_user: User, display: Display) -> User:
    """Remember on the account how the person wants pages shown (stakeholders.display)."""
    user, _changes = update_model(
        instance=acting_user,
        fields=("display",),
        data={"display": display.text},
        acting_user=acting_user,
        verb=Verb.USER_DISPLAY,
    )
    return user


@transaction.atomic
def user_set_platform_roles(
    *, acting_user: User, user: User, is_coordinator: bool, is_facilitator: bool
) -> User:
    """Only the superuser hands out platform roles."""
    if not acting_user.is_superuser:
        raise PermissionDenied(_("Only an administrator can change platform roles."))
    user, _changes = update_model(
        instance=user,
        fields=PLATFORM_ROLE_FIELDS,
        data={"is_coordinator": is_coordinator, "is_facilitator": is_facilitator},
        acting_user=acting_user,
        verb=Verb.USER_PLATFORM_ROLES,
    )
    return user


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """After a password change or reset: API tokens issued with the old password stop working."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    record(actor=user, verb=Verb.USER_PASSWORD, target=user)


# --- Partner API keys ---------------------------------------------------------------------------


@transaction.atomic
def api_key_create(
    *, acting_user: User, organization: Organization, name: str, scopes: list[str]
) -> tuple[ApiKey, str]:
    """Issue a key; returns it with the secret, which is shown once and never stored."""
    require("stakeholders.manage_api_keys", acting_user, organization)
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(ApiScope.values):
        raise ValidationError({"scopes": _("Choose at least one of the listed scopes.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the key a name that says who uses it.")})
    secret, prefix, key_hash = ApiKey.new_secret()
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name.strip(),
        prefix=prefix,
        key_hash=key_hash,
        scopes=scopes,
        created_by=acting_user,
    )
    record(
        actor=acting_user,
        verb=Verb.API_KEY_CREATE,
        target=api_key,
        organization=organization,
        changes={"scopes": scopes, "name": api_key.name},
    )
    return api_key, secret


@transaction.atomic
def api_key_revoke(*, acting_user: User, api_key: ApiKey) -> ApiKey:
    require("stakeholders.manage_api_keys", acting_user, api_key.organization)
    api_key = locked(api_key)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        record(
            actor=acting_user,
            verb=Verb.API_KEY_REVOKE,
            target=api_key,
            organization=api_key.organization,
        )
    return api_key
