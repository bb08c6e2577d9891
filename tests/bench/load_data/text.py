"""Pools of words, sentences and paragraphs, the countries and the tags."""

# SQL here is composed from constants and model metadata; values go as parameters.

from __future__ import annotations

from .vocabulary import (
    ENGLISH_WORDS,
    PREFIX,
    SPANISH_WORDS,
    TAG_NOUNS,
    TAG_QUALIFIERS,
)


class TextPools:
    def text_pools(self) -> None:
        """Sentences from words drawn by rank, then paragraphs from sentences;
        stories and comments are assembled from these pools with hash joins."""
        counts = self.counts
        sentences = min(20_000, max(2_000, counts.stories // 4))
        paragraphs = min(20_000, max(1_000, counts.stories // 5))
        self.sentence_pool, self.paragraph_pool = sentences, paragraphs
        self._word_ranks()
        self._sentences()
        self._paragraphs()
        self._countries()

    def _word_ranks(self) -> None:
        self.execute(
            "CREATE TEMP TABLE load_words (lang text PRIMARY KEY, words text[])"
            " ON COMMIT DROP"
        )
        self.execute(
            "INSERT INTO load_words VALUES ('en', %s), ('es', %s)",
            [ENGLISH_WORDS, SPANISH_WORDS],
        )
        self.execute(
            """
            CREATE TEMP TABLE load_word_ranks ON COMMIT DROP AS
            SELECT w.lang, r.rank::int AS rank, r.word
            FROM load_words w CROSS JOIN LATERAL unnest(w.words)
                 WITH ORDINALITY AS r(word, rank)
            """
        )
        self.index_temp("load_word_ranks", "lang, rank")

    def _sentences(self) -> None:
        sentences = self.sentence_pool
        self.execute(
            """
            CREATE TEMP TABLE load_sentences ON COMMIT DROP AS
            SELECT x.lang, x.n,
                   upper(left(string_agg(w.word, ' ' ORDER BY x.k), 1))
                   || substr(string_agg(w.word, ' ' ORDER BY x.k), 2) || '.' AS body
            FROM (
                SELECT l.lang, g.n, k,
                       floor(power(l.size + 1, random()))::int AS pick
                FROM (SELECT lang, count(*) AS size FROM load_word_ranks
                      GROUP BY lang) l
                CROSS JOIN generate_series(1, %(sentences)s) g(n)
                CROSS JOIN LATERAL generate_series(
                    1, 6 + (random() * 14)::int + 0 * g.n) k
            ) x
            JOIN load_word_ranks w ON w.lang = x.lang AND w.rank = x.pick
            GROUP BY x.lang, x.n
            """,
            {"sentences": sentences},
        )
        self.index_temp("load_sentences", "lang, n")

    def _paragraphs(self) -> None:
        sentences, paragraphs = self.sentence_pool, self.paragraph_pool
        self.execute(
            """
            CREATE TEMP TABLE load_paragraphs ON COMMIT DROP AS
            SELECT x.lang, x.n, string_agg(s.body, ' ' ORDER BY x.k) AS body
            FROM (
                SELECT w.lang, g.n, k,
                       1 + ((k * 7919 + g.n * 104729) %% %(sentences)s) AS pick
                FROM load_words w
                CROSS JOIN generate_series(1, %(paragraphs)s) g(n)
                CROSS JOIN LATERAL generate_series(
                    1, 2 + (random() * 4)::int + 0 * g.n) k
            ) x
            JOIN load_sentences s ON s.lang = x.lang AND s.n = x.pick
            GROUP BY x.lang, x.n
            """,
            {"sentences": sentences, "paragraphs": paragraphs},
        )
        self.index_temp("load_paragraphs", "lang, n")

    def _countries(self) -> None:
        countries = [
            "KR", "CO", "MX", "ID", "IN", "ZA", "BR", "CL", "PE", "KE", "NG", "GH",
            "VN", "PH", "TH", "MY", "ET", "TZ", "UG", "RW", "SN", "MA", "EG", "TR",
            "BD", "PK", "LK", "NP", "KH", "LA", "MN", "KZ", "UZ", "AR", "UY", "PY",
            "BO", "EC", "GT", "HN", "SV", "NI", "CR", "PA", "DO", "JM", "HT", "CU",
            "FJ", "PG", "CN", "JP", "US", "GB", "FR", "DE", "ES", "IT", "NL", "SE",
            "NO", "DK", "FI", "CA", "AU", "NZ", "CI", "CM", "BF", "ML", "NE", "TD",
            "ZM", "ZW", "MW", "MZ", "AO", "NA", "BW", "MG", "TN", "DZ", "JO", "LB",
        ]  # fmt: skip
        self.rng.shuffle(countries)
        self.execute("CREATE TEMP TABLE load_countries (codes text[]) ON COMMIT DROP")
        self.execute("INSERT INTO load_countries VALUES (%s)", [countries])
        self.execute("ANALYZE load_countries")

    def theme_per_tag(self) -> None:
        """Each generated tag names a theme of its own, labelled in English, as
        the data migration of ``taxonomy`` does for existing tags."""
        like = {"like": PREFIX + "%"}
        self.execute(
            """
            INSERT INTO taxonomy_theme (slug, created_at)
            SELECT slug, now() FROM taggit_tag WHERE slug LIKE %(like)s
            ON CONFLICT DO NOTHING
            """,
            like,
        )
        self.execute(
            """
            INSERT INTO taxonomy_themelabel (theme_id, language, name)
            SELECT th.id, 'en', left(t.name, 100)
            FROM taggit_tag t JOIN taxonomy_theme th ON th.slug = t.slug
            WHERE t.slug LIKE %(like)s
            ON CONFLICT DO NOTHING
            """,
            like,
        )
        self.execute(
            """
            INSERT INTO taxonomy_themetag (tag_id, theme_id)
            SELECT t.id, th.id
            FROM taggit_tag t JOIN taxonomy_theme th ON th.slug = t.slug
            WHERE t.slug LIKE %(like)s
            ON CONFLICT DO NOTHING
            """,
            like,
        )

    def tags(self) -> None:
        names = sorted(
            {
                f"{qualifier} {noun.strip()}".strip()
                for qualifier in ["", *TAG_QUALIFIERS]
                for noun in TAG_NOUNS
                if noun.strip()
            }
        )
        self.rng.shuffle(names)
        wanted = min(len(names), max(20, self.counts.stories // 50))
        self.execute(
            """
            INSERT INTO taggit_tag (name, slug)
            SELECT name, %(prefix)s || ord || '-' ||
                   regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g')
            FROM unnest(%(names)s::text[]) WITH ORDINALITY AS t(name, ord)
            ON CONFLICT DO NOTHING
            """,
            {"names": names[:wanted], "prefix": PREFIX},
        )
        self.theme_per_tag()
        self.execute(
            """
            CREATE TEMP TABLE load_tags ON COMMIT DROP AS
            SELECT id, name, row_number() OVER (ORDER BY id)::int AS rn
            FROM taggit_tag WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_tags", "rn")
        self.tag_count = self.scalar("SELECT count(*) FROM load_tags")
