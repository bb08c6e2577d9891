from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        # The lower apps show what this one holds through their registries.
        from comments import targets

        from .access import can_read_topic
        from .contributions import register_contributions
        from .scopes import register_scopes
        from .searching import register_search_kinds
        from .services import note_reply

        targets.register(
            "discussions.topic",
            status="published",
            select_related=["space"],
            readable_by=can_read_topic,
            accepts_from=_accepts_replies,
            on_posted=note_reply,
        )
        register_contributions()
        register_scopes()
        register_search_kinds()


def _accepts_replies(topic, member) -> bool:
    """Open, and (for a member) a space they may write in."""
    from .access import can_post_in

    if topic.closed:
        return False
    return member is None or can_post_in(topic.space, member)
