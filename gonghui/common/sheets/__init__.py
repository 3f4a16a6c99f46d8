"""Spreadsheets, one kernel module for every app: reading ``.xlsx``/``.csv`` rows (:mod:`.reading`), turning cells
into text, dates and amounts (:mod:`.cells`), and writing ``.xlsx``/``.csv`` files in which text is always text,
never a formula (:mod:`.writing`)."""
