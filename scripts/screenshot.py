"""Take the screenshot of one report page that docs/report.md and the README show.

    python scripts/screenshot.py    # rewrites docs/images/report-page.png

It checks two years of one agency from tests/corpus with `--output-format html` and renders the
later year's page in headless Chromium (Debian's `chromium`, driven by Playwright, as the tests
do), with a marked cell's explanation open."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ["tests/corpus/2019_f2019_pingtan_zone.html", "tests/corpus/2020_f2019_pingtan_zone.html"]
OUT = ROOT / "docs" / "images" / "report-page.png"


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from playwright.sync_api import sync_playwright

    from govdisclosure.cli import main as check

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        with contextlib.redirect_stdout(io.StringIO()):
            check(["check", "-q", "--output-format", "html", "--output-dir", folder, *REPORTS])
        page_file = next(p for p in sorted(Path(folder).glob("*.html")) if p.name != "index.html" and "2020" in p.name)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.goto(page_file.as_uri())
            cell = page.locator("td.flag-error.flag-place").first
            cell.evaluate("c => c.scrollIntoView({block: 'center'})")
            cell.click()
            page.screenshot(path=str(OUT))
            browser.close()
    print(OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
