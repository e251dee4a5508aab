"""Request bodies that say what they take and take only that (DESIGN "REST API", "Limits").

`StrictSerializer` refuses fields it does not declare (a misspelt `reasn` must not be dropped
silently) and its schema says so with `additionalProperties: false`, so partners' generated
clients and the fuzzer agree with the server. The number helpers bound every integer and amount
to what its column stores, so a value the database cannot hold is a 400, never a 5xx.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

# Primary keys are BigAutoField; PositiveSmallIntegerField holds up to 32767 on PostgreSQL.
MAX_ID = 2**63 - 1
MAX_SMALL = 32767
MAX_INT = 2**31 - 1


# A request body: an undeclared field is refused with 400, naming it. `required_when_partial`
# names fields a PATCH must still send (a commitment's `version`). No docstring on purpose: the
# schema would show it as the description of every request body built on it.
class StrictSerializer(serializers.Serializer):
    required_when_partial: tuple[str, ...] = ()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("This field is not part of the request.")] for key in unknown}
                )
        return super().to_internal_value(data)


class StrictSerializerSchema(OpenApiSerializerExtension):
    """Request components of strict serializers carry `additionalProperties: false`."""

    target_class = StrictSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
            if getattr(self.target, "partial", False) and self.target.required_when_partial:
                required = schema.setdefault("required", [])
                required.extend(f for f in self.target.required_when_partial if f not in required)
        return schema


def id_field(**kwargs) -> serializers.IntegerField:
    """The id of a row (a positive BigAutoField)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def money_field(*, positive: bool = True, **kwargs) -> serializers.DecimalField:
    """An amount as its column stores it (14 digits, 2 decimals); > 0 unless told otherwise."""
    minimum = Decimal("0.01") if positive else Decimal(0)
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=minimum, **kwargs)
