from django.db import migrations

# The ten thematic roundtables of the Second High-Level Meeting on Knowledge Hubs.
DIMENSIONS = [
    ("learning-culture", "Knowledge and learning culture", "institutional"),
    ("governance-model", "Governance model for knowledge management", "institutional"),
    ("financing-business-models", "Financing and business models", "institutional"),
    ("partnerships", "Partnerships at home and abroad", "institutional"),
    ("non-state-actors", "Role of non-state actors", "institutional"),
    ("capturing-validating", "Capturing and validating solutions", "operational"),
    ("packaging-learning-materials", "Packaging knowledge as learning materials", "operational"),
    ("sharing-modalities", "Results-oriented sharing modalities", "operational"),
    ("measuring-results", "Measuring results", "operational"),
    ("technology-scale-up", "Technology for scale-up", "operational"),
]


def create_dimensions(apps, schema_editor):
    Dimension = apps.get_model("cases", "Dimension")
    for position, (slug, name, group) in enumerate(DIMENSIONS, start=1):
        Dimension.objects.update_or_create(
            slug=slug, defaults={"name": name, "group": group, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunPython(create_dimensions, migrations.RunPython.noop)]
