"""Record moderator actions; every service that moderates calls ``record``."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def record(*, actor, action: str, target, reason: str = "") -> AuditEntry:
    """The entry names the scope a scoped moderator acted within ("" site-wide)."""
    scope_for = getattr(actor, "moderation_scope_for", None)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_repr=str(target)[:250],
        reason=reason,
        scope=scope_for(target) if scope_for is not None else "",
    )
