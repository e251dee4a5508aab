"""Shared output of the territory commands: a clear error, or what changed."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def fail(error: ValidationError) -> CommandError:
    lines = "\n".join(f"  - {message}" for message in error.messages)
    return CommandError(f"Nothing was changed:\n{lines}")


def summary(command, result, what: str) -> None:
    command.stdout.write(
        command.style.SUCCESS(
            f"{what}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
    )
    for message in result.messages:
        command.stdout.write(f"  {message}")
