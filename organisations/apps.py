from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from civicportal.core import privacy_registry


class OrganisationsConfig(AppConfig):
    """Organisation pages for every part of the portal: registration, the members' area,
    invitations and the participants' export. The parts that work with organisations
    (volunteering, funding) add their sections through ``organisations.registry``."""

    name = "organisations"
    verbose_name = _("Organisationen")

    def ready(self) -> None:
        from organisations import (  # noqa: PLC0415 – import models: apps must be ready
            notifications,
            privacy,
        )

        notifications.register_kinds()

        privacy_registry.register(
            privacy_registry.PrivacyPart(
                "organisations", privacy.export_user_data, privacy.erase_user_data, order=35
            )
        )
