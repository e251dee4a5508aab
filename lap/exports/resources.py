"""The funding-gap report as the API's JSON and as the rows of its CSV and XLSX downloads.

The selector (`lap.selectors.resources`) computes the figures; this module only shapes them:
amounts as decimal strings in JSON, numbers in the downloads, translated labels."""

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import pgettext_lazy

from lap.models import NeedKind
from lap.selectors.resources import (
    COMMITMENT_FIGURES,
    ActionLine,
    Figures,
    FundingGapReport,
    Quantities,
    Unconverted,
    action_lines,
)

# Actions computed at a time for a download: memory stays flat whatever the number of actions.
EXPORT_CHUNK = 5000


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def unconverted_list(report: FundingGapReport, figures: Figures) -> list[dict[str, Any]]:
    """The API's `unconverted` list of a line: amounts as strings (null: not determined)."""
    return [{**entry, "amount": _money(entry["amount"])} for entry in report.unconverted(figures)]


def figures_dict(
    report: FundingGapReport, figures: Figures, names: Sequence[str] = Figures.NAMES
) -> dict[str, Any]:
    return {
        **{name: _money(getattr(figures, name)) for name in names},
        "unconverted": [
            entry for entry in unconverted_list(report, figures) if entry["figure"] in names
        ],
    }


def quantities_dict(quantities: Quantities) -> dict[str, str]:
    return {name: f"{getattr(quantities, name):.2f}" for name in Figures.NAMES}


def action_dict(report: FundingGapReport, line: ActionLine) -> dict[str, Any]:
    """One action of the API's `results` (its line needs `details`)."""
    return {
        "id": line.action.pk,
        "title": line.action.title,
        "state": line.action.state,
        "rank": line.rank,
        "objective": line.action.objective.code,
        "districts": [district.name for district in line.action.districts.all()],
        **figures_dict(report, line.figures),
        "needs": [
            {
                "id": need_line.need.pk,
                "kind": need_line.need.kind,
                "unit": need_line.need.unit,
                "amount": f"{need_line.need.amount:.2f}",
                "money": figures_dict(report, need_line.money) if need_line.money else None,
                "quantities": quantities_dict(need_line.quantities)
                if need_line.quantities
                else None,
            }
            for need_line in line.needs
        ],
    }


def summary_dict(report: FundingGapReport) -> dict[str, Any]:
    """What the API gives beside each page of `results`: the whole report's totals."""
    return {
        "currency": report.currency,
        "date": report.on.isoformat(),
        "complete": report.complete,
        "rates_used": [
            {
                "currency": rate.currency,
                "date": rate.date.isoformat(),
                "rate_to_pen": str(rate.rate_to_pen),
            }
            for rate in report.rates_used
        ],
        "missing_rates": report.missing_rates,
        "unconverted": unconverted_list(report, report.totals),
        "totals": figures_dict(report, report.totals),
        "quantity_totals": {
            unit: quantities_dict(quantities) for unit, quantities in report.quantity_totals.items()
        },
        "by_objective": [
            {"objective": objective.code, "title": objective.title, **figures_dict(report, figures)}
            for objective, figures in report.by_objective
        ],
        "district_totals_overlap": True,
        "by_district": [
            {
                "district": district.name,
                "ubigeo": district.ubigeo,
                **figures_dict(report, figures),
            }
            for district, figures in report.by_district
        ],
        "by_organization": [
            {
                "organization": line.organization.name,
                "sector": line.organization.sector,
                **figures_dict(report, line.figures, COMMITMENT_FIGURES),
            }
            for line in report.by_organization
        ],
    }


# The columns of the downloads: stable keys (used by code and tests) and the visible header,
# translated into the language of the request when the file is written.
EXPORT_COLUMNS = (
    "section",
    "rank",
    "id",
    "name",
    "unit",
    "need",
    "pledged",
    "confirmed",
    "delivered",
    "gap",
    "surplus",
)
EXPORT_HEADER = (
    pgettext_lazy("export column", "section"),
    pgettext_lazy("export column", "rank"),
    pgettext_lazy("export column", "id"),
    pgettext_lazy("export column", "name"),
    pgettext_lazy("export column", "unit"),
    pgettext_lazy("export column", "need"),
    pgettext_lazy("export column", "pledged"),
    pgettext_lazy("export column", "confirmed"),
    pgettext_lazy("export column", "delivered"),
    pgettext_lazy("export column", "gap"),
    pgettext_lazy("export column", "surplus"),
)
# The visible label of each section key written by report_rows.
SECTION_LABELS = {
    "action": pgettext_lazy("export section", "action"),
    "need_quantity": pgettext_lazy("export section", "need (quantity)"),
    "need": pgettext_lazy("export section", "need"),
    "total": pgettext_lazy("export section", "total"),
    "total_quantity": pgettext_lazy("export section", "total (quantity)"),
    "objective": pgettext_lazy("export section", "objective"),
    "district": pgettext_lazy("export section", "district (overlapping)"),
    "organization": pgettext_lazy("export section", "organization"),
    "rate_used": pgettext_lazy("export section", "exchange rate used"),
    "rate_missing": pgettext_lazy("export section", "exchange rate missing"),
    "unconverted": pgettext_lazy("export section", "not converted"),
}


# One row of the downloads: the EXPORT_COLUMNS' values (text, numbers, None).
Row = tuple[object, ...]


def export_header() -> list[str]:
    """The header of the downloads in the active language."""
    return [str(label) for label in EXPORT_HEADER]


def export_rows(report: FundingGapReport) -> Iterator[Row]:
    """report_rows with each section key shown as its label in the active language; every other
    value (the numbers above all) is exactly the same."""
    labels = {key: str(label) for key, label in SECTION_LABELS.items()}  # translated once
    for row in report_rows(report):
        yield (labels[str(row[0])], *row[1:])


def _action_lines(report: FundingGapReport) -> Iterator[ActionLine]:
    for start in range(0, len(report.order), EXPORT_CHUNK):
        chunk = report.order[start : start + EXPORT_CHUNK]
        yield from action_lines(report, chunk, details=False)


def report_rows(report: FundingGapReport) -> Iterator[Row]:
    """The report as rows with stable section keys (the CSV and XLSX write exactly these, with
    the section labels translated, so the downloads agree). Below each money row, one
    "unconverted" row per currency holds what that line could not convert, in that currency.

    A generator: the actions are computed EXPORT_CHUNK at a time, so a download of 50,000
    actions holds a few hundred of them in memory, never all."""
    currency = report.currency
    kinds = {kind: str(label) for kind, label in NeedKind.choices}  # translated once

    def money_rows(
        section: str,
        rank: int | None,
        key: int | str | None,
        name: str,
        figures: Figures,
        names: Sequence[str] = Figures.NAMES,
    ) -> Iterator[Row]:
        yield (
            (
                section,
                rank,
                key,
                name,
                currency,
                *(getattr(figures, n) if n in names else None for n in Figures.NAMES),
            )
        )
        by_currency: dict[str, list[Unconverted]] = {}
        for entry in report.unconverted(figures):
            if entry["figure"] in names:
                by_currency.setdefault(entry["currency"], []).append(entry)
        for unit, entries in sorted(by_currency.items()):
            amounts = {entry["figure"]: entry["amount"] for entry in entries}
            notes = "; ".join(dict.fromkeys(entry["note"] for entry in entries))
            yield (
                "unconverted",
                rank,
                key,
                f"{name}: {notes}" if name else notes,
                unit,
                *(amounts.get(n) for n in Figures.NAMES),
            )

    for line in _action_lines(report):
        yield from money_rows("action", line.rank, line.action.pk, line.action.title, line.figures)
        for need_line in line.needs:
            need = need_line.need
            label = f"{line.action.title}: {kinds[need.kind]}"
            if need_line.quantities is not None:
                yield (
                    (
                        "need_quantity",
                        line.rank,
                        need.pk,
                        label,
                        need.unit,
                        *(getattr(need_line.quantities, n) for n in Figures.NAMES),
                    )
                )
            if need_line.money is not None:
                yield from money_rows("need", line.rank, need.pk, label, need_line.money)
    yield from money_rows("total", None, None, "", report.totals)
    for unit, quantities in report.quantity_totals.items():
        yield (
            (
                "total_quantity",
                None,
                None,
                "",
                unit,
                *(getattr(quantities, n) for n in Figures.NAMES),
            )
        )
    for objective, figures in report.by_objective:
        yield from money_rows("objective", None, objective.code, objective.title, figures)
    for district, figures in report.by_district:
        yield from money_rows("district", None, district.ubigeo, district.name, figures)
    for organization_line in report.by_organization:
        yield from money_rows(
            "organization",
            None,
            organization_line.organization.pk,
            organization_line.organization.name,
            organization_line.figures,
            COMMITMENT_FIGURES,
        )
    for rate in report.rates_used:
        yield (
            (
                "rate_used",
                None,
                rate.date.isoformat(),
                rate.currency,
                "PEN",
                rate.rate_to_pen,
                None,
                None,
                None,
                None,
                None,
            )
        )
    for missing in report.missing_rates:
        yield (("rate_missing", None, None, missing, None, None, None, None, None, None, None))
