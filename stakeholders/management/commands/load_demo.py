from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stakeholders.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Create demo organizations and accounts (marked as demo). Idempotent; never in production."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is never loaded in production mode (DJANGO_DEBUG=false).")
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {DEMO_PASSWORD}):"))
        for username, description in logins:
            self.stdout.write(f"  {username:30} {description}")
