"""A large generated community for benchmarks, built inside PostgreSQL.

Rows are made with ``INSERT … SELECT generate_series`` from small temporary tables of
words, sentences and paragraphs in English and Spanish, so 100 000 case stories and a
million comments take minutes rather than hours. Popularity is skewed like a real
library: an index drawn as ``floor(n ^ random())`` picks item k with a probability
close to 1/k, so a few dimensions, tags, countries and institutions are large and most
are small.

Every generated row is recognisable by a ``load-`` prefix on its slug, username or
e-mail address, so :func:`delete_generated` removes exactly what was generated.
Search vectors are built in SQL in the shape the write layers use (see
``cases.services.refresh_search_vector`` and ``blog.services.refresh_search_vector``).
"""

# SQL here is composed from constants and model metadata; values go as parameters.
# ruff: noqa: S608, S611

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.fields import NOT_PROVIDED

from blog.models import Post
from cases.models import CaseStory, Dimension
from comments.models import Comment
from core.search import CONFIGS as CASE_CONFIGS
from core.search import FALLBACK_CONFIGS as CASE_FALLBACK_CONFIGS
from core.search import weighted_vector
from events.models import Document, Event, Registration, Session, Speaker
from members.models import Institution, Profile, User


def _words(text: str) -> list[str]:
    return text.split()


PREFIX = "load-"
# The story every benchmark opens for "a case story with 200 comments" and the event
# whose programme has 40 sessions.
HOT_STORY_SLUG_PREFIX = f"{PREFIX}1-"
HOT_STORY_COMMENTS = 200
PROGRAMME_EVENT_SLUG = f"{PREFIX}event-programme"
PROGRAMME_SESSIONS = 40
# Planted words with a known spread: in about 10 % of the stories, and in a handful.
COMMON_WORD = "digital"
COMMON_WORD_SHARE = 0.10
RARE_WORD = "axolotl"
RARE_WORD_SHARE = 0.0001
MEMBER_PASSWORD = "load-member-password"  # noqa: S105 — generated test accounts only

# Most frequent first: the position of a word sets how often it is drawn.
ENGLISH_WORDS = _words("""
the of and to in a for that is on with as by are this was from at be an it which
have has their not more or its they these also were will been can all one our but
new other who through local national public support knowledge sharing development
programme project government institutions communities community data results
countries country learning policy services service system systems capacity social
management health education training water rural urban women young people farmers
schools teachers households families workers small enterprises markets finance
financial budget investment infrastructure energy climate risk disaster resilience
agriculture food security poverty reduction growth jobs employment income access
quality evidence monitoring evaluation impact design implementation scale reform
partners partnership cooperation south exchange experience experiences lessons
practice practices solutions solution challenge challenges context innovation tools
platform network networks teams staff officials ministry agency bank region regions
district districts municipal municipalities province provinces state states village
villages city cities program pilot phase first second three five years year time
during after before between across within under over about into each every most many
some few several both such only same well better improved improve improving increase
increased reduce reduced strengthen strengthened build built create created develop
developed provide provided help helped make made use used share shared learn learned
work worked working plan planning planned report reports reported review reviewed
study studies analysis survey surveys approach approaches model models method methods
framework standards rules law laws regulation regulations process processes practices
transfer peer peers mentoring coaching workshop workshops course courses module
modules materials guide guides manual toolkit case cases story stories lesson
outcome outcomes indicator indicators target targets goal goals priority priorities
demand supply cost costs price prices fund funds funding grant grants loan loans
credit savings insurance payment payments cash transfer transfers safety nets
protection inclusion equity gender youth children mothers elderly disability
housing transport roads ports trade exports tax revenue spending procurement audit
transparency accountability citizens participation feedback trust leadership
culture incentives performance results-based delivery units coordination decision
makers leaders managers experts researchers universities centres centre hub hubs
""")

SPANISH_WORDS = _words("""
de la que el en y a los del se las por un para con no una su al es lo como más pero
sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde
quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto
antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada
muchos cual poco ella estar estas algunas algo nosotros conocimiento desarrollo
programa proyecto gobierno instituciones comunidades comunidad datos resultados
países país aprendizaje política servicios servicio sistema sistemas capacidad
social gestión salud educación formación agua rural urbano mujeres jóvenes personas
agricultores escuelas docentes hogares familias trabajadores pequeñas empresas
mercados finanzas financiero presupuesto inversión infraestructura energía clima
riesgo desastres resiliencia agricultura alimentaria seguridad pobreza reducción
crecimiento empleo ingresos acceso calidad evidencia monitoreo evaluación impacto
diseño implementación escala reforma socios alianza cooperación sur intercambio
experiencia experiencias lecciones práctica prácticas soluciones solución desafío
desafíos contexto innovación herramientas plataforma red redes equipos personal
funcionarios ministerio agencia banco región regiones distrito municipal municipios
provincia provincias estado estados pueblo pueblos ciudad ciudades piloto fase
primera segunda tres cinco años año tiempo después mejor mejorado mejorar aumentar
aumentó reducir fortalecer fortalecido construir crear desarrollar proporcionar
ayudar hacer usar compartir aprender trabajo trabajar plan planificación informe
informes revisión estudio estudios análisis encuesta enfoque modelo método marco
normas reglas ley leyes regulación proceso procesos transferencia pares mentoría
taller talleres curso cursos módulo materiales guía manual caso casos historia
lección indicador indicadores meta metas objetivo prioridad demanda oferta costo
costos precio fondo fondos financiamiento subsidio préstamo crédito ahorro seguro
pago pagos transferencias protección inclusión equidad género juventud niños madres
vivienda transporte caminos comercio exportaciones impuestos ingresos gasto
compras auditoría transparencia rendición cuentas ciudadanos participación confianza
liderazgo cultura incentivos desempeño entrega coordinación decisión líderes
expertos investigadores universidades centros centro territorios municipalidades
""")

# Drawn for a few stories each, so that some searches find only a handful.
RARE_WORDS = ["quinoa", "mangrove", "geothermal", "telemedicine", "hydroponics"]

TAG_QUALIFIERS = _words("""
urban rural coastal community digital green inclusive local regional national
municipal participatory sustainable social public private youth gender climate
results-based open
""")
TAG_NOUNS = """
water governance; disaster risk management; social protection; financial inclusion;
public finance; health systems; early childhood; vocational training; basic
education; land administration; agriculture extension; food security; energy access;
transport planning; housing; waste management; e-government; open data; statistics;
tax administration; procurement; anti-corruption; peer learning; south-south
cooperation; monitoring and evaluation; conditional cash transfers; microfinance;
smallholder farming; fisheries; forestry; tourism; trade facilitation; export
promotion; SME development; employment services; pensions; nutrition; sanitation;
irrigation; climate adaptation; renewable energy; urban mobility; road safety;
knowledge management; innovation labs; civil service reform; decentralisation;
citizen feedback; public-private partnerships
""".replace("\n", " ").split(";")

FIRST_NAMES = _words("""
Ana Carlos María José Luis Carmen Juan Sofía Diego Lucía Ahmed Fatima Chen Wei
Priya Ravi Kwame Amina Olga Ivan Sarah John Emma David Nadia Omar Yuki Hiroshi
Min-jun Ji-woo Thabo Zanele Paulo Fernanda Andrés Valentina Mateo Camila Ngozi Tunde
""")
LAST_NAMES = _words("""
García Martínez López González Rodríguez Pérez Sánchez Ramírez Kim Lee Park Choi
Nguyen Tran Wang Li Zhang Singh Patel Kumar Okafor Mensah Diallo Traoré Silva Santos
Oliveira Smith Johnson Brown Müller Schmidt Rossi Dubois Ivanova Hassan Ali Tanaka
""")
POSITIONS = [
    "Director of Knowledge Management",
    "Programme Officer",
    "Senior Economist",
    "Policy Adviser",
    "Head of Partnerships",
    "Coordinadora de proyectos",
    "Jefe de planificación",
    "Research Fellow",
    "Vice-Minister",
    "Team Leader",
]
INSTITUTION_PATTERNS = [
    ("government", "Ministry of {noun}", "M{initial}"),
    ("government", "National Agency for {noun}", "NA{initial}"),
    ("government", "Ministerio de {noun_es}", "MI{initial}"),
    ("bank", "Development Bank for {noun}", "DB{initial}"),
    ("multilateral", "Regional Centre for {noun}", "RC{initial}"),
    ("research", "Institute of {noun} Studies", "I{initial}S"),
    ("non_state", "Foundation for {noun}", "F{initial}"),
    ("programme", "{noun} Programme", "{initial}P"),
]
INSTITUTION_NOUNS = [
    ("Planning", "Planificación"),
    ("Finance", "Hacienda"),
    ("Social Development", "Desarrollo Social"),
    ("Health", "Salud"),
    ("Education", "Educación"),
    ("Agriculture", "Agricultura"),
    ("Water", "Agua"),
    ("Energy", "Energía"),
    ("Transport", "Transporte"),
    ("Statistics", "Estadística"),
    ("Cooperation", "Cooperación"),
    ("Innovation", "Innovación"),
]
SESSION_KINDS = [kind for kind, _label in Session.Kind.choices]
COMMENTABLE_SHARE_STORIES = 0.85  # the rest of the comments go to posts


@dataclass(frozen=True)
class Counts:
    stories: int = 100_000
    institutions: int = 2_000
    members: int = 20_000
    comments: int = 1_000_000
    events: int = 500
    sessions: int = 10_000

    def scaled(self, factor: float) -> Counts:
        return replace(
            self,
            **{
                f.name: max(1, round(getattr(self, f.name) * factor))
                for f in fields(self)
            },
        )

    def bounded(self) -> Counts:
        """At least what the benchmark pages need: one story with 200 comments and
        one event with a programme of 40 sessions."""
        return replace(
            self,
            stories=max(self.stories, 20),
            institutions=max(self.institutions, 5),
            members=max(self.members, 10),
            comments=max(self.comments, HOT_STORY_COMMENTS),
            events=max(self.events, 1),
            sessions=max(self.sessions, PROGRAMME_SESSIONS),
        )


class GeneratedDataExists(Exception):
    pass


def generated_data_exists() -> bool:
    return CaseStory.objects.filter(slug__startswith=PREFIX).exists()


def generate(
    counts: Counts,
    *,
    seed: int = 1,
    log: Callable[[str], None] = print,
    vacuum: bool = True,
) -> dict[str, float]:
    """Fill the database with a generated community; returns seconds per step."""
    counts = counts.bounded()
    if generated_data_exists():
        raise GeneratedDataExists("Generated data already exists.")
    timings: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        builder = _Builder(cursor, counts, seed, log, timings)
        builder.run()
    if vacuum:
        start = time.monotonic()
        analyze_tables(vacuum=True)
        timings["vacuum analyze"] = time.monotonic() - start
        log(f"  vacuum analyze: {timings['vacuum analyze']:.1f} s")
    return timings


def analyze_tables(*, vacuum: bool = False) -> None:
    """Fresh planner statistics (and a visibility map, with vacuum) for every
    table the generator fills."""
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        tables = _generated_tables()
        if not vacuum:
            # What VACUUM would do for GIN indexes: move their pending entries into
            # the index, whose cost the planner otherwise counts against it.
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_am am ON am.oid = c.relam"
                " WHERE am.amname = 'gin' AND i.indrelid::regclass::text = ANY(%s)",
                [tables],
            )
        for table in tables:
            cursor.execute(f"{command} {table}")


def _generated_tables() -> list[str]:
    tables = []
    for model in (
        User,
        Profile,
        Institution,
        CaseStory,
        Post,
        Event,
        Session,
        Speaker,
        Document,
        Registration,
        Comment,
    ):
        tables.append(model._meta.db_table)
        tables.extend(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    tables += ["taggit_tag", "taggit_taggeditem", "account_emailaddress"]
    return tables


class _Builder:
    def __init__(self, cursor, counts: Counts, seed: int, log, timings) -> None:
        self.cursor = cursor
        self.counts = counts
        self.seed = seed
        self.log = log
        self.timings = timings
        self.rng = random.Random(seed)  # noqa: S311 — repeatable data, no secrets
        self.hot_stories = max(1, counts.stories // 5000)

    # helpers ---------------------------------------------------------------

    def execute(self, sql: str, params=None) -> None:
        self.cursor.execute(sql, params)

    def scalar(self, sql: str, params=None):
        self.cursor.execute(sql, params)
        return self.cursor.fetchone()[0]

    def step(self, name: str, function: Callable[[], None]) -> None:
        start = time.monotonic()
        function()
        self.timings[name] = time.monotonic() - start
        self.log(f"  {name}: {self.timings[name]:.1f} s")

    def insert(self, model, values: dict[str, str], source: str, params=None) -> int:
        """INSERT INTO the model's table the rows of ``SELECT <values> <source>``;
        a column not given gets its field's default, so new fields with defaults
        need no change here."""
        params = dict(params or {})
        columns, expressions = [], []
        for field in model._meta.concrete_fields:
            column = field.column
            if column in values:
                columns.append(column)
                expressions.append(values[column])
                continue
            if field.primary_key or field.db_default is not NOT_PROVIDED:
                continue
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                expression = "now()"
            elif field.has_default() or not field.null:
                name = f"default_{column}"
                params[name] = field.get_db_prep_save(field.get_default(), connection)
                expression = f"%({name})s::{field.db_type(connection)}"
            else:
                continue
            columns.append(column)
            expressions.append(expression)
        table = model._meta.db_table
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        self.execute(
            f"INSERT INTO {table} ({quoted}) SELECT {', '.join(expressions)} {source}",
            params,
        )
        return self.cursor.rowcount

    def index_temp(self, table: str, key: str) -> None:
        """A primary key and statistics, so the planner joins temporary tables
        with hashes and index look-ups instead of repeated scans."""
        self.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
        self.execute(f"ANALYZE {table}")

    def content_type_id(self, model) -> int:
        return ContentType.objects.get_for_model(model).pk

    # the run ---------------------------------------------------------------

    def run(self) -> None:
        # One plan per statement, repeatable with the seed; and no JIT, whose
        # compile time dwarfs these statements' run time.
        self.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        self.execute("SET LOCAL jit = off")
        self.execute("SELECT setseed(%s)", [(self.seed % 1000) / 1000])
        self.step("text pools", self.text_pools)
        self.step("tags", self.tags)
        self.step("institutions", self.institutions)
        self.step("members", self.members)
        self.step("case stories", self.stories)
        self.step("story dimensions, partners, tags", self.story_relations)
        self.step("posts", self.posts)
        self.step("events and sessions", self.events)
        self.step("comments", self.comments)
        self.step("search vectors", self.search_vectors)

    def text_pools(self) -> None:
        """Sentences from words drawn by rank, then paragraphs from sentences;
        stories and comments are assembled from these pools with hash joins."""
        counts = self.counts
        sentences = min(20_000, max(2_000, counts.stories // 4))
        paragraphs = min(20_000, max(1_000, counts.stories // 5))
        self.sentence_pool, self.paragraph_pool = sentences, paragraphs
        self.execute(
            "CREATE TEMP TABLE load_words (lang text PRIMARY KEY, words text[])"
            " ON COMMIT DROP"
        )
        self.execute(
            "INSERT INTO load_words VALUES ('en', %s), ('es', %s)",
            [ENGLISH_WORDS, SPANISH_WORDS],
        )
        self.execute(
            """
            CREATE TEMP TABLE load_word_ranks ON COMMIT DROP AS
            SELECT w.lang, r.rank::int AS rank, r.word
            FROM load_words w CROSS JOIN LATERAL unnest(w.words)
                 WITH ORDINALITY AS r(word, rank)
            """
        )
        self.index_temp("load_word_ranks", "lang, rank")
        self.execute(
            """
            CREATE TEMP TABLE load_sentences ON COMMIT DROP AS
            SELECT x.lang, x.n,
                   upper(left(string_agg(w.word, ' ' ORDER BY x.k), 1))
                   || substr(string_agg(w.word, ' ' ORDER BY x.k), 2) || '.' AS body
            FROM (
                SELECT l.lang, g.n, k,
                       floor(power(l.size + 1, random()))::int AS pick
                FROM (SELECT lang, count(*) AS size FROM load_word_ranks
                      GROUP BY lang) l
                CROSS JOIN generate_series(1, %(sentences)s) g(n)
                CROSS JOIN LATERAL generate_series(
                    1, 6 + (random() * 14)::int + 0 * g.n) k
            ) x
            JOIN load_word_ranks w ON w.lang = x.lang AND w.rank = x.pick
            GROUP BY x.lang, x.n
            """,
            {"sentences": sentences},
        )
        self.index_temp("load_sentences", "lang, n")
        self.execute(
            """
            CREATE TEMP TABLE load_paragraphs ON COMMIT DROP AS
            SELECT x.lang, x.n, string_agg(s.body, ' ' ORDER BY x.k) AS body
            FROM (
                SELECT w.lang, g.n, k,
                       1 + ((k * 7919 + g.n * 104729) %% %(sentences)s) AS pick
                FROM load_words w
                CROSS JOIN generate_series(1, %(paragraphs)s) g(n)
                CROSS JOIN LATERAL generate_series(
                    1, 2 + (random() * 4)::int + 0 * g.n) k
            ) x
            JOIN load_sentences s ON s.lang = x.lang AND s.n = x.pick
            GROUP BY x.lang, x.n
            """,
            {"sentences": sentences, "paragraphs": paragraphs},
        )
        self.index_temp("load_paragraphs", "lang, n")
        countries = [
            "KR", "CO", "MX", "ID", "IN", "ZA", "BR", "CL", "PE", "KE", "NG", "GH",
            "VN", "PH", "TH", "MY", "ET", "TZ", "UG", "RW", "SN", "MA", "EG", "TR",
            "BD", "PK", "LK", "NP", "KH", "LA", "MN", "KZ", "UZ", "AR", "UY", "PY",
            "BO", "EC", "GT", "HN", "SV", "NI", "CR", "PA", "DO", "JM", "HT", "CU",
            "FJ", "PG", "CN", "JP", "US", "GB", "FR", "DE", "ES", "IT", "NL", "SE",
            "NO", "DK", "FI", "CA", "AU", "NZ", "CI", "CM", "BF", "ML", "NE", "TD",
            "ZM", "ZW", "MW", "MZ", "AO", "NA", "BW", "MG", "TN", "DZ", "JO", "LB",
        ]  # fmt: skip
        self.rng.shuffle(countries)
        self.execute("CREATE TEMP TABLE load_countries (codes text[]) ON COMMIT DROP")
        self.execute("INSERT INTO load_countries VALUES (%s)", [countries])
        self.execute("ANALYZE load_countries")

    def tags(self) -> None:
        names = sorted(
            {
                f"{qualifier} {noun.strip()}".strip()
                for qualifier in ["", *TAG_QUALIFIERS]
                for noun in TAG_NOUNS
                if noun.strip()
            }
        )
        self.rng.shuffle(names)
        wanted = min(len(names), max(20, self.counts.stories // 50))
        self.execute(
            """
            INSERT INTO taggit_tag (name, slug)
            SELECT name, %(prefix)s || ord || '-' ||
                   regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g')
            FROM unnest(%(names)s::text[]) WITH ORDINALITY AS t(name, ord)
            ON CONFLICT DO NOTHING
            """,
            {"names": names[:wanted], "prefix": PREFIX},
        )
        self.execute(
            """
            CREATE TEMP TABLE load_tags ON COMMIT DROP AS
            SELECT id, name, row_number() OVER (ORDER BY id)::int AS rn
            FROM taggit_tag WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_tags", "rn")
        self.tag_count = self.scalar("SELECT count(*) FROM load_tags")

    def institutions(self) -> None:
        patterns = [
            (kind, name, acronym, english, spanish)
            for kind, name, acronym in INSTITUTION_PATTERNS
            for english, spanish in INSTITUTION_NOUNS
        ]
        self.execute(
            """
            CREATE TEMP TABLE load_institution_patterns ON COMMIT DROP AS
            SELECT ord::int AS rn, kind, name, acronym
            FROM unnest(%(kinds)s::text[], %(names)s::text[], %(acronyms)s::text[])
                 WITH ORDINALITY AS p(kind, name, acronym, ord)
            """,
            {
                "kinds": [p[0] for p in patterns],
                "names": [p[1].format(noun=p[3], noun_es=p[4]) for p in patterns],
                "acronyms": [
                    p[2].format(initial="".join(w[0] for w in p[3].split()))
                    for p in patterns
                ],
            },
        )
        self.execute("ANALYZE load_institution_patterns")
        self.insert(
            Institution,
            {
                "name": "p.name || ' (' || c.codes[1 + g.i %% cardinality(c.codes)]"
                " || ')' || CASE WHEN g.i > %(patterns)s * cardinality(c.codes)"
                " THEN ' ' || g.i ELSE '' END",
                "acronym": "left(p.acronym || c.codes[1 + g.i %% cardinality(c.codes)]"
                ", 30)",
                "slug": "%(prefix)s || 'inst-' || g.i",
                "country": "c.codes[1 + g.i %% cardinality(c.codes)]",
                "kind": "p.kind",
                "website": "'https://inst-' || g.i || '.example.org/'",
                "description": "(SELECT body FROM load_paragraphs lp"
                " WHERE lp.lang = 'en' AND lp.n = 1 + g.i %% %(paragraphs)s)",
                "verified": "random() < 0.95",
                "created_at": "now() - random() * interval '10 years'",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN load_countries c
            JOIN load_institution_patterns p ON p.rn = 1 + (g.i * 7) %% %(patterns)s
            """,
            {
                "count": self.counts.institutions,
                "patterns": len(patterns),
                "prefix": PREFIX,
                "paragraphs": self.paragraph_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_institutions ON COMMIT DROP AS
            SELECT id, name, acronym, row_number() OVER (ORDER BY id)::int AS rn
            FROM members_institution WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_institutions", "rn")

    def members(self) -> None:
        count = self.counts.members
        password = make_password(MEMBER_PASSWORD)
        names = {"first": FIRST_NAMES, "last": LAST_NAMES}
        self.insert(
            User,
            {
                "password": "%(password)s",
                "username": "%(prefix)s || 'member-' || g.i",
                "first_name": "(%(first)s::text[])[1 + g.i %% %(n_first)s]",
                "last_name": "(%(last)s::text[])[1 + (g.i / %(n_first)s) %%"
                " %(n_last)s]",
                "email": "%(prefix)s || 'member-' || g.i || '@example.org'",
                "is_staff": "false",
                "is_active": "true",
                "is_superuser": "false",
                "date_joined": "now() - interval '2 days' - random() * interval"
                " '8 years'",
                "suspended_at": "CASE WHEN random() < 0.005 THEN now() END",
            },
            "FROM generate_series(1, %(count)s) g(i)",
            {
                "password": password,
                "prefix": PREFIX,
                "count": count,
                "first": names["first"],
                "last": names["last"],
                "n_first": len(FIRST_NAMES),
                "n_last": len(LAST_NAMES),
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_members ON COMMIT DROP AS
            SELECT id, first_name, last_name, email, date_joined,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM members_user WHERE username LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_members", "rn")
        self.insert(
            Profile,
            {
                "user_id": "m.id",
                "display_name": "m.first_name || ' ' || m.last_name || ' ' || m.rn",
                "position": "(%(positions)s::text[])[1 + m.rn %% %(n_positions)s]",
                "institution_id": "CASE WHEN random() < 0.9 THEN (SELECT i.id FROM"
                " load_institutions i WHERE i.rn = x.institution_rn) END",
                "country": "c.codes[floor(power(cardinality(c.codes), random()))::int]",
                "bio": "CASE WHEN random() < 0.5 THEN (SELECT body FROM load_paragraphs"
                " lp WHERE lp.lang = 'en' AND lp.n = 1 + m.rn %% %(paragraphs)s)"
                " ELSE ''"
                " END",
                "preferred_language": "CASE WHEN random() < 0.25 THEN 'es' ELSE 'en'"
                " END",
                "weekly_digest": "random() < 0.2",
                "listed_in_directory": "random() < 0.9",
            },
            """
            FROM load_members m CROSS JOIN load_countries c
            CROSS JOIN LATERAL (
                SELECT floor(power(%(institutions)s, random() + 0 * m.rn))::int
                    AS institution_rn) x
            """,
            {
                "positions": POSITIONS,
                "n_positions": len(POSITIONS),
                "institutions": self.counts.institutions,
                "paragraphs": self.paragraph_pool,
            },
        )
        self.execute(
            """
            INSERT INTO account_emailaddress (user_id, email, verified, "primary")
            SELECT id, email, random() < 0.95 OR rn <= 2000, true FROM load_members
            """
        )

    def stories(self) -> None:
        counts = self.counts
        dimensions = list(
            Dimension.objects.order_by("position").values_list("pk", flat=True)
        )
        self.rng.shuffle(dimensions)
        self.dimension_ids = dimensions
        self.execute(
            """
            CREATE TEMP TABLE load_story_source ON COMMIT DROP AS
            SELECT g.i,
                   CASE WHEN g.i <= %(hot)s OR random() < 0.25 THEN
                        CASE WHEN g.i <= %(hot)s THEN 'en' ELSE 'es' END
                        ELSE 'en' END AS lang,
                   CASE WHEN g.i <= %(hot)s THEN 'published'
                        ELSE (ARRAY['published', 'draft', 'submitted', 'rejected',
                                    'archived'])[
                            CASE WHEN r < 0.90 THEN 1 WHEN r < 0.94 THEN 2
                                 WHEN r < 0.97 THEN 3 WHEN r < 0.99 THEN 4 ELSE 5 END]
                   END AS status,
                   now() - random() * interval '12 years' AS published_at,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p1,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p2,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p3,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p4,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p5,
                   1 + (random() * (%(sentences)s - 1))::int AS s1,
                   1 + (random() * (%(sentences)s - 1))::int AS s2,
                   random() < %(common)s AS common_word,
                   floor(power(%(institutions)s, random()))::int AS institution_rn,
                   CASE WHEN random() < %(rare)s OR g.i = 1 THEN %(rare_word)s
                        WHEN random() < 0.002 THEN
                             (%(rare_words)s::text[])[1 + (random() * 4)::int]
                        ELSE '' END AS rare
            FROM generate_series(1, %(count)s) g(i),
                 LATERAL (SELECT random() + 0 * g.i AS r) rr
            """,
            {
                "count": counts.stories,
                "hot": self.hot_stories,
                "paragraphs": self.paragraph_pool,
                "sentences": self.sentence_pool,
                "common": COMMON_WORD_SHARE,
                "rare": RARE_WORD_SHARE,
                "rare_word": RARE_WORD,
                "rare_words": RARE_WORDS,
                "institutions": counts.institutions,
            },
        )
        self.execute("ANALYZE load_story_source")
        title = (
            "initcap(array_to_string((string_to_array(t.body, ' '))[1:4 + src.i %% 6],"
            " ' '))"
        )
        self.insert(
            CaseStory,
            {
                "title": f"left({title}, 190)",
                "slug": f"left(%(prefix)s || src.i || '-' || trim(both '-' from "
                f"regexp_replace(lower(unaccent({title})), '[^a-z0-9]+', '-', 'g')),"
                " 200)",
                "summary": "left(s.body || CASE WHEN src.common_word THEN ' "
                f"{COMMON_WORD}.' ELSE '' END, 280)",
                "context": "c1.body",
                "challenge": "c2.body",
                "solution": "c3.body || CASE WHEN src.rare <> '' THEN ' ' || src.rare"
                " || '.' ELSE '' END",
                "results": "c4.body",
                "lessons": "c5.body",
                "lead_institution_id": "(SELECT i.id FROM load_institutions i WHERE"
                " i.rn = src.institution_rn)",
                "countries": "ARRAY(SELECT DISTINCT c.codes[floor(power("
                "cardinality(c.codes), random()))::int] FROM generate_series(1,"
                " 1 + (random() * random() * 3)::int + 0 * src.i))::varchar(2)[]",
                "year": "extract(year FROM src.published_at)::int",
                "language": "src.lang",
                "status": "src.status",
                "featured": "src.status = 'published' AND (src.i <= %(hot)s OR"
                " random() < 0.005)",
                "author_id": "(SELECT m.id FROM load_members m WHERE m.rn = 1 +"
                " ((src.i * 7919) %% %(members)s))",
                "rejection_reason": "CASE WHEN src.status = 'rejected' THEN"
                " 'Please add results with figures.' ELSE '' END",
                "published_at": "CASE WHEN src.status IN ('published', 'archived')"
                " THEN src.published_at END",
                "view_count": "floor(power(20000, random()))::int",
                "created_at": "src.published_at - interval '10 days'",
                "updated_at": "src.published_at",
            },
            """
            FROM load_story_source src
            CROSS JOIN load_countries c
            JOIN load_sentences t ON t.lang = src.lang AND t.n = src.s1
            JOIN load_sentences s ON s.lang = src.lang AND s.n = src.s2
            JOIN load_paragraphs c1 ON c1.lang = src.lang AND c1.n = src.p1
            JOIN load_paragraphs c2 ON c2.lang = src.lang AND c2.n = src.p2
            JOIN load_paragraphs c3 ON c3.lang = src.lang AND c3.n = src.p3
            JOIN load_paragraphs c4 ON c4.lang = src.lang AND c4.n = src.p4
            JOIN load_paragraphs c5 ON c5.lang = src.lang AND c5.n = src.p5
            ORDER BY src.i
            """,
            {
                "prefix": PREFIX,
                "institutions": self.counts.institutions,
                "members": self.counts.members,
                "hot": self.hot_stories,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_stories ON COMMIT DROP AS
            SELECT id, status, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM cases_casestory WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_stories", "rn")
        # Published stories that are not the hot ones, numbered for random picks.
        self.execute(
            """
            CREATE TEMP TABLE load_published ON COMMIT DROP AS
            SELECT id, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM load_stories WHERE status = 'published' AND rn > %(hot)s
            """,
            {"hot": self.hot_stories},
        )
        self.index_temp("load_published", "rn")
        self.published_count = self.scalar("SELECT count(*) FROM load_published")

    def story_relations(self) -> None:
        through = CaseStory.dimensions.through._meta
        self.execute(
            f"""
            INSERT INTO {through.db_table} (casestory_id, dimension_id)
            SELECT DISTINCT s.id, (%(dims)s::bigint[])[
                floor(power(cardinality(%(dims)s::bigint[]) + 1, random()))::int]
            FROM load_stories s
                 CROSS JOIN LATERAL
                     generate_series(1, 1 + (random() * 2)::int + 0 * s.rn) k
            """,
            {"dims": self.dimension_ids},
        )
        through = CaseStory.partner_institutions.through._meta
        self.execute(
            f"""
            INSERT INTO {through.db_table} (casestory_id, institution_id)
            SELECT DISTINCT s.id, i.id
            FROM load_stories s
                 CROSS JOIN LATERAL
                     generate_series(1, (random() * 2.4)::int + 0 * s.rn) k
                 CROSS JOIN LATERAL
                     (SELECT 1 + floor(random() * %(n)s)::int + 0 * k AS pick) p
            JOIN load_institutions i ON i.rn = p.pick
            """,
            {"n": self.counts.institutions},
        )
        self.tag_rows(self.content_type_id(CaseStory), "load_stories", 1, 5)

    def tag_rows(self, content_type_id: int, table: str, low: int, high: int) -> None:
        self.execute(
            f"""
            INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
            SELECT DISTINCT s.id, %(ct)s, t.id
            FROM {table} s,
                 LATERAL generate_series(1, %(low)s + (random() * %(spread)s)::int
                                            + 0 * s.rn) k
                 CROSS JOIN LATERAL
                     (SELECT floor(power(%(tags)s + 1, random()))::int + 0 * k
                          AS pick) p
            JOIN load_tags t ON t.rn = p.pick
            """,
            {
                "ct": content_type_id,
                "low": low,
                "spread": high - low,
                "tags": self.tag_count,
            },
        )

    def posts(self) -> None:
        count = max(10, self.counts.stories // 20)
        self.insert(
            Post,
            {
                "title": "left(initcap(array_to_string((string_to_array(t.body, ' '))"
                "[1:3 + g.i %% 6], ' ')), 190)",
                "slug": "%(prefix)s || 'post-' || g.i",
                "author_id": "(SELECT m.id FROM load_members m WHERE m.rn = 1 +"
                " ((g.i * 104729) %% %(members)s))",
                "summary": "left(s.body, 280)",
                "body": "p1.body || E'\\n\\n' || p2.body || E'\\n\\n' || p3.body",
                "event_id": "NULL",
                "language": "w.lang",
                "status": "CASE WHEN random() < 0.9 THEN 'published' ELSE 'draft' END",
                "featured": "random() < 0.01",
                "published_at": "now() - random() * interval '10 years'",
                "view_count": "floor(power(5000, random()))::int",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN LATERAL (SELECT CASE WHEN random() + 0 * g.i < 0.25 THEN 'es'
                                            ELSE 'en' END AS lang) w
            JOIN load_sentences t ON t.lang = w.lang AND t.n = 1 + g.i %% %(sentences)s
            JOIN load_sentences s ON s.lang = w.lang
                                 AND s.n = 1 + (g.i * 31) %% %(sentences)s
            JOIN load_paragraphs p1 ON p1.lang = w.lang
                                   AND p1.n = 1 + (g.i * 3) %% %(paragraphs)s
            JOIN load_paragraphs p2 ON p2.lang = w.lang
                                   AND p2.n = 1 + (g.i * 5) %% %(paragraphs)s
            JOIN load_paragraphs p3 ON p3.lang = w.lang
                                   AND p3.n = 1 + (g.i * 11) %% %(paragraphs)s
            """,
            {
                "count": count,
                "prefix": PREFIX,
                "members": self.counts.members,
                "sentences": self.sentence_pool,
                "paragraphs": self.paragraph_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_posts ON COMMIT DROP AS
            SELECT id, status, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM blog_post WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_posts", "rn")
        self.tag_rows(self.content_type_id(Post), "load_posts", 1, 3)
        self.execute(
            """
            CREATE TEMP TABLE load_published_posts ON COMMIT DROP AS
            SELECT id, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM load_posts WHERE status = 'published'
            """
        )
        self.index_temp("load_published_posts", "rn")
        self.published_posts = self.scalar("SELECT count(*) FROM load_published_posts")

    def events(self) -> None:
        counts = self.counts
        self.insert(
            Event,
            {
                "title": "CASE WHEN g.i = 1 THEN 'High-Level Meeting on Knowledge"
                " Hubs: the full programme' ELSE 'Knowledge Exchange Forum on ' ||"
                " initcap(split_part(t.body, ' ', 3)) || ' ' || g.i END",
                "short_name": "CASE WHEN g.i = 1 THEN 'HLM load' ELSE 'KEF ' ||"
                " g.i END",
                "slug": "CASE WHEN g.i = 1 THEN %(programme)s ELSE %(prefix)s ||"
                " 'event-' || g.i END",
                "city": "(ARRAY['Seoul', 'Bali', 'Bogotá', 'Nairobi', 'Mexico City',"
                " 'Jakarta', 'Cape Town', 'Lima'])[1 + g.i %% 8]",
                "country": "(ARRAY['KR', 'ID', 'CO', 'KE', 'MX', 'ID', 'ZA', 'PE'])"
                "[1 + g.i %% 8]",
                "time_zone": "'UTC'",
                "starts_on": "d.starts_on",
                "ends_on": "d.starts_on + CASE WHEN g.i = 1 THEN 3"
                " ELSE (random() * 3)::int END",
                "summary": "left(p.body, 600)",
                "body": "p.body",
                "participants_count": "50 + (random() * 500)::int",
                "countries_count": "5 + (random() * 40)::int",
                "capacity": "CASE WHEN random() < 0.5 THEN 100 + (random() * 400)::int"
                " END",
                "registration_open": "d.starts_on > current_date",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN LATERAL (
                SELECT CASE WHEN g.i = 1 THEN current_date + 30
                            ELSE date '2012-01-01' + (random() * 6000)::int + 0 * g.i
                       END AS starts_on) d
            JOIN load_paragraphs p ON p.lang = 'en' AND p.n = 1 + g.i %% %(paragraphs)s
            JOIN load_sentences t ON t.lang = 'en' AND t.n = 1 + g.i %% %(sentences)s
            """,
            {
                "count": counts.events,
                "programme": PROGRAMME_EVENT_SLUG,
                "prefix": PREFIX,
                "paragraphs": self.paragraph_pool,
                "sentences": self.sentence_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_events ON COMMIT DROP AS
            SELECT id, starts_on, ends_on,
                   row_number() OVER (ORDER BY slug <> %(programme)s, id)::int AS rn
            FROM events_event WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%", "programme": PROGRAMME_EVENT_SLUG},
        )
        self.index_temp("load_events", "rn")
        through = Event.organisers.through._meta
        self.execute(
            f"""
            INSERT INTO {through.db_table} (event_id, institution_id)
            SELECT DISTINCT e.id, i.id
            FROM load_events e
                 CROSS JOIN LATERAL
                     generate_series(1, 1 + (random() * 1.4)::int + 0 * e.rn) k
            JOIN load_institutions i
              ON i.rn = 1 + (e.rn * 31 + k * 7919) %% %(n)s
            """,
            {"n": counts.institutions},
        )
        # The first event holds the 40-session programme; the rest share the others.
        others = counts.events - 1
        self.insert(
            Session,
            {
                "event_id": "e.id",
                "slug": "'session-' || g.i",
                "kind": "(%(kinds)s::text[])[1 + g.i %% %(n_kinds)s]",
                "title": "initcap(array_to_string((string_to_array(t.body, ' '))"
                "[1:3 + g.i %% 5], ' '))",
                "description": "p.body",
                "starts_at": "(e.starts_on + x.day)::timestamp AT TIME ZONE 'UTC'"
                " + (9 + x.slot) * interval '1 hour'",
                "ends_at": "(e.starts_on + x.day)::timestamp AT TIME ZONE 'UTC'"
                " + (10 + x.slot) * interval '1 hour'",
                "place": "'Room ' || (1 + g.i %% 12)",
                "dimension_id": "CASE WHEN random() < 0.7 THEN"
                " (%(dims)s::bigint[])[1 + g.i %% cardinality(%(dims)s::bigint[])] END",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN LATERAL (
                SELECT CASE WHEN g.i <= %(programme)s OR %(others)s = 0 THEN 1
                            ELSE 2 + floor(random() * %(others)s)::int + 0 * g.i
                       END AS event_rn) pick
            JOIN load_events e ON e.rn = pick.event_rn
            CROSS JOIN LATERAL (
                SELECT CASE WHEN g.i <= %(programme)s THEN (g.i - 1) / 10
                            ELSE floor(random() * (e.ends_on - e.starts_on + 1))::int
                       END AS day,
                       CASE WHEN g.i <= %(programme)s THEN (g.i - 1) %% 10
                            ELSE floor(random() * 9)::int END AS slot) x
            JOIN load_paragraphs p ON p.lang = 'en' AND p.n = 1 + g.i %% %(paragraphs)s
            JOIN load_sentences t ON t.lang = 'en'
                                 AND t.n = 1 + (g.i * 13) %% %(sentences)s
            """,
            {
                "count": counts.sessions,
                "programme": PROGRAMME_SESSIONS,
                "others": others,
                "kinds": SESSION_KINDS,
                "n_kinds": len(SESSION_KINDS),
                "dims": self.dimension_ids,
                "paragraphs": self.paragraph_pool,
                "sentences": self.sentence_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_sessions ON COMMIT DROP AS
            SELECT s.id, row_number() OVER (ORDER BY s.id)::int AS rn
            FROM events_session s JOIN load_events e ON e.id = s.event_id
            """
        )
        self.index_temp("load_sessions", "rn")
        self.insert(
            Speaker,
            {
                "session_id": "s.id",
                "name": "(%(first)s::text[])[1 + (s.rn * 3 + k) %% %(n_first)s] || ' '"
                " || (%(last)s::text[])[1 + (s.rn * 7 + k) %% %(n_last)s]",
                "position": "(%(positions)s::text[])[1 + (s.rn + k) %%"
                " %(n_positions)s]",
                "institution_id": "(SELECT i.id FROM load_institutions i WHERE i.rn ="
                " x.institution_rn)",
                "order": "k",
            },
            """
            FROM load_sessions s
                 CROSS JOIN LATERAL
                     generate_series(1, 1 + (random() * 3)::int + 0 * s.rn) k
                 CROSS JOIN LATERAL
                     (SELECT floor(power(%(institutions)s, random() + 0 * k))::int
                          AS institution_rn) x
            """,
            {
                "first": FIRST_NAMES,
                "last": LAST_NAMES,
                "n_first": len(FIRST_NAMES),
                "n_last": len(LAST_NAMES),
                "positions": POSITIONS,
                "n_positions": len(POSITIONS),
                "institutions": counts.institutions,
            },
        )
        through = Session.case_stories.through._meta
        if self.published_count:
            self.execute(
                f"""
                INSERT INTO {through.db_table} (session_id, casestory_id)
                SELECT DISTINCT s.id, p.id
                FROM load_sessions s
                     CROSS JOIN LATERAL
                         generate_series(1, (random() * 3)::int + 0 * s.rn) k
                JOIN load_published p
                  ON p.rn = 1 + (s.rn * 7919 + k * 104729) %% %(n)s
                """,
                {"n": self.published_count},
            )
        self.insert(
            Document,
            {
                "event_id": "e.id",
                "title": "CASE WHEN k = 1 THEN 'Outcome document ' || e.rn"
                " ELSE 'Presentation ' || e.rn || '-' || k END",
                "slug": "'document-' || e.rn || '-' || k",
                "kind": "CASE WHEN k = 1 THEN 'outcome' ELSE 'presentation' END",
                "file": "''",
                "content_type": "'application/pdf'",
                "size": "100000 + (random() * 900000)::int",
                "language": "'en'",
            },
            """
            FROM load_events e
                 CROSS JOIN LATERAL generate_series(1, CASE WHEN e.rn = 1 THEN 3
                                                 ELSE (random() * 2)::int END) k
            """,
        )
        self.execute(
            f"""
            INSERT INTO {Registration._meta.db_table}
                (event_id, member_id, status, created_at, updated_at)
            SELECT DISTINCT ON (e.id, m.id) e.id, m.id,
                   CASE WHEN random() < 0.9 THEN 'registered' ELSE 'cancelled' END,
                   now(), now()
            FROM load_events e
                 CROSS JOIN LATERAL
                     generate_series(1, (random() * 40)::int + 0 * e.rn) k
            JOIN load_members m ON m.rn = 1 + (e.rn * 7919 + k * 104729) %% %(n)s
            """,
            {"n": counts.members},
        )

    def comments(self) -> None:
        counts = self.counts
        story_type = self.content_type_id(CaseStory)
        post_type = self.content_type_id(Post)
        first_id = self.scalar("SELECT coalesce(max(id), 0) FROM comments_comment")
        comment_values = {
            "content_type_id": "src.ct",
            "object_id": "src.object_id",
            "author_id": "m.id",
            "parent_id": "NULL",
            "body": "b1.body || CASE WHEN src.two THEN ' ' || b2.body ELSE '' END",
            "language": "src.lang",
            "status": "src.status",
            "submission_key": "NULL",
            "created_at": "src.created_at",
            "edited_at": "NULL",
        }
        comment_source = """
            FROM {source} src
            JOIN load_members m ON m.rn = src.author_rn
            JOIN load_sentences b1 ON b1.lang = src.lang AND b1.n = src.s1
            JOIN load_sentences b2 ON b2.lang = src.lang AND b2.n = src.s2
            ORDER BY src.created_at
        """
        random_columns = """
            1 + floor(power(random(), 2) * %(members)s)::int AS author_rn,
            1 + floor(random() * (%(sentences)s - 1))::int AS s1,
            1 + floor(random() * (%(sentences)s - 1))::int AS s2,
            random() < 0.4 AS two,
            (ARRAY['visible', 'hidden', 'pending', 'removed'])[
                CASE WHEN r < 0.97 THEN 1 WHEN r < 0.98 THEN 2
                     WHEN r < 0.99 THEN 3 ELSE 4 END] AS status
        """
        common = {
            "members": counts.members,
            "sentences": self.sentence_pool,
        }
        # The hot stories: exactly 200 each, a fifth of them replies.
        hot_top = HOT_STORY_COMMENTS * 4 // 5
        hot_replies = HOT_STORY_COMMENTS - hot_top
        self.execute(
            f"""
            CREATE TEMP TABLE load_hot_comments ON COMMIT DROP AS
            SELECT %(ct)s AS ct, s.id AS object_id, s.language AS lang,
                   s.published_at + (now() - s.published_at) * (k::float / 250)
                       AS created_at,
                   {random_columns}
            FROM load_stories s, generate_series(1, %(top)s) k
                 CROSS JOIN LATERAL (SELECT 0.0 + 0 * k AS r) rr
            WHERE s.rn <= %(hot)s
            """,
            {**common, "ct": story_type, "top": hot_top, "hot": self.hot_stories},
        )
        self.execute("ANALYZE load_hot_comments")
        self.insert(
            Comment,
            comment_values,
            comment_source.format(source="load_hot_comments"),
        )
        self.execute(
            """
            CREATE TEMP TABLE load_reply_source ON COMMIT DROP AS
            SELECT c.id AS parent_id, c.content_type_id AS ct, c.object_id,
                   c.language AS lang,
                   c.created_at + random() * interval '3 days' AS created_at,
                   row_number() OVER (PARTITION BY c.object_id ORDER BY random())
                       AS position
            FROM comments_comment c
            WHERE c.id > %(first)s AND c.status = 'visible'
            """,
            {"first": first_id},
        )
        self.execute("ANALYZE load_reply_source")
        self._insert_replies(
            "WHERE position <= %(replies)s", {"replies": hot_replies}, common
        )
        self.execute("DROP TABLE load_reply_source")
        # The rest: top-level comments skewed towards a few busy discussions.
        remaining = counts.comments - self.hot_stories * HOT_STORY_COMMENTS
        if remaining <= 0:
            return
        replies = remaining // 4
        top = remaining - replies
        after_hot = self.scalar("SELECT max(id) FROM comments_comment")
        targets = [
            ("load_published", story_type, self.published_count),
            ("load_published_posts", post_type, self.published_posts),
        ]
        story_share = COMMENTABLE_SHARE_STORIES if self.published_posts else 1.0
        for table, content_type, available in targets:
            wanted = round(
                top * (story_share if table == "load_published" else 1 - story_share)
            )
            if not available or wanted <= 0:
                continue
            self.execute(
                f"""
                CREATE TEMP TABLE load_comment_source ON COMMIT DROP AS
                SELECT %(ct)s AS ct, t.id AS object_id, t.language AS lang,
                       t.published_at + (now() - t.published_at) * random()
                           AS created_at,
                       {random_columns}
                FROM generate_series(1, %(wanted)s) g(i)
                CROSS JOIN LATERAL (
                    SELECT 1 + floor(power(random() + 0 * g.i, 1.5)
                                     * %(available)s)::int AS target_rn,
                           random() AS r) rr
                JOIN {table} t ON t.rn = least(rr.target_rn, %(available)s)
                """,
                {
                    **common,
                    "ct": content_type,
                    "wanted": wanted,
                    "available": available,
                },
            )
            self.execute("ANALYZE load_comment_source")
            self.insert(
                Comment,
                comment_values,
                comment_source.format(source="load_comment_source"),
            )
            self.execute("DROP TABLE load_comment_source")
        # One level of replies, each to a different visible comment.
        self.execute(
            """
            CREATE TEMP TABLE load_reply_source ON COMMIT DROP AS
            SELECT c.id AS parent_id, c.content_type_id AS ct, c.object_id,
                   c.language AS lang,
                   c.created_at + random() * interval '3 days' AS created_at,
                   0 AS position
            FROM comments_comment c
            WHERE c.id > %(after)s AND c.status = 'visible'
            ORDER BY random()
            LIMIT %(replies)s
            """,
            {"after": after_hot, "replies": replies},
        )
        self.execute("ANALYZE load_reply_source")
        self._insert_replies("", {}, common)

    def _insert_replies(self, where: str, params: dict, common: dict) -> None:
        self.execute(
            f"""
            CREATE TEMP TABLE load_reply_rows ON COMMIT DROP AS
            SELECT r.*,
                   1 + floor(random() * %(members)s)::int AS author_rn,
                   1 + floor(random() * (%(sentences)s - 1))::int AS s1
            FROM load_reply_source r {where}
            """,
            {**common, **params},
        )
        self.execute("ANALYZE load_reply_rows")
        self.insert(
            Comment,
            {
                "content_type_id": "r.ct",
                "object_id": "r.object_id",
                "author_id": "m.id",
                "parent_id": "r.parent_id",
                "body": "b.body",
                "language": "r.lang",
                "status": "'visible'",
                "submission_key": "NULL",
                "created_at": "r.created_at",
                "edited_at": "NULL",
            },
            """
            FROM load_reply_rows r
            JOIN load_members m ON m.rn = r.author_rn
            JOIN load_sentences b ON b.lang = r.lang AND b.n = r.s1
            ORDER BY r.created_at
            """,
        )
        self.execute("DROP TABLE load_reply_rows")

    def search_vectors(self) -> None:
        fill_search_vectors()


def fill_search_vectors(*, stories=None, posts=None) -> None:
    """Store the vectors that ``cases.services.refresh_search_vector`` and
    ``blog.services.refresh_search_vector`` build (title A, summary B, sections or
    body C, themes and institution names D, in the configurations of the row's
    language), one UPDATE per language instead of one per row. By default for
    every generated story and post."""
    if stories is None:
        stories = CaseStory.objects.filter(slug__startswith=PREFIX)
    if posts is None:
        posts = Post.objects.filter(slug__startswith=PREFIX)
    story_type = ContentType.objects.get_for_model(CaseStory).pk
    post_type = ContentType.objects.get_for_model(Post).pk
    story_table, post_table = CaseStory._meta.db_table, Post._meta.db_table
    partners = CaseStory.partner_institutions.through._meta.db_table
    tag_names = """(SELECT string_agg(t.name, ' '{order})
        FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
        WHERE ti.content_type_id = %s AND ti.object_id = {table}.id)"""
    story_words = RawSQL(
        f"""concat_ws(' ', {tag_names.format(order="", table=story_table)},
            (SELECT string_agg(concat_ws(' ', nullif(i.name, ''),
                                         nullif(i.acronym, '')), ' ' ORDER BY i.id)
             FROM members_institution i
             WHERE i.id = {story_table}.lead_institution_id
                OR i.id IN (SELECT p.institution_id FROM {partners} p
                            WHERE p.casestory_id = {story_table}.id)))""",
        [story_type],
    )
    post_tags = RawSQL(
        "COALESCE("
        + tag_names.format(order=" ORDER BY t.name", table=post_table)
        + ", '')",
        [post_type],
    )
    languages = [(Q(language=code), configs) for code, configs in CASE_CONFIGS.items()]
    languages.append((~Q(language__in=list(CASE_CONFIGS)), CASE_FALLBACK_CONFIGS))
    for condition, configs in languages:
        stories.filter(condition).update(
            search_vector=weighted_vector(
                configs,
                a=["title"],
                b=["summary"],
                c=["context", "challenge", "solution", "results", "lessons"],
                d=[story_words],
            )
        )
        posts.filter(condition).update(
            search_vector=weighted_vector(
                configs, a=["title"], b=["summary"], c=["body"], d=[post_tags]
            )
        )


# Deleting ---------------------------------------------------------------------


def delete_generated(*, log: Callable[[str], None] = print) -> dict[str, int]:
    """Remove every generated row (and what hangs off it) in one transaction."""
    like = PREFIX + "%"
    deleted: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        targets = {
            CaseStory: ("slug", like),
            Post: ("slug", like),
            Event: ("slug", like),
        }
        comment_conditions = [
            f"(content_type_id = {ContentType.objects.get_for_model(model).pk}"
            f" AND object_id IN (SELECT id FROM {model._meta.db_table}"
            f" WHERE {column} LIKE %s))"
            for model, (column, _like) in targets.items()
        ]
        session_type = ContentType.objects.get_for_model(Session).pk
        comment_conditions.append(
            f"(content_type_id = {session_type} AND object_id IN (SELECT s.id FROM"
            " events_session s JOIN events_event e ON e.id = s.event_id"
            " WHERE e.slug LIKE %s))"
        )
        comment_conditions.append(
            "author_id IN (SELECT id FROM members_user WHERE username LIKE %s)"
        )
        params = [like] * len(comment_conditions)
        # Replies first: a reply by a real member to a generated comment goes too.
        where = " OR ".join(comment_conditions)
        parents = f"SELECT id FROM comments_comment WHERE {where}"
        _delete_rows(cursor, Comment, f"parent_id IN ({parents})", params, deleted)
        _delete_rows(cursor, Comment, where, params, deleted)
        for model, (column, value) in targets.items():
            ct = ContentType.objects.get_for_model(model).pk
            cursor.execute(
                "DELETE FROM taggit_taggeditem WHERE content_type_id = %s AND object_id"
                f" IN (SELECT id FROM {model._meta.db_table} WHERE {column} LIKE %s)",
                [ct, value],
            )
            deleted["taggit.TaggedItem"] = (
                deleted.get("taggit.TaggedItem", 0) + cursor.rowcount
            )
        for model, (column, value) in targets.items():
            _delete_rows(cursor, model, f"{column} LIKE %s", [value], deleted)
        _delete_rows(cursor, Institution, "slug LIKE %s", [like], deleted)
        _delete_rows(cursor, User, "username LIKE %s", [like], deleted)
        cursor.execute(
            "DELETE FROM taggit_taggeditem WHERE tag_id IN"
            " (SELECT id FROM taggit_tag WHERE slug LIKE %s)",
            [like],
        )
        cursor.execute("DELETE FROM taggit_tag WHERE slug LIKE %s", [like])
        deleted["taggit.Tag"] = cursor.rowcount
    for label, count in deleted.items():
        if count:
            log(f"  deleted {count} {label}")
    return deleted


def _delete_rows(cursor, model, where: str, params: list, deleted: dict) -> None:
    """DELETE the rows of ``model`` matching ``where`` after what points at them:
    cascading relations are deleted, SET_NULL ones cleared, as Django would."""
    table = model._meta.db_table
    pks = f"SELECT {model._meta.pk.column} FROM {table} WHERE {where}"
    for relation in model._meta._get_fields(
        forward=False, reverse=True, include_hidden=True
    ):
        field = relation.field
        if relation.many_to_many or not field.concrete or field.model is model:
            continue
        related = field.model
        condition = f"{field.column} IN ({pks})"
        on_delete = relation.on_delete
        if on_delete is models.CASCADE:
            _delete_rows(cursor, related, condition, params, deleted)
        elif on_delete is models.SET_NULL:
            cursor.execute(
                f"UPDATE {related._meta.db_table} SET {field.column} = NULL"
                f" WHERE {condition}",
                params,
            )
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
    deleted[model._meta.label] = deleted.get(model._meta.label, 0) + cursor.rowcount
