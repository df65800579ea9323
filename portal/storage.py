"""Static files in production: WhiteNoise's compressed, hashed files."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # Bootstrap Italia's menu ships as ES modules that import their siblings
    # (static/vendor/bootstrap-italia/js/plugins/): rewriting those imports to the
    # hashed names lets browsers cache every module for good, like the other files.
    support_js_module_import_aggregation = True
