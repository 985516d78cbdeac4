"""Debian's Chromium, headless, driven by Playwright for Python.

Playwright's own browser downloads are not used (``playwright install`` fetches builds from a
site of its own): the tests drive the distribution's ``chromium``, installed from Debian's
packages when it is missing, and each run gets a fresh profile folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# No route out but to localhost: a proxy nobody listens on (the discard port), bypassed for the
# loopback addresses the tests serve from.
NETWORK_CUT = ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]


def ensure_chromium() -> Path:
    """The Chromium binary, installed with apt-get if it is missing (the tests run as root in
    CI; elsewhere, install the ``chromium`` package first)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise RuntimeError("install Debian's chromium package (apt-get install -y chromium)")
    environment = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    if subprocess.run(install, env=environment, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], env=environment, capture_output=True, check=True)
        subprocess.run(install, env=environment, capture_output=True, check=True)
    return CHROMIUM


@contextmanager
def chromium(profile: Path, *, offline: bool = False) -> Iterator[BrowserContext]:
    executable = ensure_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),  # a fresh --user-data-dir
            executable_path=str(executable),
            headless=True,
            args=[*ARGS, *(NETWORK_CUT if offline else [])],
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
