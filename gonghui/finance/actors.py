"""The signed-in user behind an actor, for the services that store who acted in a ``ForeignKey`` to the user model
(who prepared a voucher, who recorded a receipt, ...): those services take a ``User``, views and endpoints hand them
``user_of(request.user)``.

A stand-in for the typed helper ``gonghui.authz.access`` is gaining; once it has landed, this module goes and its
callers import that one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.authz.access import Actor, Forbidden


def user_of(actor: Actor) -> User:
    """``actor`` as a ``User``; an anonymous visitor (which the console's and the portal's guards turn away before
    any service runs) is refused with 403."""
    if isinstance(actor, User):
        return actor
    raise Forbidden(_("您没有执行此操作的权限。"))
