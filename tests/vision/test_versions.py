"""Drafting, opening, closing, publishing and commenting on versions; seeing them; diffs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lap.forms.vision import CommentForm
from lap.models import VisionComment, VisionVersion, split_vision_sections
from lap.selectors.vision import diff_versions, rendered_sections, visible_versions
from lap.services import vision as services
from tests.vision.conftest import BODY_V1, BODY_V2, make_version


def test_versions_are_numbered_in_order(world):
    first = make_version(world)
    second = make_version(world, body=BODY_V2)
    assert (first.number, second.number) == (1, 2)


@pytest.mark.parametrize("persona", ["member", "representative", "facilitator", "outsider"])
def test_only_coordinators_draft_and_move_versions(world, persona):
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        services.version_create(acting_user=user, title="Mine", body=BODY_V1)
    version = make_version(world)
    with pytest.raises(PermissionDenied):
        services.version_open(acting_user=user, version=version)
    version.refresh_from_db()
    assert version.state == "draft"


def test_states_follow_draft_open_closed_published(world):
    version = make_version(world)
    with pytest.raises(ValidationError):
        services.version_publish(acting_user=world.coordinator, version=version)
    with pytest.raises(ValidationError):
        services.version_close(acting_user=world.coordinator, version=version)
    services.version_open(acting_user=world.coordinator, version=version)
    with pytest.raises(ValidationError):
        services.version_open(acting_user=world.coordinator, version=version)
    with pytest.raises(ValidationError, match="Solo se puede editar un borrador"):
        services.version_update(acting_user=world.coordinator, version=version, title="x", body="y")


def test_a_version_needs_a_title_and_a_text(world):
    with pytest.raises(ValidationError) as error:
        services.version_create(acting_user=world.coordinator, title=" ", body="")
    assert set(error.value.message_dict) == {"title", "body"}
    assert not VisionVersion.objects.exists()


def test_drafts_are_seen_by_coordinators_open_versions_by_signed_in_people(world):
    draft = make_version(world)
    opened = make_version(world, "open")
    published = make_version(world, "published")
    from django.contrib.auth.models import AnonymousUser

    assert set(visible_versions(world.coordinator)) == {draft, opened, published}
    assert set(visible_versions(world.outsider)) == {opened, published}
    assert set(visible_versions(AnonymousUser())) == {published}
    assert set(visible_versions(AnonymousUser(), as_outsider=True)) == {opened, published}


def test_anonymous_visitor_is_asked_to_sign_in_to_read_an_open_version(world, client):
    opened = make_version(world, "open")
    response = client.get(reverse("vision-version-detail", args=[opened.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_member_comments_for_their_organization_on_an_open_version(world):
    version = make_version(world, "open")
    comment = services.comment_create(
        acting_user=world.member, version=version, section=1, text="Mention coffee."
    )
    assert comment.organization == world.smallholder
    assert comment.section_heading == ""  # the introduction


def test_comments_need_an_open_version_and_an_existing_section(world):
    version = make_version(world, "open")
    with pytest.raises(ValidationError) as error:
        services.comment_create(acting_user=world.member, version=version, section=9, text="x")
    assert "section" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.comment_create(acting_user=world.member, version=version, section=1, text=" ")
    services.version_close(acting_user=world.coordinator, version=version)
    with pytest.raises(ValidationError, match="no está abierta"):
        services.comment_create(acting_user=world.member, version=version, section=1, text="x")
    assert not VisionComment.objects.exists()


def test_outsider_cannot_comment(world):
    version = make_version(world, "open")
    with pytest.raises(PermissionDenied):
        services.comment_create(acting_user=world.outsider, version=version, section=1, text="x")


def test_facilitator_comments_on_behalf_of_a_member_and_is_recorded(world):
    version = make_version(world, "open")
    comment = services.comment_create(
        acting_user=world.facilitator,
        version=version,
        section=2,
        text="Said in the assembly.",
        on_behalf_of=world.member,
    )
    assert comment.author == world.member
    assert comment.entered_by == world.facilitator
    assert comment.organization == world.smallholder


def test_member_cannot_comment_on_behalf_of_someone_else(world):
    version = make_version(world, "open")
    with pytest.raises(PermissionDenied):
        services.comment_create(
            acting_user=world.member,
            version=version,
            section=1,
            text="x",
            on_behalf_of=world.representative,
        )


def test_sections_are_cut_at_second_level_headings():
    sections = split_vision_sections(BODY_V1)
    assert [(s.number, s.heading) for s in sections] == [
        (1, ""),
        (2, "Standing forests"),
        (3, "Water of the Cumbaza"),
    ]
    assert split_vision_sections("## Only\ntext")[0].number == 1


def test_markdown_is_rendered_and_cleaned_of_scripts(world):
    version = make_version(
        world, body="## One\n**bold** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    html = rendered_sections(version)[0].html
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert "javascript:" not in html


def test_diff_marks_changed_words_and_keeps_unchanged_sections_unmarked(world):
    old = make_version(world)
    new = make_version(world, body=BODY_V2 + "\n## Rights\nFree, prior and informed consent.\n")
    rows = diff_versions(old, new)
    assert [row.changed for row in rows] == [False, True, False, True]
    assert "<del>stops</del>" in rows[1].left_html
    assert "<ins>halves</ins>" in rows[1].right_html
    assert rows[3].left_heading is None
    assert rows[3].right_heading == "Rights"


def test_diff_escapes_the_text(world):
    old = make_version(world, body="## A\nplain")
    new = make_version(world, body="## A\n<b>bold</b>")
    row = diff_versions(old, new)[0]
    assert "<b>" not in row.right_html
    assert "&lt;b&gt;" in row.right_html


def test_facilitator_comments_on_the_page_on_behalf_of_a_member(world, client):
    version = make_version(world, "open")
    client.force_login(world.facilitator)
    page = client.get(reverse("vision-version-detail", args=[version.pk])).content.decode()
    assert 'name="on_behalf_of"' in page
    client.post(
        reverse("vision-comment-create", args=[version.pk]),
        {"section": 2, "text": "Said in the assembly.", "on_behalf_of": world.member.pk},
    )
    comment = VisionComment.objects.get()
    assert (comment.author, comment.entered_by) == (world.member, world.facilitator)


def test_facilitator_is_not_offered_a_member_whose_account_is_deactivated(world, client):
    version = make_version(world, "open")
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    form = CommentForm(version=version, user=world.facilitator)
    offered = list(form.fields["on_behalf_of"].queryset)
    assert world.member not in offered
    assert world.members["company"] in offered
    assert world.outsider not in offered
    assert len(offered) == len(set(offered))  # once each, whatever their memberships
    client.force_login(world.facilitator)
    page = client.get(reverse("vision-version-detail", args=[version.pk])).content.decode()
    assert f'<option value="{world.member.pk}"' not in page
    assert f'<option value="{world.members["company"].pk}"' in page
    client.post(
        reverse("vision-comment-create", args=[version.pk]),
        {"section": 2, "text": "Said in the assembly.", "on_behalf_of": world.member.pk},
    )
    assert not VisionComment.objects.exists()


def test_vision_page_points_signed_in_people_to_the_version_open_for_comment(world, client):
    opened = make_version(world, "open")
    assert "is open for comment" not in client.get(reverse("vision")).content.decode()
    client.force_login(world.member)
    page = client.get(reverse("vision")).content.decode()
    assert "La versión 1 está abierta a comentarios." in page
    assert reverse("vision-version-detail", args=[opened.pk]) in page
