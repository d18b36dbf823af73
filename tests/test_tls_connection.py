"""Partners reach the shared store over TLS (README "De gedeelde database bereiken"): a private PostgreSQL
server with a self-signed certificate, only ``hostssl`` in pg_hba.conf and a login of its own for a partner
organisation. With ``sslmode=verify-full`` and the certificate as root the app opens the store and the live
change feed works; a server whose certificate is not the trusted one, or a connection without TLS, is refused.

Needs the PostgreSQL server programs (initdb, pg_ctl) and openssl; skipped where they are missing."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from zvh_core.access.systeem import as_system
from zvh_core.meetings import overleggen
from zvh_core.store import StoreError, open_store

PASSWORD = "partner-vt-geheim"


def _run_as(user: str | None, *command: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", user, "--"] if user else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120, **kwargs)


def _self_signed(folder: Path, name: str) -> Path:
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(folder / f"{name}.key"), "-out", str(folder / f"{name}.crt"),
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return folder / f"{name}.crt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def tls_server():
    if not (shutil.which("initdb") and shutil.which("pg_ctl") and shutil.which("openssl")):
        pytest.skip("PostgreSQL-serverprogramma's of openssl ontbreken")
    user = None
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("als root en zonder gebruiker postgres")
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="zvh-tls-"))
    if user:
        shutil.chown(folder, user)
    data = folder / "data"
    cert = _self_signed(folder, "server")
    if user:
        for path in (folder / "server.key", cert):
            shutil.chown(path, user)
    (folder / "server.key").chmod(0o600)
    port = _free_port()
    _run_as(user, "initdb", "-D", str(data), "-U", "postgres", "--auth-local=trust", "--auth-host=reject")
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n"
    )
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"listen_addresses = 'localhost'\nport = {port}\nunix_socket_directories = '{folder}'\n"
            f"ssl = on\nssl_cert_file = '{cert}'\nssl_key_file = '{folder / 'server.key'}'\n"
        )
    _run_as(user, "pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60", "start")
    try:
        psql = ["psql", "-h", str(folder), "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
        _run_as(user, *psql, f"CREATE ROLE zvh_vt LOGIN PASSWORD '{PASSWORD}'")
        _run_as(user, *psql, "CREATE DATABASE zvh OWNER zvh_vt")
        yield port, cert, folder
    finally:
        _run_as(user, "pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _url(port: int, **query: str) -> str:
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"postgresql+psycopg://zvh_vt:{PASSWORD}@localhost:{port}/zvh?{params}"


def test_verify_full_against_the_servers_certificate_opens_the_store_and_follows_changes(tls_server, regio):
    port, cert, _ = tls_server
    store = as_system(open_store(_url(port, sslmode="verify-full", sslrootcert=str(cert))), "test")
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar()
        overleg_id = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 26), "Voorzitter", ["vt"])
        with store.change_feed() as feed:
            overleggen.set_geheimhouding(store, overleg_id, True)
            deadline = time.monotonic() + 5
            while not feed.changed():
                assert time.monotonic() < deadline
                time.sleep(0.02)
    finally:
        store.dispose()


def test_an_untrusted_certificate_or_no_tls_is_refused(tls_server):
    port, _, _ = tls_server
    other = _self_signed(Path(tempfile.mkdtemp(prefix="zvh-other-")), "other")
    with pytest.raises(StoreError) as untrusted:
        open_store(_url(port, sslmode="verify-full", sslrootcert=str(other))).dispose()
    assert "niet bereikbaar" in str(untrusted.value) and "certificate verify failed" in str(untrusted.value)
    with pytest.raises(StoreError) as plain:
        open_store(_url(port, sslmode="disable")).dispose()
    assert "no encryption" in str(plain.value)
    shutil.rmtree(other.parent, ignore_errors=True)
