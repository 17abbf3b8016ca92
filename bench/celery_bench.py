"""Celery 5 peer of bench/queues.bench.ts: the same job round trip, measured from a Python client.

Run by the TS side with Debian's interpreter (/usr/bin/python3, python3-celery + python3-redis):

    BENCH_CELERY_REDIS=redis://127.0.0.1:6379/13 /usr/bin/python3 bench/celery_bench.py \
        --concurrency 1,8,32 --jobs 500 --sleep-jobs 200 --sleep-ms 50

For each concurrency C it starts a worker process (`celery worker -P threads -c C`, Redis broker, Redis
result backend, a queue of its own), then runs the same closed loop as the Fluxo and BullMQ columns:
C client threads, each doing apply_async → result.get() one after another until N jobs have ended
(after a short warm-up). Each round trip is enqueue → start → complete → result heard by the client.
Prints one JSON object on stdout: {"celery": version, "results": [{shape, concurrency, jobs,
elapsedMs, latenciesMs}]}. Celery's keys are deleted from that Redis database at the end.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

from celery import Celery

QUEUE = os.environ.get("BENCH_CELERY_QUEUE", "fluxo-bench-celery")
REDIS = os.environ.get("BENCH_CELERY_REDIS", "redis://127.0.0.1:6379/13")

app = Celery("celery_bench", broker=REDIS, backend=REDIS)
app.conf.update(
    task_default_queue=QUEUE,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=600,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)


@app.task(name="bench.noop")
def noop():
    return None


@app.task(name="bench.sleep")
def sleep(ms):
    time.sleep(ms / 1000.0)
    return None


def start_worker(concurrency, log):
    env = dict(os.environ, BENCH_CELERY_REDIS=REDIS, BENCH_CELERY_QUEUE=QUEUE, PYTHONWARNINGS="ignore")
    here = os.path.dirname(os.path.abspath(__file__))
    env["PYTHONPATH"] = here + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "celery_bench", "worker",
            "-P", "threads", "-c", str(concurrency), "-Q", QUEUE, "-l", "WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", "fluxo-bench-%d@%%h" % os.getpid(),
        ],
        cwd=here, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )


def wait_ready(timeout_s=60):
    end = time.time() + timeout_s
    while True:
        try:
            noop.apply_async().get(timeout=5)
            return
        except Exception:
            if time.time() > end:
                raise


def closed_loop(call, n, concurrency):
    """C lanes, each doing round trips one after another until n have ended; latencies in ms."""
    lat = []
    lock = threading.Lock()
    counter = [0]
    errors = []

    def lane():
        while True:
            with lock:
                if counter[0] >= n:
                    return
                counter[0] += 1
            t0 = time.perf_counter()
            try:
                call().get(timeout=60)
            except Exception as e:  # reported, not hidden
                errors.append(repr(e))
                return
            ms = (time.perf_counter() - t0) * 1000.0
            with lock:
                lat.append(ms)

    threads = [threading.Thread(target=lane) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = (time.perf_counter() - t0) * 1000.0
    if errors:
        raise RuntimeError("%d round trips failed, first: %s" % (len(errors), errors[0]))
    return lat, elapsed


def cleanup():
    r = app.backend.client  # the result backend's redis client, on the same database
    keys = list(r.scan_iter("celery-task-meta-*", count=1000))
    keys += [QUEUE, "_kombu.binding.%s" % QUEUE, "unacked", "unacked_index", "unacked_mutex"]
    keys += list(r.scan_iter("_kombu.binding.*", count=1000))
    for i in range(0, len(keys), 500):
        r.delete(*keys[i:i + 500])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--concurrency", default="1,8,32")
    p.add_argument("--jobs", type=int, default=500)
    p.add_argument("--sleep-jobs", type=int, default=200)
    p.add_argument("--sleep-ms", type=int, default=50)
    p.add_argument("--warmup", type=int, default=20)
    a = p.parse_args()
    import celery

    results = []
    try:
        for c in [int(x) for x in a.concurrency.split(",")]:
            log = tempfile.TemporaryFile()
            w = start_worker(c, log)
            try:
                try:
                    wait_ready()
                except Exception:
                    log.seek(0)
                    sys.stderr.write(log.read().decode(errors="replace")[-2000:])
                    raise
                closed_loop(lambda: noop.apply_async(), max(a.warmup, c), c)
                lat, el = closed_loop(lambda: noop.apply_async(), a.jobs, c)
                results.append({"shape": "noop", "concurrency": c, "jobs": a.jobs, "elapsedMs": el, "latenciesMs": lat})
                lat, el = closed_loop(lambda: sleep.apply_async((a.sleep_ms,)), a.sleep_jobs, c)
                results.append(
                    {"shape": "sleep", "concurrency": c, "jobs": a.sleep_jobs, "elapsedMs": el, "latenciesMs": lat}
                )
            finally:
                w.terminate()
                try:
                    w.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    w.kill()
                    w.wait()
    finally:
        cleanup()
    print(json.dumps({"celery": celery.__version__, "pool": "threads", "results": results}))


if __name__ == "__main__":
    main()
