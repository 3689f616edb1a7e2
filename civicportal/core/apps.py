from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from civicportal.core import inputs


class CoreConfig(AppConfig):
    name = "civicportal.core"
    label = "core"
    verbose_name = _("Stammdaten")

    def ready(self) -> None:
        # Every form's CharField refuses control characters (civicportal.core.inputs).
        inputs.install()
