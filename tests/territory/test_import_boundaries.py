import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from territory.importers import boundaries_import, geodesic_area_ha
from territory.models import District
from tests.territory.fixtures import NATIONAL_LAYER, national_layer_text

pytestmark = pytest.mark.django_db

SQUARE = [[-76.5, -6.4], [-76.4, -6.4], [-76.4, -6.3], [-76.5, -6.3], [-76.5, -6.4]]
BOWTIE = [[-76.5, -6.4], [-76.4, -6.3], [-76.4, -6.4], [-76.5, -6.3], [-76.5, -6.4]]


def _layer(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _feature(code, ring=SQUARE, **properties):
    geometry = None if ring is None else {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": {"IDDIST": code, **properties}, "geometry": geometry}


def test_the_national_layer_loads_exactly_the_eleven_districts_of_lamas(reference_data):
    result = boundaries_import(text=national_layer_text(), province_ubigeo="2205")

    assert result.updated == 11
    loaded = District.objects.exclude(boundary=None)
    assert sorted(loaded.values_list("ubigeo", flat=True)) == [f"2205{n:02d}" for n in range(1, 12)]
    for district in loaded:
        assert shape(district.boundary).is_valid
        assert district.boundary_source.key == "minam-district-limits"
    # Over the province the geodesic areas agree with the layer's own areas within 2%
    # (the simplified polygon of tiny Shanao alone differs by a third: the panel shows it).
    computed = sum(d.computed_area_ha for d in loaded)
    gis = sum(d.gis_area_ha for d in loaded)
    assert abs(computed - gis) / gis < Decimal("0.02")
    caynarachi = District.objects.get(ubigeo="220504")
    assert abs(caynarachi.computed_area_ha - Decimal("125965")) < Decimal("2000")
    # The official area stays as INEI gives it, beside the GIS and computed ones.
    assert caynarachi.official_area_ha == Decimal("167869")


def test_importing_the_same_layer_twice_changes_nothing(boundaries):
    before = {d.ubigeo: (d.boundary, d.computed_area_ha) for d in District.objects.all()}

    again = boundaries_import(text=national_layer_text())

    assert (again.created, again.updated, again.unchanged) == (0, 0, 11)
    assert before == {d.ubigeo: (d.boundary, d.computed_area_ha) for d in District.objects.all()}


def test_import_boundaries_command_reads_the_national_file(reference_data, capsys):
    if not NATIONAL_LAYER.exists():
        pytest.skip("needs the reference layer")
    call_command("import_boundaries", str(NATIONAL_LAYER), "--province", "2205")
    assert "11 updated" in capsys.readouterr().out
    assert District.objects.exclude(boundary=None).count() == 11


def test_null_geometries_outside_the_province_do_not_matter(reference_data):
    text = _layer(_feature("220501"), _feature("150101", ring=None), _feature("220502"))
    result = boundaries_import(text=text)
    assert result.updated == 2


def test_a_file_that_is_not_geojson_is_refused_clearly(reference_data):
    with pytest.raises(ValidationError, match="not GeoJSON"):
        boundaries_import(text="ubigeo,name\n220501,Lamas\n")
    with pytest.raises(ValidationError, match="FeatureCollection"):
        boundaries_import(text='{"type": "Feature"}')


def test_a_layer_without_the_code_property_is_refused(reference_data):
    with pytest.raises(ValidationError, match="UBIGEO"):
        boundaries_import(text=_layer(_feature("220501")), code_property="UBIGEO")


def test_an_invalid_geometry_in_the_province_refuses_the_whole_file(reference_data):
    text = _layer(_feature("220501"), _feature("220502", ring=BOWTIE))

    with pytest.raises(ValidationError) as refused:
        boundaries_import(text=text)

    assert "220502" in str(refused.value)
    assert "invalid" in str(refused.value)
    assert not District.objects.exclude(boundary=None).exists()


def test_a_missing_geometry_in_the_province_is_named(reference_data):
    with pytest.raises(ValidationError, match=r"220503.*no geometry"):
        boundaries_import(text=_layer(_feature("220501"), _feature("220503", ring=None)))
    assert not District.objects.exclude(boundary=None).exists()


def test_a_file_that_matches_no_district_is_refused(reference_data):
    with pytest.raises(ValidationError, match="No feature of the file belongs to province 2205"):
        boundaries_import(text=_layer(_feature("150101")))
    with pytest.raises(ValidationError, match="match no district"):
        boundaries_import(text=_layer(_feature("220599")))
    assert not District.objects.exclude(boundary=None).exists()


def test_the_command_reports_errors_and_changes_nothing(reference_data, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(_layer(_feature("220501"), _feature("220502", ring=BOWTIE)), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import_boundaries", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_boundaries", str(tmp_path / "missing.geojson"))
    assert not District.objects.exclude(boundary=None).exists()


def test_geodesic_area_of_a_known_square_degree_near_the_equator():
    # One degree square at the equator is about 12,308 km² on WGS84.
    ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    area = geodesic_area_ha({"type": "Polygon", "coordinates": [ring]})
    assert Decimal("1229000") < area < Decimal("1232000")


def test_the_command_names_a_file_it_cannot_read_or_that_is_not_utf8(tmp_path):
    missing = tmp_path / "missing.geojson"
    with pytest.raises(CommandError) as error:
        call_command("import_boundaries", str(missing))
    assert str(error.value) == f"Cannot read {missing}: No such file or directory"
    latin1 = tmp_path / "latin1.geojson"
    latin1.write_bytes("{'name': 'Cuñumbuqui'}".encode("latin-1"))
    with pytest.raises(CommandError) as error:
        call_command("import_boundaries", str(latin1))
    assert str(error.value) == f"{latin1} is not a UTF-8 text file (is it GeoJSON?)"
