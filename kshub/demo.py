# ruff: noqa: RUF001 - the seed page's dashes and quotation marks are kept.
"""Demo content from the seed page on the Second High-Level Meeting on Knowledge Hubs.

The content is data; ``load_demo`` writes it idempotently, keyed on natural keys
(slugs, usernames, titles), and saves a row only when something differs, so a second
run leaves the database as it was. Facts stay within what the page states; where the
portal needs a value the page does not give (session times, HLM1 and HLM3 days), the
texts say so.
"""

from __future__ import annotations

import datetime
import importlib
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from blog.models import Post, Resource
from blog.services import refresh_search_vector as refresh_post_search_vector
from cases.models import CaseStory, Dimension
from comments.models import Comment
from events.models import Document, Event, Session, Speaker
from members.models import MODERATORS_GROUP, Institution, Profile, User

DEFAULT_PASSWORD = "kshub-demo-2014"  # noqa: S105 - development demo accounts only
LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"
UTC = datetime.UTC


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


# Institutions ----------------------------------------------------------------

GOV = Institution.Kind.GOVERNMENT
BANK = Institution.Kind.DEVELOPMENT_BANK
MULTI = Institution.Kind.MULTILATERAL
RESEARCH = Institution.Kind.RESEARCH
NON_STATE = Institution.Kind.NON_STATE
PROGRAMME = Institution.Kind.PROGRAMME

# slug, name, acronym, country, kind, description
INSTITUTIONS = [
    (
        "ksp",
        "Knowledge Sharing Program",
        "KSP",
        "KR",
        PROGRAMME,
        "Korea's Knowledge Sharing Program, which promotes mutual learning and "
        "horizontal partnerships. Co-organiser of the HLM2 in Seoul.",
    ),
    (
        "cips",
        "Center for Innovation in Public Systems",
        "CIPS",
        "IN",
        RESEARCH,
        "India's Center for Innovation in Public Systems.",
    ),
    (
        "fosis",
        "Solidarity and Social Investment Fund",
        "FOSIS",
        "CL",
        GOV,
        "Chile's Solidarity and Social Investment Fund (Fondo de Solidaridad e "
        "Inversión Social).",
    ),
    (
        "afdc",
        "Asia-Pacific Finance and Development Center",
        "AFDC",
        "CN",
        RESEARCH,
        "China's Asia-Pacific Finance and Development Center.",
    ),
    (
        "cabri",
        "Collaborative Africa Budget Reform Initiative",
        "CABRI",
        "ZA",
        MULTI,
        "The Collaborative Africa Budget Reform Initiative, hosted in South Africa.",
    ),
    (
        "lamata",
        "Lagos Metropolitan Area Transport Authority",
        "LAMATA",
        "NG",
        GOV,
        "Nigeria's Lagos Metropolitan Area Transport Authority.",
    ),
    (
        "dane",
        "National Administrative Department of Statistics",
        "DANE",
        "CO",
        GOV,
        "Colombia's National Administrative Department of Statistics (Departamento "
        "Administrativo Nacional de Estadística).",
    ),
    (
        "abes",
        "Brazilian Association of Sanitary and Environmental Engineering",
        "ABES",
        "BR",
        NON_STATE,
        "The Brazilian Association of Sanitary and Environmental Engineering.",
    ),
    (
        "bnpb",
        "National Board for Disaster Management",
        "BNPB",
        "ID",
        GOV,
        "Indonesia's National Board for Disaster Management (Badan Nasional "
        "Penanggulangan Bencana).",
    ),
    (
        "oportunidades",
        "Oportunidades Program",
        "",
        "MX",
        PROGRAMME,
        "Mexico's Oportunidades Program.",
    ),
    (
        "world-bank",
        "World Bank",
        "",
        "",
        BANK,
        "Co-organiser of the HLM2 in Seoul; designed its training modules.",
    ),
    (
        "mosf-korea",
        "Ministry of Strategy and Finance",
        "",
        "KR",
        GOV,
        "Korea's Ministry of Strategy and Finance. Co-organiser of the HLM2 in Seoul.",
    ),
    (
        "mogd-liberia",
        "Ministry of Gender and Development",
        "",
        "LR",
        GOV,
        "Liberia's Ministry of Gender and Development.",
    ),
    (
        "national-development-planning-indonesia",
        "Ministry of National Development Planning",
        "",
        "ID",
        GOV,
        "Indonesia's Ministry of National Development Planning.",
    ),
    (
        "dea-india",
        "Department of Economic Affairs",
        "",
        "IN",
        GOV,
        "India's Department of Economic Affairs.",
    ),
    (
        "mof-china",
        "Ministry of Finance",
        "",
        "CN",
        GOV,
        "China's Ministry of Finance.",
    ),
    ("kdi", "Korea Development Institute", "KDI", "KR", RESEARCH, ""),
    ("undp", "United Nations Development Programme", "UNDP", "", MULTI, ""),
    ("idb", "Inter-American Development Bank", "IDB", "", BANK, ""),
]


# Events ----------------------------------------------------------------------

HLM1_SLUG = "hlm1-bali-2012"
HLM2_SLUG = "hlm2-seoul-2014"
HLM3_SLUG = "hlm3-2016"
EXAMPLE_SLUG = "example-regional-knowledge-exchange"
SEOUL = ZoneInfo("Asia/Seoul")

HLM1 = {
    "title": "First High-Level Meeting on Knowledge Hubs",
    "short_name": "HLM1",
    "city": "Bali",
    "country": "ID",
    "time_zone": "Asia/Makassar",
    "starts_on": datetime.date(2012, 7, 1),
    "ends_on": datetime.date(2012, 7, 1),
    "summary": (
        "The first High-Level Meeting on Knowledge Hubs, held in Bali, Indonesia, "
        "in July 2012. The Second High-Level Meeting in Seoul reviewed the progress "
        "made by country institutions and multilateral partners since then."
    ),
    "body": (
        "The first High-Level Meeting on Knowledge Hubs took place in Bali, "
        "Indonesia, in July 2012.\n\n"
        "The exact days are not recorded here: the portal shows the meeting under "
        "1 July 2012, and only the month, July 2012, is known."
    ),
    "participants_count": None,
    "countries_count": None,
    "capacity": None,
    "registration_open": False,
    "registration_closes_at": None,
    "is_example": False,
}

HLM2 = {
    "title": "Second High-Level Meeting on Knowledge Hubs",
    "short_name": "HLM2",
    "city": "Seoul",
    "country": "KR",
    "time_zone": "Asia/Seoul",
    "starts_on": datetime.date(2014, 6, 23),
    "ends_on": datetime.date(2014, 6, 26),
    "summary": (
        "Co-organised by the Government of Korea and the World Bank, the Second "
        "High-Level Meeting on Knowledge Hubs gathered more than 500 participants "
        "from 76 countries in Seoul to move from a transactional to an institutional "
        "approach to knowledge sharing."
    ),
    "body": (
        "Around the world, hundreds of country institutions strive to engage in "
        "knowledge sharing (KS) in a systematic way, reaching out to partners at "
        "home and abroad. Yet KS is often small scale and one-off. The Second "
        "High-Level Meeting (HLM2) on Knowledge Hubs, co-organised by the "
        "Government of Korea (Ministry of Strategy and Finance and its Knowledge "
        "Sharing Program) and the World Bank, marked a move from a transactional to "
        "an institutional approach to KS.\n\n"
        "It reviewed the progress made by country institutions and multilateral "
        "partners since the first HLM in Bali (Indonesia) in July 2012. More than "
        "500 participants from 76 countries looked for practical answers to two "
        "questions: how to become a knowledge-driven institution, and how to "
        "operationalise KS?\n\n"
        "The formats ranged from high-level panels and world cafés to roundtables, "
        "consultations and practice-based workshops. More than 73 institutions from "
        "38 countries had prepared case stories, discussed in ten thematic "
        "roundtables: five on institutional dimensions and five on operational "
        "ones. Training modules designed by the World Bank offered concrete "
        "learning opportunities.\n\n"
        "The outcomes are reflected in the Seoul Communiqué: participants agreed to "
        "invest in country institutions' capacities, mobilise support from relevant "
        "partners, use the community of practice to deepen the ideas discussed in "
        "Seoul, prepare regional events to continue the inter-institutional "
        "exchange, and collect further country-led experiences for the third HLM, "
        "planned for 2016.\n\n"
        "**About the programme times:** the meeting report records the days (the "
        "policy panel on 23 June) but not the exact times or rooms of the sessions. "
        "The times shown for the roundtables (24 and 25 June) and the training "
        "modules (26 June) are indicative only."
    ),
    "participants_count": 500,
    "countries_count": 76,
    "capacity": None,
    "registration_open": False,
    "registration_closes_at": None,
    "is_example": False,
}

HLM3 = {
    "title": "Third High-Level Meeting on Knowledge Hubs (planned for 2016)",
    "short_name": "HLM3",
    "city": "",
    "country": "",
    "time_zone": "UTC",
    "starts_on": datetime.date(2016, 1, 1),
    "ends_on": datetime.date(2016, 1, 1),
    "summary": (
        "The third High-Level Meeting on Knowledge Hubs, planned for 2016: the "
        "Seoul Communiqué called for collecting further country-led experiences "
        "for it. No date or place has been announced."
    ),
    "body": (
        "The Seoul Communiqué announced a third High-Level Meeting on Knowledge "
        "Hubs, planned for 2016. Date and place were not announced: the portal "
        "shows it under 1 January 2016 only to place it in time."
    ),
    "participants_count": None,
    "countries_count": None,
    "capacity": None,
    "registration_open": False,
    "registration_closes_at": None,
    "is_example": False,
}

POLICY_PANEL_SLUG = "policy-panel"
POLICY_PANEL = {
    "kind": Session.Kind.POLICY_PANEL,
    "title": "Policy panel: preparing countries for knowledge sharing",
    "description": (
        "The policy panels stressed the unique historical opportunity to prepare "
        "countries for knowledge sharing through strong institutional arrangements. "
        "The meeting report gives the statements of these six speakers; it does not "
        "say which of the policy panels each of them spoke on."
    ),
    "start": (datetime.date(2014, 6, 23), datetime.time(10, 0)),
    "minutes": 120,
}

# name, position, institution slug
POLICY_PANEL_SPEAKERS = [
    (
        "Oh-Seok Hyun",
        "Deputy Prime Minister and Minister of Strategy and Finance of Korea",
        "mosf-korea",
    ),
    (
        "Sanjay Pradhan",
        "Vice President for Change, Leadership and Innovation, World Bank",
        "world-bank",
    ),
    (
        "Julia Duncan-Cassell",
        "Minister of Gender and Development of Liberia",
        "mogd-liberia",
    ),
    (
        "Wismana Adi Suryabrata",
        "Deputy Minister of National Development Planning of Indonesia",
        "national-development-planning-indonesia",
    ),
    (
        "Brijesh Pandey",
        "Deputy Secretary, Department of Economic Affairs of India",
        "dea-india",
    ),
    ("Wang Ying", "Research Director, Ministry of Finance of China", "mof-china"),
]

PANEL_DISCUSSION_SLUG = "panel-korea-china-india-chile-south-africa"
PANEL_DISCUSSION = {
    "kind": Session.Kind.HIGH_LEVEL_PANEL,
    "title": (
        "Panel discussion with representatives from Korea, China, India, Chile "
        "and South Africa"
    ),
    "description": (
        "A panel discussion on 23 June 2014 with representatives from Korea, China, "
        "India, Chile and South Africa, as a photo caption of the meeting report "
        "records."
    ),
    "start": (datetime.date(2014, 6, 23), datetime.time(14, 0)),
    "minutes": 90,
}

# dimension slug, roundtable title (the report's wording)
ROUNDTABLES = [
    ("learning-culture", "Developing a knowledge and learning culture"),
    (
        "governance-model",
        "Developing an operational governance model for knowledge management and "
        "sharing",
    ),
    (
        "financing-business-models",
        "Developing sustainable financing and business models for knowledge sharing",
    ),
    ("partnerships", "Fostering partnerships at domestic and international levels"),
    ("non-state-actors", "The role of non-state actors for knowledge sharing"),
    ("capturing-validating", "How to capture and validate development solutions"),
    (
        "packaging-learning-materials",
        "How to package knowledge as learning materials",
    ),
    ("sharing-modalities", "Systematic results-oriented sharing modalities"),
    ("measuring-results", "Measuring results from knowledge-sharing programmes"),
    (
        "technology-scale-up",
        "The role of technology for the systematic scale-up of knowledge sharing",
    ),
]
# Five a day: institutional dimensions on 24 June, operational ones on 25 June.
ROUNDTABLE_SLOTS = [
    (datetime.time(9, 0), 75),
    (datetime.time(10, 30), 75),
    (datetime.time(13, 0), 75),
    (datetime.time(14, 30), 75),
    (datetime.time(16, 0), 75),
]
ROUNDTABLE_DAYS = [datetime.date(2014, 6, 24), datetime.date(2014, 6, 25)]

# slug, title
TRAINING_MODULES = [
    (
        "training-assessing-institutional-capacity",
        "Assessing Institutional Capacity for KS",
    ),
    (
        "training-organizing-change-management",
        "Organizing the Change Management Process",
    ),
    ("training-art-of-knowledge-sharing", "The Art of Knowledge Sharing"),
    ("training-art-of-knowledge-capturing", "The Art of Knowledge Capturing"),
    ("training-managing-cop-and-networks", "Managing CoP and Networks for KS"),
]
TRAINING_DAY = datetime.date(2014, 6, 26)
TRAINING_SLOTS = [
    (datetime.time(8, 30), 90),
    (datetime.time(10, 15), 90),
    (datetime.time(13, 0), 90),
    (datetime.time(14, 45), 90),
    (datetime.time(16, 30), 90),
]

SEOUL_COMMUNIQUE = "Seoul Communiqué"

EXAMPLE_EVENT = {
    "title": "Example event: Regional Knowledge-Exchange Meeting",
    "short_name": "Example",
    "city": "Santiago",
    "country": "CL",
    "time_zone": "America/Santiago",
    "summary": (
        "An example event of the demo content, not a real meeting: a regional "
        "knowledge-exchange meeting of the kind the Seoul Communiqué announced, to "
        "try registering for an event."
    ),
    "body": (
        "**This is an example event.** It is part of the portal's demo content so "
        "that you can try registering, cancelling and the waiting list. It is not a "
        "real meeting.\n\n"
        "The Seoul Communiqué of the Second High-Level Meeting on Knowledge Hubs "
        "called for regional events to continue the inter-institutional exchange. "
        "A meeting like this one would bring together institutions from one region "
        "to share case stories on measuring results and packaging knowledge."
    ),
    "participants_count": None,
    "countries_count": None,
    "capacity": 40,
    "registration_open": True,
    "is_example": True,
}
EXAMPLE_DAYS = 2
EXAMPLE_WEEKS_AHEAD = 17  # about four months
# slug, kind, title, dimension slug, day (0-based), start, minutes
EXAMPLE_SESSIONS = [
    (
        "opening",
        Session.Kind.PLENARY,
        "Opening: from the Seoul Communiqué to regional exchange",
        None,
        0,
        datetime.time(9, 0),
        60,
    ),
    (
        "roundtable-measuring-results",
        Session.Kind.ROUNDTABLE,
        "Roundtable: measuring results of knowledge exchange",
        "measuring-results",
        0,
        datetime.time(10, 30),
        120,
    ),
    (
        "workshop-packaging-knowledge",
        Session.Kind.WORKSHOP,
        "Workshop: packaging knowledge as learning materials",
        "packaging-learning-materials",
        0,
        datetime.time(14, 0),
        120,
    ),
    (
        "consultation-next-exchanges",
        Session.Kind.CONSULTATION,
        "Consultation: planning the next exchanges",
        None,
        1,
        datetime.time(9, 0),
        120,
    ),
]


def example_event_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first Monday about four months after ``today``."""
    ahead = today + datetime.timedelta(weeks=EXAMPLE_WEEKS_AHEAD)
    starts_on = ahead + datetime.timedelta(days=(7 - ahead.weekday()) % 7)
    return starts_on, starts_on + datetime.timedelta(days=EXAMPLE_DAYS - 1)


# Case stories ----------------------------------------------------------------

HLM2_SHORT = "the Second High-Level Meeting on Knowledge Hubs (HLM2, Seoul, June 2014)"

# key, title suffix, the report's wording of the area, challenge, dimension slugs,
# area tags
PRIORITY_AREAS = {
    "vision": (
        "knowledge vision and strategy",
        "the importance of knowledge vision and strategies at all levels of "
        "institutional, domestic and international action",
        "Knowledge sharing often stays small scale and one-off. A vision and a "
        "strategy for it, at the institutional, domestic and international level, "
        "are what turn single exchanges into a systematic practice.",
        ["learning-culture"],
        ["knowledge strategy"],
    ),
    "coordination": (
        "coordination mechanisms",
        "strong organizational and cross-institutional coordination mechanisms",
        "Sharing knowledge systematically, at home and abroad, needs strong "
        "coordination inside the organisation and across institutions.",
        ["governance-model"],
        ["coordination"],
    ),
    "programmes": (
        "medium- and long-term programmes",
        "medium and long-term programs with sufficient political, technical and "
        "financial backing",
        "Knowledge sharing lasts beyond single exchanges only when programmes have "
        "political, technical and financial backing over the medium and long term.",
        ["financing-business-models"],
        ["programme design"],
    ),
    "capture": (
        "capturing, packaging and exchanging knowledge",
        "capacity to capture, package and exchange knowledge at the organizational "
        "and national level, as a preparatory step to scale up cross-country "
        "exchanges",
        "Before scaling up exchanges with other countries, an institution needs the "
        "capacity to capture, package and exchange its knowledge at the "
        "organisational and national level.",
        ["capturing-validating", "packaging-learning-materials"],
        ["knowledge capture"],
    ),
    "evaluation": (
        "monitoring and evaluation",
        "smart and cost-efficient monitoring and evaluation tools to be able to show "
        "results",
        "To show what knowledge sharing achieves, institutions need monitoring and "
        "evaluation tools that are smart and cost-efficient.",
        ["measuring-results"],
        ["monitoring and evaluation"],
    ),
}

# institution slug, area key, themes, featured, what else the report says
CASE_STORIES = [
    ("dane", "vision", ["statistics"], True, ""),
    ("lamata", "vision", ["urban transport"], False, ""),
    (
        "ksp",
        "coordination",
        ["development cooperation"],
        True,
        "At the policy panel, Korea's Deputy Prime Minister and Minister of "
        "Strategy and Finance, Oh-Seok Hyun, outlined how KSP promotes mutual "
        "learning and enables horizontal partnerships in a systematic and efficient "
        "way.",
    ),
    ("cips", "coordination", ["public sector innovation"], False, ""),
    ("fosis", "programmes", ["social investment"], False, ""),
    ("afdc", "programmes", ["public finance"], False, ""),
    ("cabri", "programmes", ["budget reform", "public finance"], False, ""),
    ("abes", "capture", ["sanitation", "environmental engineering"], False, ""),
    ("fosis", "capture", ["social investment"], False, ""),
    (
        "bnpb",
        "capture",
        ["disaster risk management"],
        True,
        "At the policy panel, Indonesia's Deputy Minister of National Development "
        "Planning, Wismana Adi Suryabrata, explained how his country is getting "
        "ready to share knowledge both domestically and internationally, in "
        "critical areas such as disaster risk management.",
    ),
    ("oportunidades", "capture", ["social programmes"], False, ""),
    ("lamata", "capture", ["urban transport"], False, ""),
    ("fosis", "evaluation", ["social investment"], False, ""),
    ("dane", "evaluation", ["statistics"], False, ""),
    ("oportunidades", "evaluation", ["social programmes"], False, ""),
]
CASE_STORIES_PUBLISHED_AT = datetime.datetime(2014, 6, 27, 9, 0, tzinfo=UTC)

COUNTRY_NAMES = {
    "BR": "Brazil",
    "CL": "Chile",
    "CN": "China",
    "CO": "Colombia",
    "ID": "Indonesia",
    "IN": "India",
    "KR": "Korea",
    "MX": "Mexico",
    "NG": "Nigeria",
    "ZA": "South Africa",
}


def case_story_data(institution, area_key: str, extra: str) -> dict:
    area_title, area_wording, challenge, _dims, _tags = PRIORITY_AREAS[area_key]
    short = institution.acronym or institution.name
    country = COUNTRY_NAMES[str(institution.country)]
    full = (
        f"{institution.name} ({institution.acronym})"
        if institution.acronym
        else institution.name
    )
    context = (
        f"At {HLM2_SHORT}, pioneer institutions from Brazil, China, Chile, "
        "Colombia, India, Indonesia, Korea, Mexico, Nigeria and South Africa "
        "discussed priority areas of institutional and operational capacity to "
        f"share knowledge. {full}, {country}, was one of the institutions whose "
        f"experience was cited for the area: *{area_wording}*."
    )
    if extra:
        context += f"\n\n{extra}"
    return {
        "title": f"{short} ({country}): {area_title}",
        "summary": (
            f"{full}, {country}, shared its experience with {area_title} at the "
            "Second High-Level Meeting on Knowledge Hubs in Seoul, June 2014."
        ),
        "context": context,
        "challenge": challenge,
        "solution": (
            f"{short} shared its experience in this area with peers from other "
            "countries at the HLM2. The meeting report names the institution and "
            "the priority area but does not describe the experience itself; "
            f"members from {short} are welcome to complete this story."
        ),
        "results": "",
        "lessons": "",
    }


# The seed post ---------------------------------------------------------------

POST_SLUG = "moving-from-transactional-to-institutional-knowledge-sharing"
POST_TITLE = (
    "Moving from Transactional to Institutional Knowledge Sharing – Insights from "
    "the Seoul HLM on Knowledge Hubs"
)
POST_SUMMARY = (
    "The Second High-Level Meeting on Knowledge Hubs (Seoul, 23–26 June 2014) "
    "marked a move from a transactional to an institutional approach to knowledge "
    "sharing: policy panels, ten thematic roundtables, training modules and the "
    "Seoul Communiqué."
)
POST_PUBLISHED_AT = datetime.datetime(2014, 7, 1, 9, 0, tzinfo=UTC)
POST_VIEWS = 1509
POST_TAGS = ["knowledge sharing", "knowledge hubs", "south-south cooperation"]


def post_body(event_url: str) -> str:
    return f"""\
Around the world, hundreds of country institutions are striving to engage in \
Knowledge Sharing (KS) in a systematic way, reaching out to partners at home and \
abroad. Over the past years, KS has been recognized as a third leg of development \
cooperation, along with technical assistance and financial aid, for example through \
by the G20, the Global Partnership for Effective Development Cooperation and the \
emerging post-2015 development agenda. However, today’s KS is often small scale and \
on-off, facing numerous operational constraints when it comes to preparing and \
sharing relevant development solutions. In particular sector institutions with \
strong thematic background could make wider use of KS if the right arrangements \
were in place.

To respond to this capacity gap, the recent Second High-Level Meeting (HLM2) on \
Knowledge Hubs held in Seoul on 23-26 June 2014 provided a milestone of moving from \
a transactional to an institutional approach to KS (see the outcome document on the \
[event page]({event_url})). Co-organized by the government of Korea and the World \
Bank, this edition reviewed the progress made by country institutions and \
multilateral partners since the first HLM in Bali (Indonesia) in July 2012. \
Gathering more than 500 participants from 76 countries, this year’s HLM2 generated \
practical responses to two main question marks: how to become a knowledge-driven \
institutions, and how to operationalize KS?

Focusing on institutional and operational solutions, the HLM2 covered an inspiring \
range of areas using diverse event formats, including high-level panels and world \
cafes, to roundtables, consultations and practice-based workshops. In this line, the \
policy panels stressed the unique historical opportunity to prepare countries for \
knowledge sharing through strong institutional arrangements. Oh-Seok Hyun, Deputy \
Prime Minister and Minister of Strategy and Finance of Korea, outlined how Korea’s \
Knowledge Sharing Program (KSP) promotes mutual learning and enables horizontal \
partnerships in a systematic and efficient way. Sanjay Pradhan, Vicepresident for \
Change, Leadership and Innovation at the World Bank, explained that institutions \
need strong capacities to ensure well-done and structured KS that can accelerate \
real transformations and development impacts, even in times of financial \
restrictions.

For her part, Julia Duncan-Cassell, Minister of Gender and Development of Liberia, \
made a passionate statement on KS as a driver of women’s empowerment, a reason why \
her Ministry plans stepping up its capacities for mutual learning. Wismana Adi \
Suryabrata, Deputy Minister of National Development Planning of Indonesia, welcomed \
the advances achieved since the first HLM, in particular the Community of Practice, \
and explained how his country is getting ready to share knowledge both domestically \
and internationally, in critical areas such as Disaster Risk Management. Brijesh \
Pandey, Deputy Secretary at the Department of Economic Affairs of India, gave \
insights into how his ministry is working on systematic documentation of India’s \
development experience in six thematic areas, using information technologies and \
social media, as well as ensuring better inter-ministry coordination in this field. \
Finally, Wang Ying, Research Director at the Ministry of Finance of China, outlined \
her government’s efforts to embed KS strategies into existing platforms and \
partnerships, in particular with multilateral development banks.

Grounding this outstanding political commitment in concrete action, pioneer \
institutions from Brazil, China, Chile, Colombia, India, Indonesia, Korea, Mexico, \
Nigeria and South Africa discussed the following priority areas of institutional and \
operational capacities to share knowledge:

- The importance of knowledge vision and strategies at all level of institutional, \
domestic and international action (with experiences available at Colombia's National \
Administrative Department of Statistics -DANE- and Nigeria's Lagos Metropolitan Area \
Transport Authority -LAMATA-)
- Strong organizational and cross-institutional coordination mechanisms (Korea's \
Knowledge Sharing Program -KSP- and India's Center for Innovation in Public Systems \
-CIPS-),
- Medium and long-term programs with sufficient political, technical and financial \
backing (Chile's Solidarity and Social Investment Fund -FOSIS-, China's Asia-Pacific \
Finance and Development Center -AFDC-, and the South Africa-hosted Collaborative \
Africa Budget Reform Initiative -CABRI-),
- Capacity to capture, package and exchange knowledge at the organizational and \
national level, as a preparatory step to scale up cross-country exchanges (Brazilian \
Association of Sanitary and Environmental Engineering -ABES-, FOSIS, Indonesian \
National Board for Disaster Management -BNPB-, Mexico's Oportunidades Program, as \
well as LAMATA), and
- Smart and cost-efficient monitoring and evaluation tools to be able to show \
results (FOSIS, DANE, Oportunidades Program).

Adding to these high-value experiences, more than 73 institutions from 38 countries \
had prepared case stories for the HLM2 which were discussed in depth during a total \
of ten thematic roundtables. Looking into institutional dimensions, representatives \
from countries and international partners shared good practices on (i) developing a \
knowledge and learning culture, (ii) developing an operational governance model for \
knowledge management and sharing, (iii) developing sustainable financing and \
business models for knowledge sharing, (iv) fostering partnerships at domestic at \
international levels and (v) the role of non-state actors for knowledge sharing. At \
the operational level, the roundtables discussions focused on (i) how to capture and \
validate development solutions, (ii) how to package knowledge as learning materials, \
(iii) systematic results-oriented sharing modalities, (iv) measuring of results from \
KS programs, and (v) the role of technology for systematic scale up of KS.

The sessions showcased manifold initiatives from a large number of institutions, \
most of which are members of the online community of practice. Directly addressing \
the challenges institutions still face, the HLM2 also offered concrete learning \
opportunities in training modules designed by the World Bank, among them Assessing \
Institutional Capacity for KS, Organizing the Change Management Process, the Art of \
Knowledge Sharing, the Art of Knowledge Capturing, and Managing CoP and Networks for \
KS. These workshops featured lively collaboration among highly motivated \
participants, many of which returned home with clear-cut plans to improve their \
institution’s performance in KS.

Wrapping up four days of intense and productive exchanges, the HLM2 outcomes are \
reflected in the Seoul Communiqué (listed on the [event page]({event_url})). In this \
document, participants agreed to future joint efforts by investing in country \
institutions’ capacities, mobilizing support from relevant partners, making \
extensive use of the Community of Practices to deepen the ideas discussed in Seoul, \
preparing regional events to continue the inter-institutional exchange, and \
collecting further country-led experiences for the third edition of the HLM planned \
for 2016.
"""


# username, display name, language, date, body
POST_COMMENTS = [
    (
        "mirza-abdul-shakoor",
        "Mirza Abdul Shakoor",
        "en",
        datetime.datetime(2014, 7, 6, 13, 52, tzinfo=UTC),
        "I missed this important meeting due to some unavoidable reasons.But I am "
        "glade to hear that all the participants agreed to work jointly and plan to "
        "conduct regional events to continue the institutional exchange. "
        "Congratulations to the organizers and all the participants for making "
        "successful event.I love to organize a meeting in Pakistan and hoping for "
        "the cooperation. Thank you.",
    ),
    (
        "neydi-cruz",
        "Neydi Cruz",
        "es",
        datetime.datetime(2014, 9, 29, 17, 24, tzinfo=UTC),
        "Excelente contribución para los que no estuvimos ahí. Gracias Nils!!",
    ),
]

# title, description
RESOURCES = [
    (
        "South-South Cooperation Exchange Mechanism",
        "First online portal dedicated to SSC for sustainable development.",
    ),
    (
        "Mapping Multilateral Support to South-South Cooperation in Latin America "
        "and the Caribbean: Towards Collaborative Approaches",
        "UNDP, 2011. PDF in English and Spanish.",
    ),
    (
        "IDB Magazine – Regional Public Goods: An innovative approach to South-South "
        "Cooperation",
        "2014 version, in English and Spanish.",
    ),
    (
        "Using Knowledge Exchange for Capacity Development: What Works in Global "
        "Practice?",
        "KDI and the World Bank Institute.",
    ),
]


# Accounts --------------------------------------------------------------------

AUTHOR_USERNAME = "nils"
MODERATOR = {
    "username": "demo-moderator",
    "email": "moderator@kshub.example",
    "display_name": "Demo Moderator",
}
MEMBER = {
    "username": "demo-member",
    "email": "member@kshub.example",
    "display_name": "Demo Member",
}


# Loading ---------------------------------------------------------------------


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    sign_in: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], model) -> None:
        name = model._meta.verbose_name_plural
        bucket[str(name)] = bucket.get(str(name), 0) + 1


def _upsert(report: DemoReport, model, keys: dict, values: dict, create_only=None):
    """Create the row, or save it only when a value differs (no write otherwise)."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values, **(create_only or {}))
        obj.save()
        report.count(report.created, model)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count(report.updated, model)
    return obj


def _set_tags(obj, names: list[str]) -> None:
    current = {tag.name.lower() for tag in obj.tags.all()}
    if current != {name.lower() for name in names}:
        obj.tags.set(names)


def _user(report: DemoReport, *, username: str, display_name: str, **values) -> User:
    user = _upsert(report, User, {"username": username}, values)
    _upsert(report, Profile, {"user": user}, {"display_name": display_name})
    return user


def _account(report: DemoReport, spec: dict, password: str, *, moderator: bool):
    user = _user(
        report,
        username=spec["username"],
        display_name=spec["display_name"],
        email=spec["email"],
        is_active=True,
        is_staff=moderator,
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    _upsert(
        report,
        EmailAddress,
        {"user": user, "email": spec["email"]},
        {"verified": True, "primary": True},
    )
    if moderator:
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    report.sign_in.append(
        ("moderator" if moderator else "member", spec["email"], password)
    )
    return user


def _demo_author(report: DemoReport, username: str, display_name: str, **values):
    """An account that only holds authorship: nobody signs in with it."""
    user = _user(report, username=username, display_name=display_name, **values)
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _session(
    report,
    event,
    slug,
    *,
    kind,
    title,
    description="",
    start,
    minutes,
    dimension=None,
    zone,
):
    starts_at = datetime.datetime.combine(start[0], start[1], tzinfo=zone)
    return _upsert(
        report,
        Session,
        {"event": event, "slug": slug},
        {
            "kind": kind,
            "title": title,
            "description": description,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=minutes),
            "place": "",
            "dimension": dimension,
        },
    )


def _load_institutions(report: DemoReport) -> dict[str, Institution]:
    institutions = {}
    for slug, name, acronym, country, kind, description in INSTITUTIONS:
        institutions[slug] = _upsert(
            report,
            Institution,
            {"slug": slug},
            {
                "name": name,
                "acronym": acronym,
                "country": country,
                "kind": kind,
                "description": description,
                "verified": True,
            },
        )
    return institutions


def _load_hlm2(report, institutions, dimensions) -> tuple[Event, dict[str, Session]]:
    hlm2 = _upsert(report, Event, {"slug": HLM2_SLUG}, HLM2)
    hlm2.organisers.set(
        [institutions["mosf-korea"], institutions["ksp"], institutions["world-bank"]]
    )
    panel = _session(
        report,
        hlm2,
        POLICY_PANEL_SLUG,
        kind=POLICY_PANEL["kind"],
        title=POLICY_PANEL["title"],
        description=POLICY_PANEL["description"],
        start=POLICY_PANEL["start"],
        minutes=POLICY_PANEL["minutes"],
        zone=SEOUL,
    )
    for order, (name, position, institution) in enumerate(
        POLICY_PANEL_SPEAKERS, start=1
    ):
        _upsert(
            report,
            Speaker,
            {"session": panel, "name": name},
            {
                "position": position,
                "institution": institutions[institution],
                "order": order,
            },
        )
    _session(
        report,
        hlm2,
        PANEL_DISCUSSION_SLUG,
        kind=PANEL_DISCUSSION["kind"],
        title=PANEL_DISCUSSION["title"],
        description=PANEL_DISCUSSION["description"],
        start=PANEL_DISCUSSION["start"],
        minutes=PANEL_DISCUSSION["minutes"],
        zone=SEOUL,
    )
    roundtables = {}
    for index, (dimension_slug, title) in enumerate(ROUNDTABLES):
        start, minutes = ROUNDTABLE_SLOTS[index % 5]
        roundtables[dimension_slug] = _session(
            report,
            hlm2,
            f"roundtable-{dimension_slug}",
            kind=Session.Kind.ROUNDTABLE,
            title=f"Roundtable: {title}",
            description=(
                "One of the ten thematic roundtables of the HLM2, where case "
                "stories prepared by the participating institutions were discussed "
                "in depth. The time shown is indicative."
            ),
            start=(ROUNDTABLE_DAYS[index // 5], start),
            minutes=minutes,
            dimension=dimensions[dimension_slug],
            zone=SEOUL,
        )
    for (slug, title), (start, minutes) in zip(
        TRAINING_MODULES, TRAINING_SLOTS, strict=True
    ):
        _session(
            report,
            hlm2,
            slug,
            kind=Session.Kind.TRAINING,
            title=title,
            description=(
                "A training module designed by the World Bank. The time shown is "
                "indicative."
            ),
            start=(TRAINING_DAY, start),
            minutes=minutes,
            zone=SEOUL,
        )
    _upsert(
        report,
        Document,
        {"event": hlm2, "title": SEOUL_COMMUNIQUE},
        {"kind": Document.Kind.OUTCOME, "session": None, "language": "en"},
    )
    return hlm2, roundtables


def _load_example_event(report: DemoReport, today: datetime.date, dimensions) -> Event:
    existing = Event.objects.filter(slug=EXAMPLE_SLUG).first()
    if existing is not None and existing.ends_on >= today:
        starts_on, ends_on = existing.starts_on, existing.ends_on
    else:
        starts_on, ends_on = example_event_dates(today)
    zone = ZoneInfo(EXAMPLE_EVENT["time_zone"])
    event = _upsert(
        report,
        Event,
        {"slug": EXAMPLE_SLUG},
        {
            **EXAMPLE_EVENT,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "registration_closes_at": datetime.datetime.combine(
                starts_on, datetime.time(0, 0), tzinfo=zone
            ),
        },
    )
    for slug, kind, title, dimension, day, start, minutes in EXAMPLE_SESSIONS:
        _session(
            report,
            event,
            slug,
            kind=kind,
            title=title,
            start=(starts_on + datetime.timedelta(days=day), start),
            minutes=minutes,
            dimension=dimensions[dimension] if dimension else None,
            zone=zone,
        )
    return event


def _load_case_stories(report, institutions, dimensions, roundtables):
    stories = []
    for index, (institution_slug, area_key, themes, featured, extra) in enumerate(
        CASE_STORIES
    ):
        institution = institutions[institution_slug]
        _title, _wording, _challenge, dimension_slugs, area_tags = PRIORITY_AREAS[
            area_key
        ]
        story = _upsert(
            report,
            CaseStory,
            {"slug": f"{institution_slug}-{slugify_area(area_key)}"},
            {
                **case_story_data(institution, area_key, extra),
                "lead_institution": institution,
                "countries": [str(institution.country)],
                "year": 2014,
                "language": "en",
                "status": CaseStory.Status.PUBLISHED,
                "featured": featured,
                "published_at": CASE_STORIES_PUBLISHED_AT
                + datetime.timedelta(minutes=index),
            },
        )
        story.dimensions.set([dimensions[slug] for slug in dimension_slugs])
        _set_tags(story, [*themes, *area_tags])
        for slug in dimension_slugs:
            roundtables[slug].case_stories.add(story)
        stories.append(story)
    return stories


AREA_SLUGS = {
    "vision": "knowledge-vision-and-strategy",
    "coordination": "coordination-mechanisms",
    "programmes": "medium-and-long-term-programmes",
    "capture": "capturing-packaging-exchanging-knowledge",
    "evaluation": "monitoring-and-evaluation",
}


def slugify_area(area_key: str) -> str:
    return AREA_SLUGS[area_key]


def _load_post(report: DemoReport, hlm2: Event) -> Post:
    author = _demo_author(report, AUTHOR_USERNAME, "Nils", is_active=True)
    post = _upsert(
        report,
        Post,
        {"slug": POST_SLUG},
        {
            "title": POST_TITLE,
            "author": author,
            "summary": POST_SUMMARY,
            "body": post_body(hlm2.get_absolute_url()),
            "event": hlm2,
            "language": "en",
            "status": Post.Status.PUBLISHED,
            "published_at": POST_PUBLISHED_AT,
            "rejection_reason": "",
        },
        # Views counted since the demo was loaded are kept on a second run.
        create_only={"view_count": POST_VIEWS, "featured": True},
    )
    _set_tags(post, POST_TAGS)
    post_type = ContentType.objects.get_for_model(Post)
    for username, display_name, language, posted_at, body in POST_COMMENTS:
        commenter = _demo_author(report, username, display_name, is_active=False)
        if language != "en":
            _upsert(
                report, Profile, {"user": commenter}, {"preferred_language": language}
            )
        _upsert(
            report,
            Comment,
            {
                "content_type": post_type,
                "object_id": post.pk,
                "author": commenter,
                "parent": None,
            },
            {"body": body, "language": language, "created_at": posted_at},
            create_only={"status": Comment.Status.VISIBLE},
        )
    for position, (title, description) in enumerate(RESOURCES, start=1):
        _upsert(
            report,
            Resource,
            {"title": title},
            {"description": description, "url": "", "position": position},
        )
    return post


def _refresh_search_vectors(report: DemoReport, post: Post, stories) -> None:
    refresh_post_search_vector(post=post)
    try:
        from cases import services as case_services
    except ImportError:
        case_services = None
    refresh = getattr(case_services, "refresh_search_vector", None)
    if refresh is None:
        report.notes.append(
            "Case stories' search vectors were not refreshed: "
            "cases.services.refresh_search_vector does not exist."
        )
        return
    for story in stories:
        refresh(case_story=story)


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> DemoReport:
    """Load the whole demo content; safe to run any number of times."""
    today = today or timezone.localdate()
    report = DemoReport()
    password = demo_password()
    institutions = _load_institutions(report)
    dimensions = {dimension.slug: dimension for dimension in Dimension.objects.all()}

    _upsert(report, Event, {"slug": HLM1_SLUG}, HLM1)
    hlm2, roundtables = _load_hlm2(report, institutions, dimensions)
    _upsert(report, Event, {"slug": HLM3_SLUG}, HLM3)
    _load_example_event(report, today, dimensions)

    stories = _load_case_stories(report, institutions, dimensions, roundtables)
    post = _load_post(report, hlm2)

    _account(report, MODERATOR, password, moderator=True)
    _account(report, MEMBER, password, moderator=False)
    _refresh_search_vectors(report, post, stories)
    # The demo app sits beside kshub (not below it): named at run time until the
    # demo app takes this loader over.
    importlib.import_module("demo.discussions").load()
    return report
