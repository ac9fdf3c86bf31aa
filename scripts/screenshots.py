#!/usr/bin/env python3
"""Screenshots of the site (home, article, search) at phone and desktop widths.

Serves the bundled sample with ``marsad serve`` on a free loopback port and drives Debian's
chromium with playwright (the same set-up as ``tests/test_browser.py``; never
``playwright install``). Writes PNGs to ``docs/screenshots/``.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from marsad.serve.chromium import launch, served_address

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SEARCH = "تونس"


def main() -> None:
    """Start the server, take the screenshots, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "marsad", "serve", "--db", f"{tmp}/site.db", "--port", "0"]
        server = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            base = served_address(server)
            with sync_playwright() as pw:
                context = launch(pw, f"{tmp}/profile")
                page = context.new_page()
                page.goto(base + "/")
                article = page.locator(".latest .item h3 a").nth(1).get_attribute("href")
                urls = {"home": "/", "article": article, "search": "/search?q=" + quote(SEARCH)}
                for label, (width, height) in WIDTHS.items():
                    page.set_viewport_size({"width": width, "height": height})
                    for name, url in urls.items():
                        page.goto(base + url)
                        page.evaluate("document.fonts.ready")
                        path = out / f"{name}-{label}.png"
                        page.screenshot(path=str(path))
                        print(path)
                page.emulate_media(color_scheme="dark")  # dark mode follows prefers-color-scheme
                for name in ("home", "article"):
                    page.goto(base + urls[name])
                    page.evaluate("document.fonts.ready")
                    path = out / f"{name}-desktop-dark.png"
                    page.screenshot(path=str(path))
                    print(path)
                context.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
