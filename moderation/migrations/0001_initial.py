"""Messages to the moderators, and the ``Moderators`` group with what its members may
change through the admin as well as the desk.

Messages were first kept by the site package (``kshub``): on a database made then,
the table and its content type are renamed here; on a new one, it is created."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

MODERATOR_PERMISSIONS = {
    "members": ["institution", "profile"],
    "cases": ["casestory", "attachment"],
    "events": ["event", "session", "speaker", "document", "registration"],
    "blog": ["post", "resource"],
    "comments": ["comment", "flag"],
    "moderation": ["contactmessage"],
}


def adopt_or_create_table(apps, schema_editor):
    model = apps.get_model("moderation", "ContactMessage")
    if "kshub_contactmessage" in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, "kshub_contactmessage", model._meta.db_table)
    else:
        schema_editor.create_model(model)
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="kshub", model="contactmessage").update(
        app_label="moderation"
    )


def create_moderators_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, models_ in MODERATOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models_
            )
        )
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="core", codename="view_auditentry"
        )
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("members", "0002_moderators_group"),
        ("cases", "0002_initial"),
        ("events", "0002_initial"),
        ("blog", "0002_initial"),
        ("comments", "0002_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContactMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="your name")),
                        ("email", models.EmailField(max_length=254, verbose_name="your e-mail")),
                        ("subject", models.CharField(max_length=150, verbose_name="subject")),
                        ("body", models.TextField(max_length=5000, verbose_name="message")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("handled_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "sender",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="contact_messages",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "message to the moderators",
                        "verbose_name_plural": "messages to the moderators",
                        "ordering": ["-created_at"],
                    },
                ),
            ]
        ),
        migrations.RunPython(adopt_or_create_table, migrations.RunPython.noop),
        migrations.RunPython(create_moderators_group, migrations.RunPython.noop),
    ]
