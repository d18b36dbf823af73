#!/usr/bin/env bash
# Install PostgreSQL from Debian's packages when it is missing, start a cluster on 127.0.0.1 and create the
# test role and database (all idempotent). Prints the test URL on stdout; everything else goes to stderr.
# Needs root (CI runs as root).
set -euo pipefail
exec 3>&1 1>&2

# Whatever may start the server (the package's postinst, pg_ctlcluster) runs through this: the server must
# not inherit this script's open files. fd 3 is the pipe that `$(.ci/postgres.sh)` in .ci/run reads until
# EOF, so a server holding it makes .ci/run wait forever. pg_ctl points the server's stdin, stdout and
# stderr elsewhere itself; Python's subprocess (close_fds) closes every other descriptor.
without_open_files() {
  python3 -c 'import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL))' "$@"
}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  without_open_files apt-get install -y -qq postgresql
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
  pg_createcluster "$version" main
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  without_open_files pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$port"

as_postgres() { runuser -u postgres -- "$@"; }
as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qc \
  "DO \$\$ BEGIN
     IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zvh') THEN CREATE ROLE zvh LOGIN PASSWORD 'zvh'; END IF;
   END \$\$;"
if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'zvh_test'" | grep -q 1; then
  as_postgres createdb -p "$port" -O zvh zvh_test
fi
echo "postgresql+psycopg://zvh:zvh@127.0.0.1:${port}/zvh_test" >&3
