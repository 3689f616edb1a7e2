from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "civicportal.core"
    label = "core"
    verbose_name = _("Stammdaten")

    def ready(self) -> None:
        from civicportal.core import kinds  # noqa: PLC0415 – imports models: apps must be ready

        kinds.register_kinds()
