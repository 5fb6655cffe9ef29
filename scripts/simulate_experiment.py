#!/usr/bin/env python3
"""Sends an A/B/n test with known conversion rates to an engine, over HTTP, as config/keyed.json
and config/experiment.json read it: one JSON event per visit,
{"experiment": E, "variant": V, "converted": true|false}, posted as JSON lines to
POST /events?topic=events.

    python3 scripts/simulate_experiment.py --rates A=0.04,B=0.05 --visits 40000
    python3 scripts/simulate_experiment.py --url http://127.0.0.1:8000 --experiment checkout \\
        --rates A=0.04,B=0.05,C=0.045 --visits 100000 --per-second 20000 --seed 7

Visits are split evenly among the variants (or by --weights), each converting with its rate, from
a seeded random generator, so a run is repeatable. --per-second paces the sending (0: as fast as
the engine takes it). Prints what it sent per variant. Python 3 standard library only.
"""

import argparse
import json
import random
import sys
import time
import urllib.error
import urllib.request


def parse_pairs(text, name):
    pairs = {}
    for item in text.split(","):
        variant, _, value = item.partition("=")
        try:
            pairs[variant.strip()] = float(value)
        except ValueError:
            raise SystemExit(f"--{name}: expected VARIANT=NUMBER[,...], got {item!r}")
    return pairs


def post(url, body):
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/x-ndjson"})
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.load(answer)["accepted"]
        except urllib.error.HTTPError as error:
            if error.code not in (429, 503) or attempt == 4:
                raise SystemExit(f"POST {url}: {error.code} {error.read().decode(errors='replace').strip()}")
        time.sleep(0.2 * (attempt + 1))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the engine's HTTP address")
    parser.add_argument("--experiment", default="checkout")
    parser.add_argument("--rates", default="A=0.04,B=0.05", help="VARIANT=RATE,... the true conversion rates")
    parser.add_argument("--weights", default="", help="VARIANT=WEIGHT,... the split of visits (default even)")
    parser.add_argument("--visits", type=int, default=40000)
    parser.add_argument("--per-second", type=float, default=0, help="visits sent per second (0: no pacing)")
    parser.add_argument("--batch", type=int, default=1000, help="visits per POST")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    rates = parse_pairs(options.rates, "rates")
    weights = parse_pairs(options.weights, "weights") if options.weights else {variant: 1.0 for variant in rates}
    if set(weights) != set(rates) or any(not 0 <= rate <= 1 for rate in rates.values()):
        raise SystemExit("--rates: each rate in [0, 1]; --weights: the same variants as --rates")
    variants = sorted(rates)
    generator = random.Random(options.seed)
    sent = {variant: [0, 0] for variant in variants}
    url = options.url.rstrip("/") + "/events?topic=events"
    started = time.monotonic()
    for first in range(0, options.visits, options.batch):
        lines = []
        for _ in range(min(options.batch, options.visits - first)):
            variant = generator.choices(variants, [weights[v] for v in variants])[0]
            converted = generator.random() < rates[variant]
            sent[variant][0] += 1
            sent[variant][1] += converted
            lines.append(json.dumps({"experiment": options.experiment, "variant": variant,
                                     "converted": converted}, separators=(",", ":")))
        post(url, "\n".join(lines))
        if options.per_second > 0:
            due = started + (first + len(lines)) / options.per_second
            time.sleep(max(0.0, due - time.monotonic()))
    for variant in variants:
        visits, conversions = sent[variant]
        print(f"{options.experiment}/{variant}: {visits} visits, {conversions} conversions "
              f"(true rate {rates[variant]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
