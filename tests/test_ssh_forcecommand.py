"""Partners reach the shared store by ``ssh`` (README "De gedeelde database bereiken", way 2), end to end against a
real OpenSSH server started for the test on a free port of 127.0.0.1 with the README's ``Match`` block: the key
logs in, the requested command is ignored and the app starts (ForceCommand), a partner account logs in and sees
its preparation list; closing the connection ends the app on the server; without a terminal (``ssh -T``) the app
says so and ends at once, leaving nothing running; forwarding (``ssh -W``) and passwords are refused.

Needs ``sshd``, ``ssh``, ``ssh-keygen`` (Debian: openssh-server, openssh-client) and, for the session in a
terminal, ``tmux``; each test is skipped with the reason when they are missing. Run as root, the server needs
``/run/sshd`` (made here, as the openssh-server package makes it at start) and the account logged in is root;
otherwise it runs as, and logs in, the test's own user. Not tested here: a dedicated ``zvh`` user owning the
store file (0600), ``/opt/zvh``, the host's own sshd_config and what a municipality's firewall lets through.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zvh_core.access import accounts
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.kernel import clock
from zvh_core.meetings import overleggen
from zvh_core.store import open_store

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
PASSWORD = "partner-vt-wachtwoord"
TMUX_SESSION = f"zvh-ssh-test-{os.getpid()}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _app_processes(marker: str) -> list[int]:
    """Pids of processes whose command line contains ``marker`` (the ForceCommand's own path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(entry.name))
    return found


def _until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


class Server:
    """An sshd on 127.0.0.1 with the README's Match block, and the ssh command line of a partner's key."""

    def __init__(self, folder: Path, store_url: str) -> None:
        self.folder = folder
        self.port = _free_port()
        self.user = getpass.getuser()
        # The ForceCommand is the installed `zvh` under a path of this test's own, so that the app's processes
        # on the "server" can be told from any other zvh on the machine.
        bin_dir = folder / "opt-zvh" / "bin"
        bin_dir.mkdir(parents=True)
        self.zvh = bin_dir / "zvh"
        self.zvh.symlink_to(Path(sys.executable).parent / "zvh")
        for name in ("host", "partner"):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name} (test)", "-f", str(folder / name)],
                check=True,
                timeout=60,
            )
        keys = folder / "authorized_keys"
        keys.write_text((folder / "partner.pub").read_text())
        keys.chmod(0o600)
        data = folder / "server-home"
        env = " ".join(
            [
                f"ZVH_DATABASE_URL={store_url}",
                f"XDG_DATA_HOME={data / 'data'}",
                f"XDG_STATE_HOME={data / 'state'}",
                f"XDG_CONFIG_HOME={data / 'config'}",
                "ZVH_BACKUP_KEEP=0",
                # An encrypted store (the suite's encrypted run): the server's app needs its key as well.
                *([f'ZVH_DB_SLEUTEL="{key}"'] if (key := os.environ.get("ZVH_DB_SLEUTEL")) else []),
            ]
        )
        config = folder / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host'}\nPidFile {folder / 'sshd.pid'}\n"
            f"AuthorizedKeysFile {keys}\nUsePAM no\nStrictModes no\nKbdInteractiveAuthentication no\n"
            f"PasswordAuthentication yes\n"  # on for others; the Match block below turns it off for the app's user
            # --- the README's block (plus SetEnv: where the store is) ---
            f"Match User {self.user}\n"
            f"    ForceCommand {self.zvh}\n"
            f"    SetEnv {env}\n"
            "    AllowTcpForwarding no\n    X11Forwarding no\n    AllowAgentForwarding no\n    PermitTunnel no\n"
            "    PermitTTY yes\n    PasswordAuthentication no\n"
        )
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation directory
        subprocess.run([SSHD, "-t", "-f", str(config)], check=True, capture_output=True, timeout=30)
        self.log = folder / "sshd.log"
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=self.log.open("w")
        )
        _until(self._listening, 10, f"sshd did not start: {self.log.read_text()}")

    def _listening(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def ssh(self, *options: str, key: bool = True) -> list[str]:
        command = [
            "ssh", "-F", "none", "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={self.folder / 'known_hosts'}",
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
        ]  # fmt: skip
        if key:
            command += ["-i", str(self.folder / "partner"), "-o", "IdentitiesOnly=yes"]
        return [*command, *options, f"{self.user}@127.0.0.1"]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - sshd ends on SIGTERM
            self.process.kill()
        for pid in _app_processes(str(self.zvh)):  # pragma: no cover - only when a test failed half-way
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def server(tmp_path, sqlite_url):
    if SSHD is None or not shutil.which("ssh") or not shutil.which("ssh-keygen"):
        pytest.skip("OpenSSH-server (sshd) of ssh/ssh-keygen ontbreekt (Debian: apt-get install openssh-server)")
    regio = load_regio()
    store = open_store(sqlite_url)
    try:
        accounts.create_first_beheerder(store, regio, "bea", "beheerder-wachtwoord")
        accounts.add_user(as_system(store), regio, "vt-els", "partner", PASSWORD, organisatie="vt")
    finally:
        store.dispose()
    folder = tmp_path / "ssh"
    folder.mkdir(mode=0o700)
    started = Server(folder, sqlite_url)
    yield started
    started.stop()


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, timeout=30).stdout


def _screen() -> str:
    return _tmux("capture-pane", "-p", "-t", TMUX_SESSION)


def _until_shown(text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in (shown := _screen()):
        assert time.monotonic() < deadline, f"'{text}' did not appear over ssh:\n{shown}"
        time.sleep(0.2)


def test_a_partner_logs_in_over_ssh_into_the_app_and_the_app_ends_with_the_connection(server, sqlite_url):
    if not shutil.which("tmux"):
        pytest.skip("tmux ontbreekt: nodig om de app via ssh in een terminal te bedienen")
    store = as_system(open_store(sqlite_url))
    try:  # today's routeertafel, which VT prepares
        overleggen.open_overleg(store, load_regio(), "routeertafel", clock.today(), "Voorzitter", ["vt", "amw"])
    finally:
        store.dispose()
    # The partner asks for a shell command: the server runs the app instead (ForceCommand).
    command = " ".join(server.ssh("-t")) + " 'cat /etc/passwd'"
    _tmux("new-session", "-d", "-s", TMUX_SESSION, "-x", "140", "-y", "45", command)
    try:
        _until_shown("Gebruikersnaam")
        assert "root:" not in _screen()
        assert _app_processes(str(server.zvh)), "the app runs on the server"
        _tmux("send-keys", "-t", TMUX_SESSION, "-l", "vt-els")
        _tmux("send-keys", "-t", TMUX_SESSION, "Tab")
        _tmux("send-keys", "-t", TMUX_SESSION, "-l", PASSWORD)
        _tmux("send-keys", "-t", TMUX_SESSION, "Enter")
        _until_shown("aangemeld: vt-els (partner)")
        _tmux("send-keys", "-t", TMUX_SESSION, "p")
        _until_shown("Voorbereiden · VT")
        _until_shown("Routeertafel")
    finally:
        _tmux("kill-session", "-t", TMUX_SESSION)  # the partner closes the terminal: the connection drops
    _until(lambda: not _app_processes(str(server.zvh)), 15, "the app outlived the ssh connection")


def test_without_a_terminal_the_app_says_so_and_nothing_keeps_running(server):
    result = subprocess.run(
        [*server.ssh("-T"), "echo INGESLOPEN"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 2, result.stderr
    assert "heeft een terminal nodig" in result.stderr and "ssh -t" in result.stderr
    assert "INGESLOPEN" not in result.stdout + result.stderr  # the requested command never ran
    _until(lambda: not _app_processes(str(server.zvh)), 10, "an app without a terminal kept running")


def test_forwarding_and_passwords_are_refused(server):
    forward = subprocess.run(
        [*server.ssh("-W", "127.0.0.1:5432")], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert forward.returncode == 255 and "administratively prohibited" in forward.stderr
    password = subprocess.run(
        [*server.ssh("-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no", key=False), "true"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert password.returncode == 255 and "Permission denied (publickey)" in password.stderr
