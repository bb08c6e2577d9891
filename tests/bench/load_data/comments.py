"""Generated comments: the hot stories' 200 each, the rest skewed, replies."""

# SQL here is composed from constants and model metadata; values go as parameters.
# ruff: noqa: S608

from __future__ import annotations

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment

from .vocabulary import (
    COMMENTABLE_SHARE_STORIES,
    HOT_STORY_COMMENTS,
)

COMMENT_VALUES = {
    "content_type_id": "src.ct",
    "object_id": "src.object_id",
    "author_id": "m.id",
    "parent_id": "NULL",
    "body": "b1.body || CASE WHEN src.two THEN ' ' || b2.body ELSE '' END",
    "language": "src.lang",
    "status": "src.status",
    "submission_key": "NULL",
    "created_at": "src.created_at",
    "edited_at": "NULL",
}
COMMENT_SOURCE = """
    FROM {source} src
    JOIN load_members m ON m.rn = src.author_rn
    JOIN load_sentences b1 ON b1.lang = src.lang AND b1.n = src.s1
    JOIN load_sentences b2 ON b2.lang = src.lang AND b2.n = src.s2
    ORDER BY src.created_at
"""
RANDOM_COLUMNS = """
    1 + floor(power(random(), 2) * %(members)s)::int AS author_rn,
    1 + floor(random() * (%(sentences)s - 1))::int AS s1,
    1 + floor(random() * (%(sentences)s - 1))::int AS s2,
    random() < 0.4 AS two,
    (ARRAY['visible', 'hidden', 'pending', 'removed'])[
        CASE WHEN r < 0.97 THEN 1 WHEN r < 0.98 THEN 2
             WHEN r < 0.99 THEN 3 ELSE 4 END] AS status
"""


class Comments:
    def _comment_params(self) -> dict:
        return {"members": self.counts.members, "sentences": self.sentence_pool}

    def comments(self) -> None:
        counts = self.counts
        first_id = self.scalar("SELECT coalesce(max(id), 0) FROM comments_comment")
        self._hot_comments(first_id)
        # The rest: top-level comments skewed towards a few busy discussions.
        remaining = counts.comments - self.hot_stories * HOT_STORY_COMMENTS
        if remaining <= 0:
            return
        replies = remaining // 4
        top = remaining - replies
        after_hot = self.scalar("SELECT max(id) FROM comments_comment")
        self._spread_comments(top)
        self._later_replies(after_hot, replies)

    def _hot_comments(self, first_id: int) -> None:
        story_type = self.content_type_id(CaseStory)
        common = self._comment_params()
        # The hot stories: exactly 200 each, a fifth of them replies.
        hot_top = HOT_STORY_COMMENTS * 4 // 5
        hot_replies = HOT_STORY_COMMENTS - hot_top
        self.execute(
            f"""
            CREATE TEMP TABLE load_hot_comments ON COMMIT DROP AS
            SELECT %(ct)s AS ct, s.id AS object_id, s.language AS lang,
                   s.published_at + (now() - s.published_at) * (k::float / 250)
                       AS created_at,
                   {RANDOM_COLUMNS}
            FROM load_stories s, generate_series(1, %(top)s) k
                 CROSS JOIN LATERAL (SELECT 0.0 + 0 * k AS r) rr
            WHERE s.rn <= %(hot)s
            """,
            {**common, "ct": story_type, "top": hot_top, "hot": self.hot_stories},
        )
        self.execute("ANALYZE load_hot_comments")
        self.insert(
            Comment,
            COMMENT_VALUES,
            COMMENT_SOURCE.format(source="load_hot_comments"),
        )
        self.execute(
            """
            CREATE TEMP TABLE load_reply_source ON COMMIT DROP AS
            SELECT c.id AS parent_id, c.content_type_id AS ct, c.object_id,
                   c.language AS lang,
                   c.created_at + random() * interval '3 days' AS created_at,
                   row_number() OVER (PARTITION BY c.object_id ORDER BY random())
                       AS position
            FROM comments_comment c
            WHERE c.id > %(first)s AND c.status = 'visible'
            """,
            {"first": first_id},
        )
        self.execute("ANALYZE load_reply_source")
        self._insert_replies(
            "WHERE position <= %(replies)s", {"replies": hot_replies}, common
        )
        self.execute("DROP TABLE load_reply_source")

    def _spread_comments(self, top: int) -> None:
        story_type = self.content_type_id(CaseStory)
        post_type = self.content_type_id(Post)
        common = self._comment_params()
        targets = [
            ("load_published", story_type, self.published_count),
            ("load_published_posts", post_type, self.published_posts),
        ]
        story_share = COMMENTABLE_SHARE_STORIES if self.published_posts else 1.0
        for table, content_type, available in targets:
            wanted = round(
                top * (story_share if table == "load_published" else 1 - story_share)
            )
            if not available or wanted <= 0:
                continue
            self.execute(
                f"""
                CREATE TEMP TABLE load_comment_source ON COMMIT DROP AS
                SELECT %(ct)s AS ct, t.id AS object_id, t.language AS lang,
                       t.published_at + (now() - t.published_at) * random()
                           AS created_at,
                       {RANDOM_COLUMNS}
                FROM generate_series(1, %(wanted)s) g(i)
                CROSS JOIN LATERAL (
                    SELECT 1 + floor(power(random() + 0 * g.i, 1.5)
                                     * %(available)s)::int AS target_rn,
                           random() AS r) rr
                JOIN {table} t ON t.rn = least(rr.target_rn, %(available)s)
                """,
                {
                    **common,
                    "ct": content_type,
                    "wanted": wanted,
                    "available": available,
                },
            )
            self.execute("ANALYZE load_comment_source")
            self.insert(
                Comment,
                COMMENT_VALUES,
                COMMENT_SOURCE.format(source="load_comment_source"),
            )
            self.execute("DROP TABLE load_comment_source")

    def _later_replies(self, after_hot: int, replies: int) -> None:
        common = self._comment_params()
        # One level of replies, each to a different visible comment.
        self.execute(
            """
            CREATE TEMP TABLE load_reply_source ON COMMIT DROP AS
            SELECT c.id AS parent_id, c.content_type_id AS ct, c.object_id,
                   c.language AS lang,
                   c.created_at + random() * interval '3 days' AS created_at,
                   0 AS position
            FROM comments_comment c
            WHERE c.id > %(after)s AND c.status = 'visible'
            ORDER BY random()
            LIMIT %(replies)s
            """,
            {"after": after_hot, "replies": replies},
        )
        self.execute("ANALYZE load_reply_source")
        self._insert_replies("", {}, common)

    def _insert_replies(self, where: str, params: dict, common: dict) -> None:
        self.execute(
            f"""
            CREATE TEMP TABLE load_reply_rows ON COMMIT DROP AS
            SELECT r.*,
                   1 + floor(random() * %(members)s)::int AS author_rn,
                   1 + floor(random() * (%(sentences)s - 1))::int AS s1
            FROM load_reply_source r {where}
            """,
            {**common, **params},
        )
        self.execute("ANALYZE load_reply_rows")
        self.insert(
            Comment,
            {
                "content_type_id": "r.ct",
                "object_id": "r.object_id",
                "author_id": "m.id",
                "parent_id": "r.parent_id",
                "body": "b.body",
                "language": "r.lang",
                "status": "'visible'",
                "submission_key": "NULL",
                "created_at": "r.created_at",
                "edited_at": "NULL",
            },
            """
            FROM load_reply_rows r
            JOIN load_members m ON m.rn = r.author_rn
            JOIN load_sentences b ON b.lang = r.lang AND b.n = r.s1
            ORDER BY r.created_at
            """,
        )
        self.execute("DROP TABLE load_reply_rows")
