"""Dask distributed peer of benchmarks/futures.ts: the same four workloads, JSON lines.

Run: /usr/bin/python3 benchmarks/peers/futures.py [--repeat 3]
(Debian's python3-distributed; LocalCluster(n_workers=2, threads_per_worker=1).)
"""
import json
import resource
import sys
import time

from distributed import Client, LocalCluster

N = 10_000
CHAIN = 1_000


def inc(x):
    return x + 1


def emit(workload, size, seconds, **extra):
    line = {"workload": workload, "engine": "dask-distributed", "size": size, "seconds": seconds}
    line.update(extra)
    if "unit" in extra:
        line[extra["unit"] + "PerSec"] = round(size / seconds) if seconds > 0 else None
    line["peakRssMiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(line), flush=True)


def main():
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    for r in range(repeat):
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        startup = time.perf_counter() - t0
        emit("cluster-startup", 1, startup, ms=round(startup * 1000, 1))
        client.gather(client.map(inc, [1, 2, 3, 4]))

        t0 = time.perf_counter()
        fs = [client.submit(inc, i + r * N) for i in range(N)]
        got = client.gather(fs)
        assert got[-1] == N + r * N
        emit("submit-gather", N, time.perf_counter() - t0, unit="tasks")

        t0 = time.perf_counter()
        items = [i + (r + 10) * N for i in range(N)]
        got = client.gather(client.map(inc, items))
        assert got[0] == items[0] + 1
        emit("map-gather", N, time.perf_counter() - t0, unit="tasks")

        t0 = time.perf_counter()
        f = client.submit(inc, r * 10**6)
        for _ in range(1, CHAIN):
            f = client.submit(inc, f)
        assert f.result() == r * 10**6 + CHAIN
        dt = time.perf_counter() - t0
        emit("chain", CHAIN, dt, unit="tasks", ms=round(dt * 1000, 1))

        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
