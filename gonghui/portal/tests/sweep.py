"""URL sweep: the portal pages open to anonymous visitors (the staff sign-in is public too)."""

PUBLIC = {"portal:home", "portal:login", "portal:send_code", "console:login"}
RESOLVERS: dict = {}
