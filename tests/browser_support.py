"""Headless Chromium for the HTML view tests (Selenium + Debian's chromium/chromedriver).

Also a small command to take the documentation screenshot::

    .venv/bin/python tests/browser_support.py data/exports/graph.html docs/graph-view.png
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("EXTRACTOR_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("EXTRACTOR_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--window-size=1400,900")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401 - only checking that it is installed
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A fresh headless Chromium (own profile folder), closed and cleaned up afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="extractor-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver: Any, script: str, timeout: float = 30.0) -> Any:
    """Poll ``return <script>`` until it is truthy (a page-state wait, not a timing test)."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return {script}")
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"page never satisfied: {script}")
        time.sleep(0.05)


def open_view(driver: Any, html_path: Path) -> None:
    """Open the view and wait until the layout has settled."""
    # record any alert() or prompt() a hostile string might trigger, before the page runs
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__alerts = [];"
        "window.alert = window.prompt = window.confirm ="
        " function (m) { window.__alerts.push(String(m)); };"
    )})
    driver.get(Path(html_path).resolve().as_uri())
    wait_for(driver, "window.extractorView && window.extractorView.ready")


def screenshot(html_path: Path, png_path: Path, select: str | None = None) -> Path:
    """Open the view, optionally select a node (by id: centred, panel shown), save a PNG."""
    with chromium() as driver:
        open_view(driver, html_path)
        if select:
            driver.execute_script("window.extractorView.select(arguments[0])", select)
        driver.save_screenshot(str(png_path))
    return png_path


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: browser_support.py GRAPH.html OUT.png [NODE_ID]")
    print(screenshot(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:]))
