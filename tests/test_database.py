"""The embedded server: started once, reused, stopped; a stale pid file from a crash does not block it."""
from pathlib import Path

import psycopg
import pytest

from juesuan.loaders.app.database import DatabaseError, EmbeddedServer, libpq_url, server_major, sqlalchemy_url


def test_start_reuse_stop_and_restart_after_a_crash(server_home):
    server = EmbeddedServer(server_home / "home")
    url = server.start()
    try:
        pid = server.postmaster_pid()
        assert pid and server.is_running()
        assert server.start() == url and server.postmaster_pid() == pid  # reused, not restarted
        with psycopg.connect(url) as conn:
            assert conn.execute("select current_database()").fetchone() == ("juesuan",)
    finally:
        assert server.stop()
    assert not server.is_running() and not server.stop()
    # a crash leaves postmaster.pid behind with a pid that no longer runs
    (server.pgdata / "postmaster.pid").write_text("4194303\n" + str(server.pgdata) + "\n")
    assert not server.is_running()
    try:
        assert server.start() == url  # same port again
        with psycopg.connect(url) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
    finally:
        server.stop()


def test_urls_for_sqlalchemy_and_libpq():
    assert sqlalchemy_url("postgresql://u:p@h:5/d") == "postgresql+psycopg://u:p@h:5/d"
    assert sqlalchemy_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert libpq_url("postgresql+psycopg://u@h/d") == "postgresql://u@h/d"


def test_a_data_folder_of_another_postgresql_major_is_refused_with_the_way_to_upgrade(server_home):
    server = EmbeddedServer(server_home / "home")
    server.pgdata.mkdir(parents=True)
    (server.pgdata / "PG_VERSION").write_text(f"{server_major() - 2}\n")
    with pytest.raises(DatabaseError) as refused:
        server.start()
    message = str(refused.value)
    assert f"made by PostgreSQL {server_major() - 2}, this juesuan runs PostgreSQL {server_major()}" in message
    assert "pg_dumpall" in message and not (server.pgdata / "postmaster.pid").exists()


def test_the_embedded_server_and_docker_compose_run_the_same_postgresql_major():
    compose = (Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text()
    assert f"image: postgres:{server_major()} " in compose
