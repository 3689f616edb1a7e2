# The invitation model moves from volunteering into this app. Its table
# (volunteering_organisationinvitation) and rows stay as they are: this migration only adds
# the model to this app's state, volunteering 0007 removes it from volunteering's state,
# and the content type (admin log, permissions) is relabelled so nothing points nowhere.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import organisations.models


def _relabel(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    types = content_type.objects.filter(model="organisationinvitation")
    # A content type under the target label already (e.g. after a partial rollback):
    # leave both; `manage.py remove_stale_contenttypes` tidies the old one.
    if types.filter(app_label=target).exists():
        return
    types.filter(app_label=source).update(app_label=target)


def relabel_content_type(apps, schema_editor):
    _relabel(apps, "volunteering", "organisations")


def restore_content_type(apps, schema_editor):
    _relabel(apps, "organisations", "volunteering")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_title_trigram_index"),
        ("volunteering", "0006_title_trigram_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OrganisationInvitation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email", models.EmailField(max_length=254, verbose_name="E-Mail-Adresse")),
                        ("role", models.CharField(max_length=12, verbose_name="Rolle")),
                        ("token", models.CharField(default=organisations.models._token, editable=False, max_length=40, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="eingeladen am")),
                        ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="angenommen am")),
                        ("invited_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="eingeladen von")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="core.organisation", verbose_name="Organisation")),
                    ],
                    options={
                        "verbose_name": "Einladung",
                        "verbose_name_plural": "Einladungen",
                        "ordering": ["-created_at"],
                        "db_table": "volunteering_organisationinvitation",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
