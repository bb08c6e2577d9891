"""The words, names and numbers the generated community is made of; every
generated row is recognisable by ``PREFIX`` on its slug, username or e-mail."""

from events.models import Session


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
MEMBER_PASSWORD = "load-member-password"

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
