"""``access.actor_of`` (the actor of a request) and ``access.user_of`` (the user account to store in a ForeignKey)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from gonghui.accounts.tests.factories import UserFactory
from gonghui.authz import access


@pytest.mark.django_db
def test_user_of_is_the_signed_in_user_or_none():
    user = UserFactory.create()
    assert access.user_of(user) is user
    assert access.user_of(AnonymousUser()) is None
    assert access.user_of(None) is None


def test_user_of_refuses_a_signed_in_actor_that_is_no_user_account():
    with pytest.raises(TypeError):
        access.user_of(SimpleNamespace(pk=1, is_authenticated=True))


def test_actor_of_is_the_request_user():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert access.actor_of(request) is request.user
