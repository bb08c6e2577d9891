"""Every existing tag becomes a theme of its own, labelled with the tag's name in
English (the language the site's tags were written in so far); the themes the
search's synonyms already named in three languages get their Spanish and French
labels. Stories keep every tagging: only links from tags to themes are added."""

from django.db import migrations

# The theme names of kshub/data/search_synonyms.yaml as they stood when themes
# became concepts: the English name, then the Spanish and French labels.
KNOWN_LABELS = {
    "knowledge sharing": ("intercambio de conocimientos", "partage des connaissances"),
    "knowledge hubs": ("centros de conocimiento", "pôles de connaissances"),
    "knowledge strategy": ("estrategia de conocimiento", "stratégie de connaissances"),
    "coordination": ("coordinación", "coordination"),
    "coordination mechanisms": (
        "mecanismos de coordinación",
        "mécanismes de coordination",
    ),
    "programme design": ("diseño de programas", "conception de programmes"),
    "disaster risk management": (
        "gestión del riesgo de desastres",
        "gestion des risques de catastrophe",
    ),
    "statistics": ("estadística", "statistique"),
    "urban transport": ("transporte urbano", "transport urbain"),
    "development cooperation": (
        "cooperación para el desarrollo",
        "coopération au développement",
    ),
    "public sector innovation": (
        "innovación en el sector público",
        "innovation dans le secteur public",
    ),
    "social investment": ("inversión social", "investissement social"),
    "public finance": ("finanzas públicas", "finances publiques"),
    "budget reform": ("reforma presupuestaria", "réforme budgétaire"),
    "sanitation": ("saneamiento", "assainissement"),
    "environmental engineering": ("ingeniería ambiental", "génie de l'environnement"),
    "knowledge capture": ("captura de conocimiento", "capitalisation des connaissances"),
}


def themes_from_tags(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    Theme = apps.get_model("taxonomy", "Theme")
    ThemeLabel = apps.get_model("taxonomy", "ThemeLabel")
    ThemeTag = apps.get_model("taxonomy", "ThemeTag")
    for tag in Tag.objects.filter(theme_link__isnull=True).order_by("pk").iterator():
        slug = (tag.slug or f"theme-{tag.pk}")[:100]
        if Theme.objects.filter(slug=slug).exists():
            slug = f"{slug[:90]}-{tag.pk}"
        theme = Theme.objects.create(slug=slug)
        name = tag.name[:100]
        ThemeLabel.objects.create(theme=theme, language="en", name=name)
        spanish, french = KNOWN_LABELS.get(name.lower(), (None, None))
        if spanish:
            ThemeLabel.objects.create(theme=theme, language="es", name=spanish)
            ThemeLabel.objects.create(theme=theme, language="fr", name=french)
        ThemeTag.objects.create(tag=tag, theme=theme)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(themes_from_tags, migrations.RunPython.noop)]
