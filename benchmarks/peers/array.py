"""Peers of benchmarks/array.ts: sum(sin(x) + x**2) with x = normal(N), chunks of 1e7.

numpy in memory (N = 2e8 only), dask.array with the threaded scheduler, and dask.array on a
distributed LocalCluster(n_workers=2, threads_per_worker=1). JSON lines with peak RSS.
Run: /usr/bin/python3 benchmarks/peers/array.py [--sizes 2e8,2e9]
(unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE for numpy's fastest kernels; see the env notes)
"""
import json
import resource
import sys
import time

import numpy as np
import dask
import dask.array as da


def rss_mib():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def emit(engine, n, seconds, result, **extra):
    line = {"workload": "sum(sin(x)+x^2), x=normal", "engine": engine, "size": n, "seconds": seconds,
            "elementsPerSec": round(n / seconds), "result": float(result), "peakRssMiB": rss_mib()}
    line.update(extra)
    print(json.dumps(line), flush=True)


def main():
    sizes = [int(float(s)) for s in (sys.argv[sys.argv.index("--sizes") + 1] if "--sizes" in sys.argv else "2e8,2e9").split(",")]
    for n in sizes:
        if n <= 2e8:
            t0 = time.perf_counter()
            x = np.random.default_rng(42).standard_normal(n)
            r = (np.sin(x) + x ** 2).sum()
            emit("numpy", n, time.perf_counter() - t0, r)
            del x
        x = da.random.RandomState(42).normal(size=n, chunks=10_000_000)
        with dask.config.set(scheduler="threads", num_workers=2):
            t0 = time.perf_counter()
            r = (da.sin(x) + x ** 2).sum().compute()
            emit("dask.array-threads", n, time.perf_counter() - t0, r, workers=2)
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        for n in sizes:
            x = da.random.RandomState(42).normal(size=n, chunks=10_000_000)
            t0 = time.perf_counter()
            r = (da.sin(x) + x ** 2).sum().compute()
            emit("dask.array-distributed", n, time.perf_counter() - t0, r, workers=2,
                 note="peakRssMiB is the client process only; workers are separate processes")


if __name__ == "__main__":
    main()
