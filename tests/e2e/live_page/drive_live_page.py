#!/usr/bin/python3
"""Drives the live page in headless Chromium as a person would.

usage: drive_live_page.py URL SCREENSHOT_PATH [TOKEN]

Loads URL (an engine running the default pipeline), checks the page's headers and that it loads
nothing from elsewhere, clicks the `w` button three times, and checks that the page shows n three
higher and a different plot. Saves a screenshot. Prints one line per check; exit code 0 only if
all pass. With TOKEN (an engine that asks for a bearer token, reads included), it first checks
that the page without the token says how to give it, then drives URL#token=TOKEN.
Needs Debian's chromium, chromium-driver and python3-selenium (run with /usr/bin/python3).
"""

import signal
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# The whole run stays far below this; a hung browser fails the test instead of stalling it.
DEADLINE_SECONDS = 45
STEP_TIMEOUT_SECONDS = 10
CLICKS = 3

# Draws the current plot image into a canvas and returns its size and a digest of its pixels.
# The plot is same-origin, so the canvas is readable.
PLOT_PIXELS = """
const img = document.getElementById("plot");
if (!img || !img.complete || img.naturalWidth === 0) return null;
const canvas = document.createElement("canvas");
canvas.width = img.naturalWidth;
canvas.height = img.naturalHeight;
const context = canvas.getContext("2d");
context.drawImage(img, 0, 0);
const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
let hash = 2166136261;
for (let i = 0; i < pixels.length; i += 1) hash = Math.imul(hash ^ pixels[i], 16777619) >>> 0;
return {src: img.getAttribute("src"), width: img.naturalWidth, height: img.naturalHeight, hash: hash};
"""

# The posterior predictive plot under the main one, once loaded: its size and where it sits.
PREDICT_PLOT = """
const frame = document.getElementById("predict-frame");
const img = document.getElementById("predict-plot");
if (!frame || frame.hidden || !img || !img.complete || img.naturalWidth === 0) return null;
const plot = document.getElementById("plot").getBoundingClientRect();
return {width: img.naturalWidth, height: img.naturalHeight,
        below: img.getBoundingClientRect().top >= plot.bottom};
"""


class CheckFailed(Exception):
    pass


def passed(description):
    print(f"ok: {description}", flush=True)


def check(condition, description):
    if not condition:
        raise CheckFailed(description)
    passed(description)


def on_deadline(signum, frame):
    raise CheckFailed(f"the run took longer than {DEADLINE_SECONDS} s")


def check_headers(url):
    with urllib.request.urlopen(url, timeout=STEP_TIMEOUT_SECONDS) as response:
        headers = response.headers
        body = response.read()
    check(headers.get_content_type() == "text/html", "GET / answers text/html")
    check(headers.get("Cache-Control") == "no-cache", "GET / answers Cache-Control: no-cache")
    etag = headers.get("ETag", "")
    check(etag.startswith('"') and len(etag) > 2, f"GET / has an ETag ({etag})")
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(request, timeout=STEP_TIMEOUT_SECONDS)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    check(status == 304, f"GET / with If-None-Match: {etag} answers 304 (got {status})")
    check(b"<script src" not in body and b"<link rel=\"stylesheet" not in body,
          "GET / has no external scripts or style sheets")


def start_browser(profile_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile_dir}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(STEP_TIMEOUT_SECONDS)
    browser.set_script_timeout(STEP_TIMEOUT_SECONDS)
    return browser


def wait_for(browser, condition, description):
    """The first result of condition(browser) that is neither None nor False (0 counts as a result)."""
    def settled(b):
        result = condition(b)
        return None if result is None or result is False else [result]
    try:
        return WebDriverWait(browser, STEP_TIMEOUT_SECONDS, poll_frequency=0.05).until(settled)[0]
    except Exception as error:
        raise CheckFailed(f"timed out waiting for {description}") from error


def shown_number(browser, element_id):
    text = browser.find_element(By.ID, element_id).text.strip()
    return int(text) if text.isdigit() else None


def drive(browser, url, screenshot):
    browser.get(url)
    initial_n = wait_for(browser, lambda b: shown_number(b, "n"), "the page to show n")
    initial_w = shown_number(browser, "summary-w")
    passed(f"the page shows n = {initial_n}, w = {initial_w}")
    before = wait_for(browser, lambda b: b.execute_script(PLOT_PIXELS), "the plot to load")
    check(before["width"] > 0 and before["height"] > 0,
          f"the plot is shown ({before['width']}x{before['height']}, {before['src']})")
    interval = browser.find_element(By.ID, "summary-interval").text
    check("% HPDI [" in interval, f"the interval is shown as '{interval}'")

    button = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, 'button[data-value="w"]'),
                      "the w button")
    for _ in range(CLICKS):
        button.click()
    expected_n = initial_n + CLICKS
    wait_for(browser, lambda b: shown_number(b, "n") == expected_n, f"n to show {expected_n}")
    passed(f"after {CLICKS} clicks on w the page shows n = {expected_n}")
    check(shown_number(browser, "summary-w") == initial_w + CLICKS, f"the page shows w = {initial_w + CLICKS}")

    after = wait_for(browser, lambda b: (lambda p: p if p and p["hash"] != before["hash"] else None)(
        b.execute_script(PLOT_PIXELS)), "the plot to change")
    check(after["src"] != before["src"], f"the plot was reloaded ({before['src']} -> {after['src']})")
    passed(f"the plot's pixels changed (digest {before['hash']:08x} -> {after['hash']:08x})")
    check(not browser.find_element(By.ID, "error").is_displayed(), "no error line is shown")
    predict = wait_for(browser, lambda b: b.execute_script(PREDICT_PLOT), "the predictive plot to load")
    check(predict["below"], f"the posterior predictive plot is shown under the plot "
                            f"({predict['width']}x{predict['height']})")

    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map((entry) => entry.name);")
    # The plot is fetched (so the request can carry a token) and shown from a blob: of this origin.
    foreign = [name for name in resources
               if not name.startswith(origin + "/") and not name.startswith("blob:" + origin + "/")]
    check(not foreign, f"all {len(resources)} requests went to the page's own origin {foreign or ''}")
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, f"the browser console has no errors {errors or ''}")

    check(browser.save_screenshot(screenshot), f"screenshot saved to {screenshot}")


def check_token_asked(browser, url):
    browser.get(url)
    message = wait_for(browser, lambda b: (lambda t: t if "bearer token" in t else None)(
        b.find_element(By.ID, "message").text), "the page to ask for the token")
    check("#token=" in message, f"without the token the page says how to give it ('{message}')")
    # The 401s of this first load are logged by the browser as errors: read them off here, so
    # that the console check of the run with the token sees only that run's.
    browser.get_log("browser")


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    url, screenshot = sys.argv[1], sys.argv[2]
    token = sys.argv[3] if len(sys.argv) == 4 else None
    signal.signal(signal.SIGALRM, on_deadline)
    signal.alarm(DEADLINE_SECONDS)
    browser = None
    try:
        check_headers(url)
        with tempfile.TemporaryDirectory(prefix="live-page-chromium-") as profile_dir:
            browser = start_browser(profile_dir)
            try:
                if token:
                    check_token_asked(browser, url)
                    drive(browser, f"{url}#token={token}", screenshot)
                else:
                    drive(browser, url, screenshot)
            except CheckFailed:
                browser.save_screenshot(screenshot)
                raise
            finally:
                browser.quit()
    except CheckFailed as failure:
        print(f"FAILED: {failure}", flush=True)
        return 1
    print("live page: all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
