"""Where one page's time goes: pyinstrument over repeated in-process requests on the large data set.

    .venv/bin/pip install -e '.[bench]'              # gunicorn and pyinstrument
    .venv/bin/python bench/seed_large.py             # once (bench/instance-large)
    .venv/bin/python bench/profile_page.py PAGE [REQUESTS] [--all]

PAGE is the start of a label of bench/http_bench.py ("learner", "player", "Q&A", "workshop", "constant"):
the same signed-in learner and URLs as the load test. Prints the best time per request over seven rounds,
then pyinstrument's call tree (library frames folded unless --all).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from http_bench import targets  # noqa: E402  (same learner and pages as the load test)


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    which, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 300
    instance = (ROOT / "bench" / "instance-large").resolve()
    cookie, pages = targets(instance)
    labels = [label for label in pages if label.startswith(which)]
    if not labels:
        raise SystemExit(f"no page starts with {which!r}: {', '.join(pages)}")
    path, headers = pages[labels[0]]
    headers = {**headers, "Accept-Encoding": "gzip"}
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from pyinstrument import Profiler

    from portal.factory import create_app

    app = create_app({"LOG_LEVEL": "WARNING"})
    client = app.test_client()
    name, _, value = cookie.partition("=")
    client.set_cookie(name, value)
    for _ in range(50):  # warm caches and connections
        assert client.get(path, headers=headers).status_code == 200
    best = min(_timed(client, path, headers, 100) for _ in range(7))
    print(f"{labels[0]}: {best:.2f} ms per request in-process (best of 7 × 100)")
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(rounds):
        client.get(path, headers=headers)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all="--all" in sys.argv))


def _timed(client, path: str, headers: dict, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        client.get(path, headers=headers)
    return (time.perf_counter() - start) * 1000 / count


if __name__ == "__main__":
    main()
