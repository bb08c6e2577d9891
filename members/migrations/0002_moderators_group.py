from django.contrib.auth.management import create_permissions
from django.db import migrations

# What moderators may change through the admin as well as the desk.
MODERATOR_PERMISSIONS = {
    "members": ["institution", "profile"],
    "cases": ["casestory", "attachment"],
    "events": ["event", "session", "speaker", "document", "registration"],
    "blog": ["post", "resource"],
    "comments": ["comment", "flag"],
    "kshub": ["contactmessage"],
}


def create_moderators_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, models in MODERATOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="kshub", codename="view_auditentry"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cases", "0002_initial"),
        ("events", "0002_initial"),
        ("blog", "0002_initial"),
        ("comments", "0002_initial"),
        ("kshub", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(create_moderators_group, migrations.RunPython.noop)
    ]
