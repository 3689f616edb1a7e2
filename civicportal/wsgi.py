"""WSGI entry point for gunicorn: ``gunicorn civicportal.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicportal.settings")
application = get_wsgi_application()
