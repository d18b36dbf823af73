"""For `make test`: print the PostgreSQL URL to run the suite on a second time, when a server answers.

ZVH_TEST_POSTGRES_URL when set, else the local test database that .ci/run creates. Exit 1 (nothing
printed) when no server can be reached.
"""

from __future__ import annotations

import os
import sys

DEFAULT = "postgresql+psycopg://zvh:zvh@127.0.0.1:5432/zvh_test"


def main() -> int:
    url = os.environ.get("ZVH_TEST_POSTGRES_URL") or DEFAULT
    from sqlalchemy import create_engine, text

    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        print(
            f"Geen PostgreSQL-server bereikbaar op {engine.url.render_as_string()}: {str(error).splitlines()[0]}",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
