"""Background work of notifications: what a publication sets off."""

from django.apps import apps
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from members.mail import language_of, send_to_member, site_url

from . import services
from .followable import is_followable, object_key, topic_keys
from .models import Kind
from .querysets import followers

EXCERPT_LENGTH = 500


@task
def tell_of_publication(label: str, pk: int) -> bool:
    """The author hears their content is out (and follows it from now on); those
    who follow any of its topics hear of new content. False when it is no longer
    public."""
    item = apps.get_model(label)._default_manager.filter(pk=pk).first()
    if item is None or not is_followable(item):
        return False
    author = getattr(item, "author", None)
    if author is not None:
        services.follow(member=author, key=object_key(item), automatic=True)
        send_to_member(
            author,
            "notifications/email/published_subject.txt",
            "notifications/email/published_body.txt",
            {"item": item, "link": site_url() + item.get_absolute_url()},
        )
    for member in followers(topic_keys(item), besides=[getattr(author, "pk", None)]):
        with translation.override(language_of(member)):
            title = _("New: “%(title)s”") % {"title": item}
        services.notify(
            member=member,
            kind=Kind.CONTENT,
            event=f"published:{object_key(item)}",
            title=title,
            excerpt=getattr(item, "summary", "")[:EXCERPT_LENGTH],
            path=item.get_absolute_url(),
        )
    return True
