"""Persistence: SQLModel tables, engine setup, migrations, queries, search, audit chain."""
