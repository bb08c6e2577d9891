"""Django's database sessions, each read by one statement written out: every
signed-in request reads its session, and building and compiling the ORM's
query for it cost more than the statement takes (the session's ``expire_date``
and ``session_data`` as the ORM's reading gives them)."""

from datetime import datetime
from typing import NamedTuple

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionRow(NamedTuple):
    """What Django's stores read of a session's row (a model instance costs
    its signals and fields' set-up)."""

    session_key: str
    session_data: str
    expire_date: datetime


class ReadsItsRow:
    """A database session store whose row is read by SQL written out; the names
    come from the model's metadata, the values are parameters."""

    def _get_session_from_db(self):
        model = self.model
        meta = model._meta
        using = router.db_for_read(model)
        key = meta.get_field("session_key").column
        data = meta.get_field("session_data").column
        expires = meta.get_field("expire_date").column
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT {data}, {expires} FROM {meta.db_table} "  # noqa: S608
                f"WHERE {key} = %s AND {expires} > %s",
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return SessionRow(self.session_key, *row)


class SessionStore(ReadsItsRow, db.SessionStore):
    pass
