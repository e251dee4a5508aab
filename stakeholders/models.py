"""People, organizations and their roles in the Lamas LAP.

An organization belongs to one sector; people join through memberships, and a membership's role
(member or representative) says what they may do for the organization. Platform roles
(coordinator, facilitator) are independent of organizations.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lap import limits


class Language(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    COMPANY = "company", _("Company")
    SMALLHOLDER = "smallholder", _("Smallholder organization")
    INDIGENOUS = "indigenous", _("Indigenous organization")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    DONOR = "donor", _("Donor")


# The four sectors whose endorsement adopts the vision.
CORE_SECTORS = (Sector.GOVERNMENT, Sector.COMPANY, Sector.SMALLHOLDER, Sector.INDIGENOUS)


class GovernmentLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    PROVINCIAL = "provincial", _("Provincial")
    DISTRICT = "district", _("District")


class User(AbstractUser):
    """A person using the platform. Platform roles are flags, organization roles memberships."""

    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    # How pages are shown (stakeholders.display): empty until the person chooses.
    display = models.CharField(_("display"), max_length=40, blank=True, default="")
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_("Manages organizations, memberships and invitations; runs the plan's process."),
    )
    is_facilitator = models.BooleanField(
        _("facilitator"),
        default=False,
        help_text=_("Enters proposals, comments and scores on behalf of members."),
    )
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organization(models.Model):
    """A stakeholder organization. It is *active* when it has at least one active membership."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    government_level = models.CharField(
        _("government level"), max_length=20, choices=GovernmentLevel.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(
        _("demo organization"), default=False, help_text=_("Invented for demonstration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            # Only government organizations have a level, and they must have one.
            models.CheckConstraint(
                name="organization_level_only_for_government",
                condition=(Q(sector=Sector.GOVERNMENT) & ~Q(government_level=""))
                | (~Q(sector=Sector.GOVERNMENT) & Q(government_level="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    REPRESENTATIVE = "representative", _("Representative")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)


class Membership(models.Model):
    """A person's place in an organization. A pending membership is a request to join."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, db_index=True
    )
    message = models.TextField(_("message"), blank=True, max_length=limits.COMMENT)
    created_at = models.DateTimeField(_("requested or created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One living (pending or active) membership per person and organization; revoked
            # ones stay as history.
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=~Q(status="revoked"),
                name="one_living_membership_per_user_and_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_representative(self) -> bool:
        return self.is_active and self.role == MembershipRole.REPRESENTATIVE


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed invitation to join an organization. The token is shown once, stored hashed."""

    email = models.EmailField(_("e-mail"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    # The token is signed from the id, so nothing secret is stored and the e-mail task can
    # rebuild it from the id alone; expiry and single use are checked against the row.
    TOKEN_SALT = "stakeholders.invitation"  # noqa: S105 - a salt, not a secret

    @property
    def token(self) -> str:
        return signing.Signer(salt=self.TOKEN_SALT).sign(str(self.pk))

    @classmethod
    def find_usable(cls, token: str) -> "Invitation | None":
        try:
            pk = int(signing.Signer(salt=cls.TOKEN_SALT).unsign(token))
        except (signing.BadSignature, ValueError):
            return None
        return cls.objects.usable().select_related("organization").filter(pk=pk).first()

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiScope(models.TextChoices):
    TERRITORY = "territory", _("Territory")
    PLAN = "plan", _("Plan")
    RESOURCES = "resources", _("Resources")


class ApiKeyQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner organization's read-only key. Only its hash is stored; it is shown once."""

    PREFIX_LENGTH = 8

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self) -> str:
        return f"{self.organization} — {self.name} ({self.prefix}…)"

    @classmethod
    def new_secret(cls) -> tuple[str, str, str]:
        """Return (full key shown once, prefix used to find it, hash stored)."""
        prefix = secrets.token_hex(cls.PREFIX_LENGTH // 2)
        key = f"{prefix}.{secrets.token_urlsafe(32)}"
        return key, prefix, _hash_token(key)

    @classmethod
    def find_usable(cls, key: str) -> "ApiKey | None":
        prefix = key.split(".", 1)[0]
        candidate = (
            cls.objects.usable().select_related("organization").filter(prefix=prefix).first()
        )
        if candidate and secrets.compare_digest(candidate.key_hash, _hash_token(key)):
            return candidate
        return None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class LoginCounter(models.Model):
    """Sign-in attempts of one username from one address since its last success.

    An attempt is counted and committed under this row's lock before its password is checked
    (stakeholders.lockout), so parallel tries get no more guesses than the limit.
    """

    username = models.CharField(max_length=150)
    # The client address (stakeholders.addresses), "" when it is unknown.
    address = models.CharField(max_length=45, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in attempt counter")
        verbose_name_plural = _("sign-in attempt counters")
        constraints = [
            # One row to lock per pair: two rows would let parallel tries count apart.
            models.UniqueConstraint(
                fields=["username", "address"], name="login_counter_per_username_and_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address or '?'}: {self.attempts}"
