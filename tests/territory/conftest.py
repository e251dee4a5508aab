from tests.territory.fixtures import boundaries, province_series, reference_data  # noqa: F401
