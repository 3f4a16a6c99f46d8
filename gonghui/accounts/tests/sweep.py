"""URL sweep: ``/api/v1/me/`` answers any signed-in account with its own data (a worker too).

The sweep has no category for "any signed-in account", so it is listed as public: anonymous callers still get
401/403 (see ``test_api.py``), and the answer only ever holds the caller's own account.
"""

PUBLIC = {"v1:me"}
