"""Once created the ``Moderators`` group; the group now belongs to the moderation app
(``moderation/migrations/0001_initial.py``), so this step is kept empty for the
databases that recorded it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = []
