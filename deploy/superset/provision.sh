#!/bin/sh
# The superset container of docker-compose.yml: create or upgrade Superset's metadata, its admin and roles, then
# serve. The dashboard itself is imported by the superset-dashboards service (`juesuan dashboards superset`).
set -eu
: "${SUPERSET_ADMIN_PASSWORD:?set SUPERSET_ADMIN_PASSWORD in .env}"
superset db upgrade
superset fab create-admin --username "${SUPERSET_ADMIN_USER:-admin}" --password "$SUPERSET_ADMIN_PASSWORD" \
    --firstname juesuan --lastname admin --email "${SUPERSET_ADMIN_EMAIL:-admin@example.org}" || true
superset init
exec /usr/bin/run-server.sh
