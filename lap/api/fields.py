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
