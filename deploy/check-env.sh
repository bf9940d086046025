#!/bin/sh
# The check-env service of docker-compose.yml: every other service waits for it. Refuses to start a
# deployment whose secrets are unset, still the placeholders of .env.example (change-me…), or short.
# Compose's ${VAR:?} only catches unset variables; an unedited copy of .env.example would pass it.
status=0
for name in POSTGRES_PASSWORD LOADER_PASSWORD ANALYST_PASSWORD MB_ADMIN_PASSWORD SUPERSET_ADMIN_PASSWORD SUPERSET_SECRET_KEY; do
    eval "value=\${$name:-}"
    case "$value" in
        "")
            echo "refusing to start: $name is not set (copy .env.example to .env and set it)" >&2
            status=1 ;;
        change-me*|CHANGE-ME*|Change-me*)
            echo "refusing to start: $name is still the placeholder of .env.example; set a password of your own in .env" >&2
            status=1 ;;
        *)
            if [ "${#value}" -lt 12 ]; then
                echo "refusing to start: $name is shorter than 12 characters" >&2
                status=1
            fi ;;
    esac
done
[ "$status" = 0 ] && echo "secrets set: starting"
exit $status
