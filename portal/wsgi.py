import contextlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# WeasyPrint (certificates, PDF reports) takes about a second to import and to
# set up its C bindings and fonts for a first document: the web process pays it
# at start, not the first volunteer asking for a certificate. Commands and tests
# do not load this module. Without Pango this fails: the PDF views then say so
# when used, as they would without these lines.
with contextlib.suppress(ImportError, OSError):
    from weasyprint import HTML

    HTML(string="<p>Case di Quartiere</p>").write_pdf()
