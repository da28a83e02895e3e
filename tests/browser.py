"""Headless Chromium for the review-page tests, driven by Selenium: the system's browser and
driver (Debian `chromium`, `chromium-driver`), never one downloaded. `browser_missing()` says
why the tests cannot run here, or None."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1400,900")


def _binary() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if _binary() is None:
        return "no Chromium installed (apt-get install chromium chromium-driver)"
    if shutil.which("chromedriver") is None:
        return "no chromedriver installed (apt-get install chromium-driver)"
    return None


@contextmanager
def chromium(javascript: bool = True) -> Iterator[Any]:
    """A fresh headless browser with a profile of its own, closed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="review-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = _binary() or ""
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or ""))
        try:
            yield driver
        finally:
            driver.quit()
