"""The site in a real browser: Debian's chromium driven by playwright against `marsad serve`.

Never runs ``playwright install``: it uses ``/usr/bin/chromium`` (``.ci/run`` installs it) and
skips with a message when that is missing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from marsad.serve.chromium import CHROMIUM, launch, served_address
from tests.serve_fixtures import AHRAM, HOSTILE_TITLE, build_news_db

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="chromium not found at /usr/bin/chromium (apt-get install -y chromium; .ci/run does this)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A `marsad serve` subprocess on a free loopback port over a fresh fixture database."""
    tmp = tmp_path_factory.mktemp("browser")
    ids = build_news_db(tmp / "news.db")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(tmp / "news.db"), "--host", "127.0.0.1", "--port", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        base = served_address(proc, timeout=30)
        yield base, ids
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    playwright_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as pw:
        context = launch(pw, profile, locale="ar")
        try:
            page = context.new_page()
            page.set_default_timeout(10_000)
            yield page
        finally:
            context.close()


def test_reader_searches_filters_reads_and_follows_a_tag(site, browser_page):
    base, ids = site
    page = browser_page
    page.goto(base + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"Noto Naskh Arabic\"'))")
    assert page.locator(".latest h2").inner_text() == "أحدث الأخبار"

    page.fill("form.search input[name=q]", "غزة")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator(".results .item").count() == 3
    assert page.locator(".results mark", has_text="غزة").count() >= 2

    page.locator(".facet-source a", has_text=AHRAM).click()
    page.wait_for_url(re.compile(r"source="))
    assert page.locator(".active-filters .chip", has_text=AHRAM).is_visible()
    sources = page.locator(".results .item .source").all_inner_texts()
    assert sources and set(sources) == {AHRAM}

    page.locator(".results .item h3 a", has_text="قوافل المساعدات").click()
    page.wait_for_url(re.compile(rf"/article/{ids['gaza_2']}$"))
    assert page.locator("h1").inner_text() == "قوافل المساعدات تعبر معبر رفح إلى غزة"
    assert page.locator(".article time").inner_text() == "٢٤ يونيو ٢٠٢٤"

    page.locator(".article .tags a", has_text="مصر").click()
    page.wait_for_url(re.compile(r"/tag/"))
    assert "مصر" in page.locator("h1").inner_text()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"


def test_hostile_article_renders_as_text_and_runs_nothing(site, browser_page):
    base, ids = site
    page = browser_page
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{base}/article/{ids['hostile']}")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    body = page.locator(".article .body").inner_text()
    assert '<img src="x" onerror=' in body and "javascript:window.__pwned" in body
    assert page.locator(".article .body img, .article .body script, .article .body a").count() == 0
    page.locator(".article h1").hover()
    page.locator(".meta .source").hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    assert dialogs == []
    assert not [m for m in console if "Content Security Policy" in m]  # nothing even tried to run
