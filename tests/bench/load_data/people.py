"""Generated institutions and members, with profiles and e-mail addresses."""

# SQL here is composed from constants and model metadata; values go as parameters.

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from members.models import Institution, Profile, User

from .vocabulary import (
    FIRST_NAMES,
    INSTITUTION_NOUNS,
    INSTITUTION_PATTERNS,
    LAST_NAMES,
    MEMBER_PASSWORD,
    POSITIONS,
    PREFIX,
)


class People:
    def _institution_patterns(self) -> list:
        patterns = [
            (kind, name, acronym, english, spanish)
            for kind, name, acronym in INSTITUTION_PATTERNS
            for english, spanish in INSTITUTION_NOUNS
        ]
        self.execute(
            """
            CREATE TEMP TABLE load_institution_patterns ON COMMIT DROP AS
            SELECT ord::int AS rn, kind, name, acronym
            FROM unnest(%(kinds)s::text[], %(names)s::text[], %(acronyms)s::text[])
                 WITH ORDINALITY AS p(kind, name, acronym, ord)
            """,
            {
                "kinds": [p[0] for p in patterns],
                "names": [p[1].format(noun=p[3], noun_es=p[4]) for p in patterns],
                "acronyms": [
                    p[2].format(initial="".join(w[0] for w in p[3].split()))
                    for p in patterns
                ],
            },
        )
        self.execute("ANALYZE load_institution_patterns")
        return patterns

    def institutions(self) -> None:
        patterns = self._institution_patterns()
        self.insert(
            Institution,
            {
                "name": "p.name || ' (' || c.codes[1 + g.i %% cardinality(c.codes)]"
                " || ')' || CASE WHEN g.i > %(patterns)s * cardinality(c.codes)"
                " THEN ' ' || g.i ELSE '' END",
                "acronym": "left(p.acronym || c.codes[1 + g.i %% cardinality(c.codes)]"
                ", 30)",
                "slug": "%(prefix)s || 'inst-' || g.i",
                "country": "c.codes[1 + g.i %% cardinality(c.codes)]",
                "kind": "p.kind",
                "website": "'https://inst-' || g.i || '.example.org/'",
                "description": "(SELECT body FROM load_paragraphs lp"
                " WHERE lp.lang = 'en' AND lp.n = 1 + g.i %% %(paragraphs)s)",
                "verified": "random() < 0.95",
                "created_at": "now() - random() * interval '10 years'",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN load_countries c
            JOIN load_institution_patterns p ON p.rn = 1 + (g.i * 7) %% %(patterns)s
            """,
            {
                "count": self.counts.institutions,
                "patterns": len(patterns),
                "prefix": PREFIX,
                "paragraphs": self.paragraph_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_institutions ON COMMIT DROP AS
            SELECT id, name, acronym, row_number() OVER (ORDER BY id)::int AS rn
            FROM members_institution WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_institutions", "rn")

    def members(self) -> None:
        count = self.counts.members
        password = make_password(MEMBER_PASSWORD)
        names = {"first": FIRST_NAMES, "last": LAST_NAMES}
        self.insert(
            User,
            {
                "password": "%(password)s",
                "username": "%(prefix)s || 'member-' || g.i",
                "first_name": "(%(first)s::text[])[1 + g.i %% %(n_first)s]",
                "last_name": "(%(last)s::text[])[1 + (g.i / %(n_first)s) %%"
                " %(n_last)s]",
                "email": "%(prefix)s || 'member-' || g.i || '@example.org'",
                "is_staff": "false",
                "is_active": "true",
                "is_superuser": "false",
                "date_joined": "now() - interval '2 days' - random() * interval"
                " '8 years'",
                "suspended_at": "CASE WHEN random() < 0.005 THEN now() END",
            },
            "FROM generate_series(1, %(count)s) g(i)",
            {
                "password": password,
                "prefix": PREFIX,
                "count": count,
                "first": names["first"],
                "last": names["last"],
                "n_first": len(FIRST_NAMES),
                "n_last": len(LAST_NAMES),
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_members ON COMMIT DROP AS
            SELECT id, first_name, last_name, email, date_joined,
                   row_number() OVER (ORDER BY id)::int AS rn
            FROM members_user WHERE username LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        self.index_temp("load_members", "rn")
        self._profiles()
        self._email_addresses()

    def _profiles(self) -> None:
        self.insert(
            Profile,
            {
                "user_id": "m.id",
                "display_name": "m.first_name || ' ' || m.last_name || ' ' || m.rn",
                "position": "(%(positions)s::text[])[1 + m.rn %% %(n_positions)s]",
                "institution_id": "CASE WHEN random() < 0.9 THEN (SELECT i.id FROM"
                " load_institutions i WHERE i.rn = x.institution_rn) END",
                "country": "c.codes[floor(power(cardinality(c.codes), random()))::int]",
                "bio": "CASE WHEN random() < 0.5 THEN (SELECT body FROM load_paragraphs"
                " lp WHERE lp.lang = 'en' AND lp.n = 1 + m.rn %% %(paragraphs)s)"
                " ELSE ''"
                " END",
                "preferred_language": "CASE WHEN random() < 0.25 THEN 'es' ELSE 'en'"
                " END",
                "weekly_digest": "random() < 0.2",
                "listed_in_directory": "random() < 0.9",
            },
            """
            FROM load_members m CROSS JOIN load_countries c
            CROSS JOIN LATERAL (
                SELECT floor(power(%(institutions)s, random() + 0 * m.rn))::int
                    AS institution_rn) x
            """,
            {
                "positions": POSITIONS,
                "n_positions": len(POSITIONS),
                "institutions": self.counts.institutions,
                "paragraphs": self.paragraph_pool,
            },
        )

    def _email_addresses(self) -> None:
        self.execute(
            """
            INSERT INTO account_emailaddress (user_id, email, verified, "primary")
            SELECT id, email, random() < 0.95 OR rn <= 2000, true FROM load_members
            """
        )
