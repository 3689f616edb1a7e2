from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "civicportal.core"
    label = "core"
    verbose_name = _("Stammdaten")

    def ready(self) -> None:
        from civicportal.core import kinds, notifications  # noqa: PLC0415 – imports models

        kinds.register_kinds()
        user_logged_in.connect(notifications.remember_language, dispatch_uid="notify-language")
