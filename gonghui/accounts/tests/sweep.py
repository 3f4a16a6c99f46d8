"""URL sweep: ``/api/v1/me/`` answers any signed-in account with its own data (a worker too)."""

PUBLIC: set[str] = set()
SIGNED_IN = {"v1:me"}
