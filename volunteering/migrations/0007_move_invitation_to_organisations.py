# OrganisationInvitation now belongs to the organisations app (organisations 0001); the
# table and its rows stay, only volunteering's model state forgets it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0006_title_trigram_index"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OrganisationInvitation")],
            database_operations=[],
        ),
    ]
