"""The embedded server: started once, reused, stopped; a stale pid file from a crash does not block it."""
import psycopg

from loaders.database import EmbeddedServer, libpq_url, sqlalchemy_url


def test_start_reuse_stop_and_restart_after_a_crash(tmp_path):
    server = EmbeddedServer(tmp_path / "home")
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
