from __future__ import annotations

import factory

from gonghui.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A staff account (username + password ``password``)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.django.Password("password")


class WorkerFactory(factory.django.DjangoModelFactory):
    """A worker account: username and phone are the mobile number."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    phone = factory.Sequence(lambda n: f"1391000{n:04d}")
    username = factory.SelfAttribute("phone")
    name = factory.Sequence(lambda n: f"职工{n}")
