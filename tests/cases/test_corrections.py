"""Suggested corrections: proposed by any member, decided by the author or a
moderator, applied all at once, and kept in the story's history."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cases import corrections
from cases.history import story_versions
from cases.models import CaseStory, Correction
from core.models import AuditEntry
from tests.factories import CaseStoryFactory, DraftCaseStoryFactory, MemberFactory

pytestmark = pytest.mark.django_db


def suggest(case, proposer, **texts):
    return corrections.suggest_correction(
        case_story=case, proposer=proposer, explanation="Figures of 2015.", **texts
    )


def test_suggest_keeps_only_the_changed_fields_and_tells_the_author(
    member, django_capture_on_commit_callbacks
):
    case = CaseStoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        correction = suggest(
            case, member, title=case.title, results="Twice as many kiosks."
        )
    assert correction.proposed == {"results": "Twice as many kiosks."}
    assert correction.original == {"results": "The results."}
    assert AuditEntry.objects.get().action == "suggest-correction"
    assert [message.to for message in mail.outbox] == [[case.author.email]]
    assert correction.get_absolute_url() in mail.outbox[0].body


def test_suggest_refuses_unpublished_stories_and_unchanged_text(member):
    with pytest.raises(ValidationError):
        suggest(DraftCaseStoryFactory(), member, results="New.")
    case = CaseStoryFactory()
    with pytest.raises(ValidationError):
        suggest(case, member, results=case.results)
    with pytest.raises(ValidationError):
        suggest(case, member, title="")
    with pytest.raises(ValidationError):
        suggest(case, member, summary="x" * 301)
    assert not Correction.objects.exists()


def test_suggest_needs_a_verified_member(unverified_member):
    with pytest.raises(PermissionDenied):
        suggest(CaseStoryFactory(), unverified_member, results="New.")


def test_accepting_applies_the_text_and_keeps_a_version(member, moderator):
    case = CaseStoryFactory()
    correction = suggest(case, member, results="Twice as many kiosks.")
    corrections.accept_correction(
        correction=correction, reviewer=case.author, note="Thanks."
    )
    case.refresh_from_db()
    correction.refresh_from_db()
    assert case.results == "Twice as many kiosks."
    assert correction.status == Correction.Status.ACCEPTED
    assert correction.decided_by == case.author
    latest = case.history.latest()
    assert latest.history_user == member
    assert latest.history_change_reason == f"correction:{correction.pk}"
    assert AuditEntry.objects.filter(action="accept-correction").count() == 1
    # The search finds the new words.
    assert CaseStory.objects.matching("kiosks").filter(pk=case.pk).exists()
    versions = story_versions(case)
    assert versions[0]["correction"] == correction
    assert [change["name"] for change in versions[0]["changes"]] == ["results"]


def test_accepting_is_refused_when_the_story_changed_since(member, moderator):
    case = CaseStoryFactory()
    correction = suggest(case, member, results="Twice as many kiosks.")
    CaseStory.objects.filter(pk=case.pk).update(results="Edited meanwhile.")
    with pytest.raises(ValidationError):
        corrections.accept_correction(correction=correction, reviewer=moderator)
    case.refresh_from_db()
    correction.refresh_from_db()
    assert case.results == "Edited meanwhile."
    assert correction.status == Correction.Status.PENDING
    assert not AuditEntry.objects.filter(action="accept-correction").exists()


def test_accepting_twice_is_refused(member, moderator):
    case = CaseStoryFactory()
    correction = suggest(case, member, results="New.")
    corrections.accept_correction(correction=correction, reviewer=moderator)
    with pytest.raises(ValidationError):
        corrections.decline_correction(
            correction=correction, reviewer=moderator, note="No."
        )


def test_only_the_author_and_moderators_decide(member):
    case = CaseStoryFactory()
    correction = suggest(case, member, results="New.")
    with pytest.raises(PermissionDenied):
        corrections.accept_correction(correction=correction, reviewer=member)
    with pytest.raises(PermissionDenied):
        corrections.accept_correction(correction=correction, reviewer=MemberFactory())
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING


def test_declining_needs_a_note(member):
    case = CaseStoryFactory()
    correction = suggest(case, member, results="New.")
    with pytest.raises(ValidationError):
        corrections.decline_correction(
            correction=correction, reviewer=case.author, note=" "
        )
    corrections.decline_correction(
        correction=correction, reviewer=case.author, note="The figures are right."
    )
    correction.refresh_from_db()
    assert correction.status == Correction.Status.DECLINED
    assert CaseStory.objects.get(pk=case.pk).results == "The results."


def test_correction_page_shows_the_difference_escaped(client, member):
    case = CaseStoryFactory()
    correction = suggest(case, member, results="<script>alert(1)</script> kiosks")
    client.force_login(case.author)
    response = client.get(correction.get_absolute_url())
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<del>The" in response.text
    assert "Accept and publish" in response.text


def test_suggest_page_and_history_page_through_the_browser_surface(client, member):
    case = CaseStoryFactory()
    client.force_login(member)
    form = client.get(f"/cases/{case.slug}/suggest/")
    assert form.status_code == 200
    assert case.results in form.text
    fields = {name: getattr(case, name) for name in Correction.FIELDS}
    response = client.post(
        f"/cases/{case.slug}/suggest/",
        {**fields, "lessons": "Start small.", "explanation": "From the 2016 report."},
    )
    correction = Correction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == correction.get_absolute_url()
    client.force_login(case.author)
    client.post(f"{correction.get_absolute_url()}accept/", {"note": "Right."})
    history = client.get(f"/cases/{case.slug}/history/")
    assert history.status_code == 200
    assert member.profile.display_name in history.text
    assert "accepted by" in history.text
    assert "<ins>Start</ins> <ins>small.</ins>" in history.text


def test_history_page_reads_a_bounded_number_of_queries(
    client, member, django_assert_max_num_queries
):
    case = CaseStoryFactory()
    for number in range(8):
        correction = suggest(case, MemberFactory(), results=f"Version {number}.")
        corrections.accept_correction(correction=correction, reviewer=case.author)
        case.refresh_from_db()
    with django_assert_max_num_queries(12):
        response = client.get(f"/cases/{case.slug}/history/")
    assert response.text.count("Version") >= 8
