"""Install the dashboards shipped with juesuan (deploy/superset/export) into a BI tool.

Superset: the committed export (YAML) is zipped with the warehouse's URL put in, and
imported through Superset's REST API (log in, CSRF token, /api/v1/dashboard/import/
with overwrite, the database password passed apart as Superset expects). Only the
standard library talks HTTP here.
"""
from __future__ import annotations

import http.cookiejar
import io
import json
import urllib.error
import urllib.request
import uuid
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import yaml

from juesuan.loaders.app.resources import superset_export_dir

MASK = "XXXXXXXXXX"  # Superset's placeholder for a password it is given apart
ROOT_FOLDER = "juesuan_dashboard"


class DashboardError(RuntimeError):
    """The import did not happen: what failed, why, what to do (the command line prints it in one line)."""

    def __init__(self, what: str, cause: str, todo: str):
        super().__init__(f"{what}: {cause}")
        self.what, self.cause, self.todo = what, cause, todo


@dataclass(frozen=True)
class Imported:
    title: str
    dashboard_id: int
    dashboard_url: str
    charts: int
    datasets: int

    def as_dict(self) -> dict:
        return asdict(self)


def export_bundle(warehouse_url: str, export_dir: Path | None = None) -> tuple[bytes, dict[str, str]]:
    """The ZIP Superset imports, and the passwords to send with it (by file in the bundle)."""
    export_dir = export_dir or superset_export_dir()
    uri, password = _masked(warehouse_url)
    passwords: dict[str, str] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(export_dir.rglob("*.yaml")):
            relative = path.relative_to(export_dir).as_posix()
            text = path.read_text(encoding="utf-8")
            if relative.startswith("databases/"):
                doc = yaml.safe_load(text)
                doc["sqlalchemy_uri"] = uri
                text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
                if password is not None:
                    passwords[relative] = password
            bundle.writestr(f"{ROOT_FOLDER}/{relative}", text)
    return buffer.getvalue(), passwords


def _masked(url: str) -> tuple[str, str | None]:
    """postgresql://user:secret@host/db → (postgresql://user:XXXXXXXXXX@host/db, 'secret')."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres", "postgresql+psycopg2"):
        raise DashboardError("not a PostgreSQL URL", url.split("@")[-1], "give --database-url postgresql://…")
    scheme = "postgresql"
    if parts.password is None:
        return urlunsplit(parts._replace(scheme=scheme)), None
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(scheme=scheme, netloc=f"{user}:{MASK}@{host}")), unquote(parts.password)


class _Client:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.headers: dict[str, str] = {}
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> dict:
        request = urllib.request.Request(self.base + path, data=body, method=method,
                                         headers={**self.headers, "Accept": "application/json",
                                                  "Referer": self.base + "/"})
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=120) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")
            try:
                parsed = json.loads(detail)
                detail = parsed.get("message") or parsed.get("msg") or parsed.get("errors") or parsed
            except ValueError:
                pass
            raise _HttpFailed(err.code, " ".join(str(detail).split())[:500]) from err
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise DashboardError(f"cannot reach Superset at {self.base}", str(reason),
                                 "check --url and that Superset runs there") from err


class _HttpFailed(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(f"HTTP {status}: {detail}")
        self.status, self.detail = status, detail


def install_superset(superset_url: str, user: str, password: str, warehouse_url: str,
                     export_dir: Path | None = None) -> Imported:
    """Import the dashboard into Superset (replacing an earlier import of it) and return where it is."""
    bundle, passwords = export_bundle(warehouse_url, export_dir)
    client = _Client(superset_url)
    try:
        token = client.call("POST", "/api/v1/security/login",
                            json.dumps({"username": user, "password": password, "provider": "db",
                                        "refresh": True}).encode(), "application/json")["access_token"]
    except _HttpFailed as err:
        raise DashboardError("Superset refused the login", err.detail,
                             "check --user and --password (a Superset user with the Admin role)") from err
    client.headers["Authorization"] = f"Bearer {token}"
    try:
        csrf = client.call("GET", "/api/v1/security/csrf_token/")["result"]
    except _HttpFailed as err:
        raise DashboardError("Superset gave no CSRF token", err.detail, "check that --url is Superset's") from err
    client.headers["X-CSRFToken"] = csrf
    body, content_type = _multipart({"overwrite": "true", "passwords": json.dumps(passwords)},
                                    {"formData": ("juesuan_dashboard.zip", bundle, "application/zip")})
    try:
        client.call("POST", "/api/v1/dashboard/import/", body, content_type)
    except _HttpFailed as err:
        raise DashboardError("Superset refused the dashboard", err.detail,
                             "check the warehouse URL Superset was given (--database-url) and Superset's log") from err
    export_dir = export_dir or superset_export_dir()
    dashboard = yaml.safe_load(next((export_dir / "dashboards").glob("*.yaml")).read_text(encoding="utf-8"))
    try:
        found = client.call("GET", f"/api/v1/dashboard/{quote(dashboard['slug'])}")["result"]
    except _HttpFailed as err:
        raise DashboardError("the imported dashboard was not found", err.detail, "see Superset's log") from err
    return Imported(dashboard["dashboard_title"], found["id"], client.base + found["url"],
                    len(list((export_dir / "charts").glob("*.yaml"))),
                    len(list((export_dir / "datasets").rglob("*.yaml"))))


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    for name, (filename, data, kind) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  f"Content-Type: {kind}\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"
