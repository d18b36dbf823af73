"""Alembic environment. Runs on the connection the app hands over (db.migrate)."""

from alembic import context

config = context.config
# The domain's metadata is handed in for autogenerate only; db never imports the domain.
target_metadata = config.attributes.get("target_metadata")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Migraties lopen via db.migrate (zvh), niet via de alembic-opdrachtregel.")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Offline migraties worden niet gebruikt.")
run_migrations_online()
