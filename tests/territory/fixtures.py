"""Territory fixtures shared by tests/territory and tests/api/test_territory*.py.

The GeoJSON layers are third-party data (MPL-2.0) read from the shared reference folder, never
copied into the repository; the CSV files under tests/territory/data are synthetic test data.
"""

import os
from pathlib import Path

import pytest

from territory import services
from territory.importers import boundaries_import, gfw_import

# The shared reference folder sits beside the project's folder (on developers' machines and CI).
REFERENCE_DIR = Path(
    os.environ.get(
        "LAP_REFERENCE_DIR", Path(__file__).resolve().parents[3] / "shared" / "reference"
    )
)
NATIONAL_LAYER = REFERENCE_DIR / "peru_districts.geojson"
DATA_DIR = Path(__file__).parent / "data"


def national_layer_text() -> str:
    if not NATIONAL_LAYER.exists():
        message = f"needs the reference layer {NATIONAL_LAYER} (set LAP_REFERENCE_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI has shared/ beside the clone: a skip would hide a loss
        pytest.skip(message)
    return NATIONAL_LAYER.read_text(encoding="utf-8")


def synthetic_csv(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


@pytest.fixture
def reference_data(db):
    """The reference facts as `make run` loads them, without demo communities."""
    return services.reference_data_load()


@pytest.fixture
def boundaries(reference_data):
    return boundaries_import(text=national_layer_text())


@pytest.fixture
def province_series(reference_data):
    return gfw_import(text=synthetic_csv("gfw_province_synthetic.csv"), level="province")
