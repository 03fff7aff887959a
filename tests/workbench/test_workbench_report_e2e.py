"""The compare report in a real headless Chromium with the network switched off
(Chrome DevTools' offline emulation): the three figures are drawn, the tables
are there, and the page asked for nothing.  A screenshot is saved in
ANALYZER_E2E_OUT (when set) or the test's tmp_path.  Skipped, with the reason,
when selenium, chromium, chromedriver or matplotlib is missing."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
pytest.importorskip("matplotlib", reason="figures need matplotlib (pip install '.[plot]')")

from analyzer.cli import main  # noqa: E402
from test_workbench import RECORDS, write_results  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium not installed (apt-get install chromium chromium-driver; "
           "or set CHROMIUM and CHROMEDRIVER)")]


@pytest.fixture()
def offline_browser():
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="analyzer-report-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1200,1000"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_the_report_opens_offline_with_its_figures(tmp_path, offline_browser):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    report = tmp_path / "report.html"
    r = CliRunner().invoke(main, ["compare", str(res), "--by", "year", "--report", str(report)])
    assert r.exit_code == 0, r.output
    driver = offline_browser
    driver.get(report.as_uri())
    assert driver.title == "Comparison by year"
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('figure svg')].map(s => s.getBoundingClientRect())"
        ".map(b => [b.width, b.height])")
    assert len(sizes) == 3 and all(w > 300 and h > 150 for w, h in sizes), sizes
    texts = driver.execute_script("return [...document.querySelectorAll('figure svg text')].map(t => t.textContent)")
    assert "巡察办" in texts and "n=3" in texts            # party names and counts are drawn as text
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    body = driver.find_element("tag name", "body").text
    assert "2024" in body and "33.3%" in body               # the shares table, as percentages
    out = Path(os.environ["ANALYZER_E2E_OUT"]) if os.environ.get("ANALYZER_E2E_OUT") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1200, min(height + 100, 6000))
    assert driver.save_screenshot(str(out / "workbench_report.png"))
