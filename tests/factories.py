"""factory_boy factories for the people and organizations every test stands on."""

import factory
from django.utils import timezone

from stakeholders.models import Membership, MembershipRole, MembershipStatus, Organization, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "es"

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    sector = "smallholder"
    government_level = factory.LazyAttribute(
        lambda organization: "district" if organization.sector == "government" else ""
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    decided_at = factory.LazyFunction(timezone.now)


def member_of(organization, *, role=MembershipRole.MEMBER, **user_fields) -> User:
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territory.Province"
        django_get_or_create = ("ubigeo",)

    ubigeo = "2205"
    name = "Lamas"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territory.District"
        django_get_or_create = ("ubigeo",)

    province = factory.SubFactory(ProvinceFactory)
    ubigeo = factory.Sequence(lambda n: f"2205{(n % 89) + 11:02d}")
    name = factory.Sequence(lambda n: f"District {n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territory.IndigenousCommunity"

    name = factory.Sequence(lambda n: f"Community {n} (demo)")
    district = factory.SubFactory(DistrictFactory)
    is_demo = True


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lap.Objective"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"O{n}")
    title = factory.Sequence(lambda n: f"Objective {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    """An action straight in the database, in any state (services are tested on their own)."""

    class Meta:
        model = "lap.Action"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Action {n}")
    description = "A key action of the plan."
    objective = factory.SubFactory(ObjectiveFactory)
    proposer = factory.SubFactory(UserFactory)
    proposing_organization = factory.SubFactory(OrganizationFactory)
    state = "accepted"

    @factory.post_generation
    def districts(action, create, extracted, **kwargs):
        if create and extracted:
            action.districts.set(extracted)
