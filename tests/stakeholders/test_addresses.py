"""One client address for the lock-out and the throttles: behind LAP_NUM_PROXIES trusted
proxies, the entry of X-Forwarded-For that the outermost of them wrote."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse
from rest_framework.request import Request

from stakeholders.addresses import client_address
from stakeholders.api.throttling import AnonymousRateThrottle, PersonRateThrottle
from stakeholders.models import LoginCounter
from tests.factories import PASSWORD

PROXY = "10.0.0.254"  # the reverse proxy: every request reaches the app from it
CLIENT_X = "203.0.113.5"
CLIENT_Y = "198.51.100.7"


def _proxies(count: int):
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": count})


def _request(forwarded: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    with _proxies(0):
        assert client_address(_request(forwarded=CLIENT_X)) == PROXY


def test_behind_one_proxy_the_right_hand_entry_is_the_client():
    with _proxies(1):
        # The left-hand entry is whatever the client wrote; the proxy appended the real one.
        assert client_address(_request(forwarded=f"1.2.3.4, {CLIENT_X}")) == CLIENT_X


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client():
    with _proxies(2):
        assert client_address(_request(forwarded=f"1.2.3.4, {CLIENT_X}, 10.0.0.9")) == CLIENT_X
        # Fewer entries than proxies: the left-most is the best there is (as DRF does).
        assert client_address(_request(forwarded=CLIENT_X)) == CLIENT_X


def test_a_proxy_that_sends_no_header_leaves_the_peer_address():
    with _proxies(1):
        assert client_address(_request()) == PROXY


def test_what_is_not_an_ip_address_is_no_address():
    with _proxies(1):
        assert client_address(_request(forwarded="evil\x00, not-an-address")) is None
        assert client_address(_request(forwarded="2001:DB8:0:0:0:0:0:1")) == "2001:db8::1"
    assert client_address(None) is None


def test_the_throttles_count_the_same_address_as_the_lock_out():
    with _proxies(1):
        request = Request(_request(forwarded=f"1.2.3.4, {CLIENT_X}"))
        assert AnonymousRateThrottle().get_ident(request) == CLIENT_X
        assert PersonRateThrottle().get_ident(request) == CLIENT_X


@pytest.mark.django_db
def test_behind_the_proxy_one_client_is_throttled_and_another_is_not(api_client, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "2/minute", raising=False)
    url = reverse("api:organization-list")
    with _proxies(1):
        statuses = [
            api_client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_X).status_code
            for _ in range(3)
        ]
        other = api_client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_Y)
    assert statuses == [200, 200, 429]
    assert other.status_code == 200


@pytest.mark.django_db
def test_five_bad_passwords_through_the_proxy_do_not_lock_another_client_out(client, world):
    with _proxies(1):
        for _ in range(5):
            client.post(
                reverse("login"),
                {"username": "coordinator", "password": "wrong"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=CLIENT_X,
            )
        locked = client.post(
            reverse("login"),
            {"username": "coordinator", "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=CLIENT_X,
        )
        signed_in = type(client)().post(
            reverse("login"),
            {"username": "coordinator", "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=CLIENT_Y,
        )
    assert locked.status_code == 200
    assert "bloqueada" in locked.content.decode()
    assert signed_in.status_code == 302
    assert LoginCounter.objects.get(username="coordinator").address == CLIENT_X


@pytest.mark.django_db
def test_a_client_cannot_dodge_the_lock_by_forging_the_forwarded_header(api_client, world):
    url = reverse("api:auth-token")
    with _proxies(1):
        for forged in range(6):
            api_client.post(
                url,
                {"username": "coordinator", "password": "wrong"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}, {CLIENT_X}",
            )
        response = api_client.post(
            url,
            {"username": "coordinator", "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.99, {CLIENT_X}",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "locked" in str(response.json())
