"""Debian's headless Chromium, driven by playwright: one set-up for browser tests and screenshots.

Never ``playwright install`` (it downloads a browser build, which fails offline): the
browser is the system's ``/usr/bin/chromium`` (``apt-get install chromium``), launched with
flags that keep it off the network and free of first-run work, in a fresh profile folder.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_ADDRESS = re.compile(r"(http://127\.0\.0\.1:\d+)/")


def launch(playwright: Any, profile: str | Path, **options: Any) -> Any:
    """A persistent browser context of the system Chromium in the (fresh) ``profile`` folder."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS), **options
    )


def served_address(server: subprocess.Popen, timeout: float = 30.0) -> str:
    """The ``http://127.0.0.1:PORT`` that a ``marsad serve`` subprocess prints on start.

    Raises:
        RuntimeError: the server exited or printed no address within ``timeout`` seconds.
    """
    assert server.stdout is not None, "start the server with stdout=subprocess.PIPE, text=True"
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            if server.poll() is not None:
                break
            continue
        seen.append(line)
        if match := _ADDRESS.search(line):
            return match.group(1)
    raise RuntimeError("marsad serve did not print its address:\n" + "".join(seen))
