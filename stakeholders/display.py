"""How pages are shown to a person: text size (three steps), high contrast, underlined links,
reduced motion (DESIGN "Participation and inclusion").

The choice is a short text of known words ("large.contrast"), kept in a cookie for everyone and
on the account when signed in (the account's choice wins once it has one). Pages carry it as CSS
classes on <html> only, so nothing cached (the territory map, a page fragment) ever bakes a
choice in. Unknown words are ignored: a hand-edited cookie shows the default page.
"""

from dataclasses import dataclass

from django.http import HttpRequest

COOKIE = "lap_display"
COOKIE_MAX_AGE = 365 * 24 * 3600
SIZES = ("normal", "large", "larger")
MAX_LENGTH = 40  # the longest text: "larger.contrast.underline.still"


@dataclass(frozen=True, slots=True)
class Display:
    size: str = "normal"
    contrast: bool = False
    underline: bool = False
    still: bool = False  # reduced motion

    @classmethod
    def parse(cls, text: str | None) -> "Display":
        words = set((text or "")[:MAX_LENGTH].split("."))
        size = next((size for size in SIZES if size in words), "normal")
        return cls(
            size=size,
            contrast="contrast" in words,
            underline="underline" in words,
            still="still" in words,
        )

    @property
    def text(self) -> str:
        """The stored form, never empty ("normal" for the default page): an account with an
        empty text has never chosen, and then the device's cookie applies."""
        words = [self.size] + [
            word for word in ("contrast", "underline", "still") if getattr(self, word)
        ]
        return ".".join(words)

    @property
    def css_classes(self) -> str:
        classes = [f"text-{self.size}"] if self.size != "normal" else []
        if self.contrast:
            classes.append("high-contrast")
        if self.underline:
            classes.append("underline-links")
        if self.still:
            classes.append("reduce-motion")
        return " ".join(classes)


def display_for(request: HttpRequest) -> Display:
    """The account's choice when signed in and it has one, else the cookie's."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "display", ""):
        return Display.parse(user.display)
    return Display.parse(request.COOKIES.get(COOKIE))


def remember_on_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: an account that never chose keeps what the person chose on this device
    before signing in; one that chose keeps its own (it wins, DESIGN)."""
    if request is None or user.display or not request.COOKIES.get(COOKIE):
        return
    from stakeholders.services import user_set_display

    user_set_display(acting_user=user, display=Display.parse(request.COOKIES[COOKIE]))
