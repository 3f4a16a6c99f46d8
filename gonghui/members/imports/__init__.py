"""Roster import: ``reading`` (xlsx/csv rows, encoding detection), ``headers`` (matching Chinese headers and their
variants), ``normalize`` (pure row normalising and checking), ``pipeline`` (dry run and batched, resumable writes)."""
