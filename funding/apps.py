from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Förderung")

    def ready(self) -> None:
        # Explicit composition: funding's block on the organisation pages.
        from funding import organisation_pages  # noqa: PLC0415 – models load first

        organisation_pages.register()
