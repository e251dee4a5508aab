"""E-mails when a version opens for comment and when it is adopted, in each person's language."""

import pytest
from django.core import mail

from lap.services import vision as services
from tests.vision.conftest import make_version


@pytest.fixture(autouse=True)
def _tasks_run_here():
    """Run the tasks in the test process even when a Redis broker is configured."""
    from lap.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_opening_a_version_emails_every_member_once_in_their_language(
    world, django_capture_on_commit_callbacks
):
    world.members["company"].language = "en"
    world.members["company"].save(update_fields=["language"])
    version = make_version(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_open(acting_user=world.coordinator, version=version)
    people = [*world.members.values(), *world.representatives.values()]
    assert _recipients() == sorted(p.email for p in people)
    english = next(m for m in mail.outbox if m.to == [world.members["company"].email])
    assert english.subject == "The vision, version 1, is open for comment"
    assert f"/vision/versions/{version.pk}/" in english.body
    assert world.outsider.email not in _recipients()


def test_nothing_is_sent_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    version = make_version(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.version_open(acting_user=world.coordinator, version=version)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_adoption_emails_every_member_with_the_endorsers(
    world, published, django_capture_on_commit_callbacks
):
    for user in (*world.members.values(), *world.representatives.values()):
        user.language = "en"
        user.save(update_fields=["language"])
    for sector in ("government", "company", "smallholder"):
        services.endorsement_create(acting_user=world.representatives[sector], version=published)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.endorsement_create(
            acting_user=world.representatives["indigenous"], version=published
        )
    assert len(mail.outbox) == 8
    message = mail.outbox[0]
    assert message.subject == "The vision, version 1, has been adopted"
    assert "Indigenous organization" in message.body
    assert "Company organization" in message.body
