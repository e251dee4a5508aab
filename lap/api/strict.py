"""Plan API input that takes what the schema says and refuses the rest (DESIGN "REST API",
"Limits, bad input, budgets"), shared by the actions, rounds, resources and vision endpoints.

`StrictSerializer` refuses fields it does not declare (a misspelt `reasn` must not be dropped
silently) and values of the wrong JSON type; its schema says so with `additionalProperties:
false`, so partners' generated clients and the fuzzer agree with the server. The number helpers
bound every integer and amount to what its column stores, so a value the database cannot hold is
a 400, never a 5xx. `StrictFilterSet` does the same for query parameters.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers
from rest_framework.parsers import BaseParser
from rest_framework.settings import api_settings

from lap import limits

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Bounds of the columns (ids are BigAutoField; small integer columns hold up to 32767).
MAX_ID = limits.ID_MAX
MAX_SMALL = limits.SMALL_NUMBER_MAX


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
            # A text over its limit is refused as sent: DRF would trim surrounding white space
            # first and store a text the schema's maxLength says is refused.
            over = {
                name: [field.error_messages["max_length"].format(max_length=field.max_length)]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and field.max_length
                and isinstance(value := data.get(name), str)
                and len(value) > field.max_length
            }
            if over:
                raise serializers.ValidationError(over)
            if type(data) is dict:
                # A JSON body: each value must have the JSON type the schema declares (DRF would
                # take 0 for a text and "3" for a number). Form bodies carry only strings.
                wrong = {
                    name: [_("Wrong type: send %(type)s.") % {"type": expected}]
                    for name, field in self.fields.items()
                    if name in data
                    and data[name] is not None
                    and (expected := _json_type_error(field, data[name]))
                }
                if wrong:
                    raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


# The JSON types a body's values may have, as the messages name them.
JSON_TYPES = {
    "boolean": _("a boolean (true or false)"),
    "decimal": _("a decimal string or a number"),
    "integer": _("a whole number"),
    "number": _("a number"),
    "list": _("a list"),
    "object": _("an object"),
    "string": _("a string"),
}


def _json_type(field) -> str | None:
    """The JSON type `field` takes, or None when it checks its input itself (files)."""
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.DecimalField):
        return "decimal"
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return "integer"
    if isinstance(field, serializers.FloatField):
        return "number"
    if isinstance(
        field, serializers.ListField | serializers.ManyRelatedField | serializers.ListSerializer
    ):
        return "list"
    if isinstance(field, serializers.Serializer | serializers.DictField):
        return "object"
    if isinstance(field, serializers.FileField):
        return None
    if isinstance(field, serializers.CharField | serializers.ChoiceField | serializers.DateField):
        return "string"
    return None


def _json_type_error(field, value) -> "StrOrPromise | None":
    """What `field` expects when `value` is not of its JSON type, else None."""
    expected = _json_type(field)
    if expected is None:
        return None
    accepted = {
        "boolean": (bool,),
        "decimal": (str, int, float),
        "integer": (int,),
        "number": (int, float),
        "list": (list,),
        "object": (dict,),
        "string": (str,),
    }.get(expected)
    if accepted is None:
        return None
    if isinstance(value, accepted) and (expected == "boolean" or not isinstance(value, bool)):
        return None
    return JSON_TYPES[expected]


class StrictSerializerSchema(OpenApiSerializerExtension):
    """Request components of strict serializers are closed (`additionalProperties: false`);
    amounts are taken as decimal strings or numbers."""

    target_class = StrictSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
            for name, prop in schema.get("properties", {}).items():
                if prop.get("format") == "decimal":
                    # Amounts are taken as decimal strings ("10.50") or JSON numbers (10.5).
                    schema["properties"][name] = _string_or_number(prop)
            if getattr(self.target, "partial", False) and self.target.required_when_partial:
                required = schema.setdefault("required", [])
                required.extend(f for f in self.target.required_when_partial if f not in required)
        return schema


def _string_or_number(prop: dict) -> dict:
    described = {key: prop[key] for key in ("description", "nullable") if key in prop}
    string = {key: value for key, value in prop.items() if key not in described}
    number: dict[str, object] = {"type": "number"}
    for bound in ("minimum", "maximum"):
        if bound in string:
            number[bound] = string[bound]
    if "nullable" in described:
        string["nullable"] = number["nullable"] = True
    return {"oneOf": [string, number], **described}


def json_parsers() -> list:
    """The project's parsers for JSON only: for bodies with nested objects and lists, which a
    form cannot carry (DRF would drop them silently)."""
    # The stubs type the setting as written (dotted paths); api_settings hands back the classes.
    parsers = cast("list[type[BaseParser]]", api_settings.DEFAULT_PARSER_CLASSES)
    return [parser for parser in parsers if "json" in parser.media_type]


def id_field(**kwargs) -> serializers.IntegerField:
    """The id of a row (a positive BigAutoField)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def acting_organization_field() -> serializers.IntegerField:
    """`organization`: whom the caller acts for, needed when they belong to several."""
    return id_field(
        required=False,
        allow_null=True,
        help_text=_("The organization you act for; required when you belong to several."),
    )


def on_behalf_of_field() -> serializers.IntegerField:
    """`on_behalf_of`: the member a facilitator enters this for."""
    return id_field(
        required=False,
        allow_null=True,
        help_text=_("Facilitators: the id of the member you act for."),
    )


def money_field(*, positive: bool = True, **kwargs) -> serializers.DecimalField:
    """An amount as its column stores it (14 digits, 2 decimals); > 0 unless told otherwise."""
    minimum = Decimal("0.01") if positive else Decimal(0)
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=minimum, **kwargs)


def visible_or_400(queryset, *, field: str, pk: int):
    """The row a body names by id, among those the caller may see; else a 400 on that field
    (it is the body that is wrong, not the address)."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise serializers.ValidationError({field: [_("Nothing with this id that you can see.")]})
    return row


# --- Query parameters read by a serializer (filters: lap/api/strict_filters.py) -----------------


class NoEmptyQueryValues:
    """A query serializer mixin: a parameter sent empty is refused, not read as left out."""

    def to_internal_value(self, data):
        empty = [name for name in self.fields if name in data and data.get(name) == ""]
        if empty:
            raise serializers.ValidationError(
                {name: [_("Give a value or leave the parameter out.")] for name in empty}
            )
        return super().to_internal_value(data)
