"""URL sweep: the probes are public by design (no data); /metrics answers loopback in tests."""

PUBLIC = {"ops:healthz", "ops:readyz", "ops:metrics"}
RESOLVERS: dict = {}
