"""Organisational transfer (接转) of a membership between unions."""
