"""PostgreSQL extensions the portal relies on, and the 17 UN Sustainable Development Goals."""

from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations

from civicportal.core.reference import SDGS, ensure_sdgs


def add_sdgs(apps, schema_editor):
    ensure_sdgs(apps.get_model("core", "SDG"))


def remove_sdgs(apps, schema_editor):
    apps.get_model("core", "SDG").objects.filter(number__in=[n for n, _, _ in SDGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.RunPython(add_sdgs, remove_sdgs),
    ]
