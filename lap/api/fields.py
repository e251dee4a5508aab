"""Serializer fields shared by the API's areas."""

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

if TYPE_CHECKING:
    from stakeholders.models import User

    _PersonField = serializers.Field[User, object, str | None, object]
else:
    _PersonField = serializers.Field


# In the schema: a nullable string, read only.
@extend_schema_field(serializers.CharField(allow_null=True))
class PersonNameField(_PersonField):
    """A person's name (read only), or null: people's names are not public, only signed-in
    persons see them (DESIGN.md "Who sees what"). `source` names the user attribute.

        proposer_name = PersonNameField(source="proposer")
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: "User") -> str | None:
        request = self.context.get("request")
        if not (request and request.user.is_authenticated):
            return None
        return value.get_full_name() or value.username


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class RelatedIdsField(serializers.Field):
    """The ids of a many-to-many relation (read only), from the plain list a list's queryset
    prefetched with `to_attr` when there is one, else from the relation itself. A list of 50
    actions then builds no related manager per action (a queryset clone each, the largest part
    of a page's time in Django's prefetch).

        districts = RelatedIdsField(relation="districts", prefetched="district_list")
    """

    def __init__(self, *, relation: str, prefetched: str, **kwargs: Any) -> None:
        self.relation, self.prefetched = relation, prefetched
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[int]:
        related = getattr(value, self.prefetched, None)
        if related is None:
            related = getattr(value, self.relation).all()
        return [item.pk for item in related]
