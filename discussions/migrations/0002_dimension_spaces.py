"""One open space per KS dimension (the ten HLM2 roundtable themes)."""

from django.db import migrations

DESCRIPTION = (
    "Questions and experience on this knowledge-sharing dimension, one of the ten "
    "themes of the HLM2 roundtables."
)


def create_spaces(apps, schema_editor):
    Dimension = apps.get_model("cases", "Dimension")
    Space = apps.get_model("discussions", "Space")
    for dimension in Dimension.objects.order_by("position"):
        Space.objects.update_or_create(
            dimension=dimension,
            defaults={
                "slug": dimension.slug,
                "name": dimension.name,
                "kind": "dimension",
                "access": "open",
                "description": DESCRIPTION,
                "position": dimension.position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0001_initial"),
        ("cases", "0003_dimensions"),
    ]

    operations = [migrations.RunPython(create_spaces, migrations.RunPython.noop)]
