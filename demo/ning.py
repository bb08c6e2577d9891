"""Load the old Ning addresses of ``demo/data/ning.yaml``: the seed post's address
on the network it came from leads to the post here.

Idempotent: keyed on the old path, saved only when the new one differs. The posts
must exist (the core demo content is loaded first)."""

from pathlib import Path

import yaml
from django.db import transaction

from blog.models import Post
from ning.models import Redirect

DATA = Path(__file__).parent / "data" / "ning.yaml"


@transaction.atomic
def load() -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for spec in data.get("redirects", []):
        post = Post.objects.filter(slug=spec["post"]).first()
        if post is None:
            continue
        values = {"new_path": post.get_absolute_url(), "note": spec.get("note", "")}
        redirect = Redirect.objects.filter(old_path=spec["old_path"]).first()
        if redirect is None:
            Redirect.objects.create(old_path=spec["old_path"], **values)
        elif any(getattr(redirect, name) != value for name, value in values.items()):
            Redirect.objects.filter(pk=redirect.pk).update(**values)
