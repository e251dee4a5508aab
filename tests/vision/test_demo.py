"""The demo starting content of `make run`."""

from lap.management.commands.load_demo_plan import load_demo_plan
from lap.models import Indicator, Objective, VisionVersion


def test_demo_plan_is_marked_demo_and_loading_twice_changes_nothing(world):
    load_demo_plan()
    load_demo_plan()
    draft = VisionVersion.objects.get()
    assert draft.is_demo
    assert draft.state == "draft"
    assert len(draft.sections) == 6
    assert 4 <= Objective.objects.filter(is_demo=True).count() <= 6
    assert not Indicator.objects.filter(is_demo=False).exists()


def test_demo_forest_indicator_is_linked_to_the_province_once_it_exists(world):
    load_demo_plan()
    assert not Indicator.objects.exclude(series="").exists()
    from tests.factories import ProvinceFactory

    province = ProvinceFactory()
    done = load_demo_plan()
    indicator = Indicator.objects.exclude(series="").get()
    assert indicator.series_province == province
    assert any("linked" in line for line in done)
