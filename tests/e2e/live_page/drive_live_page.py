#!/usr/bin/python3
"""Drives the live page in headless Chromium as a person would.

usage: drive_live_page.py URL SCREENSHOT_PATH [TOKEN]
       drive_live_page.py --keys URL SCREENSHOT_PATH PLAN
       drive_live_page.py --experiment URL SCREENSHOT_PATH PLAN

Loads URL (an engine running the default pipeline), checks the page's headers and that it loads
nothing from elsewhere, clicks the `w` button three times, and checks that the page shows n three
higher and a different plot. Saves a screenshot. Prints one line per check; exit code 0 only if
all pass. With TOKEN (an engine that asks for a bearer token, reads included), it first checks
that the page without the token says how to give it, then drives URL#token=TOKEN.

With --keys, URL is an engine running a keyed pipeline (config/keyed.json) and PLAN a JSON object:
"keys" (every key the engine holds and its n), "search" (a prefix to type), "tick" (the keys to
plot) and "event" (a JSON line for the first ticked key). The driver pages through the keys panel
with "more" and checks every key and n, types the prefix and checks that exactly the keys with it
remain, ticks the keys and checks that the plot is theirs, then posts the event to
/events?topic=events and checks that the list and the plot follow.

With --experiment, URL is such an engine with a process.decisions winner rule and PLAN a JSON
object: "prefix" (the experiment to type), "variants" (each key's n and w), "baseline", "best"
(the variant whose P(best) exceeds 95%), "other" (a third variant), "decision" (the id of the
rule's decision) and "event" (a JSON line for "other"). The driver types the prefix into the
experiment panel and checks its table (keys, n, means, intervals, P(best) adding up to 100% within
the shown digits, the best's expected loss the smallest), the sample ratio mismatch warning, the
variants' plot and the lift plot of best over baseline, and the decision; then chooses "other" as
B and checks the lift plot follows, posts the event and checks that the table follows in place
and the variants' plot is drawn again; last, it empties the prefix and shows the experiment again
from the keys panel's search.
Needs Debian's chromium, chromium-driver and python3-selenium (run with /usr/bin/python3).
"""

import json
import os
import signal
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

# The whole run stays far below this; a hung browser fails the test instead of stalling it. Under
# the sanitizers the engine runs several times slower, and the build says by how much.
TIME_SCALE = float(os.environ.get("EVENT_ENGINE_TEST_TIME_SCALE", "1"))
DEADLINE_SECONDS = 45 * TIME_SCALE
STEP_TIMEOUT_SECONDS = 10 * TIME_SCALE
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
return {src: img.getAttribute("src"), source: img.dataset.src, width: img.naturalWidth, height: img.naturalHeight, hash: hash};
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


# The keys panel's rows as [key, n] pairs, in the page's order.
SHOWN_KEYS = """
return Array.from(document.querySelectorAll("#keys-table tbody tr"), (row) => [
  row.querySelector(".key-name").textContent, row.querySelector(".key-n").textContent]);
"""

# The checkbox of the row whose key is arguments[0], or null.
# The experiment panel's variants, in the page's order.
VARIANTS = """
return Array.from(document.querySelectorAll("#variants tbody tr"), (row) => ({
  key: row.querySelector(".variant-key").textContent, n: row.querySelector(".variant-n").textContent,
  mean: row.querySelector(".variant-mean").textContent, interval: row.querySelector(".variant-interval").textContent,
  p_best: row.querySelector(".variant-p-best").textContent, loss: row.querySelector(".variant-loss").textContent,
  best: row.classList.contains("best"), marked: row.dataset.marked === "1"}));
"""

# The image arguments[0] once loaded and shown: what it was asked for, its size and a digest of its
# pixels.
SHOWN_IMAGE = """
const img = document.getElementById(arguments[0]);
if (!img || !img.complete || img.naturalWidth === 0 || img.closest("[hidden]")) return null;
const canvas = document.createElement("canvas");
canvas.width = img.naturalWidth;
canvas.height = img.naturalHeight;
const context = canvas.getContext("2d");
context.drawImage(img, 0, 0);
const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
let hash = 2166136261;
for (let i = 0; i < pixels.length; i += 1) hash = Math.imul(hash ^ pixels[i], 16777619) >>> 0;
return {source: img.dataset.src, version: img.dataset.version, width: img.naturalWidth, hash: hash};
"""

# The decisions listed, as [id, kind, key, when] rows.
DECISIONS = """
return Array.from(document.querySelectorAll("#decisions tbody tr"),
                  (row) => Array.from(row.cells, (cell) => cell.textContent));
"""

KEY_BOX = """
const row = Array.from(document.querySelectorAll("#keys-table tbody tr"))
  .find((candidate) => candidate.querySelector(".key-name").textContent === arguments[0]);
return row ? row.querySelector("input[type=checkbox]") : null;
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

    check_same_origin_and_quiet(browser, url)
    check(browser.save_screenshot(screenshot), f"screenshot saved to {screenshot}")


def shown_keys(browser):
    """The keys panel's rows as a dict key -> n, or None while a row repeats a key."""
    rows = browser.execute_script(SHOWN_KEYS)
    shown = {key: int(n) if n.isdigit() else n for key, n in rows}
    return shown if len(shown) == len(rows) else None


def plot_keys(plot):
    """The keys the plot image was asked for (its data-src), in order; [] for the default plot."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(plot["source"] or "").query)
    return query["keys"][0].split(",") if "keys" in query else []


def plot_version(plot):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(plot["source"] or "").query).get("v", [None])[0]


def check_same_origin_and_quiet(browser, url):
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map((entry) => entry.name);")
    # The plot is fetched (so the request can carry a token) and shown from a blob: of this origin.
    foreign = [name for name in resources
               if not name.startswith(origin + "/") and not name.startswith("blob:" + origin + "/")]
    check(not foreign, f"all {len(resources)} requests went to the page's own origin {foreign or ''}")
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, f"the browser console has no errors {errors or ''}")


def page_through_keys(browser, expected):
    """Clicks "more" until the panel lists every key, then checks each key's n."""
    wait_for(browser, lambda b: b.find_element(By.ID, "keys-section").is_displayed(), "the keys panel")
    shown = wait_for(browser, lambda b: shown_keys(b) or None, "the keys panel to list keys")
    pages = 1
    while len(shown) < len(expected):
        more = browser.find_element(By.ID, "keys-more")
        check(more.is_displayed(), f"'more' is offered with {len(shown)} of {len(expected)} keys listed")
        more.click()
        count = len(shown)
        shown = wait_for(browser, lambda b: (lambda s: s if s and len(s) > count else None)(shown_keys(b)),
                         f"more than {count} keys to be listed")
        pages += 1
    check(not browser.find_element(By.ID, "keys-more").is_displayed(), "'more' is gone once all are listed")
    wrong = {key: {"shown": shown.get(key), "expected": expected.get(key)}
             for key in sorted(set(shown) | set(expected)) if shown.get(key) != expected.get(key)}
    check(not wrong, f"the panel lists all {len(expected)} keys with their n, in {pages} page(s) {wrong or ''}")
    check(list(shown) == sorted(expected), "the keys are listed in order")
    count_text = browser.find_element(By.ID, "keys-count").text
    check(count_text == f"{len(expected)} of {len(expected)} keys", f"the panel says '{count_text}'")
    markup = browser.execute_script("return document.querySelectorAll('#keys-table .key-name *').length;")
    check(markup == 0, "keys are shown as text: no key's characters became elements")


def search_keys(browser, expected, prefix):
    wanted = {key: n for key, n in expected.items() if key.startswith(prefix)}
    browser.find_element(By.ID, "key-search").send_keys(prefix)
    wait_for(browser, lambda b: shown_keys(b) == wanted, f"only the keys starting with {prefix} to be listed")
    passed(f"typing '{prefix}' leaves exactly {sorted(wanted)}")
    count_text = browser.find_element(By.ID, "keys-count").text
    check(count_text == f"{len(wanted)} of {len(wanted)} keys starting with {prefix}",
          f"the panel says '{count_text}'")


def tick_keys(browser, keys):
    """Ticks `keys` and returns the plot once it shows exactly them."""
    default_plot = wait_for(browser, lambda b: b.execute_script(PLOT_PIXELS), "the default plot to load")
    check(plot_keys(default_plot) == [], f"with nothing ticked the plot is the default one ({default_plot['source']})")
    for key in keys:
        box = wait_for(browser, lambda b: b.execute_script(KEY_BOX, key), f"the checkbox of {key}")
        box.click()
    plot = wait_for(browser, lambda b: (lambda p: p if p and plot_keys(p) == keys else None)(
        b.execute_script(PLOT_PIXELS)), f"the plot of {keys} to load")
    check(plot["width"] > 0 and plot["height"] > 0,
          f"the plot of the ticked keys loaded ({plot['width']}x{plot['height']}, {plot['source']})")
    check(plot["hash"] != default_plot["hash"], "its pixels differ from the default plot's")
    selection = browser.find_element(By.ID, "keys-selected").text
    check(all(key in selection for key in keys), f"the panel says what the plot shows ('{selection}')")
    return plot


def post_event_and_follow(browser, url, event, key, n_before, plot_before):
    request = urllib.request.Request(urllib.parse.urljoin(url, "/events?topic=events"), data=event.encode(),
                                     method="POST")
    with urllib.request.urlopen(request, timeout=STEP_TIMEOUT_SECONDS) as response:
        check(response.status == 202, f"POST /events {event} answers 202")
    wait_for(browser, lambda b: (shown_keys(b) or {}).get(key) == n_before + 1, f"{key}'s n to show {n_before + 1}")
    passed(f"the list follows the new event: {key} has n = {n_before + 1}")
    keys = plot_keys(plot_before)
    plot = wait_for(browser, lambda b: (lambda p: p if p and plot_version(p) != plot_version(plot_before)
                                        and plot_keys(p) == keys else None)(b.execute_script(PLOT_PIXELS)),
                    "the plot to be drawn again")
    check(plot["hash"] != plot_before["hash"],
          f"the plot of {keys} was drawn again for the new state ({plot_version(plot_before)} -> "
          f"{plot_version(plot)})")


def drive_keys(browser, url, screenshot, plan):
    browser.get(url)
    page_through_keys(browser, plan["keys"])
    search_keys(browser, plan["keys"], plan["search"])
    plot = tick_keys(browser, plan["tick"])
    first = plan["tick"][0]
    post_event_and_follow(browser, url, plan["event"], first, plan["keys"][first], plot)
    check(not browser.find_element(By.ID, "error").is_displayed(), "no error line is shown")
    check(not browser.find_element(By.ID, "keys-error").is_displayed(), "the keys panel shows no error")
    check_same_origin_and_quiet(browser, url)
    check(browser.save_screenshot(screenshot), f"screenshot saved to {screenshot}")


def percent_bounds(text):
    """The range a shown percentage stands for: '98.0%' is 97.95 to 98.05, '<0.1%' 0 to 0.1."""
    number = text.strip().removesuffix("%")
    if number.startswith("<"):
        return 0.0, float(number[1:])
    if number.startswith(">"):
        return float(number[1:]), 100.0
    half = 0.5 * 10 ** -len(number.partition(".")[2])
    return float(number) - half, float(number) + half


def loss_value(text):
    """An expected loss as shown, in percentage points ('<0.0001 pp' as 0)."""
    number = text.strip().removesuffix(" pp")
    return 0.0 if number.startswith("<") else float(number)


def image_query(image):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(image["source"] or "").query)


def wait_for_image(browser, element_id, wanted, description):
    """The image element_id once loaded with a query for which wanted(query, image) holds."""
    return wait_for(browser, lambda b: (lambda i: i if i and wanted(image_query(i), i) else None)(
        b.execute_script(SHOWN_IMAGE, element_id)), description)


def check_variants(browser, plan):
    """Waits for the table of the experiment's variants and checks every cell; returns its rows."""
    expected = {key: counts["n"] for key, counts in plan["variants"].items()}
    rows = wait_for(browser, lambda b: (lambda r: r if {row["key"]: row["n"] for row in r} ==
                                        {key: str(n) for key, n in expected.items()} else None)(
        b.execute_script(VARIANTS)), f"the variants {expected} in the experiment table")
    check([row["key"] for row in rows] == sorted(expected), f"the table lists {sorted(expected)} with their n, in order")
    for row in rows:
        counts = plan["variants"][row["key"]]
        # The posterior mean under the uniform prior, (w + 1) / (n + 2), up to the grid's resolution.
        mean = 100 * (counts["w"] + 1) / (counts["n"] + 2)
        low, high = percent_bounds(row["mean"])
        check(low - 0.3 <= mean <= high + 0.3, f"{row['key']}: mean {row['mean']} (Beta posterior: {mean:.2f}%)")
        ends = [percent_bounds(end)[0] for end in row["interval"].strip("[]").split(", ")]
        check(ends[0] < low and high < ends[1], f"{row['key']}: interval {row['interval']} around the mean")
    by_key = {row["key"]: row for row in rows}
    best = by_key[plan["best"]]
    check(percent_bounds(best["p_best"])[0] > 95, f"P(best) of {plan['best']} is {best['p_best']} > 95%")
    low = sum(percent_bounds(row["p_best"])[0] for row in rows)
    high = sum(percent_bounds(row["p_best"])[1] for row in rows)
    check(low <= 100 <= high, f"the P(best)s shown ({', '.join(row['p_best'] for row in rows)}) add up to 100% "
                              f"within their digits ({low:.3f} to {high:.3f})")
    losses = {row["key"]: loss_value(row["loss"]) for row in rows}
    check(min(losses, key=losses.get) == plan["best"], f"{plan['best']} has the smallest expected loss "
                                                       f"({', '.join(row['loss'] for row in rows)})")
    check([row["key"] for row in rows if row["best"]] == [plan["best"]], f"the row of {plan['best']} stands out")
    markup = browser.execute_script("return document.querySelectorAll('#variants td *, #decisions td *').length;")
    check(markup == 0, "keys and ids are shown as text")
    return rows


def check_srm(browser):
    line = wait_for(browser, lambda b: (lambda e: e if e.is_displayed() and "warning" in e.get_attribute("class")
                                        else None)(b.find_element(By.ID, "srm")), "the sample ratio mismatch warning")
    text = line.text
    check("Sample ratio mismatch" in text and "p = " in text, f"the sample ratio mismatch warning shows ('{text}')")


def check_plots(browser, plan):
    keys = sorted(plan["variants"])
    variants = wait_for_image(browser, "variants-plot", lambda q, i: q.get("keys", [""])[0].split(",") == keys,
                              f"the plot of {keys}")
    check(variants["width"] > 0, f"the variants' plot loaded ({variants['source']})")
    chosen = [Select(browser.find_element(By.ID, f"experiment-{side}")).first_selected_option.get_attribute("value")
              for side in ("a", "b")]
    check(chosen == [plan["baseline"], plan["best"]], f"A is the baseline and B the likeliest best ({chosen})")
    lift = wait_for_image(browser, "lift-plot",
                          lambda q, i: q.get("a") == [plan["baseline"]] and q.get("b") == [plan["best"]],
                          f"the lift plot of {plan['best']} over {plan['baseline']}")
    check(lift["width"] > 0, f"the lift plot loaded ({lift['source']})")
    return variants, lift


def check_decision(browser, plan):
    rows = wait_for(browser, lambda b: (lambda r: r if any(row[0] == plan["decision"] for row in r) else None)(
        b.execute_script(DECISIONS)), f"the decision {plan['decision']} to be listed")
    check(len(rows) == 1 and rows[0][1:3] == ["winner", plan["best"]] and rows[0][3],
          f"the decisions list {rows}")


def choose_b(browser, plan, lift_before):
    Select(browser.find_element(By.ID, "experiment-b")).select_by_value(plan["other"])
    lift = wait_for_image(browser, "lift-plot", lambda q, i: q.get("b") == [plan["other"]] and q.get("a") ==
                          [plan["baseline"]], f"the lift plot of {plan['other']} over {plan['baseline']}")
    check(lift["hash"] != lift_before["hash"], f"choosing B = {plan['other']} draws its lift ({lift['source']})")


def follow_event(browser, url, plan, variants_before):
    browser.execute_script("document.querySelectorAll('#variants tbody tr').forEach((row) => { row.dataset.marked = '1'; });")
    request = urllib.request.Request(urllib.parse.urljoin(url, "/events?topic=events"), data=plan["event"].encode(),
                                     method="POST")
    with urllib.request.urlopen(request, timeout=STEP_TIMEOUT_SECONDS) as response:
        check(response.status == 202, f"POST /events {plan['event']} answers 202")
    n = plan["variants"][plan["other"]]["n"] + 1
    rows = wait_for(browser, lambda b: (lambda r: r if any(row["key"] == plan["other"] and row["n"] == str(n)
                                                           for row in r) else None)(b.execute_script(VARIANTS)),
                    f"{plan['other']}'s n to show {n}")
    check(all(row["marked"] for row in rows), f"the table follows the new event in place ({plan['other']}: n = {n})")
    variants = wait_for_image(browser, "variants-plot", lambda q, i: i["version"] != variants_before["version"],
                              "the variants' plot to be drawn again")
    check(variants["hash"] != variants_before["hash"] and image_query(variants) == image_query(variants_before),
          f"the variants' plot was drawn again for the new state ({variants_before['version']} -> "
          f"{variants['version']})")


def pick_from_keys_search(browser, plan):
    """Clears the experiment's prefix, then shows it again from the keys panel's search."""
    field = browser.find_element(By.ID, "experiment-prefix")
    field.clear()
    field.send_keys(" \b")  # clear() fires no input event; typing and erasing does
    wait_for(browser, lambda b: not b.find_element(By.ID, "experiment-results").is_displayed(),
             "the experiment to be cleared")
    passed("emptying the prefix clears the experiment")
    browser.find_element(By.ID, "key-search").send_keys(plan["prefix"])
    browser.find_element(By.ID, "keys-experiment").click()
    check(field.get_attribute("value") == plan["prefix"], f"'show as an experiment' enters {plan['prefix']}")
    keys = sorted(plan["variants"])
    wait_for(browser, lambda b: [row["key"] for row in b.execute_script(VARIANTS)] == keys and
             b.find_element(By.ID, "experiment-results").is_displayed(), f"the table of {keys} again")
    passed(f"the experiment of {plan['prefix']} is shown again from the keys panel's search")


def drive_experiment(browser, url, screenshot, plan):
    browser.get(url)
    wait_for(browser, lambda b: b.find_element(By.ID, "experiment-section").is_displayed(), "the experiment panel")
    browser.find_element(By.ID, "experiment-prefix").send_keys(plan["prefix"])
    check_variants(browser, plan)
    check_srm(browser)
    variants, lift = check_plots(browser, plan)
    check_decision(browser, plan)
    choose_b(browser, plan, lift)
    follow_event(browser, url, plan, variants)
    pick_from_keys_search(browser, plan)
    for element_id in ("error", "experiment-error", "lift-error"):
        check(not browser.find_element(By.ID, element_id).is_displayed(), f"#{element_id} is not shown")
    check_same_origin_and_quiet(browser, url)
    # The whole page, the experiment panel being below the fold.
    height = browser.execute_script("return document.documentElement.scrollHeight;")
    browser.set_window_size(1280, height + 200)
    check(browser.save_screenshot(screenshot), f"screenshot saved to {screenshot}")


def check_token_asked(browser, url):
    browser.get(url)
    message = wait_for(browser, lambda b: (lambda t: t if "bearer token" in t else None)(
        b.find_element(By.ID, "message").text), "the page to ask for the token")
    check("#token=" in message, f"without the token the page says how to give it ('{message}')")
    # The 401s of this first load are logged by the browser as errors: read them off here, so
    # that the console check of the run with the token sees only that run's.
    browser.get_log("browser")


def drive_page(browser, url, screenshot, token, mode, plan):
    if mode == "--experiment":
        drive_experiment(browser, url, screenshot, plan)
    elif mode == "--keys":
        drive_keys(browser, url, screenshot, plan)
    elif token:
        check_token_asked(browser, url)
        drive(browser, f"{url}#token={token}", screenshot)
    else:
        drive(browser, url, screenshot)


def main():
    arguments = sys.argv[1:]
    mode = arguments[0] if arguments[:1] in (["--keys"], ["--experiment"]) else None
    if mode is not None:
        arguments = arguments[1:]
    if len(arguments) not in ((3,) if mode else (2, 3)):
        print(__doc__, file=sys.stderr)
        return 2
    url, screenshot = arguments[0], arguments[1]
    plan = json.loads(arguments[2]) if mode else None
    token = arguments[2] if not mode and len(arguments) == 3 else None
    signal.signal(signal.SIGALRM, on_deadline)
    signal.alarm(int(DEADLINE_SECONDS))
    browser = None
    try:
        check_headers(url)
        with tempfile.TemporaryDirectory(prefix="live-page-chromium-") as profile_dir:
            browser = start_browser(profile_dir)
            try:
                drive_page(browser, url, screenshot, token, mode, plan)
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
