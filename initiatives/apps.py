from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiativen")

    def ready(self) -> None:
        from initiatives import notifications  # noqa: PLC0415 – imports models: apps must be ready

        notifications.register_kinds()
