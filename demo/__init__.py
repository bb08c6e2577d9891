"""The demo content: data files under ``demo/data/`` and the short code that loads
them (``manage.py load_demo``). Content apps add ``demo/<app>.py`` with a
``load() -> None`` and ``demo/data/<app>.yaml``; ``load_demo`` runs them after the
core content."""
