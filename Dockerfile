# juesuan loader image: the juesuan package (loaders, migrations, dbt project) and
# the nightly scheduler loop of docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JUESUAN_HOME=/var/lib/juesuan \
    TZ=Asia/Shanghai

RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/juesuan
COPY pyproject.toml README.md constraints.txt ./
COPY loaders loaders
COPY models models
COPY alembic alembic
COPY dbt_project dbt_project
COPY deploy deploy
RUN pip install -c constraints.txt . \
    && useradd --system --create-home --home-dir /var/lib/juesuan juesuan

USER juesuan
CMD ["sh", "/opt/juesuan/deploy/nightly-loop.sh"]
