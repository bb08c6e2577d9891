"""Generated events with sessions, speakers, documents and registrations."""

# SQL here is composed from constants and model metadata; values go as parameters.
# ruff: noqa: S608

from __future__ import annotations

from events.models import Document, Event, Registration, Session, Speaker

from .vocabulary import (
    FIRST_NAMES,
    LAST_NAMES,
    POSITIONS,
    PREFIX,
    PROGRAMME_EVENT_SLUG,
    PROGRAMME_SESSIONS,
    SESSION_KINDS,
)


class Events:
    def events(self) -> None:
        self._insert_events()
        self._organisers()
        self._insert_sessions()
        self._speakers()
        self._session_stories()
        self._documents()
        self._registrations()

    def _insert_events(self) -> None:
        counts = self.counts
        self.insert(
            Event,
            {
                "title": "CASE WHEN g.i = 1 THEN 'High-Level Meeting on Knowledge"
                " Hubs: the full programme' ELSE 'Knowledge Exchange Forum on ' ||"
                " initcap(split_part(t.body, ' ', 3)) || ' ' || g.i END",
                "short_name": "CASE WHEN g.i = 1 THEN 'HLM load' ELSE 'KEF ' ||"
                " g.i END",
                "slug": "CASE WHEN g.i = 1 THEN %(programme)s ELSE %(prefix)s ||"
                " 'event-' || g.i END",
                "city": "(ARRAY['Seoul', 'Bali', 'Bogotá', 'Nairobi', 'Mexico City',"
                " 'Jakarta', 'Cape Town', 'Lima'])[1 + g.i %% 8]",
                "country": "(ARRAY['KR', 'ID', 'CO', 'KE', 'MX', 'ID', 'ZA', 'PE'])"
                "[1 + g.i %% 8]",
                "time_zone": "'UTC'",
                "starts_on": "d.starts_on",
                "ends_on": "d.starts_on + CASE WHEN g.i = 1 THEN 3"
                " ELSE (random() * 3)::int END",
                "summary": "left(p.body, 600)",
                "body": "p.body",
                "participants_count": "50 + (random() * 500)::int",
                "countries_count": "5 + (random() * 40)::int",
                "capacity": "CASE WHEN random() < 0.5 THEN 100 + (random() * 400)::int"
                " END",
                "registration_open": "d.starts_on > current_date",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN LATERAL (
                SELECT CASE WHEN g.i = 1 THEN current_date + 30
                            ELSE date '2012-01-01' + (random() * 6000)::int + 0 * g.i
                       END AS starts_on) d
            JOIN load_paragraphs p ON p.lang = 'en' AND p.n = 1 + g.i %% %(paragraphs)s
            JOIN load_sentences t ON t.lang = 'en' AND t.n = 1 + g.i %% %(sentences)s
            """,
            {
                "count": counts.events,
                "programme": PROGRAMME_EVENT_SLUG,
                "prefix": PREFIX,
                "paragraphs": self.paragraph_pool,
                "sentences": self.sentence_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_events ON COMMIT DROP AS
            SELECT id, starts_on, ends_on,
                   row_number() OVER (ORDER BY slug <> %(programme)s, id)::int AS rn
            FROM events_event WHERE slug LIKE %(like)s
            """,
            {"like": PREFIX + "%", "programme": PROGRAMME_EVENT_SLUG},
        )
        self.index_temp("load_events", "rn")

    def _organisers(self) -> None:
        counts = self.counts
        through = Event.organisers.through._meta
        self.execute(
            f"""
            INSERT INTO {through.db_table} (event_id, institution_id)
            SELECT DISTINCT e.id, i.id
            FROM load_events e
                 CROSS JOIN LATERAL
                     generate_series(1, 1 + (random() * 1.4)::int + 0 * e.rn) k
            JOIN load_institutions i
              ON i.rn = 1 + (e.rn * 31 + k * 7919) %% %(n)s
            """,
            {"n": counts.institutions},
        )

    def _insert_sessions(self) -> None:
        counts = self.counts
        # The first event holds the 40-session programme; the rest share the others.
        others = counts.events - 1
        self.insert(
            Session,
            {
                "event_id": "e.id",
                "slug": "'session-' || g.i",
                "kind": "(%(kinds)s::text[])[1 + g.i %% %(n_kinds)s]",
                "title": "initcap(array_to_string((string_to_array(t.body, ' '))"
                "[1:3 + g.i %% 5], ' '))",
                "description": "p.body",
                "starts_at": "(e.starts_on + x.day)::timestamp AT TIME ZONE 'UTC'"
                " + (9 + x.slot) * interval '1 hour'",
                "ends_at": "(e.starts_on + x.day)::timestamp AT TIME ZONE 'UTC'"
                " + (10 + x.slot) * interval '1 hour'",
                "place": "'Room ' || (1 + g.i %% 12)",
                "dimension_id": "CASE WHEN random() < 0.7 THEN"
                " (%(dims)s::bigint[])[1 + g.i %% cardinality(%(dims)s::bigint[])] END",
            },
            """
            FROM generate_series(1, %(count)s) g(i)
            CROSS JOIN LATERAL (
                SELECT CASE WHEN g.i <= %(programme)s OR %(others)s = 0 THEN 1
                            ELSE 2 + floor(random() * %(others)s)::int + 0 * g.i
                       END AS event_rn) pick
            JOIN load_events e ON e.rn = pick.event_rn
            CROSS JOIN LATERAL (
                SELECT CASE WHEN g.i <= %(programme)s THEN (g.i - 1) / 10
                            ELSE floor(random() * (e.ends_on - e.starts_on + 1))::int
                       END AS day,
                       CASE WHEN g.i <= %(programme)s THEN (g.i - 1) %% 10
                            ELSE floor(random() * 9)::int END AS slot) x
            JOIN load_paragraphs p ON p.lang = 'en' AND p.n = 1 + g.i %% %(paragraphs)s
            JOIN load_sentences t ON t.lang = 'en'
                                 AND t.n = 1 + (g.i * 13) %% %(sentences)s
            """,
            {
                "count": counts.sessions,
                "programme": PROGRAMME_SESSIONS,
                "others": others,
                "kinds": SESSION_KINDS,
                "n_kinds": len(SESSION_KINDS),
                "dims": self.dimension_ids,
                "paragraphs": self.paragraph_pool,
                "sentences": self.sentence_pool,
            },
        )
        self.execute(
            """
            CREATE TEMP TABLE load_sessions ON COMMIT DROP AS
            SELECT s.id, row_number() OVER (ORDER BY s.id)::int AS rn
            FROM events_session s JOIN load_events e ON e.id = s.event_id
            """
        )
        self.index_temp("load_sessions", "rn")

    def _speakers(self) -> None:
        counts = self.counts
        self.insert(
            Speaker,
            {
                "session_id": "s.id",
                "name": "(%(first)s::text[])[1 + (s.rn * 3 + k) %% %(n_first)s] || ' '"
                " || (%(last)s::text[])[1 + (s.rn * 7 + k) %% %(n_last)s]",
                "position": "(%(positions)s::text[])[1 + (s.rn + k) %%"
                " %(n_positions)s]",
                "institution_id": "(SELECT i.id FROM load_institutions i WHERE i.rn ="
                " x.institution_rn)",
                "order": "k",
            },
            """
            FROM load_sessions s
                 CROSS JOIN LATERAL
                     generate_series(1, 1 + (random() * 3)::int + 0 * s.rn) k
                 CROSS JOIN LATERAL
                     (SELECT floor(power(%(institutions)s, random() + 0 * k))::int
                          AS institution_rn) x
            """,
            {
                "first": FIRST_NAMES,
                "last": LAST_NAMES,
                "n_first": len(FIRST_NAMES),
                "n_last": len(LAST_NAMES),
                "positions": POSITIONS,
                "n_positions": len(POSITIONS),
                "institutions": counts.institutions,
            },
        )

    def _session_stories(self) -> None:
        through = Session.case_stories.through._meta
        if self.published_count:
            self.execute(
                f"""
                INSERT INTO {through.db_table} (session_id, casestory_id)
                SELECT DISTINCT s.id, p.id
                FROM load_sessions s
                     CROSS JOIN LATERAL
                         generate_series(1, (random() * 3)::int + 0 * s.rn) k
                JOIN load_published p
                  ON p.rn = 1 + (s.rn * 7919 + k * 104729) %% %(n)s
                """,
                {"n": self.published_count},
            )

    def _documents(self) -> None:
        self.insert(
            Document,
            {
                "event_id": "e.id",
                "title": "CASE WHEN k = 1 THEN 'Outcome document ' || e.rn"
                " ELSE 'Presentation ' || e.rn || '-' || k END",
                "slug": "'document-' || e.rn || '-' || k",
                "kind": "CASE WHEN k = 1 THEN 'outcome' ELSE 'presentation' END",
                "file": "''",
                "content_type": "'application/pdf'",
                "size": "100000 + (random() * 900000)::int",
                "language": "'en'",
            },
            """
            FROM load_events e
                 CROSS JOIN LATERAL generate_series(1, CASE WHEN e.rn = 1 THEN 3
                                                 ELSE (random() * 2)::int END) k
            """,
        )

    def _registrations(self) -> None:
        counts = self.counts
        self.execute(
            f"""
            INSERT INTO {Registration._meta.db_table}
                (event_id, member_id, status, created_at, updated_at)
            SELECT DISTINCT ON (e.id, m.id) e.id, m.id,
                   CASE WHEN random() < 0.9 THEN 'registered' ELSE 'cancelled' END,
                   now(), now()
            FROM load_events e
                 CROSS JOIN LATERAL
                     generate_series(1, (random() * 40)::int + 0 * e.rn) k
            JOIN load_members m ON m.rn = 1 + (e.rn * 7919 + k * 104729) %% %(n)s
            """,
            {"n": counts.members},
        )
