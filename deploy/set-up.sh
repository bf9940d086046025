#!/bin/sh
# The migrate service of docker-compose.yml, run once as the database superuser: the raw schema,
# the roles, and the logins juesuan_nightly (loader) and $ANALYST_LOGIN (analyst). It then exits:
# the loader container never holds the superuser's URL.
set -u

: "${JUESUAN_DATABASE_URL:?the superuser URL, for migrations and grants}"
: "${LOADER_PASSWORD:?}" "${ANALYST_PASSWORD:?}"

set_up() {
    juesuan migrate &&
    JUESUAN_LOGIN_PASSWORD="$LOADER_PASSWORD" juesuan db grant --login juesuan_nightly --role loader &&
    JUESUAN_LOGIN_PASSWORD="$ANALYST_PASSWORD" juesuan db grant --login "${ANALYST_LOGIN:-metabase}" --role analyst
}

tries=0
until set_up; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
        echo "set-up failed 30 times; giving up" >&2
        exit 1
    fi
    echo "set-up failed (database not ready?); retrying in 10 s" >&2
    sleep 10
done
echo "set-up done"
