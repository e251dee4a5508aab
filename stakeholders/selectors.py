"""Reads about people and organizations, shared by pages and the API."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from stakeholders.models import (
    ApiKey,
    Invitation,
    Membership,
    MembershipStatus,
    Organization,
    User,
)


def active_members() -> "QuerySet[User]":
    """The people who may act today, once each, by name: an active account with at least one
    active membership. Their active memberships, organization included, are in
    `active_memberships`. Every list of members to choose from or to write to starts here."""
    return (
        User.objects.filter(memberships__status=MembershipStatus.ACTIVE, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related(
                    "organization"
                ),
                to_attr="active_memberships",
            )
        )
    )


def organization_directory(
    *, sector: str | None = None, query: str = ""
) -> "QuerySet[Organization]":
    """Organizations with their number of active members; names are public."""
    organizations = Organization.objects.annotate(
        active_member_count=Count("memberships", filter=Q(memberships__status="active"))
    ).order_by("name")
    if sector:
        organizations = organizations.filter(sector=sector)
    if query:
        organizations = organizations.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    return organizations


def active_organizations(*, sector: str | None = None) -> "QuerySet[Organization]":
    """Organizations with at least one active membership."""
    organizations = Organization.objects.filter(memberships__status=MembershipStatus.ACTIVE)
    if sector:
        organizations = organizations.filter(sector=sector)
    return organizations.distinct()


def active_organizations_of(
    user: "User | AnonymousUser | None",
) -> "QuerySet[Organization]":
    if not isinstance(user, User):  # nobody signed in
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE
    ).order_by("name")


def memberships_of(user: User) -> "QuerySet[Membership]":
    return (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def memberships_of_organization(organization: Organization) -> "QuerySet[Membership]":
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user", "decided_by")
        .order_by("status", "user__last_name", "user__username")
    )


def pending_join_requests(organization: Organization) -> "QuerySet[Membership]":
    return memberships_of_organization(organization).filter(status=MembershipStatus.PENDING)


def open_invitations(organization: Organization) -> "QuerySet[Invitation]":
    usable: QuerySet[Invitation] = Invitation.objects.usable()  # the models' queryset is untyped
    return usable.filter(organization=organization).select_related("invited_by")


def api_keys_of(organization: Organization) -> "QuerySet[ApiKey]":
    return ApiKey.objects.filter(organization=organization).select_related("created_by")


def user_with_memberships(user: User) -> User:
    """The user with active and pending memberships prefetched (for `me/`)."""
    return User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.exclude(status=MembershipStatus.REVOKED)
            .select_related("organization")
            .order_by("organization__name"),
        )
    ).get(pk=user.pk)
