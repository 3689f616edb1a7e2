from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from civicportal.core import privacy_registry


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiativen")

    def ready(self) -> None:
        from initiatives import (  # noqa: PLC0415 – these import models: apps must be ready
            personal_parts,
            privacy,
        )

        personal_parts.register()

        privacy_registry.register(
            privacy_registry.PrivacyPart(
                "initiatives", privacy.export_user_data, privacy.erase_user_data, order=40
            )
        )

        from initiatives import notifications  # noqa: PLC0415 – imports models: apps must be ready

        notifications.register_kinds()
