"""The system packages `make test` needs beyond Python: Chromium (browser tests), poppler
(`pdftotext`, PDFs read by their text) and Pango (WeasyPrint). `python -m mobilex.system_packages`
installs the missing ones with apt-get when run as root on Debian, else says what to install."""

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Debian package -> is it there?
CHECKS = {
    "chromium": lambda: Path(CHROMIUM).exists(),
    "chromium-l10n": lambda: not Path(CHROMIUM).exists() or _dpkg_has("chromium-l10n"),
    "poppler-utils": lambda: shutil.which("pdftotext") is not None,
    "libpango-1.0-0": lambda: ctypes.util.find_library("pango-1.0") is not None,
    "libpangoft2-1.0-0": lambda: ctypes.util.find_library("pangoft2-1.0") is not None,
}


def _dpkg_has(package: str) -> bool:
    if not shutil.which("dpkg"):
        return True  # not Debian: only the other checks can tell
    return subprocess.run(["dpkg", "-s", package], capture_output=True).returncode == 0  # noqa: S603,S607


def missing() -> list[str]:
    return [package for package, present in CHECKS.items() if not present()]


def install_command(packages: list[str]) -> str:
    return "apt-get install " + " ".join(packages)


def main() -> int:
    packages = missing()
    if not packages:
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installation des paquets système manquants : {' '.join(packages)}", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)  # noqa: S603,S607
        install = ["apt-get", "install", "-y", "-qq", *packages]
        subprocess.run(install, env=env, check=True)  # noqa: S603
        return 0
    print(
        f"Paquets système manquants : {' '.join(packages)}. Installez-les avec "
        f"« sudo {install_command(packages)} » ; les tests qui en ont besoin sont ignorés.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
