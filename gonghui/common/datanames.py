"""Names held in database rows that the platform itself wrote, shown in the reader's language.

Default roles, the modules' review processes and their steps, and the default chart of accounts are rows that staff
may rename. They are stored as their **zh-hans source string**, which is marked for translation where it is defined
(``gettext_lazy`` / ``gettext_noop``, so ``makemessages`` collects it and its English sits in the defining app's
``.po``), and every page, export and API ``*_display`` field shows them through :func:`dataname` (in templates:
``{% load display_tags %}{{ step.name|dataname }}``, or the models' ``display_name`` properties). A name typed by
staff is not in any catalogue and is shown as typed.

Editing forms keep the stored value (the source string): a renamed row stores what was typed.
"""

from __future__ import annotations

from django.utils.translation import gettext


def dataname(value: str | None) -> str:
    """``value`` translated when it is a source string of the catalogues, else as stored (``""`` for blank)."""
    if not value:
        return ""  # gettext("") would return the catalogue's header
    return gettext(value)
