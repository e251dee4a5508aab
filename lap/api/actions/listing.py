"""The API's list of actions written from plain rows (selectors.action_rows): exactly what
ActionSerializer gives for each action, with no model instance and no DRF field lookup per row.
Those were two thirds of a list page's time; the schema is still ActionSerializer's, and
tests/actions/test_api_list_rows.py checks the two agree field by field."""

from typing import Any

from rest_framework import serializers

from lap.api.actions.serializers import STATE_LABELS

# DRF's own formats (ISO 8601 in the site's time zone, decimals as strings of two places).
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()
_MONEY = serializers.DecimalField(max_digits=14, decimal_places=2)


def _or_none(field: serializers.Field, value: Any) -> Any:
    return None if value is None else field.to_representation(value)


def _person_name(row: dict[str, Any], person: str) -> str | None:
    username = row[f"{person}__username"]
    if username is None:
        return None
    full_name = f"{row[f'{person}__first_name']} {row[f'{person}__last_name']}".strip()
    return full_name or username


def action_list_representation(
    rows: list[dict[str, Any]], *, show_names: bool
) -> list[dict[str, Any]]:
    """ActionSerializer(many=True).data for these rows; people's names only when `show_names`
    (a signed-in person, as PersonNameField)."""
    represented = []
    for row in rows:
        action = {
            "id": row["id"],
            "title": row["title"],
            "description": row["description"],
            "objective": row["objective_id"],
            "objective_code": row["objective__code"],
            "districts": row["district_ids"],
            "crops": row["crops"],
            "responsible_organizations": row["responsible_organization_ids"],
            "starts_on": _or_none(_DATE, row["starts_on"]),
            "ends_on": _or_none(_DATE, row["ends_on"]),
            "estimated_cost_pen": _or_none(_MONEY, row["estimated_cost_pen"]),
            "state": row["state"],
            "state_label": str(STATE_LABELS.get(row["state"], row["state"])),
            "suspended_from": row["suspended_from"],
            "proposing_organization": row["proposing_organization_id"],
            "proposing_organization_name": row["proposing_organization__name"],
            "proposer_name": _person_name(row, "proposer") if show_names else None,
            "entered_by_name": _person_name(row, "entered_by") if show_names else None,
            "submitted_at": _or_none(_DATETIME, row["submitted_at"]),
            "accepted_at": _or_none(_DATETIME, row["accepted_at"]),
            "created_at": _or_none(_DATETIME, row["created_at"]),
            "updated_at": _or_none(_DATETIME, row["updated_at"]),
        }
        represented.append(action)
    return represented
