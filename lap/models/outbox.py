"""E-mails written by background tasks, one row per task run and address, so that a task
delivered again (its worker was killed, acknowledged late) writes to nobody twice, and the
sweep hands again a task whose worker died before writing to everyone (lap.tasks.outbox)."""

from django.db import models


class MailDelivery(models.Model):
    """One e-mail of one task run: claimed by the worker writing it, then marked sent."""

    # The task and its arguments, e.g. "lap.tasks.vision.notify_vision_opened:[12]".
    job = models.CharField(max_length=255)
    to = models.EmailField(max_length=254)
    # A claim older than LAP_SWEEP_PENDING without sent_at is a dead worker's.
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One e-mail per task run and address: the second delivery finds the first's row.
            models.UniqueConstraint(fields=["job", "to"], name="mail_delivery_once_per_address")
        ]
        indexes = [models.Index(fields=["sent_at", "claimed_at"], name="mail_delivery_unsent")]

    def __str__(self) -> str:
        return f"{self.job} → {self.to}"
