"""Generated case stories with their relations, and posts."""

# SQL here is composed from constants and model metadata; values go as parameters.
# ruff: noqa: S608

from __future__ import annotations

from blog.models import Post
from cases.models import CaseStory, Dimension

from .vocabulary import (
    COMMON_WORD,
    COMMON_WORD_SHARE,
    PREFIX,
    RARE_WORD,
    RARE_WORD_SHARE,
    RARE_WORDS,
)


class Stories:
    def stories(self) -> None:
        dimensions = list(
            Dimension.objects.order_by("position").values_list("pk", flat=True)
        )
        self.rng.shuffle(dimensions)
        self.dimension_ids = dimensions
        self._story_source()
        self._insert_stories()
        self._number_stories()

    def _story_source(self) -> None:
        counts = self.counts
        self.execute(
            """
            CREATE TEMP TABLE load_story_source ON COMMIT DROP AS
            SELECT g.i,
                   CASE WHEN g.i <= %(hot)s OR random() < 0.25 THEN
                        CASE WHEN g.i <= %(hot)s THEN 'en' ELSE 'es' END
                        ELSE 'en' END AS lang,
                   CASE WHEN g.i <= %(hot)s THEN 'published'
                        ELSE (ARRAY['published', 'draft', 'submitted', 'rejected',
                                    'archived'])[
                            CASE WHEN r < 0.90 THEN 1 WHEN r < 0.94 THEN 2
                                 WHEN r < 0.97 THEN 3 WHEN r < 0.99 THEN 4 ELSE 5 END]
                   END AS status,
                   now() - random() * interval '12 years' AS published_at,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p1,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p2,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p3,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p4,
                   1 + (random() * (%(paragraphs)s - 1))::int AS p5,
                   1 + (random() * (%(sentences)s - 1))::int AS s1,
                   1 + (random() * (%(sentences)s - 1))::int AS s2,
                   random() < %(common)s AS common_word,
                   floor(power(%(institutions)s, random()))::int AS institution_rn,
                   CASE WHEN random() < %(rare)s OR g.i = 1 THEN %(rare_word)s
                        WHEN random() < 0.002 THEN
                             (%(rare_words)s::text[])[1 + (random() * 4)::int]
                        ELSE '' END AS rare
            FROM generate_series(1, %(count)s) g(i),
                 LATERAL (SELECT random() + 0 * g.i AS r) rr
            """,
            {
                "count": counts.stories,
                "hot": self.hot_stories,
                "paragraphs": self.paragraph_pool,
                "sentences": self.sentence_pool,
                "common": COMMON_WORD_SHARE,
                "rare": RARE_WORD_SHARE,
                "rare_word": RARE_WORD,
                "rare_words": RARE_WORDS,
                "institutions": counts.institutions,
            },
        )
        self.execute("ANALYZE load_story_source")

    def _insert_stories(self) -> None:
        title = (
            "initcap(array_to_string((string_to_array(t.body, ' '))[1:4 + src.i %% 6],"
            " ' '))"
        )
        self.insert(
            CaseStory,
            {
                "title": f"left({title}, 190)",
                "slug": f"left(%(prefix)s || src.i || '-' || trim(both '-' from "
                f"regexp_replace(lower(unaccent({title})), '[^a-z0-9]+', '-', 'g')),"
                " 200)",
                "summary": "left(s.body || CASE WHEN src.common_word THEN ' "
                f"{COMMON_WORD}.' ELSE '' END, 280)",
                "context": "c1.body",
                "challenge": "c2.body",
                "solution": "c3.body || CASE WHEN src.rare <> '' THEN ' ' || src.rare"
                " || '.' ELSE '' END",
                "results": "c4.body",
                "lessons": "c5.body",
                "lead_institution_id": "(SELECT i.id FROM load_institutions i WHERE"
                " i.rn = src.institution_rn)",
                "countries": "ARRAY(SELECT DISTINCT c.codes[floor(power("
                "cardinality(c.codes), random()))::int] FROM generate_series(1,"
                " 1 + (random() * random() * 3)::int + 0 * src.i))::varchar(2)[]",
                "year": "extract(year FROM src.published_at)::int",
                "language": "src.lang",
                "status": "src.status",
                "featured": "src.status = 'published' AND (src.i <= %(hot)s OR"
                " random() < 0.005)",
                "author_id": "(SELECT m.id FROM load_members m WHERE m.rn = 1 +"
                " ((src.i * 7919) %% %(members)s))",
                "rejection_reason": "CASE WHEN src.status = 'rejected' THEN"
                " 'Please add results with figures.' ELSE '' END",
                "published_at": "CASE WHEN src.status IN ('published', 'archived')"
                " THEN src.published_at END",
                "view_count": "floor(power(20000, random()))::int",
                "created_at": "src.published_at - interval '10 days'",
                "updated_at": "src.published_at",
            },
            """
            FROM load_story_source src
            CROSS JOIN load_countries c
            JOIN load_sentences t ON t.lang = src.lang AND t.n = src.s1
            JOIN load_sentences s ON s.lang = src.lang AND s.n = src.s2
            JOIN load_paragraphs c1 ON c1.lang = src.lang AND c1.n = src.p1
            JOIN load_paragraphs c2 ON c2.lang = src.lang AND c2.n = src.p2
            JOIN load_paragraphs c3 ON c3.lang = src.lang AND c3.n = src.p3
            JOIN load_paragraphs c4 ON c4.lang = src.lang AND c4.n = src.p4
            JOIN load_paragraphs c5 ON c5.lang = src.lang AND c5.n = src.p5
            ORDER BY src.i
            """,
            {
                "prefix": PREFIX,
                "institutions": self.counts.institutions,
                "members": self.counts.members,
                "hot": self.hot_stories,
            },
        )

    def _number_stories(self) -> None:
        self.execute(
            """
            CREATE TEMP TABLE load_stories ON COMMIT DROP AS
            SELECT id, status, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM cases_casestory WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_stories", "rn")
        # Published stories that are not the hot ones, numbered for random picks.
        self.execute(
            """
            CREATE TEMP TABLE load_published ON COMMIT DROP AS
            SELECT id, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM load_stories WHERE status = 'published' AND rn > %(hot)s
            """,
            {"hot": self.hot_stories},
        )
        self.index_temp("load_published", "rn")
        self.published_count = self.scalar("SELECT count(*) FROM load_published")

    def story_relations(self) -> None:
        through = CaseStory.dimensions.through._meta
        self.execute(
            f"""
            INSERT INTO {through.db_table} (casestory_id, dimension_id)
            SELECT DISTINCT s.id, (%(dims)s::bigint[])[
                floor(power(cardinality(%(dims)s::bigint[]) + 1, random()))::int]
            FROM load_stories s
                 CROSS JOIN LATERAL
                     generate_series(1, 1 + (random() * 2)::int + 0 * s.rn) k
            """,
            {"dims": self.dimension_ids},
        )
        through = CaseStory.partner_institutions.through._meta
        self.execute(
            f"""
            INSERT INTO {through.db_table} (casestory_id, institution_id)
            SELECT DISTINCT s.id, i.id
            FROM load_stories s
                 CROSS JOIN LATERAL
                     generate_series(1, (random() * 2.4)::int + 0 * s.rn) k
                 CROSS JOIN LATERAL
                     (SELECT 1 + floor(random() * %(n)s)::int + 0 * k AS pick) p
            JOIN load_institutions i ON i.rn = p.pick
            """,
            {"n": self.counts.institutions},
        )
        self.tag_rows(self.content_type_id(CaseStory), "load_stories", 1, 5)

    def tag_rows(self, content_type_id: int, table: str, low: int, high: int) -> None:
        self.execute(
            f"""
            INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
            SELECT DISTINCT s.id, %(ct)s, t.id
            FROM {table} s,
                 LATERAL generate_series(1, %(low)s + (random() * %(spread)s)::int
                                            + 0 * s.rn) k
                 CROSS JOIN LATERAL
                     (SELECT floor(power(%(tags)s + 1, random()))::int + 0 * k
                          AS pick) p
            JOIN load_tags t ON t.rn = p.pick
            """,
            {
                "ct": content_type_id,
                "low": low,
                "spread": high - low,
                "tags": self.tag_count,
            },
        )

    def posts(self) -> None:
        count = max(10, self.counts.stories // 20)
        self.insert(
            Post,
            {
                "title": "left(initcap(array_to_string((string_to_array(t.body, ' '))"
                "[1:3 + g.i %% 6], ' ')), 190)",
                "slug": "%(prefix)s || 'post-' || g.i",
                "author_id": "(SELECT m.id FROM load_members m WHERE m.rn = 1 +"
                " ((g.i * 104729) %% %(members)s))",
                "summary": "left(s.body, 280)",
                "body": "p1.body || E'\\n\\n' || p2.body || E'\\n\\n' || p3.body",
                "event_id": "NULL",
                "language": "w.lang",
                "status": "CASE WHEN random() < 0.9 THEN 'published' ELSE 'draft' END",
                "featured": "random() < 0.01",
                "published_at": "now() - random() * interval '10 years'",
                "view_count": "floor(power(5000, random()))::int",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN LATERAL (SELECT CASE WHEN random() + 0 * g.i < 0.25 THEN 'es'
                                            ELSE 'en' END AS lang) w
            JOIN load_sentences t ON t.lang = w.lang AND t.n = 1 + g.i %% %(sentences)s
            JOIN load_sentences s ON s.lang = w.lang
                                 AND s.n = 1 + (g.i * 31) %% %(sentences)s
            JOIN load_paragraphs p1 ON p1.lang = w.lang
                                   AND p1.n = 1 + (g.i * 3) %% %(paragraphs)s
            JOIN load_paragraphs p2 ON p2.lang = w.lang
                                   AND p2.n = 1 + (g.i * 5) %% %(paragraphs)s
            JOIN load_paragraphs p3 ON p3.lang = w.lang
                                   AND p3.n = 1 + (g.i * 11) %% %(paragraphs)s
            """,
            {
                "count": count,
                "prefix": PREFIX,
                "members": self.counts.members,
                "sentences": self.sentence_pool,
                "paragraphs": self.paragraph_pool,
            },
        )
        self._number_posts()

    def _number_posts(self) -> None:
        self.execute(
            """
            CREATE TEMP TABLE load_posts ON COMMIT DROP AS
            SELECT id, status, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM blog_post WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_posts", "rn")
        self.tag_rows(self.content_type_id(Post), "load_posts", 1, 3)
        self.execute(
            """
            CREATE TEMP TABLE load_published_posts ON COMMIT DROP AS
            SELECT id, language, published_at,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM load_posts WHERE status = 'published'
            """
        )
        self.index_temp("load_published_posts", "rn")
        self.published_posts = self.scalar("SELECT count(*) FROM load_published_posts")
