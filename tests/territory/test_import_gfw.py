from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from territory.importers import gfw_import
from territory.models import ForestLoss
from tests.territory.fixtures import DATA_DIR, synthetic_csv

pytestmark = pytest.mark.django_db


def _annual(**filters):
    return ForestLoss.objects.filter(source__key="gfw-tree-cover-loss", **filters)


def test_the_long_layout_imports_annual_loss_and_emissions_per_district(reference_data):
    result = gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))

    assert result.created == 5
    row = _annual(district__ubigeo="220504", start_year=2019).get()
    assert (row.end_year, row.canopy_threshold) == (2019, 30)
    assert row.tree_cover_loss_ha == Decimal("1000.50")
    assert row.emissions_t_co2e == Decimal("400000")
    # An empty emissions cell stays empty, never zero.
    assert _annual(district__ubigeo="220503", start_year=2020).get().emissions_t_co2e is None
    # The other spelling Cuñunbuqui maps to Cuñumbuqui.
    assert _annual(district__ubigeo="220505").count() == 1
    # Rows at the 50% threshold and rows of another province are skipped, and counted.
    assert "2 rows skipped" in result.messages[0]


def test_reimporting_the_same_file_changes_nothing(reference_data):
    gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))
    before = list(_annual().values())

    again = gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert list(_annual().values()) == before


def test_another_threshold_is_imported_as_its_own_series(reference_data):
    gfw_import(text=synthetic_csv("gfw_long_synthetic.csv"), threshold=50)
    assert _annual().count() == 1
    assert _annual().get().canopy_threshold == 50


def test_a_file_with_one_bad_row_is_refused_whole_naming_the_line(reference_data):
    with pytest.raises(ValidationError) as refused:
        gfw_import(text=synthetic_csv("gfw_long_one_bad_row_synthetic.csv"))

    assert refused.value.messages == ["Line 3: the tree cover loss “lots” is not a number."]
    assert not _annual().exists()


def test_negative_loss_bad_years_and_repeated_rows_are_all_reported(reference_data):
    text = (
        "adm2,umd_tree_cover_loss__year,umd_tree_cover_loss__ha\n"
        "Lamas,2019,-5\n"
        "Lamas,19x,5\n"
        "Shanao,2020,5\n"
        "Shanao,2020,6\n"
    )
    with pytest.raises(ValidationError) as refused:
        gfw_import(text=text)

    messages = refused.value.messages
    assert messages[0].startswith("Line 2: the tree cover loss cannot be negative")
    assert messages[1].startswith("Line 3: the year “19x”")
    assert messages[2] == "Line 5 repeats Shanao 2020 of line 4."
    assert not _annual().exists()


def test_the_wide_layout_imports_each_year_column_by_subnational2_name(reference_data):
    result = gfw_import(text=synthetic_csv("gfw_wide_synthetic.csv"))

    assert result.created == 6
    tabalosos = _annual(district__ubigeo="220510").order_by("start_year")
    assert [(r.start_year, r.tree_cover_loss_ha) for r in tabalosos] == [
        (2001, Decimal("110")),
        (2002, Decimal("120")),
        (2003, Decimal("130")),
    ]
    again = gfw_import(text=synthetic_csv("gfw_wide_synthetic.csv"))
    assert again.changed == 0


def test_a_province_level_file_feeds_the_province_series(reference_data):
    gfw_import(text=synthetic_csv("gfw_province_synthetic.csv"), level="province")
    assert list(
        _annual(province__ubigeo="2205")
        .order_by("start_year")
        .values_list("start_year", "tree_cover_loss_ha")
    ) == [(2002, Decimal("3000")), (2003, Decimal("3500")), (2004, Decimal("4100"))]


def test_a_district_level_import_needs_a_column_naming_the_district(reference_data):
    with pytest.raises(ValidationError, match="--level province"):
        gfw_import(text=synthetic_csv("gfw_province_synthetic.csv"))


def test_a_csv_that_is_not_from_global_forest_watch_is_refused(reference_data):
    with pytest.raises(ValidationError, match="not a Global Forest Watch"):
        gfw_import(text="year,loss\n2019,5\n")


def test_a_file_about_other_places_only_imports_nothing_and_says_so(reference_data):
    text = "adm2,umd_tree_cover_loss__year,umd_tree_cover_loss__ha\nMoyobamba,2019,5\n"
    with pytest.raises(ValidationError, match="nothing was imported"):
        gfw_import(text=text)


def test_import_gfw_command_imports_and_reports_bad_rows(reference_data, capsys):
    call_command("import_gfw", str(DATA_DIR / "gfw_long_synthetic.csv"))
    assert "5 created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Line 3"):
        call_command("import_gfw", str(DATA_DIR / "gfw_long_one_bad_row_synthetic.csv"))
    call_command("import_gfw", str(DATA_DIR / "gfw_wide_synthetic.csv"), "--threshold", "30")
    assert "6 created" in capsys.readouterr().out


def test_import_gfw_names_a_file_it_cannot_read_or_that_is_not_utf8(tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(CommandError) as error:
        call_command("import_gfw", str(missing))
    assert str(error.value) == f"Cannot read {missing}: No such file or directory"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("name\nCuñumbuqui\n".encode("latin-1"))
    with pytest.raises(CommandError) as error:
        call_command("import_gfw", str(latin1))
    assert str(error.value) == f"{latin1} is not a UTF-8 CSV file"
