"""Private attachments: files that belong to a record (certificates, invoices, visit photos, signed records).

The whole API, for a module:

- **Declare** each owner model in ``AppConfig.ready()``: ``OWNERS.add(self.label, [Owner(model="app.Model",
  unit=..., can_view=..., can_add=..., can_remove=..., purposes={...}, kinds=..., max_count=..., sensitive=...)])``
  (``gonghui.attachments.registry``).
- **Write** through ``gonghui.attachments.services``: ``attachment_add(*, actor, owner, upload, purpose,
  sensitive=None)`` (authorizes through the registration, checks the size before reading, identifies the kind by
  content, cleans images, is idempotent for the same file, audited) and ``attachment_remove(*, actor, attachment,
  reason="")`` (a recorded move to ``removed``; the file is purged later).
- **Read** through ``gonghui.attachments.selectors``: ``attachment_list(*, actor, owner, purpose=None)``,
  ``attachments_by_owner(owners)`` for already-scoped list pages, ``attachment_get(*, actor, attachment_id)``.
- **Show and link**: the template ``attachments/_list.html`` (thumbnails, links, remove button), the form field
  ``gonghui.attachments.forms.AttachmentField`` (camera, several files), the API serializer
  ``gonghui.attachments.serializers.AttachmentSerializer``; files are served only by ``attachments:file``
  (``/files/<id>/``), which asks the owner's ``can_view`` and answers 404 otherwise.

Files live in ``STORAGES["private"]`` under random names (never the uploaded name). See ``docs/architecture.md``
(kernel pieces) and ``docs/security.md`` (threats and limits).
"""
