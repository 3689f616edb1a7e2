from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from civicportal.core import inputs, privacy_registry


class CoreConfig(AppConfig):
    name = "civicportal.core"
    label = "core"
    verbose_name = _("Stammdaten")

    def ready(self) -> None:
        from civicportal.core import privacy  # noqa: PLC0415 – imports models: apps must be ready

        # Last: the apps erase first, then the core deletes the account (or its shell).
        privacy_registry.register(
            privacy_registry.PrivacyPart(
                "core",
                privacy.export_user_data,
                privacy.erase_user_data,
                order=privacy_registry.CORE_ORDER,
            )
        )

        from civicportal.core import kinds, notifications  # noqa: PLC0415 – imports models

        kinds.register_kinds()
        user_logged_in.connect(notifications.remember_language, dispatch_uid="notify-language")

        # Every form's CharField refuses control characters (civicportal.core.inputs).
        inputs.install()
