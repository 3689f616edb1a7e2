from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from civicportal.core import privacy_registry


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Förderung")

    def ready(self) -> None:
        # Explicit composition: funding's blocks on the organisation and initiative pages,
        # and its personal data for /konto/daten/.
        from funding import (  # noqa: PLC0415 – these import models: apps must be ready
            initiative_pages,
            organisation_pages,
            privacy,
        )

        organisation_pages.register()
        initiative_pages.register()
        privacy_registry.register(
            privacy_registry.PrivacyPart(
                "funding", privacy.export_user_data, privacy.erase_user_data, order=20
            )
        )

        from funding import notifications  # noqa: PLC0415 – imports models: apps must be ready

        notifications.register_kinds()
