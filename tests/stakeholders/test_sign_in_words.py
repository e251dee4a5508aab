"""The sign-in error speaks the Spanish of Peru, not Django's Spain Spanish."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_wrong_password_is_explained_in_peruvian_spanish(client):
    UserFactory(username="elena")
    response = client.post(reverse("login"), {"username": "elena", "password": "wrong"})
    html = response.content.decode()
    assert "El nombre de usuario o la contraseña no son correctos." in html
    assert "introduzca" not in html
