"""Roster import: rows read through the kernel's ``common.sheets.reading`` (xlsx/csv rows, encoding detection),
``headers`` (matching Chinese headers and their variants), ``normalize`` (pure row normalising and checking, on the
kernel's ``common.sheets.cells``), ``pipeline`` (dry run and batched, resumable writes)."""
