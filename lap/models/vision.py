"""Models: vision (versions, sections, comments, endorsements, adoption).

The vision is one Markdown text kept in numbered versions. Its sections are the parts that
start with a `## ` heading (text before the first heading is an introduction section); people
comment on a section by its number. Only the current published version can be endorsed, and a
version is adopted once, when every core sector with an active organization has endorsed it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lap import limits

__all__ = [
    "Endorsement",
    "VisionAdoption",
    "VisionComment",
    "VisionSection",
    "VisionState",
    "VisionVersion",
    "split_vision_sections",
]


@dataclass(frozen=True)
class VisionSection:
    number: int  # from 1
    heading: str  # "" for the introduction before the first heading
    text: str  # the Markdown below the heading


def split_vision_sections(body: str) -> list[VisionSection]:
    """Cut a Markdown text at its `## ` headings; a non-blank preamble is section 1."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("## "):
            parts.append((line[3:].strip(), []))
        else:
            parts[-1][1].append(line)
    if not "\n".join(parts[0][1]).strip():
        parts = parts[1:]
    return [
        VisionSection(number=index, heading=heading, text="\n".join(lines).strip("\n"))
        for index, (heading, lines) in enumerate(parts, start=1)
    ]


class VisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Closed for comment")
    PUBLISHED = "published", _("Published")


class VisionVersion(models.Model):
    """One version of the shared vision: draft -> open -> closed -> published."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        max_length=limits.DESCRIPTION,
        help_text=_("Markdown. Each section starts with a line “## Heading”."),
    )
    summary = models.TextField(_("what changed"), blank=True, max_length=limits.COMMENT)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=VisionState.choices,
        default=VisionState.DRAFT,
        db_index=True,
    )
    # The one published version people endorse; older published versions stay as history.
    is_current = models.BooleanField(_("current"), default=False)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened for comment"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed for comment"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("vision version")
        verbose_name_plural = _("vision versions")
        constraints = [
            # Exactly one published version is current: never two at once.
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_vision"
            ),
            # Only a published version can be the current one.
            models.CheckConstraint(
                name="current_vision_is_published",
                condition=Q(is_current=False) | Q(state="published"),
            ),
        ]

    def __str__(self) -> str:
        return _("Version %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def sections(self) -> list["VisionSection"]:
        return split_vision_sections(self.body)


class VisionComment(models.Model):
    """A comment on one section of a version open for comment, made for an organization."""

    version = models.ForeignKey(
        VisionVersion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("version")
    )
    section = models.PositiveSmallIntegerField(_("section"))
    section_heading = models.CharField(_("section heading"), max_length=200, blank=True)
    text = models.TextField(_("comment"), max_length=limits.COMMENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vision_comments",
        verbose_name=_("author"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vision_comments",
        verbose_name=_("organization"),
    )
    # A facilitator who entered the comment on behalf of the author.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["version", "section", "created_at", "pk"]
        verbose_name = _("vision comment")
        verbose_name_plural = _("vision comments")
        constraints = [
            # Sections are numbered from 1.
            models.CheckConstraint(
                name="vision_comment_section_positive", condition=Q(section__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version.number} §{self.section} — {self.author}"


class Endorsement(models.Model):
    """An organization's endorsement of a published version, given by its representative."""

    version = models.ForeignKey(
        VisionVersion,
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("version"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        related_name="vision_endorsements",
        verbose_name=_("organization"),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vision_endorsements",
        verbose_name=_("endorsed by"),
    )
    note = models.TextField(_("note"), blank=True, max_length=limits.COMMENT)
    created_at = models.DateTimeField(_("endorsed"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            # An organization endorses a version once; a withdrawn endorsement stays as history.
            models.UniqueConstraint(
                fields=["version", "organization"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_living_endorsement_per_organization_and_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class VisionAdoption(models.Model):
    """The moment a version was adopted, recorded once with the organizations that endorsed it."""

    # One adoption per version: the database refuses a second, even from a concurrent request.
    version = models.OneToOneField(
        VisionVersion, on_delete=models.PROTECT, related_name="adoption", verbose_name=_("version")
    )
    adopted_at = models.DateTimeField(_("adopted"))
    endorsers = models.ManyToManyField(
        "stakeholders.Organization", related_name="+", verbose_name=_("endorsing organizations")
    )

    class Meta:
        ordering = ["-adopted_at"]
        verbose_name = _("vision adoption")
        verbose_name_plural = _("vision adoptions")

    def __str__(self) -> str:
        return f"{self.version} — {self.adopted_at:%Y-%m-%d %H:%M}"
