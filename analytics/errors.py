"""The one error type for a database that cannot be used as asked.

Every such failure — a URL that is not one, a driver that is not installed, a server that does not
answer, a file that is not a database, a database held by another process, uploads kept beside
the file that are missing or inconsistent — raises :class:`StoreError` (or a subclass) whose
``str()`` is one line saying what was wrong and what to do. The command line prints it as
``error: …`` and exits 1; the dashboard can show it as it is. It lives in its own module because
both :mod:`analytics.store` and :mod:`analytics.parts` raise it, and the store imports the parts.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """The database cannot be used as asked; the message says why and what to do."""
