#!/bin/sh
# The loader container of docker-compose.yml: set up the schema, roles and logins
# once (as the database superuser), then run `juesuan nightly` every day at
# $NIGHTLY_AT (container time zone $TZ) as the juesuan_nightly login.
#
# Exit statuses of a run: 0 ok, 1 a file or the dbt build failed (the run
# record in raw.load_runs says which), 75 another run held the lock.
set -u

: "${JUESUAN_ADMIN_URL:?the superuser URL, for migrations and grants}"
: "${JUESUAN_DATABASE_URL:?the URL of the juesuan_nightly login}"
: "${LOADER_PASSWORD:?}" "${ANALYST_PASSWORD:?}"
NIGHTLY_AT="${NIGHTLY_AT:-02:30}"
INBOX="${INBOX:-/inbox}"

set_up() {
    JUESUAN_DATABASE_URL="$JUESUAN_ADMIN_URL" juesuan migrate &&
    JUESUAN_DATABASE_URL="$JUESUAN_ADMIN_URL" JUESUAN_LOGIN_PASSWORD="$LOADER_PASSWORD" \
        juesuan db grant --login juesuan_nightly --role loader &&
    JUESUAN_DATABASE_URL="$JUESUAN_ADMIN_URL" JUESUAN_LOGIN_PASSWORD="$ANALYST_PASSWORD" \
        juesuan db grant --login "${ANALYST_LOGIN:-metabase}" --role analyst
}

run_once() {
    juesuan nightly --inbox "$INBOX"
    status=$?
    case $status in
        0) echo "nightly: ok" ;;
        75) echo "nightly: skipped, another run holds the lock" ;;
        *) echo "nightly: FAILED with exit status $status (see raw.load_runs)" >&2 ;;
    esac
}

until set_up; do
    echo "set-up failed (database not ready?); retrying in 10 s" >&2
    sleep 10
done

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
