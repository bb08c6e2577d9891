"""World regions, by the World Bank's grouping of countries (ISO 3166 codes): what
the ``region`` filter and the matching's "same region" read."""

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "africa": (
        _("Sub-Saharan Africa"),
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG "
        "ML MR MU MW MZ NA NE NG RW SC SD SL SN SO SS ST SZ TD TG TZ UG ZA ZM ZW",
    ),
    "east-asia-pacific": (
        _("East Asia and Pacific"),
        "AS AU BN CN FJ FM GU HK ID JP KH KI KP KR LA MH MM MN MO MP MY NC NR NZ PF "
        "PG PH PW SB SG TH TL TO TV TW VN VU WS",
    ),
    "europe-central-asia": (
        _("Europe and Central Asia"),
        "AD AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GI GL GR HR "
        "HU IE IM IS IT KG KZ LI LT LU LV MC MD ME MK NL NO PL PT RO RS RU SE SI SK "
        "SM TJ TM TR UA UZ XK",
    ),
    "latin-america-caribbean": (
        _("Latin America and the Caribbean"),
        "AG AR AW BB BO BR BS BZ CL CO CR CU CW DM DO EC GD GT GY HN HT JM KN KY LC "
        "MF MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
    ),
    "middle-east-north-africa": (
        _("Middle East and North Africa"),
        "AE BH DZ EG IL IQ IR JO KW LB LY MA MT OM PS QA SA SY TN YE",
    ),
    "north-america": (_("North America"), "BM CA US"),
    "south-asia": (_("South Asia"), "AF BD BT IN LK MV NP PK"),
}

COUNTRIES_OF = {slug: codes.split() for slug, (_name, codes) in REGIONS.items()}
REGION_OF = {code: slug for slug, codes in COUNTRIES_OF.items() for code in codes}
REGION_CHOICES = [(slug, name) for slug, (name, _codes) in REGIONS.items()]


def region_of(country: str) -> str:
    return REGION_OF.get((country or "").upper(), "")


def countries_in(region: str) -> list[str]:
    return COUNTRIES_OF.get(region, [])
