"""URL sweep: the portal pages open to anonymous visitors (the staff sign-in is public too)."""

PUBLIC = {"portal:home", "portal:login", "portal:send_code", "console:login"}
# A worker's own pages: anonymous visitors are sent to the portal login.
SIGNED_IN = {"portal:me", "portal:cases"}
RESOLVERS: dict = {}
