"""WSGI entry point for gunicorn or any WSGI server."""

from django.core.wsgi import get_wsgi_application

from assure.config.settings.select import use_assure_settings

use_assure_settings()
application = get_wsgi_application()
