"""Peers of benchmarks/frame.ts: db-benchmark group-by q1-q10 and join q1-q5 in pandas and in
dask.dataframe (distributed LocalCluster, 2 worker processes x 1 thread, like Tusk's 2 workers),
the table loaded from CSV first (dask: read_csv + persist). Each answer is summarized as row count
and column sums; benchmarks/frame.ts compares them with DuckDB's and prints the JSON lines.

Run by benchmarks/frame.ts: /usr/bin/python3 benchmarks/peers/frame.py --size 1e7 --data DIR [--only groupby,join]
(Debian's python3-pandas / python3-dask: the `python3` first on PATH lacks them.)
"""
import json
import math
import resource
import sys
import time

import pandas as pd
import dask
import dask.dataframe as dd


def rss_mib():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


N = int(float(arg("--size", "1e6")))
DATA = arg("--data", "benchmarks/data/db-benchmark")
ONLY = arg("--only", "groupby,join").split(",")


def size_name(n):
    return f"1e{round(math.log10(n))}"


S = size_name(N)
FILES = {
    "x": f"{DATA}/G1_{S}_1e2_0_0.csv",
    "jx": f"{DATA}/J1_{S}_NA_0_0.csv",
    "small": f"{DATA}/J1_{S}_{size_name(max(10, N / 1e6))}_0_0.csv",
    "medium": f"{DATA}/J1_{S}_{size_name(max(10, N / 1e3))}_0_0.csv",
    "big": f"{DATA}/J1_{S}_{S}_0_0.csv",
}
DTYPES = {"id1": "object", "id2": "object", "id3": "object"}


def emit(engine, task, q, seconds, ans=None, values=(), **extra):
    line = {"engine": engine, "task": task, "q": q, "seconds": seconds, "peakRssMiB": rss_mib()}
    if ans is not None:
        line["rows"] = int(len(ans))
        line["sums"] = {v: float(ans[v].sum()) for v in values}
    line.update(extra)
    print(json.dumps(line), flush=True)


# Each question: (name, value columns, f(tables) -> frame). Written once for pandas and dask;
# where their APIs differ the function gets `lib` ('pandas' or 'dask').
def gb(x, keys):
    return x.groupby(keys, observed=True, dropna=True)


def q6(x, lib):
    g = gb(x, ["id4", "id5"])["v3"]
    if lib == "pandas":
        return g.agg(["median", "std"]).rename(columns={"median": "median_v3", "std": "sd_v3"}).reset_index()
    return g.agg(["median", "std"], shuffle=True).rename(columns={"median": "median_v3", "std": "sd_v3"}).reset_index()


def q8(x, lib):
    s = x[["id6", "v3"]]
    if lib == "pandas":
        return s.sort_values("v3", ascending=False).groupby("id6").head(2).rename(columns={"v3": "largest2_v3"})
    return gb(s, "id6")["v3"].apply(lambda v: v.nlargest(2), meta=("v3", "f8")).to_frame("largest2_v3").reset_index()


def q9(x, lib):
    if lib == "pandas":
        return gb(x[["id2", "id4", "v1", "v2"]], ["id2", "id4"]).apply(lambda d: pd.Series({"r2": d["v1"].corr(d["v2"]) ** 2})).reset_index()
    return gb(x[["id2", "id4", "v1", "v2"]], ["id2", "id4"]).apply(
        lambda d: pd.Series({"r2": d["v1"].corr(d["v2"]) ** 2}), meta={"r2": "f8"}).reset_index()


GROUPBY = [
    ("q1", ["v1"], lambda t, lib: gb(t["x"], "id1").agg({"v1": "sum"}).reset_index()),
    ("q2", ["v1"], lambda t, lib: gb(t["x"], ["id1", "id2"]).agg({"v1": "sum"}).reset_index()),
    ("q3", ["v1", "v3"], lambda t, lib: gb(t["x"], "id3").agg({"v1": "sum", "v3": "mean"}).reset_index()),
    ("q4", ["v1", "v2", "v3"], lambda t, lib: gb(t["x"], "id4").agg({"v1": "mean", "v2": "mean", "v3": "mean"}).reset_index()),
    ("q5", ["v1", "v2", "v3"], lambda t, lib: gb(t["x"], "id6").agg({"v1": "sum", "v2": "sum", "v3": "sum"}).reset_index()),
    ("q6", ["median_v3", "sd_v3"], lambda t, lib: q6(t["x"], lib)),
    ("q7", ["range_v1_v2"], lambda t, lib: gb(t["x"], "id3").agg({"v1": "max", "v2": "min"}).assign(range_v1_v2=lambda d: d["v1"] - d["v2"])[["range_v1_v2"]].reset_index()),
    ("q8", ["largest2_v3"], lambda t, lib: q8(t["x"], lib)),
    ("q9", ["r2"], lambda t, lib: q9(t["x"], lib)),
    ("q10", ["v3", "count"], lambda t, lib: gb(t["x"], ["id1", "id2", "id3", "id4", "id5", "id6"]).agg(v3=("v3", "sum"), count=("v1", "size")).reset_index()),
]

JOIN = [
    ("j1", ["v1", "v2"], lambda t, lib: t["jx"].merge(t["small"], on="id1")),
    ("j2", ["v1", "v2"], lambda t, lib: t["jx"].merge(t["medium"], on="id2")),
    ("j3", ["v1", "v2"], lambda t, lib: t["jx"].merge(t["medium"], how="left", on="id2")),
    ("j4", ["v1", "v2"], lambda t, lib: t["jx"].merge(t["medium"], on="id5")),
    ("j5", ["v1", "v2"], lambda t, lib: t["jx"].merge(t["big"], on="id3")),
]


def tables():
    names = (["x"] if "groupby" in ONLY else []) + (["jx", "small", "medium", "big"] if "join" in ONLY else [])
    return names


def run(engine, lib, read, compute):
    t = {}
    for name in tables():
        t0 = time.perf_counter()
        t[name] = read(FILES[name])
        emit(engine, "groupby" if name == "x" else "join", f"load-csv {name}", time.perf_counter() - t0)
    for task, qs in (("groupby", GROUPBY), ("join", JOIN)):
        if task not in ONLY:
            continue
        for name, values, f in qs:
            try:
                t0 = time.perf_counter()
                ans = compute(f(t, lib))
                emit(engine, task, name, time.perf_counter() - t0, ans, values)
                del ans
            except Exception as e:  # a failing question is reported, the others still run
                emit(engine, task, name, None, error=f"{type(e).__name__}: {e}"[:300])


def main():
    run("pandas", "pandas", lambda f: pd.read_csv(f, dtype=DTYPES), lambda a: a)
    from distributed import Client, LocalCluster, wait
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, memory_limit="8GiB") as cluster, Client(cluster):
        def read(f):
            df = dd.read_csv(f, dtype=DTYPES, blocksize="64MiB").persist()
            wait(df)
            return df
        run("dask.dataframe", "dask", read, lambda a: a.compute())


if __name__ == "__main__":
    main()
