"""A trigram index on titles. The text search configurations first made here are
now made by ``core`` (``core/migrations/0001_initial.py``)."""

import django.contrib.postgres.indexes
from django.db import migrations

class Migration(migrations.Migration):
    dependencies = [("cases", "0003_dimensions"), ("core", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="casestory",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="casestory_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
