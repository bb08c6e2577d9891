"""Load the roles demo (``demo/data/roles.yaml``): a demo editor of a seed
institution, appointed by the demo moderator, confirms a demo member as its
official voice; a demo moderator scoped to one KS dimension. Everything goes
through ``members.roles`` (and its audit entries); safe to run any number of
times: a role already held is left as it is."""

from django.db import transaction

from members import roles
from members.models import Institution, ModeratorScope, Profile, User

from .loading import read_data


@transaction.atomic
def load() -> None:
    data = read_data("roles")
    users = {user.username: user for user in User.objects.select_related("profile")}
    moderator = users[data["moderator"]]
    for spec in data["editors"]:
        member = users[spec["member"]]
        institution = Institution.objects.get(slug=spec["institution"])
        if member.profile.institution_id is None:
            Profile.objects.filter(user=member).update(institution=institution)
            member.profile.refresh_from_db()
        if not member.profile.is_institution_editor:
            roles.appoint_editor(
                institution=institution, member=member, appointed_by=moderator
            )
    for spec in data["official_voices"]:
        _official_voice(spec, users)
    for spec in data["scopes"]:
        member = users[spec["member"]]
        held = ModeratorScope.objects.filter(
            member=member, kind=spec["kind"], key=spec["key"]
        )
        if not held.exists():
            roles.grant_moderation_scope(
                member=member,
                kind=spec["kind"],
                key=spec["key"],
                granted_by=moderator,
            )


def _official_voice(spec: dict, users: dict) -> None:
    member, editor = users[spec["member"]], users[spec["editor"]]
    institution = Institution.objects.get(slug=spec["institution"])
    profile = Profile.objects.get(user=member)
    if profile.institution_id is None:
        profile.institution = institution
        profile.save(update_fields=["institution"])
    if profile.institution_id != institution.pk:
        return  # the member chose another institution: the demo leaves it be
    if profile.institution_confirmed_at is None:
        roles.confirm_member(institution=institution, member=member, editor=editor)
    if not profile.speaks_for_institution:
        roles.set_official_voice(
            institution=institution, member=member, editor=editor, official=True
        )
