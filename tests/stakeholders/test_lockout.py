"""Five wrong passwords lock a username from an address for 15 minutes, everywhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import LoginCounter
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _fail_web_login(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address
        )
    return response


def test_five_wrong_passwords_lock_the_web_login_even_with_the_right_password(client):
    UserFactory(username="ana")
    response = _fail_web_login(client, "ana", 5)
    assert "bloqueada" in response.content.decode()

    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200  # the form again, not a redirect into the site
    assert "15 minutos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_then_the_right_one_signs_in(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 4)
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
    assert not LoginCounter.objects.filter(username="ana").exists()  # "in a row" restarts


def test_the_lock_is_per_address(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 5, address="10.0.0.1")
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 5)
    LoginCounter.objects.update(last_attempt_at=timezone.now() - timedelta(minutes=15, seconds=1))
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_the_username_is_locked_in_any_letter_case(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ANA", 5)
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200


def test_the_token_endpoint_shares_the_lock_and_says_so_in_english(api_client):
    UserFactory(username="ana")
    url = reverse("api:auth-token")
    for _ in range(5):
        response = api_client.post(
            url,
            {"username": "ana", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="en",
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 400
    response = api_client.post(
        url,
        {"username": "ana", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 400
    assert "locked" in str(response.json()["detail"])
    assert "token" not in response.json()


def test_failures_on_the_web_lock_the_token_endpoint_too(client, api_client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 5)
    response = api_client.post(
        reverse("api:auth-token"),
        {"username": "ana", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 400


def test_the_admin_login_is_locked_too(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "root", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": "root", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 200
    assert "bloqueada" in response.content.decode()


def test_a_right_password_returns_a_token_that_authenticates(api_client):
    UserFactory(username="ana")
    response = api_client.post(reverse("api:auth-token"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    me = api_client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["username"] == "ana"


def test_signing_in_rotates_the_session_key(client):
    UserFactory(username="ana")
    client.get(reverse("login"))
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert client.session.session_key != before


def test_a_lock_in_force_counts_no_more_attempts(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 8)
    counter = LoginCounter.objects.get(username="ana", address="10.0.0.1")
    assert counter.attempts == 5  # refused tries do not extend the lock


def test_attempts_older_than_the_cool_off_lapse_instead_of_adding_up(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 4)
    LoginCounter.objects.update(last_attempt_at=timezone.now() - timedelta(minutes=16))
    _fail_web_login(client, "ana", 1)
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_a_username_longer_than_any_account_is_refused_without_an_error(api_client):
    response = api_client.post(
        reverse("api:auth-token"), {"username": "a" * 500, "password": "wrong"}
    )
    assert response.status_code == 400
    assert LoginCounter.objects.get().username == "a" * 150


def test_the_admin_can_unlock_by_deleting_the_counter(client):
    UserFactory(username="ana")
    _fail_web_login(client, "ana", 5)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin = type(client)()
    admin.force_login(root)
    changelist = admin.get(reverse("admin:stakeholders_logincounter_changelist"))
    assert "ana" in changelist.content.decode()
    counter = LoginCounter.objects.get(username="ana")
    admin.post(
        reverse("admin:stakeholders_logincounter_delete", args=[counter.pk]), {"post": "yes"}
    )
    response = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
