"""Which records may carry attachments, and who may see, add and remove them.

A module declares each owner model once, in its ``AppConfig.ready()``::

    from gonghui.attachments.registry import OWNERS, Owner

    OWNERS.add(self.label, [
        Owner(
            model="assistance.Application",
            unit=lambda application: application.unit,
            can_view=lambda actor, application: ...,
            can_add=lambda actor, application: ...,
            can_remove=lambda actor, application: ...,
            purposes={"certificate": _("困难证明"), "visit_photo": _("走访照片")},
            kinds=frozenset({Kind.IMAGE, Kind.PDF}),
            max_count=20,
            sensitive=True,
        )
    ])

The kernel asks these callables and nothing else: an owner model that no module registers takes no attachment, and
nobody may see an attachment whose owner is no longer registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.common.contributions import Contributions

if TYPE_CHECKING:
    from gonghui.authz.access import Actor
    from gonghui.orgs.models import OrgUnit


class Kind(models.TextChoices):
    """What a file is, decided from its content (never from its name or the browser's word)."""

    IMAGE = "image", _("图片")
    PDF = "pdf", _("PDF 文件")


# What the refusal names for each kind (the accepted kinds of an owner, joined).
KIND_WORDS: dict[str, Promise] = {
    Kind.IMAGE: _("照片或图片（JPG、PNG、WebP）"),
    Kind.PDF: _("PDF 文件"),
}


def _default_max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


@dataclass(frozen=True)
class Owner:
    """One model whose records carry attachments, and its rules.

    ``unit`` gives the org unit a record belongs to (stored on each attachment for the audit trail and for scoped
    lists). ``can_view`` / ``can_add`` / ``can_remove`` take the actor and the owning record and answer yes or no:
    an actor who may not view is answered 404 (the record is not theirs to know about), one who may view but not
    add or remove 403. ``check_open`` raises ``ValidationError`` when the record no longer takes changes (a posted
    voucher, a decided application). ``purposes`` maps each purpose code to its label; ``sensitive`` is the default
    for new attachments (health, income and identity documents: every download is audited).
    """

    model: str
    unit: Callable[[Any], OrgUnit]
    can_view: Callable[[Actor, Any], bool]
    can_add: Callable[[Actor, Any], bool]
    can_remove: Callable[[Actor, Any], bool]
    purposes: Mapping[str, str | Promise]
    kinds: frozenset[str] = frozenset({Kind.IMAGE, Kind.PDF})
    max_bytes: int = field(default_factory=_default_max_bytes)
    max_count: int = 20
    sensitive: bool = False
    check_open: Callable[[Any], None] | None = None
    # The actor written on this owner's audit events (add, open, remove): by default the actor; an owner whose
    # records may be anonymous (a worker's anonymous request) answers ``None`` for the person it hides.
    audit_actor: Callable[[Actor, Any], Actor | None] | None = None

    def actor_for_audit(self, actor: Actor, owner: Any) -> Actor | None:
        return actor if self.audit_actor is None else self.audit_actor(actor, owner)

    @property
    def label(self) -> str:
        return self.model.lower()

    def purpose_label(self, purpose: str) -> str:
        return str(self.purposes.get(purpose, purpose))


OWNERS: Contributions[Owner] = Contributions("attachment owners")


def owner_for(model: type[models.Model] | str) -> Owner | None:
    """The registration of ``model`` (a model class or ``"app_label.ModelName"``), or ``None``."""
    label = (model if isinstance(model, str) else model._meta.label).lower()
    for owner in OWNERS.items():
        if owner.label == label:
            return owner
    return None
