"""gunicorn settings read from the working directory (``gunicorn config.wsgi``).

The access log writes the path **without its query string** (``%(U)s``, not ``%(r)s``) and no referrer: searches
by ID number or phone are GET requests, and their terms must not reach the logs (docs/security.md)."""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'
