#!/bin/sh
# The loader container of docker-compose.yml: run `juesuan nightly` every day at
# $NIGHTLY_AT (container time zone $TZ) as the juesuan_nightly login, the only
# database URL it holds (the migrate service set up the schema, roles and logins).
#
# Exit statuses of a run: 0 ok, 1 a file or the dbt build failed (the run
# record in raw.load_runs says which), 75 another run held the lock.
set -u

: "${JUESUAN_DATABASE_URL:?the URL of the juesuan_nightly login}"
NIGHTLY_AT="${NIGHTLY_AT:-02:30}"
INBOX="${INBOX:-/inbox}"

run_once() {
    juesuan nightly --inbox "$INBOX"
    status=$?
    case $status in
        0) echo "nightly: ok" ;;
        75) echo "nightly: skipped, another run holds the lock" ;;
        *) echo "nightly: FAILED with exit status $status (see raw.load_runs)" >&2 ;;
    esac
}

if [ "${RUN_AT_START:-1}" = 1 ]; then
    run_once
fi

while true; do
    now=$(date +%s)
    next=$(date -d "today $NIGHTLY_AT" +%s)
    if [ "$next" -le "$now" ]; then
        next=$(date -d "tomorrow $NIGHTLY_AT" +%s)
    fi
    echo "next nightly run at $(date -d "@$next" '+%Y-%m-%d %H:%M %Z')"
    sleep $((next - now))
    run_once
done
