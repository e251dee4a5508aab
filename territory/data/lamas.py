"""Reference facts about Lamas province (San Martín, Peru), each with the key of its source.

Written from the project's reference facts (../shared/reference/README.md and
lamas_districts.csv). `load_reference_data` loads them idempotently. A figure is *stated* when
the source prints it and *derived* when the project computes it from stated figures (the
derivation says how). Names of communities that no source gives are not here: they are demo data
territory.services.DEMO_COMMUNITIES).
"""

from decimal import Decimal
from typing import Any

# Descriptions shown on the pages are English msgids, translated when displayed.
from django.utils.translation import gettext_noop

# One fact: a record of mixed values (text, Decimal, int, None), read by key by the loader.
Fact = dict[str, Any]

SOURCES: list[Fact] = [
    {
        "key": "inei-ubigeo",
        "title": "Ubigeo codes, capitals and areas of the districts (INEI/CEPLAN)",
        "publisher": "INEI / CEPLAN, tabulated in the public dataset “ubigeo-peru-aumentado”",
        "year": None,
        "url": "https://github.com/jmcastagnetto/ubigeo-peru-aumentado",
        "document": "ubigeo_distrito.csv (MIT licence)",
        "notes": "INEI and RENIEC codes differ; the INEI code (2205xx) is the one GIS layers use.",
    },
    {
        "key": "minam-district-limits",
        "title": "District limits of Peru (MINAM Geoservidor layer, INEI 2007 limits)",
        "publisher": "MINAM Geoservidor, via the public repository “peru-geojson” (MPL-2.0)",
        "year": 2007,
        "url": "https://github.com/juaneladio/peru-geojson",
        "document": "District layer (property AREA_MINAM, in hectares)",
        "notes": "The polygon areas disagree with the official areas for several districts.",
    },
    {
        "key": "citypopulation-2017",
        "title": "Lamas province: 2017 census population by district",
        "publisher": "City Population (Thomas Brinkhoff), from INEI census results",
        "year": 2017,
        "url": "https://www.citypopulation.de/",
        "document": "",
        "notes": "Corrected for undercount; not verified against INEI's own tables.",
    },
    {
        "key": "inei-renamu-2025",
        "title": "Directorio Nacional de Municipalidades 2025: población total proyectada al "
        "30/06/2025",
        "publisher": "INEI",
        "year": 2025,
        "url": "",
        "document": "Directorio Nacional de Municipalidades Provinciales, Distritales y de "
        "Centros Poblados 2025",
        "notes": "",
    },
    {
        "key": "ra-business-case-lamas",
        "title": "Business Case in Lamas, Peru",
        "publisher": "Rainforest Alliance",
        "year": None,
        "url": "",
        "document": "Program brief (forest figures cite Global Forest Watch; carbon cites "
        "Asner et al. 2014)",
        "notes": "Prints “89,9000” ha of tree cover loss, a typo for 89,900 ha.",
    },
    {
        "key": "ds-045-2005-ag",
        "title": "Decreto Supremo 045-2005-AG: Área de Conservación Regional Cordillera Escalera",
        "publisher": "Ministerio de Agricultura, Peru",
        "year": 2005,
        "url": "",
        "document": "Decreto Supremo 045-2005-AG, 22 December 2005",
        "notes": "149,870 ha; one press source says 148,870 ha.",
    },
    {
        "key": "asner-2014-carbon",
        "title": "The High-Resolution Carbon Geography of Peru",
        "publisher": "Carnegie Airborne Observatory and Ministerio del Ambiente (MINAM)",
        "year": 2014,
        "url": "",
        "document": "Asner et al. 2014: 1-ha maps of aboveground carbon density (Mg C/ha)",
        "notes": "",
    },
    {
        "key": "kichwa-communities-public-records",
        "title": "Public records of the Kichwa (Quechua-Lamista) communities of Lamas",
        "publisher": "Compiled in the project's reference facts",
        "year": None,
        "url": "",
        "document": "Reference facts of the Lamas LAP (communities of San Roque de Cumbaza)",
        "notes": "Chirikyacu is a Comunidad Nativa of San Roque de Cumbaza. The full list of the "
        "five communities of the district was not found.",
    },
]

GFW_SOURCE: Fact = {
    "key": "gfw-tree-cover-loss",
    "title": "Tree cover loss (Hansen/UMD/Google/USGS/NASA), Global Forest Watch",
    "publisher": "Global Forest Watch, World Resources Institute",
    "year": None,
    "url": "https://www.globalforestwatch.org/",
    "document": "Global Forest Watch data download (imported CSV)",
    "notes": "Annual series imported with import_gfw.",
}

PROVINCE: Fact = {
    "ubigeo": "2205",
    "name": "Lamas",
    "region": "San Martín",
    # The official area of the province is the sum of its districts' official areas.
    "official_area_ha": Decimal("508254.00"),
    "official_area_source": "inei-ubigeo",
    "official_area_derivation": gettext_noop("Sum of the official areas of the 11 districts."),
}

# ubigeo_inei, ubigeo_reniec, name, capital, official area (km², INEI), GIS area (ha, AREA_MINAM),
# 2017 census (citypopulation-2017, None when not found), 2025 projection (inei-renamu-2025).
DISTRICTS = [
    ("220501", "210301", "Lamas", "Lamas", "79.82", "12961.57", 15052, 16081),
    ("220502", "210315", "Alonso de Alvarado", "Roque", "294.20", "29624.61", 14638, 14179),
    ("220503", "210303", "Barranquita", "Barranquita", "1065.12", "101276.53", 6958, 8280),
    (
        "220504",
        "210304",
        "Caynarachi",
        "Pongo de Caynarachi",
        "1678.69",
        "125965.04",
        10345,
        11828,
    ),
    ("220505", "210305", "Cuñumbuqui", "Cuñumbuqui", "191.46", "18196.89", None, 2584),
    ("220506", "210306", "Pinto Recodo", "Pinto Recodo", "524.07", "55948.73", None, 8887),
    ("220507", "210307", "Rumisapa", "Rumisapa", "39.19", "3324.43", 3456, 4132),
    (
        "220508",
        "210316",
        "San Roque de Cumbaza",
        "San Roque de Cumbaza",
        "525.15",
        "64511.14",
        1679,
        1774,
    ),
    ("220509", "210311", "Shanao", "Shanao", "24.59", "2439.44", None, 1632),
    ("220510", "210313", "Tabalosos", "Tabalosos", "485.25", "36199.42", 14238, 15127),
    ("220511", "210314", "Zapatero", "Zapatero", "175.00", "17448.58", 5689, 6086),
]

# The brief's own figure for the province's inhabitants ("an estimated 70,000").
PROVINCE_POPULATION_ESTIMATE: Fact = {
    "population": 70000,
    "is_approximate": True,
    "source": "ra-business-case-lamas",
}

# The brief's figure for the province's area ("about 500,000 ha"), shown beside the official one.
PROVINCE_AREA_STATED_BY_BRIEF: Fact = {
    "hectares": Decimal("500000"),
    "source": "ra-business-case-lamas",
}

CONSERVATION_AREA: Fact = {
    "code": "acr-ce",
    "name": "Área de Conservación Regional Cordillera Escalera",
    "category": gettext_noop("Regional Conservation Area (ACR)"),
    "legal_instrument": "Decreto Supremo 045-2005-AG",
    "created_on": "2005-12-22",
    "area_ha": Decimal("149870"),
    "area_note": gettext_noop("One press source gives 148,870 ha."),
    "description": gettext_noop(
        "In the provinces of San Martín and Lamas; Peru's first regional conservation area. "
        "Kichwa and Shawi communities live inside it."
    ),
    "source": "ds-045-2005-ag",
}

# The brief names the three districts with the largest share of the ACR-CE; the reference facts
# describe the coverage in words. No percentage is given, so none is entered.
CONSERVATION_SHARES = [
    ("220508", gettext_noop("Parts of the district, at the headwaters of the Cumbaza River.")),
    ("220504", gettext_noop("Most of the district.")),
    ("220503", gettext_noop("The south-east of the district.")),
]

# Crops (the brief). District hectares computed from a share of the province total are derived.
CROPS: list[Fact] = [
    {
        "crop": "coffee",
        "measure": "production",
        "province_hectares": None,
        "province_is_approximate": False,
        "province_note": gettext_noop(
            "The rest of the production is in Pinto Recodo, Lamas, Zapatero and Cuñumbuqui "
            "(their shares are not given)."
        ),
        "shares": [("220502", Decimal("42"))],
    },
    {
        "crop": "cocoa",
        "measure": "area",
        "province_hectares": Decimal("6000"),
        "province_is_approximate": True,
        "province_note": gettext_noop("“Nearly 6,000 ha”; 38% elsewhere in the province."),
        "shares": [
            ("220503", Decimal("17")),
            ("220501", Decimal("16")),
            ("220506", Decimal("15")),
            ("220510", Decimal("14")),
        ],
    },
    {
        "crop": "oil_palm",
        "measure": "area",
        "province_hectares": Decimal("5000"),
        "province_is_approximate": False,
        "province_note": "",
        "shares": [("220503", Decimal("59")), ("220504", Decimal("41"))],
    },
]
CROPS_SOURCE = "ra-business-case-lamas"

# Forest loss 2002–2021 for the province, as the brief states it (citing Global Forest Watch).
FOREST_LOSS_PERIOD: Fact = {
    "start_year": 2002,
    "end_year": 2021,
    "tree_cover_loss_ha": Decimal("89900"),
    "humid_primary_forest_loss_ha": Decimal("46200"),
    "emissions_t_co2e": Decimal("58600000"),
    "tree_cover_decrease_pct": Decimal("19"),
    "primary_share_pct": Decimal("52"),
    "source": "ra-business-case-lamas",
}

CARBON: Fact = {
    "tonnes_carbon": Decimal("29000000"),
    "is_lower_bound": True,
    "description": gettext_noop(
        "Carbon accumulated in the province (“more than 29 million tons”)."
    ),
    "source": "ra-business-case-lamas",
}
# Districts the brief names as having the highest carbon per unit area (no figure given).
HIGH_CARBON_DISTRICTS = ["220508", "220504", "220503"]
HIGH_CARBON_DESCRIPTION = gettext_noop(
    "One of the three districts with the highest carbon per unit area (no figure given)."
)

RANKINGS: list[Fact] = [
    {"scope": "region", "rank": 4, "out_of": 10, "source": "ra-business-case-lamas"},
    {"scope": "national", "rank": 25, "out_of": None, "source": "ra-business-case-lamas"},
]

SOURCED_COMMUNITIES: list[Fact] = [
    {
        "name": "Chirikyacu",
        "district": "220508",
        "people": "kichwa",
        "category": "Comunidad Nativa",
        "source": "kichwa-communities-public-records",
    },
]
