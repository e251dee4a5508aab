"""Parallel wrong passwords get no more guesses than the limit (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from stakeholders.models import LoginCounter, User
from tests.factories import UserFactory

TRIES = 40


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_tries_check_at_most_five_passwords(monkeypatch, settings):
    # Django's real, slow hasher: a check-then-record lock-out lets every try that arrives
    # while the first passwords are being hashed through.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    UserFactory(username="coordinator", is_coordinator=True)
    checked = []
    original = User.check_password

    def counting_check_password(user, raw_password):
        checked.append(raw_password)  # list.append is atomic under the GIL
        return original(user, raw_password)

    monkeypatch.setattr(User, "check_password", counting_check_password)
    start = threading.Barrier(TRIES)
    statuses = []

    def wrong_try(number: int) -> None:
        try:
            start.wait()
            response = APIClient().post(
                reverse("api:auth-token"),
                {"username": "coordinator", "password": f"guess-{number}"},
                REMOTE_ADDR="203.0.113.5",
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrong_try, args=(n,)) for n in range(TRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses.count(400) == TRIES  # every try answered (none failed with a 5xx)
    assert len(checked) <= settings.LOGIN_FAILURE_LIMIT
    assert LoginCounter.objects.get(username="coordinator").attempts == (
        settings.LOGIN_FAILURE_LIMIT
    )
