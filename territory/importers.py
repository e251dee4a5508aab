"""Importers (services): district boundaries from a GeoJSON layer, annual tree cover loss from a
Global Forest Watch CSV. Each checks the whole file first and commits nothing when anything is
bad; a re-import of the same file changes nothing."""

import csv
import io
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pyproj import Geod
from shapely.geometry import shape
from shapely.validation import explain_validity

from territory.data import lamas
from territory.models import District, ForestLoss, Province, Source
from territory.services import LoadResult, _upsert

GEOD = Geod(ellps="WGS84")
SQUARE_METRES_PER_HECTARE = Decimal(10_000)


def geodesic_area_ha(geometry: dict) -> Decimal:
    """Area on the WGS84 ellipsoid of a GeoJSON (lon/lat) polygon, in hectares."""
    area_m2, _perimeter = GEOD.geometry_area_perimeter(shape(geometry))
    return (Decimal(abs(area_m2)) / SQUARE_METRES_PER_HECTARE).quantize(Decimal("0.01"))


def _check_geometry(geometry) -> str | None:
    """None when the geometry is a valid lon/lat (Multi)Polygon, else what is wrong with it."""
    if not geometry:
        return _("it has no geometry")
    try:
        geom = shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError) as error:
        return _("its geometry cannot be read (%(error)s)") % {"error": error}
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return _("its geometry is a %(type)s, not a polygon") % {"type": geom.geom_type}
    if geom.is_empty:
        return _("its geometry is empty")
    if not geom.is_valid:
        return _("its geometry is invalid (%(reason)s)") % {"reason": explain_validity(geom)}
    min_x, min_y, max_x, max_y = geom.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        return _("its coordinates are not longitude and latitude (WGS84)")
    return None


@transaction.atomic
def boundaries_import(
    *,
    acting_user=None,
    text: str,
    province_ubigeo: str = "2205",
    code_property: str = "IDDIST",
    area_property: str = "AREA_MINAM",
    source_key: str = "minam-district-limits",
) -> LoadResult:
    """Store the boundary and geodesic area of each district of the province found in a GeoJSON
    layer (a national layer is fine: features outside the province are not looked at)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ValidationError(_("The file is not GeoJSON: %(error)s") % {"error": error}) from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."))
    source = Source.objects.filter(key=source_key).first()
    if source is None:
        raise ValidationError(
            _("No source with the key “%(key)s”: run load_reference_data first.")
            % {"key": source_key}
        )

    has_property = False
    found: dict[str, tuple[int, dict]] = {}
    errors: list[str] = []
    for number, feature in enumerate(data["features"], start=1):
        properties = (feature or {}).get("properties") or {}
        if code_property not in properties:
            continue
        has_property = True
        code = str(properties[code_property]).strip()
        if not code.startswith(province_ubigeo):
            continue
        if code in found:
            errors.append(
                _("Features %(first)s and %(second)s both have the code %(code)s.")
                % {"first": found[code][0], "second": number, "code": code}
            )
            continue
        found[code] = (number, feature)
        problem = _check_geometry(feature.get("geometry"))
        if problem:
            errors.append(
                _("District %(code)s (feature %(number)s): %(problem)s.")
                % {"code": code, "number": number, "problem": problem}
            )
    if not has_property:
        raise ValidationError(
            _(
                "No feature has the property “%(property)s”; name the code property with "
                "--code-property."
            )
            % {"property": code_property}
        )
    if not found:
        raise ValidationError(
            _("No feature of the file belongs to province %(province)s.")
            % {"province": province_ubigeo}
        )
    districts = {
        district.ubigeo: district
        for district in District.objects.filter(ubigeo__in=found).select_for_update()
    }
    if not districts:
        raise ValidationError(
            _("The file's features match no district: run load_reference_data first.")
        )
    unknown = sorted(set(found) - set(districts))
    if unknown:
        errors.append(
            _("These codes match no district: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if errors:
        raise ValidationError(errors)

    result = LoadResult()
    for code, (_number, feature) in sorted(found.items()):
        geometry = feature["geometry"]
        values = {
            "boundary": geometry,
            "boundary_source": source,
            "computed_area_ha": geodesic_area_ha(geometry),
        }
        gis_area = _decimal((feature.get("properties") or {}).get(area_property))
        if gis_area is not None:
            values["gis_area_ha"] = gis_area.quantize(Decimal("0.01"))
            values["gis_area_source"] = source
        _upsert(
            District,
            result,
            lookup={"pk": districts[code].pk},
            values=values,
            acting_user=acting_user,
            verb="territory.district.boundary",
        )
    return result


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --- Global Forest Watch ------------------------------------------------------------------------

YEAR = "umd_tree_cover_loss__year"
LOSS = "umd_tree_cover_loss__ha"
EMISSIONS = "gfw_gross_emissions_co2e_all_gases__Mg"
THRESHOLDS = ("umd_tree_cover_density_2000__threshold", "umd_tree_cover_density__threshold")
LONG_NAME_COLUMNS = ("ubigeo", "adm3", "district", "name", "adm2", "subnational2")
WIDE_YEAR = re.compile(r"^tc_loss_ha_(\d{4})$")
LEVELS = ("district", "province")


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


# Spellings found in other texts.
NAME_ALIASES = {"cununbuqui": "cunumbuqui"}


class _Places:
    """Maps the names and codes of a GFW file to the province or to its districts."""

    def __init__(self, province: Province):
        self.province = province
        self.region = normalize_name(province.region)
        self.by_code: dict[str, District] = {}
        self.by_name: dict[str, District] = {}
        for district in province.districts.all():
            self.by_code[district.ubigeo] = district
            self.by_name[normalize_name(district.name)] = district

    def district(self, value: str) -> District | None:
        value = (value or "").strip()
        if value in self.by_code:
            return self.by_code[value]
        name = normalize_name(value)
        return self.by_name.get(NAME_ALIASES.get(name, name))

    def is_province(self, value: str) -> bool:
        value = (value or "").strip()
        return value == self.province.ubigeo or normalize_name(value) == normalize_name(
            self.province.name
        )

    def outside_region(self, value: str | None) -> bool:
        return bool(value and self.region and normalize_name(value) != self.region)


def _threshold(value: str, line: int, errors: list[str]) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        errors.append(
            _("Line %(line)s: the threshold “%(value)s” is not a whole number.")
            % {"line": line, "value": value}
        )
        return None


def _amount(value: str, what: str, line: int, errors: list[str], *, required: bool = True):
    number = _decimal(value)
    if number is None:
        if required or (value or "").strip():
            errors.append(
                _("Line %(line)s: the %(what)s “%(value)s” is not a number.")
                % {"line": line, "what": what, "value": value or ""}
            )
        return None
    if number < 0:
        errors.append(
            _("Line %(line)s: the %(what)s cannot be negative (%(value)s).")
            % {"line": line, "what": what, "value": value}
        )
        return None
    return number.quantize(Decimal("0.01"))


def _year(value: str, line: int, errors: list[str]) -> int | None:
    try:
        year = int(str(value).strip())
    except ValueError:
        errors.append(
            _("Line %(line)s: the year “%(value)s” is not a whole number.")
            % {"line": line, "value": value or ""}
        )
        return None
    if not 2001 <= year <= 2100:
        errors.append(
            _("Line %(line)s: the year %(year)s is outside the Global Forest Watch series.")
            % {"line": line, "year": year}
        )
        return None
    return year


@transaction.atomic
def gfw_import(
    *,
    acting_user=None,
    text: str,
    threshold: int = 30,
    level: str = "district",
    province_ubigeo: str = "2205",
) -> LoadResult:
    """Import annual tree cover loss (and emissions when given) from a Global Forest Watch CSV in
    the long layout (umd_tree_cover_loss__year, …) or the wide one (tc_loss_ha_2001, …)."""
    if level not in LEVELS:
        raise ValidationError(_("The level must be “district” or “province”."))
    if not 0 <= threshold <= 100:
        raise ValidationError(_("The canopy threshold is a percentage between 0 and 100."))
    province = Province.objects.filter(ubigeo=province_ubigeo).first()
    source = Source.objects.filter(key=lamas.GFW_SOURCE["key"]).first()
    if province is None or source is None:
        raise ValidationError(
            _(
                "The province %(province)s and its sources are not loaded: run "
                "load_reference_data first."
            )
            % {"province": province_ubigeo}
        )
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    places = _Places(province)
    if YEAR in header and LOSS in header:
        rows, skipped, errors = _long_rows(reader, header, threshold, level, places)
    elif any(WIDE_YEAR.match(name) for name in header):
        rows, skipped, errors = _wide_rows(reader, header, threshold, level, places)
    else:
        raise ValidationError(
            _(
                "This is not a Global Forest Watch tree cover loss CSV: expected the columns "
                "%(year)s and %(loss)s, or tc_loss_ha_2001, tc_loss_ha_2002, …"
            )
            % {"year": YEAR, "loss": LOSS}
        )
    seen: dict[tuple, int] = {}
    for line, target, year, _loss, _emissions in rows:
        key = (target.__class__.__name__, target.pk, year)
        if key in seen:
            errors.append(
                _("Line %(line)s repeats %(place)s %(year)s of line %(first)s.")
                % {"line": line, "place": target, "year": year, "first": seen[key]}
            )
        seen.setdefault(key, line)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(
            _(
                "No row of the file is about %(province)s at a %(threshold)s%% canopy threshold: "
                "nothing was imported."
            )
            % {"province": province, "threshold": threshold}
        )
    result = LoadResult()
    for _line, target, year, loss, emissions in rows:
        where = (
            {"district": target, "province": None}
            if isinstance(target, District)
            else {"province": target, "district": None}
        )
        values = {"tree_cover_loss_ha": loss, "is_derived": False}
        if emissions is not None:
            values["emissions_t_co2e"] = emissions
        _upsert(
            ForestLoss,
            result,
            lookup={
                **where,
                "start_year": year,
                "end_year": year,
                "source": source,
                "canopy_threshold": threshold,
            },
            values=values,
            acting_user=acting_user,
            verb="territory.forest_loss",
        )
    if skipped:
        result.messages.append(
            _("%(count)s rows skipped (another place or another canopy threshold).")
            % {"count": skipped}
        )
    return result


def _target(name_value: str | None, level: str, places: _Places):
    """The province or district a row is about, or None when it is about another place."""
    if level == "province":
        if name_value is None or places.is_province(name_value):
            return places.province
        return None
    return places.district(name_value or "")


def _long_rows(reader, header, threshold, level, places):
    threshold_column = next((name for name in THRESHOLDS if name in header), None)
    name_column = next((name for name in LONG_NAME_COLUMNS if name in header), None)
    if level == "district" and name_column is None:
        raise ValidationError(
            _(
                "The file names no district (no column %(columns)s): import it with "
                "--level province if it is about the whole province."
            )
            % {"columns": ", ".join(LONG_NAME_COLUMNS)}
        )
    rows, errors, skipped = [], [], 0
    for record in reader:
        line = reader.line_num
        if "iso" in header and (record.get("iso") or "").strip() not in ("", "PER"):
            skipped += 1
            continue
        if places.outside_region(record.get("adm1") if "adm1" in header else None):
            skipped += 1
            continue
        if threshold_column:
            row_threshold = _threshold(record.get(threshold_column), line, errors)
            if row_threshold is None:
                continue
            if row_threshold != threshold:
                skipped += 1
                continue
        target = _target(record.get(name_column) if name_column else None, level, places)
        if target is None:
            skipped += 1
            continue
        year = _year(record.get(YEAR), line, errors)
        loss = _amount(record.get(LOSS), _("tree cover loss"), line, errors)
        emissions = None
        if EMISSIONS in header:
            emissions = _amount(record.get(EMISSIONS), _("emissions"), line, errors, required=False)
        if year is not None and loss is not None:
            rows.append((line, target, year, loss, emissions))
    return rows, skipped, errors


def _wide_rows(reader, header, threshold, level, places):
    years = {name: int(match.group(1)) for name in header if (match := WIDE_YEAR.match(name))}
    name_column = "subnational3" if "subnational3" in header else "subnational2"
    if level == "district" and name_column not in header:
        raise ValidationError(
            _("The wide layout needs a subnational2 column naming the districts.")
        )
    rows, errors, skipped = [], [], 0
    for record in reader:
        line = reader.line_num
        country = normalize_name(record.get("country") or "")
        if country and country not in ("peru", "per"):
            skipped += 1
            continue
        if places.outside_region(record.get("subnational1")):
            skipped += 1
            continue
        if "threshold" in header:
            row_threshold = _threshold(record.get("threshold"), line, errors)
            if row_threshold is None:
                continue
            if row_threshold != threshold:
                skipped += 1
                continue
        target = _target(record.get(name_column) if name_column in header else None, level, places)
        if target is None:
            skipped += 1
            continue
        for column, year in sorted(years.items(), key=lambda item: item[1]):
            if _year(year, line, errors) is None:
                continue
            loss = _amount(
                record.get(column), _("tree cover loss of %(year)s") % {"year": year}, line, errors
            )
            if loss is not None:
                rows.append((line, target, year, loss, None))
    return rows, skipped, errors
