from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicportalConfig(AppConfig):
    name = "civicportal"
    verbose_name = _("Portal")
