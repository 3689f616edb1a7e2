from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from civicportal.core import privacy_registry


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Engagement")

    def ready(self) -> None:
        # Explicit composition: volunteering's blocks on the organisation and initiative
        # pages, and its personal data for /konto/daten/.
        from volunteering import (  # noqa: PLC0415 – these import models: apps must be ready
            initiative_pages,
            organisation_pages,
            personal_parts,
            privacy,
        )

        organisation_pages.register()
        initiative_pages.register()
        personal_parts.register()
        privacy_registry.register(
            privacy_registry.PrivacyPart(
                "volunteering", privacy.export_user_data, privacy.erase_user_data, order=30
            )
        )

        from volunteering import notifications  # noqa: PLC0415 – imports models: apps must be ready

        notifications.register_kinds()
