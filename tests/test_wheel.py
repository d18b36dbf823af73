"""The wheel IT installs (README: Installeren op een werkplek): built from the committed files alone with the
project's own build backend (pyproject's build-system: setuptools, in pip's isolated build environment, from
the package index pip is configured with; this machine's lies on disk), it holds every package, the stylesheet, the regio and
preset files and every migration, and installed on its own in a fresh virtual environment its `zvh` runs:
`--version`, the packaged regio file, a new store made and filled (`zvh demo`) through the migrations
in the wheel, and the app itself in a real terminal (tmux): login, the home screen, Ctrl+Q. The fresh environment gets no copy of the project, only the wheel; its dependencies are the
ones already installed for the suite (a .pth line), as an offline machine cannot fetch them.
Then IT's install word for word: the README's shell block run with pipx in a release folder (skipped when no
package index answers), its versions those of requirements.lock, its store where the README's table says."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PACKAGES = ("tui", "zvh_core", "db")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.sqlite_pass_only,
]  # a build, a virtual environment and a demo store: about half a minute


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=;~!(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def committed_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in listed.stdout.decode("utf-8").split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the committed files (no egg-info or build folder of the worktree)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("geen git-werkmap: de vastgelegde bestanden zijn niet te bepalen")
    source = tmp_path_factory.mktemp("bron")
    for name in committed_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, source],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_NO_INPUT": "1"},
        timeout=600,
    )
    if built.returncode != 0 and "satisfies the requirement setuptools" in built.stdout + built.stderr:
        pytest.skip("het bouwgereedschap (setuptools) is niet te krijgen: geen pakketindex bereikbaar")
    assert built.returncode == 0, built.stdout + built.stderr
    (made,) = out.glob("zvh_overleg-*.whl")
    assert made.name == f"zvh_overleg-{PROJECT['version']}-py3-none-any.whl"
    return made


def test_the_wheel_holds_every_package_stylesheet_data_file_and_migration(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [
        name for name in committed_files() if name.split("/")[0] in PACKAGES and not name.endswith((".pyc", ".md"))
    ]
    assert wanted, "the packages are committed"
    missing = [name for name in wanted if name not in names]
    assert missing == [], f"not in the wheel: {missing}"
    for kind in (".tcss", ".toml", ".mako"):
        assert any(name.endswith(kind) for name in wanted), f"the committed files have a {kind} file"
    assert not any(name.startswith("tests/") for name in names), "the tests stay out"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    assert "zvh = tui.cli.launch:main" in text
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    required = {
        _name(line.removeprefix("Requires-Dist: "))
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist: ") and "extra ==" not in line
    }
    assert required == {_name(d) for d in PROJECT["dependencies"]}, "the runtime dependencies, as pyproject says"


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel installed in it (pip, no index, no dependencies); the
    suite's dependencies are found through a .pth line. Its bin folder."""
    fresh = tmp_path_factory.mktemp("venv") / "zvh"
    venv.create(fresh, with_pip=False)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Only the suite's site-packages, as a plain path: its .pth files (the project's editable install) are
    # not read from there, so the project can only come from the wheel.
    (Path(site) / "zvh-afhankelijkheden.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python.parent


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZVH_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "ZVH_DATABASE_URL": f"sqlite:///{home / 'zvh.sqlite3'}",
        }
    )
    return env


def run(bin_dir: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = _env(home)
    return subprocess.run([str(bin_dir / "zvh"), *args], capture_output=True, text=True, env=env, cwd=home, timeout=240)


def test_zvh_from_the_installed_wheel_runs_its_version_regio_and_demo(installed, tmp_path):
    where = subprocess.run(
        [installed / "python", "-c", "import tui, zvh_core, db; print(tui.__file__, zvh_core.__file__, db.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout.split()
    assert all(str(installed.parent) in path for path in where), f"the project came from elsewhere: {where}"

    version = run(installed, "--version", home=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"ZVH Overleg {PROJECT['version']}", version

    regio = run(installed, "regio", "toon", home=tmp_path)
    assert regio.returncode == 0, regio.stdout + regio.stderr
    assert str(installed.parent) in regio.stdout and "midden-limburg.toml" in regio.stdout

    demo = run(installed, "demo", home=tmp_path)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert (tmp_path / "zvh.sqlite3").stat().st_size > 0


def _pane(session: str) -> str:
    shown = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True)
    return shown.stdout


def _wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in (shown := _pane(session)):
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} verscheen niet; het scherm:\n{_pane(session)}")


def test_the_tui_of_the_installed_wheel_opens_logs_in_and_quits(installed, tmp_path):
    """The app itself, from the wheel, in a real terminal (tmux): login screen, the demo chair's home, Ctrl+Q."""
    assert run(installed, "demo", home=tmp_path).returncode == 0
    _log_in_and_quit(installed / "zvh", _env(tmp_path), tmp_path)


def _log_in_and_quit(zvh: Path, env: dict[str, str], cwd: Path) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux ontbreekt: nodig om de app in een echte terminal te starten")
    session = f"zvh-wheel-{os.getpid()}-{zvh.parent.parent.name}"
    # The tmux server keeps the environment of whichever test started it (the encrypted run's key too, or the
    # other install's XDG folders, which would point the app at another store): what the app must not see is
    # unset by name.
    folders = {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"}
    stray = {key for key in os.environ if key.startswith("ZVH_")} | folders
    unset = " ".join(f"-u {key}" for key in sorted(stray - env.keys()))
    settings = " ".join(
        f"{key}={shlex.quote(value)}" for key, value in env.items() if key.startswith(("ZVH_", "XDG_", "HOME", "PATH"))
    )
    command = f"{unset} {settings}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "45", f"env {command} {zvh}"],
        check=True,
        cwd=cwd,
    )
    try:
        _wait_for(session, "aanmelden")
        subprocess.run(["tmux", "send-keys", "-t", session, "demo-voorzitter", "Enter"], check=True)
        subprocess.run(["tmux", "send-keys", "-t", session, "alleen-voor-demo", "Enter"], check=True)
        home = _wait_for(session, "Overleg starten of hervatten")
        assert "aangemeld: demo-voorzitter" in home
        subprocess.run(["tmux", "send-keys", "-t", session, "C-q"], check=True)
        deadline = time.monotonic() + 30
        while subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0:
            assert time.monotonic() < deadline, f"de app sloot niet af:\n{_pane(session)}"
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def readme_install_lines() -> list[str]:
    """The shell block under "Installeren, op elk systeem hetzelfde" in the README, line by line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("Installeren, op elk systeem hetzelfde", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pipx_home(wheel, tmp_path_factory) -> Path:
    """IT's install, word for word from the README, in a release folder holding the wheel, constraints.txt and
    requirements.lock: pipx (with its own home and bin folder here) installs from the package index pip is
    configured with. A home folder with `bin` (pipx's apps) and the README's Linux data folder unset, so the
    store lands where the README says."""
    if os.name == "nt" or sys.platform == "darwin":
        pytest.skip("de README-regels worden hier als sh uitgevoerd; de standaardmappen zijn die van Linux")
    home = tmp_path_factory.mktemp("werkplek")
    release = home / "release"
    release.mkdir()
    for name in ("constraints.txt", "requirements.lock"):
        shutil.copy2(ROOT / name, release / name)
    shutil.copy2(wheel, release / wheel.name)
    env = _pipx_env(home)
    for line in readme_install_lines():
        done = subprocess.run(["sh", "-c", line], capture_output=True, text=True, env=env, cwd=release, timeout=600)
        if done.returncode != 0 and re.search(r"No matching distribution|Could not find a version", done.stderr):
            pytest.skip(f"geen pakketindex bereikbaar voor pipx: {done.stderr.strip().splitlines()[-1]}")
        assert done.returncode == 0, f"README-regel mislukt: {line}\n{done.stdout}{done.stderr}"
        if line.startswith("zvh --version"):
            assert done.stdout.strip() == f"ZVH Overleg {PROJECT['version']}", done.stdout
    return home


def _pipx_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ZVH_", "PYTHON", "VIRTUAL_ENV", "XDG_", "PIPX_"))
    }
    env.update(
        {
            "HOME": str(home),
            "PIPX_HOME": str(home / "pipx"),
            "PIPX_BIN_DIR": str(home / "bin"),
            # pipx's own apps first, then the suite's (where pipx itself is), then the system's
            "PATH": os.pathsep.join([str(home / "bin"), str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        }
    )
    return env


def test_the_readme_install_names_this_release(wheel):
    lines = readme_install_lines()
    assert any(wheel.name in line for line in lines), f"de README installeert niet {wheel.name}: {lines}"
    assert any("--require-hashes" in line and "requirements.lock" in line for line in lines)


def test_pipx_as_the_readme_says_runs_demo_and_the_app_with_the_locked_versions(pipx_home):
    env = _pipx_env(pipx_home)
    zvh = pipx_home / "bin" / "zvh"
    demo = subprocess.run([zvh, "demo"], capture_output=True, text=True, env=env, cwd=pipx_home, timeout=240)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    store = pipx_home / ".local/share/zvh-overleg/zvh.sqlite3"  # the README's Linux row
    assert store.stat().st_size > 0 and store.stat().st_mode & 0o077 == 0
    frozen = subprocess.run(
        [zvh.resolve().parent / "python", "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    ).stdout
    locked = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", locked, re.MULTILINE))
    installed = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", frozen, re.MULTILINE))
    norm = {_name(k): v for k, v in installed.items()}
    wrong = {
        name: (version, norm.get(_name(name)))
        for name, version in pins.items()
        if norm.get(_name(name)) not in (None, version)
    }
    assert wrong == {}, f"niet de geteste versie (lock, geïnstalleerd): {wrong}"
    _log_in_and_quit(zvh, env, pipx_home)
