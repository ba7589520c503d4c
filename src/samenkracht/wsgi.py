"""WSGI entry point for production servers (gunicorn samenkracht.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenkracht.settings")
application = get_wsgi_application()
