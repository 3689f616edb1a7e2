from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Engagement")

    def ready(self) -> None:
        # Explicit composition: volunteering's blocks on the organisation pages.
        from volunteering import organisation_pages  # noqa: PLC0415 – models load first

        organisation_pages.register()
