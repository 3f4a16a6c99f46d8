"""The user account of the signed-in actor of a members page or endpoint.

Services that record their actor in a ForeignKey to the user model (who uploaded an import, who released a
transfer, who revoked a card, ...) take a :class:`~gonghui.accounts.models.User`; the console and portal views
and the API endpoints (all behind sign-in) hand them the request's user through :func:`signed_in_user`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.authz import access
from gonghui.authz.access import Actor


def signed_in_user(actor: Actor) -> User:
    """``actor`` as the user account it is; an anonymous actor is refused (403), as the services refuse it."""
    if isinstance(actor, User) and actor.is_authenticated:
        return actor
    raise access.Forbidden(_("请先登录。"))
