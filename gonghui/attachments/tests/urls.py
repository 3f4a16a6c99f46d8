"""A test-only URLconf: the project's URLs plus one page that shows, in the portal's frame, a worker's own
attachments and the upload field, as a module's portal page would (``attachments/_list.html`` and
``AttachmentField``). No product page; used by the phone layout test."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from gonghui.attachments.forms import AttachmentField
from gonghui.attachments.selectors import attachment_list
from gonghui.authz import access

PAGE = """{% extends "portal/base.html" %}{% load i18n %}
{% block content %}
  <section class="p-card" aria-labelledby="files-title">
    <h1 id="files-title">证明材料</h1>
    {% include "attachments/_list.html" with attachments=attachments can_remove=True next=request.get_full_path %}
  </section>
  <form class="p-card p-form" method="post" enctype="multipart/form-data">{% csrf_token %}
    <div class="p-field">
      <label for="{{ form.uploads.id_for_label }}">{{ form.uploads.label }}</label>
      {{ form.uploads }}
      <p class="p-hint">{{ form.uploads.help_text }}</p>
    </div>
    <button type="submit" class="p-btn p-btn-primary p-btn-block">上传</button>
  </form>
{% endblock %}"""


class UploadForm(forms.Form):
    uploads = AttachmentField(label="证明材料（照片或 PDF 文件）", camera=True)


def own_files(request: HttpRequest) -> HttpResponse:
    page = engines["django"].from_string(PAGE)
    attachments = attachment_list(actor=request.user, owner=access.require_user(request.user))
    return HttpResponse(page.render({"attachments": attachments, "form": UploadForm()}, request))


urlpatterns = [path("test-attachments/mine/", own_files, name="test_own_files"), *project_urlpatterns]
