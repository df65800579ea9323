import contextlib
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# WeasyPrint (certificates, PDF reports) takes about a second to import and to
# set up its C bindings and fonts for a first document: a production web process
# pays it at start, not the first volunteer asking for a certificate. Commands,
# tests and the development server's reloads skip it. Without Pango this fails:
# the PDF views then say so when used, as they would without these lines.
if not settings.DEBUG:
    with contextlib.suppress(ImportError, OSError):
        from weasyprint import HTML

        HTML(string="<p>Case di Quartiere</p>").write_pdf()
