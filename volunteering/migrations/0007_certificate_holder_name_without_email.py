"""Certificates issued before people had names carry the e-mail address as the holder's
name, which the public verification page showed to anyone with the code. Replace it with
the account's public name where there is one, else leave it empty (the verification page
then names no one; the next profile save fills in the full name)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Certificate = apps.get_model("volunteering", "Certificate")
    for certificate in Certificate.objects.filter(holder_name__contains="@").select_related(
        "volunteer"
    ):
        certificate.holder_name = certificate.volunteer.display_name
        certificate.save(update_fields=["holder_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0006_title_trigram_index"),
        ("core", "0006_user_full_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
