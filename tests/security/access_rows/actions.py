"""Access rows for the actions pages and API (merged into access_table.ACCESS).

The actions are proposed by the smallholder member persona for the smallholder organization
(so "member" is the proposer and "representative" represents the proposing organization).
"""

from lap.models.actions import CommunityOrigin, ConcernedCommunity, ConsentProcess
from tests.factories import ActionFactory, CommunityFactory, DistrictFactory
from tests.security.access_table import (
    ALL_200,
    API_COORDINATOR_POST,
    COORDINATOR_PAGE,
    COORDINATOR_POST,
    SIGNED_IN_200,
    row,
)


def _action(world, state, **fields):
    """One action per state and test (memoized on the fresh world of each case)."""
    cache = world.__dict__.setdefault("_access_actions", {})
    if state not in cache:
        action = ActionFactory(
            state=state, proposer=world.member, proposing_organization=world.smallholder, **fields
        )
        action.responsible_organizations.set([world.smallholder])
        cache[state] = action
    return cache[state]


def _pk(state, **fields):
    return lambda w, o: {"pk": _action(w, state, **fields).pk}


def _concerned(world):
    cache = world.__dict__.setdefault("_access_concerned", {})
    if "row" not in cache:
        action = _action(world, "accepted")
        community = CommunityFactory(
            district=DistrictFactory(), organization=world.indigenous, name="Access (demo)"
        )
        action.districts.add(community.district)
        concerned = ConcernedCommunity.objects.create(
            action=action, community=community, origin=CommunityOrigin.DISTRICT
        )
        ConsentProcess.objects.create(concerned=concerned)
        cache["row"] = concerned
    return cache["row"]


ACCESS_DOCUMENT = "consent/access-test/acta.pdf"


def _document_kwargs(w, o):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from lap.models.actions import ConsentRecord

    # One small file, written once and reused by every run (not one more file per case).
    if not default_storage.exists(ACCESS_DOCUMENT):
        default_storage.save(ACCESS_DOCUMENT, ContentFile(b"%PDF-1.4"))
    concerned = _concerned(w)
    entry = ConsentRecord.objects.create(
        process=concerned.consent,
        from_state="pending",
        state="information_shared",
        recorded_by=w.coordinator,
        document=ACCESS_DOCUMENT,
    )
    return {"pk": concerned.action_id, "record_pk": entry.pk}


def _community_kwargs(w, o):
    concerned = _concerned(w)
    return {"pk": concerned.action_id, "community_pk": concerned.community_id}


REASON = {"reason": "Checked with the communities."}

#                     anon outs memb repr faci coor  key  super
DRAFT_VISIBLE_PAGE = (404, 404, 200, 200, 404, 200, 404, 200)
PROPOSE_PAGE = (302, 403, 200, 200, 200, 403, 302, 200)
EDIT_SUBMITTED_PAGE = (302, 403, 200, 200, 403, 200, 302, 200)
COMMENT_POST = (302, 403, 302, 302, 302, 302, 302, 302)
ADD_COMMUNITY_POST = (302, 403, 302, 302, 403, 302, 302, 302)
CONSENT_PAGE = (302, 403, 403, 403, 403, 200, 302, 200)

DRAFT_VISIBLE_API = (404, 404, 200, 200, 404, 200, 404, 200)
SUBMIT_API = (401, 404, 200, 200, 404, 403, 403, 200)
RESPONSIBLE_API = (401, 403, 403, 200, 403, 200, 403, 200)
WITHDRAW_API = (401, 403, 200, 200, 403, 403, 403, 200)
SIGNED_IN_OR_KEY_API = (401, 200, 200, 200, 200, 200, 200, 200)

ROWS: dict = {
    # --- pages ---
    "action-list": row("get", ALL_200),
    "action-detail": row("get", DRAFT_VISIBLE_PAGE, kwargs=_pk("draft")),
    "action-create": row("get", PROPOSE_PAGE),
    "action-review-queue": row("get", COORDINATOR_PAGE),
    "action-edit": row("get", EDIT_SUBMITTED_PAGE, kwargs=_pk("submitted")),
    "action-transition": row(
        "post",
        COORDINATOR_POST,
        kwargs=lambda w, o: {"pk": _action(w, "submitted").pk, "verb": "accept"},
    ),
    "action-comment": row(
        "post", COMMENT_POST, kwargs=_pk("accepted"), data=lambda w, o: {"body": "Good idea."}
    ),
    "action-community-add": row(
        "post",
        ADD_COMMUNITY_POST,
        kwargs=_pk("submitted"),
        data=lambda w, o: {"community": CommunityFactory().pk},
    ),
    "action-community-remove": row(
        "post", COORDINATOR_POST, kwargs=_community_kwargs, data=lambda w, o: REASON
    ),
    "action-consent": row("get", CONSENT_PAGE, kwargs=_community_kwargs),
    "action-consent-document": row("get", SIGNED_IN_200, kwargs=_document_kwargs),
    # --- API ---
    "api:action-list": row("get", ALL_200),
    "api:action-detail": row("get", DRAFT_VISIBLE_API, kwargs=_pk("draft")),
    "api:action-submit": row("post", SUBMIT_API, kwargs=_pk("draft")),
    "api:action-accept": row("post", API_COORDINATOR_POST, kwargs=_pk("submitted")),
    "api:action-reject": row(
        "post", API_COORDINATOR_POST, kwargs=_pk("submitted"), data=lambda w, o: REASON
    ),
    "api:action-approve": row("post", API_COORDINATOR_POST, kwargs=_pk("accepted")),
    "api:action-start": row("post", RESPONSIBLE_API, kwargs=_pk("approved")),
    "api:action-complete": row("post", RESPONSIBLE_API, kwargs=_pk("in_progress")),
    "api:action-suspend": row(
        "post", API_COORDINATOR_POST, kwargs=_pk("approved"), data=lambda w, o: REASON
    ),
    "api:action-resume": row(
        "post", API_COORDINATOR_POST, kwargs=_pk("suspended", suspended_from="approved")
    ),
    "api:action-withdraw": row(
        "post", WITHDRAW_API, kwargs=_pk("submitted"), data=lambda w, o: REASON
    ),
    "api:action-consents": row("get", SIGNED_IN_OR_KEY_API, kwargs=_pk("accepted")),
    "api:action-comments": row("get", SIGNED_IN_OR_KEY_API, kwargs=_pk("accepted")),
    "api:action-communities": row("get", ALL_200, kwargs=_pk("accepted")),
    "api:action-community-remove": row(
        "post", API_COORDINATOR_POST, kwargs=_community_kwargs, data=lambda w, o: REASON
    ),
}
