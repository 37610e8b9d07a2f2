"""numpy on the workloads of benchmarks/kernels.ts, printing the same JSON lines.

    /usr/bin/python3 benchmarks/peers/kernels.py [--n 16777216] [--repeat 3] [--threads 1,2]

threads = 2 runs each half in a thread of its own (numpy releases the GIL inside ufuncs and
reductions); numpy itself is single-threaded. `fused-sum-sin-plus-square` is what a numpy user
writes, np.sum(np.sin(x) + x * x), with its full-size temporaries; the `-of-normals` variant
generates the normals first (numpy's Generator, ziggurat).
"""
import argparse, json, os, resource, time
from concurrent.futures import ThreadPoolExecutor
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--n", type=int, default=2 ** 24)
p.add_argument("--repeat", type=int, default=3)
p.add_argument("--threads", default="1,2")
a = p.parse_args()
n = a.n

rng = np.random.default_rng(1)
x = rng.standard_normal(n)
y = rng.uniform(0.5, 2, n)
out = np.zeros(n)

BYTES = {"add": 24, "square": 16, "sum": 8, "sin": 16, "exp": 16, "log": 16, "min": 8, "argmin": 8, "var": 8, "normals": 8,
         "fused-sum-sin-plus-square": 8, "fused-sum-sin-plus-square-of-normals": None}

def job(workload, lo, hi):
    xs, ys, o = x[lo:hi], y[lo:hi], out[lo:hi]
    if workload == "add": np.add(xs, ys, out=o)
    elif workload == "square": np.square(xs, out=o)
    elif workload == "sum": np.sum(xs)
    elif workload == "sin": np.sin(xs, out=o)
    elif workload == "exp": np.exp(xs, out=o)
    elif workload == "log": np.log(ys, out=o)
    elif workload == "min": np.min(xs)
    elif workload == "argmin": np.argmin(xs)
    elif workload == "var": np.var(xs)
    elif workload == "normals": np.random.default_rng(lo).standard_normal(hi - lo, out=o)
    elif workload == "fused-sum-sin-plus-square": np.sum(np.sin(xs) + xs * xs)
    elif workload == "fused-sum-sin-plus-square-of-normals":
        v = np.random.default_rng(lo).standard_normal(hi - lo)
        np.sum(np.sin(v) + v * v)

pool = ThreadPoolExecutor(max_workers=2)

def timed(workload, threads):
    per = -(-n // threads)
    t0 = time.perf_counter()
    list(pool.map(lambda t: job(workload, t * per, min(n, (t + 1) * per)), range(threads)))
    return time.perf_counter() - t0

for workload, nbytes in BYTES.items():
    for threads in [int(t) for t in a.threads.split(",")]:
        timed(workload, threads)
        load1 = round(os.getloadavg()[0], 2)
        best = min(timed(workload, threads) for _ in range(a.repeat))
        print(json.dumps({"workload": workload, "engine": f"numpy-{np.__version__}", "n": n, "threads": threads,
                          "seconds": round(best, 5), "elementsPerSec": round(n / best),
                          "GBps": None if nbytes is None else round(nbytes * n / best / 1e9, 2),
                          "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "load1": load1}), flush=True)
