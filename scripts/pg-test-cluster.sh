#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster on loopback and create the test role and database.
# Prints the URL for WWIDW_TEST_POSTGRES_URL. Needs root (CI and a fresh machine are root).
set -euo pipefail
# Only the URL goes to standard output; everything the tools say goes to standard error.
exec 3>&1 1>&2
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
# The server outlives this script: it must not inherit fd 3, or `$(pg-test-cluster.sh)` waits
# for the server to exit before it returns (it never does).
pg_ctlcluster "$version" main start 3>&- </dev/null >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
# From / so that postgres need not read the checkout folder.
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
as_postgres psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wwidw') THEN
    CREATE ROLE wwidw LOGIN PASSWORD 'wwidw' CREATEDB;
  END IF;
END $$;
SQL
if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'wwidw_test'" | grep -q 1; then
  as_postgres createdb -O wwidw wwidw_test
fi
echo "postgresql://wwidw:wwidw@127.0.0.1:5432/wwidw_test" >&3
