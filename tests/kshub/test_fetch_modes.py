"""Lists load what their rows show up front. Whatever else a template reads of
them comes for every row in one query (Django's FETCH_PEERS), never one per row."""

import pytest

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from members.models import Profile
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    InstitutionFactory,
    MemberFactory,
    PostFactory,
    ProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ROWS = 4


def _stories():
    CaseStoryFactory.create_batch(ROWS)
    return CaseStory.objects.for_cards(), lambda case: case.lessons


def _posts():
    for _ in range(ROWS):
        post = PostFactory()
        post.author.profile.institution = InstitutionFactory()
        post.author.profile.save()
    return Post.objects.for_list(), lambda post: post.author.profile.institution


def _directory():
    for _ in range(ROWS):
        ProfileFactory(institution=InstitutionFactory(proposed_by=UserFactory()))
    return (
        Profile.objects.filter(institution__isnull=False).for_cards(),
        lambda profile: profile.institution.proposed_by,
    )


def _thread():
    post = PostFactory()
    for _ in range(ROWS):
        comment = CommentFactory(target=post)
        # The thread loads the authors' institutions (for the official badge),
        # not who proposed them.
        comment.author.profile.institution = InstitutionFactory(
            proposed_by=MemberFactory()
        )
        comment.author.profile.save()
    return (
        Comment.objects.on(post).thread(),
        lambda comment: comment.author.profile.institution.proposed_by,
    )


@pytest.mark.parametrize("rows", [_stories, _posts, _directory, _thread])
def test_what_a_list_did_not_load_comes_for_all_its_rows_in_one_query(
    rows, django_assert_num_queries
):
    queryset, read_what_was_not_loaded = rows()
    loaded = list(queryset)
    assert len(loaded) >= ROWS
    with django_assert_num_queries(1):
        for row in loaded:
            read_what_was_not_loaded(row)
