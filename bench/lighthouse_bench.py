"""Lighthouse performance of the learner space and the player on a slow mobile profile: 400 kbit/s,
400 ms round trip, CPU slowed down four times (Debian's chromium, simulated throttling).

    .venv/bin/python bench/seed_large.py                  # once
    npm ci --prefix bench                                 # lighthouse
    .venv/bin/python bench/lighthouse_bench.py [INSTANCE_DIR]

Prints the performance score and the main timings. Target (issue 10): 0.95 or more.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
sys.path.insert(0, str(ROOT / "bench"))

from http_bench import gunicorn, targets  # noqa: E402  (same learner and pages as the load test)


def audit(url: str, cookie: str) -> dict:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               "--only-categories=performance", "--form-factor=mobile", "--screenEmulation.mobile",
               "--throttling-method=simulate", "--throttling.rttMs=400", "--throttling.throughputKbps=400",
               "--throttling.cpuSlowdownMultiplier=4", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
               f"--extra-headers={json.dumps({'Cookie': cookie})}"]
    report = json.loads(subprocess.run(command, capture_output=True, text=True, check=True,
                                       env={**os.environ, "CHROME_PATH": chromium}).stdout)
    metrics = report["audits"]
    return {"score": report["categories"]["performance"]["score"],
            "FCP": metrics["first-contentful-paint"]["displayValue"],
            "LCP": metrics["largest-contentful-paint"]["displayValue"],
            "TBT": metrics["total-blocking-time"]["displayValue"],
            "bytes": metrics["total-byte-weight"]["numericValue"]}


def main() -> None:
    instance = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "instance-large").resolve()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse is needed: npm ci --prefix bench")
    cookie, pages = targets(instance)
    with gunicorn(instance) as base:
        print("Lighthouse, mobile, 400 kbit/s, 400 ms RTT, CPU ×4 (simulated)")
        print(f"{'page':<24}{'score':>7}{'FCP':>10}{'LCP':>10}{'TBT':>10}{'bytes':>9}")
        for label in ("learner space", "player (video lesson)"):
            result = audit(f"{base}{pages[label][0]}", cookie)
            print(f"{label:<24}{result['score']:>7.2f}{result['FCP']:>10}{result['LCP']:>10}{result['TBT']:>10}"
                  f"{int(result['bytes']):>9}")


if __name__ == "__main__":
    main()
