"""Access rows for the implementation pages and API (merged into access_table.ACCESS).

The objects are made on first use in each case: an approved action the smallholder
organization is responsible for, a milestone with evidence, a draft update by the member
("member" is its author, "representative" represents its organization) and a published update
with a photo, and a coordinator's bulk file not yet committed.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.access_table import ALL_200, COORDINATOR_PAGE, COORDINATOR_POST, row

#                     anon outs memb repr faci coor  key  super
MILESTONE_EDITORS = (302, 403, 403, 200, 403, 200, 302, 200)
MILESTONE_POST = (302, 403, 403, 302, 403, 302, 302, 302)
EVIDENCE_READERS = (302, 404, 404, 200, 404, 200, 302, 200)
UPDATE_WRITERS = (302, 403, 200, 200, 200, 403, 302, 200)
DRAFT_EDITORS = (302, 404, 200, 200, 404, 403, 302, 200)
PUBLISHERS_POST = (302, 403, 403, 302, 403, 302, 302, 302)
HIDERS_POST = (302, 403, 403, 403, 403, 302, 302, 302)
DRAFT_DELETERS_POST = (302, 403, 302, 302, 403, 403, 302, 302)
API_MILESTONE_EDITORS = (401, 403, 403, 200, 403, 200, 403, 200)
API_PUBLISHERS = (401, 403, 403, 200, 403, 200, 403, 200)
API_HIDERS = (401, 403, 403, 403, 403, 200, 403, 200)

DAY = datetime.date(2026, 11, 30)
PDF = b"%PDF-1.4 evidence"


def _objects(world) -> dict:
    cached = getattr(world, "_implementation_objects", None)
    if cached:
        return cached
    from lap.services import implementation as services
    from tests.factories import ActionFactory

    action = ActionFactory(
        state="approved", proposing_organization=world.smallholder, proposer=world.member
    )
    action.responsible_organizations.set([world.smallholder])
    milestone = services.milestone_create(
        acting_user=world.coordinator, action=action, title="Nursery", due_on=DAY
    )
    services.milestone_mark_done(
        acting_user=world.coordinator,
        milestone=milestone,
        done_on=DAY,
        evidence=SimpleUploadedFile("minutes.pdf", PDF),
    )
    draft = services.progress_update_create(
        acting_user=world.member, action=action, reported_on=DAY, narrative="Nursery planted."
    )
    published = services.progress_update_create(
        acting_user=world.member,
        action=action,
        reported_on=DAY,
        percent=20,
        narrative="Seedlings ready.",
        files=[SimpleUploadedFile("seedlings.pdf", PDF)],
    )
    services.progress_update_publish(acting_user=world.coordinator, update=published)
    upload = services.progress_upload_create(
        acting_user=world.coordinator,
        file=SimpleUploadedFile(
            "avances.csv", f"action,date,percent,narrative\n{action.pk},{DAY},30,Bulk.\n".encode()
        ),
    )
    world._implementation_objects = {
        "upload": upload,
        "action": action,
        "milestone": milestone,
        "draft": draft,
        "published": published,
        "attachment": published.attachments.get(),
    }
    return world._implementation_objects


def _pk(name):
    return lambda w, o: {"pk": _objects(w)[name].pk}


def _reason(w, o):
    return {"reason": "The photo shows another plot."}


ROWS: dict = {
    # --- pages ---
    "results": row("get", ALL_200),
    "implementation-action": row("get", ALL_200, kwargs=_pk("action")),
    "implementation-milestone-create": row("get", MILESTONE_EDITORS, kwargs=_pk("action")),
    "implementation-milestone-edit": row("get", MILESTONE_EDITORS, kwargs=_pk("milestone")),
    "implementation-milestone-done": row("get", MILESTONE_EDITORS, kwargs=_pk("milestone")),
    "implementation-milestone-delete": row("post", MILESTONE_POST, kwargs=_pk("milestone")),
    "implementation-milestone-evidence": row("get", EVIDENCE_READERS, kwargs=_pk("milestone")),
    "implementation-update-create": row("get", UPDATE_WRITERS, kwargs=_pk("action")),
    "implementation-update-edit": row("get", DRAFT_EDITORS, kwargs=_pk("draft")),
    "implementation-update-publish": row("post", PUBLISHERS_POST, kwargs=_pk("draft")),
    "implementation-update-hide": row("post", HIDERS_POST, kwargs=_pk("published"), data=_reason),
    "implementation-update-delete": row("post", DRAFT_DELETERS_POST, kwargs=_pk("draft")),
    "implementation-attachment": row("get", ALL_200, kwargs=_pk("attachment")),
    "implementation-uploads": row("get", COORDINATOR_PAGE),
    "implementation-upload-template": row("get", COORDINATOR_PAGE),
    "implementation-upload": row("get", COORDINATOR_PAGE, kwargs=_pk("upload")),
    "implementation-upload-commit": row("post", COORDINATOR_POST, kwargs=_pk("upload")),
    "implementation-upload-delete": row("post", COORDINATOR_POST, kwargs=_pk("upload")),
    # --- API ---
    "api:results-summary": row("get", ALL_200),
    "api:milestone-list": row("get", ALL_200),
    "api:milestone-detail": row("get", ALL_200, kwargs=_pk("milestone")),
    "api:milestone-done": row(
        "post", API_MILESTONE_EDITORS, kwargs=_pk("milestone"), data=lambda w, o: {"done_on": ""}
    ),
    "api:progress-update-list": row("get", ALL_200),
    "api:progress-update-detail": row("get", ALL_200, kwargs=_pk("published")),
    "api:progress-update-publish": row("post", API_PUBLISHERS, kwargs=_pk("draft")),
    "api:progress-update-hide": row("post", API_HIDERS, kwargs=_pk("published"), data=_reason),
}
