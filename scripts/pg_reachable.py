"""Exit 0 when the PostgreSQL server of the given URL accepts a connection."""

import sys

import psycopg


def main() -> int:
    url = sys.argv[1].replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(url, connect_timeout=3):
            return 0
    except psycopg.Error:
        return 1


if __name__ == "__main__":
    sys.exit(main())
