#!/bin/sh
# Makes sure the local PostgreSQL that the store tests use is up on 127.0.0.1:5432 with a `test`
# database, starting the packaged cluster if needed and waiting until it accepts connections.
# Called by .ci/run; safe to run any number of times.
set -eu

HOST=127.0.0.1
PORT=5432
DB=test

ready() { pg_isready -q -h "$HOST" -p "$PORT"; }

if ! ready; then
  # The Debian cluster; with several versions installed, the newest.
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "postgres.sh: no cluster under /etc/postgresql" >&2
    exit 1
  fi
  echo "postgres.sh: starting PostgreSQL $version/main" >&2
  # It may already be starting (pg_isready then says "rejecting connections"): wait below either way.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || echo "postgres.sh: start returned non-zero; waiting anyway" >&2
fi

tries=0
until ready; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "postgres.sh: PostgreSQL on $HOST:$PORT not ready after 30 s" >&2
    pg_isready -h "$HOST" -p "$PORT" >&2 || true
    exit 1
  fi
  sleep 0.5
done

# Trust auth as user postgres (root also exists as a superuser on this machine).
if [ "$(psql -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  createdb -h "$HOST" -p "$PORT" -U postgres "$DB"
fi
echo "postgres.sh: PostgreSQL ready on $HOST:$PORT, database $DB" >&2
