from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicportalConfig(AppConfig):
    name = "civicportal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from civicportal import audit_hooks  # noqa: PLC0415 – imports models: apps must be ready

        audit_hooks.connect_signals()  # moderation and funding transitions into the audit
