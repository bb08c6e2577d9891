import pytest

from blog.models import Post
from comments.models import Comment
from comments.querysets import annotate_comment_counts
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_annotate_comment_counts_counts_visible_comments(django_assert_num_queries):
    busy, quiet = PostFactory(), PostFactory()
    CommentFactory.create_batch(3, target=busy)
    CommentFactory(target=busy, status=Comment.Status.HIDDEN)
    CommentFactory(target=busy, status=Comment.Status.REMOVED)
    CommentFactory(target=quiet, status=Comment.Status.PENDING)
    with django_assert_num_queries(1):
        counts = {
            post.pk: post.comment_count
            for post in annotate_comment_counts(Post.objects.all())
        }
    assert counts == {busy.pk: 3, quiet.pk: 0}


@pytest.mark.parametrize("posts", [2, 25])
def test_annotate_comment_counts_is_one_query_for_any_list(
    django_assert_num_queries, posts
):
    for post in PostFactory.create_batch(posts):
        CommentFactory(target=post)
    annotate_comment_counts(Post.objects.none())  # warm the content type cache
    with django_assert_num_queries(1):
        assert {
            p.comment_count for p in annotate_comment_counts(Post.objects.all())
        } == {1}
