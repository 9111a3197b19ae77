"""Benchmarks and bulk data generators: installed only by the dev and test settings.

The top layer: it may import every app, and no app imports it. Production
(``config.settings.base`` and ``config.settings.production``) does not
install it, so its commands do not exist there.
"""
