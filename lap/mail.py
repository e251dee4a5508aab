"""E-mails in the recipient's language, rendered from a subject and a body template."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(*, template: str, to: str, language: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and send."""
    with translation.override(language):
        full_context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", full_context).strip()
        body = render_to_string(f"{template}_body.txt", full_context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
