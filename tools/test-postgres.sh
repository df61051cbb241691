#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and benchmarks: tools/test-postgres.sh start|stop
# Data lives under $PGTEST_DIR (default /tmp/adminconsole-pg); the server listens on 127.0.0.1:$PGTEST_PORT only.
set -euo pipefail
dir=${PGTEST_DIR:-/tmp/adminconsole-pg}
port=${PGTEST_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }
run_as_postgres() {
  # From / so that su does not complain about a working directory postgres may not enter.
  if [ "$(id -u)" = 0 ]; then (cd / && su postgres -s /bin/bash -c "$*"); else bash -c "$*"; fi
}
case "${1:-start}" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && run_as_postgres "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
      echo "PostgreSQL already running in $dir on port $port"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    # initdb refuses to run as root, hence the postgres user; trust auth because only loopback listens.
    run_as_postgres "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    run_as_postgres "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
    echo "PostgreSQL started in $dir on 127.0.0.1:$port"
    ;;
  stop)
    [ -d "$dir/data" ] && run_as_postgres "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
