"""Member cards: signed tokens, issue and revoke, the public verification."""
